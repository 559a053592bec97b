"""Comparing an answer with the documented (or recorded) one: the status, the headers, and the
body, which is a subset of the answer's.

Every documented property must be present and equal, recursively; a ``truncated`` response may
carry more properties and more items, another may not (OData annotations such as
``@odata.context`` aside). Collections are compared item by item, matched by ``id`` when the
documented items have one. Equality goes through the named normalisations below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mockgraph.core.fixture import Fixture
from mockgraph.core.schemas import ODATA_TYPE, ValidationError
from mockgraph.core.schemas.fields import Guid, parse_datetime_offset
from mockgraph.replay.targets import Received

NORMALISATIONS: dict[str, str] = {
    "odata-type": "@odata.type values match modulo a leading '#' and letter case",
    "datetime-instant": "DateTimeOffset values match when they denote the same instant "
    "(to the microsecond)",
    "server-assigned": "values the server assigns (a create's id, the singleton's id, a recorded "
    "datetime the server set) match by shape: a DateTimeOffset for a DateTimeOffset, a GUID for "
    "a GUID, a non-empty string for any other string",
}

_GUID = Guid()


def check(
    fixture: Fixture, reply: Received, ids: dict[str, str] | None = None, reference: str = ""
) -> list[str]:
    """How ``reply`` differs from the fixture's response ([] when it matches), one line each.

    ``ids`` maps documented ids to the ids the service assigned; ``reference`` names what the
    expected response is in the lines (``documented``, the default, or ``recorded``).
    """
    expected = fixture.response
    if reply.status != expected.status:
        return [f"status: expected {expected.status}, got {reply.status}: {summary(reply)}"]
    problems = _header_problems(expected.headers, expected.present, reply)
    if expected.body is None:
        return problems
    actual = reply.json()
    if actual is None:
        return [*problems, f"body: expected JSON, got {reply.body[:200]!r}"]
    differences = compare_body(
        _with_ids(expected.body, ids or {}),
        actual,
        truncated=expected.truncated,
        by_shape=expected.by_shape,
        reference=reference or "documented",
    )
    return problems + [str(d) for d in differences]


def summary(reply: Received) -> str:
    """An answer in a few words for a line: its Graph error's code and message, or its body."""
    body = reply.json()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        return f"{error.get('code')}: {error.get('message')}"
    return show(body) if body is not None else repr(reply.body[:200])


def _header_problems(
    documented: dict[str, str], present: tuple[str, ...], reply: Received
) -> list[str]:
    problems = []
    for name, value in documented.items():
        got = reply.headers.get(name.lower())
        if name.lower() == "content-type":  # the media type; parameters are the service's
            same = got is not None and _media_type(got) == _media_type(value)
        else:
            same = got == value
        if not same:
            problems.append(f"header {name}: expected {value!r}, got {got!r}")
    # Headers whose values vary (Retry-After, Location, request-id): there, whatever they say.
    for name in present:
        if name.lower() not in reply.headers:
            problems.append(f"header {name}: expected present, got none")
    return problems


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _with_ids(value: Any, ids: dict[str, str]) -> Any:
    """The documented body with documented ids replaced by the ids the service assigned."""
    if not ids:
        return value
    if isinstance(value, dict):
        return {
            k: ids.get(v, v) if k == "id" and isinstance(v, str) else _with_ids(v, ids)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_with_ids(item, ids) for item in value]
    return value


@dataclass(frozen=True)
class Difference:
    """One way the answer differs from the documented response, at a path in the body."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def show(value: Any, limit: int = 80) -> str:
    """A short JSON rendering of ``value`` for a diff line."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compare_body(
    expected: Any,
    actual: Any,
    *,
    truncated: bool,
    by_shape: tuple[str, ...] = (),
    reference: str = "documented",
) -> list[Difference]:
    """How ``actual`` fails to hold the ``expected`` body ([] when it holds it); ``reference``
    is what the lines call the expected body (``documented``, ``recorded``)."""
    found: list[Difference] = []
    comparison = _Comparison(truncated, frozenset(by_shape), reference, found)
    comparison.value(expected, actual, "body", "")
    return found


