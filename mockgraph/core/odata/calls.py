"""A function's parameters as OData writes them in a URL: ``name(a=['x','y'],b='z')``.

Each parameter is ``name=literal``, separated by commas: a string in single quotes (a quote
doubled inside), a collection as a JSON array (OData 4.01; strings in double or single quotes),
``null``, ``true``/``false``, a number, or a parameter alias (``@p``) whose value the query
string gives (``?@p=['x']``). Anything else is Graph's 400 ``BadRequest`` with the position, as
an OData parser answers a syntax error: notably the comma-less call the SDK's URI-template
library writes (``labelIds=[..]locale='x'``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from mockgraph.core.errors import BadRequestError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ALIAS = re.compile(r"@[A-Za-z_][A-Za-z0-9_]*")
_PRIMITIVE = re.compile(r"null|true|false|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def _fail(text: str, at: int, what: str) -> BadRequestError:
    return BadRequestError(
        f"Bad Request - Error in query syntax: {what} at position {at} of '{text}'."
    )


def _string(text: str, at: int) -> tuple[str, int]:
    found = _SINGLE_QUOTED.match(text, at)
    if found is None:
        raise _fail(text, at, "an unterminated string")
    return found.group(1).replace("''", "'"), found.end()


def _array_end(text: str, at: int) -> int:
    # The index after the "]" closing the array opened at ``at``, quotes respected.
    depth, index, quote = 0, at, ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise _fail(text, at, "an unterminated collection")


def _json_array(body: str) -> Any:
    # OData allows 'x' for a string inside a collection too: read it as JSON's "x".
    converted = _SINGLE_QUOTED.sub(lambda m: json.dumps(m.group(1).replace("''", "'")), body)
    return json.loads(converted)


def _literal(text: str, at: int, aliases: Mapping[str, str]) -> tuple[Any, int]:
    if text.startswith("'", at):
        return _string(text, at)
    if text.startswith("[", at):
        end = _array_end(text, at)
        try:
            return _json_array(text[at:end]), end
        except ValueError:
            raise _fail(text, at, "a collection that is not a JSON array") from None
    if (alias := _ALIAS.match(text, at)) is not None:
        if alias.group() not in aliases:
            raise _fail(text, at, f"the alias {alias.group()} that the query string does not give")
        value, end = _literal(aliases[alias.group()], 0, {})
        if end != len(aliases[alias.group()]):
            raise _fail(aliases[alias.group()], end, "text after the alias's value")
        return value, alias.end()
    if (primitive := _PRIMITIVE.match(text, at)) is not None:
        return json.loads(primitive.group()), primitive.end()
    raise _fail(text, at, "a value that is not an OData literal")


def parse_call(text: str, aliases: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The parameters between a function's parentheses, by name; ``aliases``: the query
    string's ``@name`` values. Raises BadRequestError on any syntax error or repeated name."""
    found: dict[str, Any] = {}
    at = 0
    while at < len(text):
        name = _NAME.match(text, at)
        if name is None or not text.startswith("=", name.end()):
            raise _fail(text, at, "a parameter that is not name=value")
        if name.group() in found:
            raise _fail(text, at, f"the parameter '{name.group()}' given twice")
        found[name.group()], at = _literal(text, name.end() + 1, aliases or {})
        if at < len(text):
            if text[at] != ",":
                raise _fail(text, at, f"no ',' after the value of '{name.group()}'")
            at += 1
            if at == len(text):
                raise _fail(text, at, "a ',' with no parameter after it")
    return found
