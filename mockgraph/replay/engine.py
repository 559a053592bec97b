"""The replay engine: set up what a fixture needs, send its request, compare, clean up.

Set-up goes through the API itself (a POST per entity, a PATCH for a single-valued property's
value), parents before what they contain, so a replay works against any service;
placeholders in the request path are bound to the ids the service assigned, and documented ids
in the expected body are replaced by them. Whatever a replay created is deleted afterwards, so
replays do not see each other, whichever server they run against. A service that no
connection can be made to stops the run (``UnreachableError``): no fixture could pass there.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mockgraph.core.fixture import Fixture
from mockgraph.core.model.collections import ENTITY_SETS, set_of
from mockgraph.paths import SINGLETON
from mockgraph.replay.compare import compare_body, show
from mockgraph.replay.targets import Received, Transport, TransportError, UnreachableError

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_JSON = {"Content-Type": "application/json"}


class ReplayError(Exception):
    """The replay could not get as far as comparing (set-up failed, a placeholder unbound)."""


@dataclass
class Outcome:
    """A fixture's result: ``problems`` is empty when it passed."""

    fixture: Fixture
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.problems


def replay(fixture: Fixture, transport: Transport) -> Outcome:
    """Replay one fixture against ``transport``; UnreachableError when nothing answers there."""
    started = time.perf_counter()
    transport.isolate()
    created: list[str] = []
    problems: list[str] = []
    try:
        bindings = _set_up(fixture, transport, created)
        request = fixture.request
        path = _bind(request.path, bindings.placeholders)
        reply = transport.send(request.method, path, request.body, request.headers)
        created += _created_by(path, request.method, reply)
        problems = check(fixture, reply, bindings.ids)
    except UnreachableError:
        raise
    except (ReplayError, TransportError) as error:
        problems = [str(error)]
    finally:
        problems += _tear_down(transport, created)
    return Outcome(fixture, problems, time.perf_counter() - started)


def replay_all(fixtures: Iterable[Fixture], transport: Transport) -> Iterator[Outcome]:
    """Replay each fixture in turn, yielding its outcome as soon as it is known."""
    for fixture in fixtures:
        yield replay(fixture, transport)


@dataclass
class Bindings:
    """What set-up gave: placeholder names and documented ids, each to the id assigned."""

    placeholders: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)


def _set_up(fixture: Fixture, transport: Transport, created: list[str]) -> Bindings:
    """Create the fixture's entities, recording what each one's new id stands for."""
    bindings = Bindings()
    for entity in fixture.setup:
        path = _bind(f"/{SINGLETON}/{entity.collection}", bindings.placeholders)
        entity_set = ENTITY_SETS.get(set_of(entity.collection))
        # A single-valued property is given its value by PATCH (an upsert), at its own path.
        single = entity_set is not None and not entity_set.many
        method = "PATCH" if single else "POST"
        reply = transport.send(method, path, entity.body, _JSON)
        body = reply.json()
        new_id = body.get("id") if isinstance(body, dict) else None
        if reply.status != 201 or not isinstance(new_id, str):
            raise ReplayError(f"setup: {method} {path} answered {reply.status}: {_summary(reply)}")
        created.append(path if single else f"{path}/{new_id}")
        if entity.bind:
            bindings.placeholders[entity.bind] = new_id
        if entity.documented_id:
            bindings.ids[entity.documented_id] = new_id
    return bindings


def _bind(path: str, placeholders: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in placeholders:
            raise ReplayError(f"setup: nothing binds the placeholder {{{name}}} in {path}")
        return placeholders[name]

    return _PLACEHOLDER.sub(value, path)


def _created_by(path: str, method: str, reply: Received) -> list[str]:
    # A create's new entity (or a single-valued property's new value) is deleted afterwards
    # like the set-up ones.
    body = reply.json()
    if reply.status != 201 or not isinstance(body, dict):
        return []
    new_id = body.get("id")
    at = path.split("?", 1)[0].rstrip("/")
    if method == "PATCH":
        return [at]
    return [f"{at}/{new_id}"] if method == "POST" and isinstance(new_id, str) else []


def _tear_down(transport: Transport, created: list[str]) -> list[str]:
    problems = []
    for path in reversed(created):
        try:
            reply = transport.send("DELETE", path)
        except TransportError as error:
            problems.append(f"cleanup: {error}")
            continue
        if reply.status not in (204, 404):  # 404: the fixture deleted it itself
            problems.append(f"cleanup: DELETE {path} answered {reply.status}: {_summary(reply)}")
    return problems


def check(fixture: Fixture, reply: Received, ids: dict[str, str] | None = None) -> list[str]:
    """How ``reply`` differs from the fixture's documented response ([] when it matches)."""
    expected = fixture.response
    if reply.status != expected.status:
        return [f"status: expected {expected.status}, got {reply.status}: {_summary(reply)}"]
    problems = _header_problems(expected.headers, reply)
    if expected.body is None:
        return problems
    actual = reply.json()
    if actual is None:
        return [*problems, f"body: expected JSON, got {reply.body[:200]!r}"]
    documented = _with_ids(expected.body, ids or {})
    differences = compare_body(
        documented, actual, truncated=expected.truncated, by_shape=expected.by_shape
    )
    return problems + [str(d) for d in differences]


def _header_problems(documented: dict[str, str], reply: Received) -> list[str]:
    problems = []
    for name, value in documented.items():
        got = reply.headers.get(name.lower())
        if name.lower() == "content-type":  # the media type; parameters are the service's
            same = got is not None and _media_type(got) == _media_type(value)
        else:
            same = got == value
        if not same:
            problems.append(f"header {name}: expected {value!r}, got {got!r}")
    return problems


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _with_ids(value: Any, ids: dict[str, str]) -> Any:
    """The documented body with documented ids replaced by the ids the service assigned."""
    if isinstance(value, dict):
        return {
            k: ids.get(v, v) if k == "id" and isinstance(v, str) else _with_ids(v, ids)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_with_ids(item, ids) for item in value]
    return value


def _summary(reply: Received) -> str:
    body = reply.json()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        return f"{error.get('code')}: {error.get('message')}"
    return show(body) if body is not None else repr(reply.body[:200])