@dataclass(frozen=True)
class _Comparison:
    truncated: bool
    by_shape: frozenset[str]
    reference: str
    found: list[Difference]

    def differ(self, path: str, message: str) -> None:
        self.found.append(Difference(path, message))

    def value(self, expected: Any, actual: Any, path: str, pointer: str) -> None:
        if pointer in self.by_shape:
            self.shape(expected, actual, path)
        elif isinstance(expected, dict):
            self.object(expected, actual, path, pointer)
        elif isinstance(expected, list):
            self.array(expected, actual, path, pointer)
        elif not scalars_equal(expected, actual):
            self.differ(path, _unequal(expected, actual))

    def shape(self, expected: Any, actual: Any, path: str) -> None:
        if isinstance(expected, str) and parse_datetime_offset(expected) is not None:
            # A datetime the server set (a recording's createdDateTime): any instant will do.
            if not isinstance(actual, str) or parse_datetime_offset(actual) is None:
                self.differ(path, f"expected a server-set DateTimeOffset, got {show(actual)}")
        elif not isinstance(actual, str) or not actual:
            self.differ(path, f"expected a server-assigned string, got {show(actual)}")
        elif _is_guid(expected) and not _is_guid(actual):
            self.differ(path, f"expected a server-assigned GUID, got {show(actual)}")

    def object(self, expected: dict[str, Any], actual: Any, path: str, pointer: str) -> None:
        if not isinstance(actual, dict):
            self.differ(path, f"expected an object, got {show(actual)}")
            return
        for key, documented in expected.items():
            where, child = f"{path}.{key}", f"{pointer}/{key}"
            if key not in actual:
                self.differ(where, f"missing ({self.reference}: {show(documented)})")
            elif key == ODATA_TYPE:
                if not odata_types_equal(documented, actual[key]):
                    self.differ(where, f"expected {show(documented)}, got {show(actual[key])}")
            else:
                self.value(documented, actual[key], where, child)
        if not self.truncated:
            for key in actual.keys() - expected.keys():
                if "@" not in key:  # OData annotations are metadata, never documented data
                    self.differ(f"{path}.{key}", f"not {self.reference}: {show(actual[key])}")

    def array(self, expected: list[Any], actual: Any, path: str, pointer: str) -> None:
        if not isinstance(actual, list):
            self.differ(path, f"expected an array, got {show(actual)}")
            return
        by_id = index_by_id(expected, actual, pointer, self.by_shape)
        for index, documented in enumerate(expected):
            where, child = f"{path}[{index}]", f"{pointer}/{index}"
            if by_id is not None:
                match = by_id.get(documented["id"])
                if match is None:
                    self.differ(where, f"no item with id {show(documented['id'])}")
                else:
                    self.value(documented, match, where, child)
            elif index >= len(actual):
                self.differ(where, f"missing ({self.reference}: {show(documented)})")
            else:
                self.value(documented, actual[index], where, child)
        if not self.truncated and len(actual) > len(expected):
            self.differ(path, f"{len(actual) - len(expected)} un{self.reference} item(s)")


def index_by_id(
    expected: list[Any],
    actual: list[Any],
    pointer: str = "",
    by_shape: frozenset[str] = frozenset(),
) -> dict[Any, Any] | None:
    """The answer's items by id, when the expected items are matched by id (None: by position).

    Items with ids are matched by id, a collection's order being no part of the contract, unless
    an id is one the server assigned (compared by shape at ``pointer``), which nothing can match.
    """
    if not expected or not all(
        isinstance(item, dict) and "id" in item and f"{pointer}/{index}/id" not in by_shape
        for index, item in enumerate(expected)
    ):
        return None
    return {item.get("id"): item for item in actual if isinstance(item, dict)}


def _unequal(expected: Any, actual: Any) -> str:
    """A scalar's difference, naming both JSON types when they differ (``"3"`` is not ``3``)."""
    kinds = _kind(expected), _kind(actual)
    if None not in (expected, actual) and kinds[0] != kinds[1]:
        return f"expected {kinds[0]} ({show(expected)}), got {kinds[1]} ({show(actual)})"
    return f"expected {show(expected)}, got {show(actual)}"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _is_guid(value: Any) -> bool:
    try:
        _GUID.deserialize(value)
    except ValidationError:
        return False
    return True


def odata_types_equal(documented: Any, actual: Any) -> bool:
    """``odata-type``: ``microsoft.graph.x`` matches ``#microsoft.graph.X``."""
    if not isinstance(documented, str) or not isinstance(actual, str):
        return bool(documented == actual)
    return documented.lstrip("#").lower() == actual.lstrip("#").lower()


def scalars_equal(documented: Any, actual: Any) -> bool:
    """JSON equality (``true`` is not ``1``), with ``datetime-instant`` for DateTimeOffsets."""
    if isinstance(documented, bool) or isinstance(actual, bool):
        return type(documented) is type(actual) and documented == actual
    if documented == actual:
        return True
    if isinstance(documented, str) and isinstance(actual, str):
        first, second = parse_datetime_offset(documented), parse_datetime_offset(actual)
        return first is not None and first == second
    return False
