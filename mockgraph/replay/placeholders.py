"""``{name}`` placeholders: bound strictly in a request's path, leniently everywhere else.

A path with a placeholder nothing binds cannot be sent (``UnboundError``); in headers and bodies
``{...}`` may just as well be data, so only the names bound so far are replaced there, anywhere
in a string (``"/dataClassification/jobs/{job1}"``), and other text is left alone.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from mockgraph.core.fixture import Fixture

PLACEHOLDER = re.compile(r"\{(\w+)\}")


class UnboundError(Exception):
    """A request path names a placeholder nothing binds."""


def bind_path(path: str, names: Mapping[str, str]) -> str:
    """``path`` with every placeholder bound; UnboundError naming the first one not bound."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            raise UnboundError(f"nothing binds the placeholder {{{name}}} in {path}")
        return names[name]

    return PLACEHOLDER.sub(value, path)


def bind_strings(value: Any, names: Mapping[str, str]) -> Any:
    """``value`` (JSON, or a dict of headers) with the bound names replaced in every string."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda match: names.get(match.group(1), match.group(0)), value)
    if isinstance(value, dict):
        return {key: bind_strings(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [bind_strings(item, names) for item in value]
    return value


def bind_fixture(fixture: Fixture, names: Mapping[str, str]) -> Fixture:
    """The fixture as it is sent and compared once ``names`` are bound (a recording's ids)."""
    request, response = fixture.request, fixture.response
    return dataclasses.replace(
        fixture,
        request=dataclasses.replace(
            request,
            path=bind_path(request.path, names),
            headers=bind_strings(request.headers, names),
            body=bind_strings(request.body, names),
        ),
        response=dataclasses.replace(
            response,
            headers=bind_strings(response.headers, names),
            body=bind_strings(response.body, names),
        ),
    )
