"""Comparing a response with the documented one: the documented body is a subset of the answer.

Every documented property must be present and equal, recursively; a ``truncated`` response may
carry more properties and more items, another may not (OData annotations such as
``@odata.context`` aside). Collections are compared item by item, matched by ``id`` when the
documented items have one. Equality goes through the named normalisations below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mockgraph.core.schemas import ODATA_TYPE, ValidationError
from mockgraph.core.schemas.fields import Guid, parse_datetime_offset

NORMALISATIONS: dict[str, str] = {
    "odata-type": "@odata.type values match modulo a leading '#' and letter case",
    "datetime-instant": "DateTimeOffset values match when they denote the same instant "
    "(to the microsecond)",
    "server-assigned": "values the server assigns (a create's id, the singleton's id) match by "
    "shape: a GUID for a documented GUID, a non-empty string for a documented string",
}

_GUID = Guid()


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
    expected: Any, actual: Any, *, truncated: bool, by_shape: tuple[str, ...] = ()
) -> list[Difference]:
    """How ``actual`` fails to hold the documented ``expected`` body ([] when it holds it)."""
    found: list[Difference] = []
    _Comparison(truncated, frozenset(by_shape), found).value(expected, actual, "body", "")
    return found


@dataclass(frozen=True)
class _Comparison:
    truncated: bool
    by_shape: frozenset[str]
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
            self.differ(path, f"expected {show(expected)}, got {show(actual)}")

    def shape(self, expected: Any, actual: Any, path: str) -> None:
        if not isinstance(actual, str) or not actual:
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
                self.differ(where, f"missing (documented: {show(documented)})")
            elif key == ODATA_TYPE:
                if not odata_types_equal(documented, actual[key]):
                    self.differ(where, f"expected {show(documented)}, got {show(actual[key])}")
            else:
                self.value(documented, actual[key], where, child)
        if not self.truncated:
            for key in actual.keys() - expected.keys():
                if "@" not in key:  # OData annotations are metadata, never documented data
                    self.differ(f"{path}.{key}", f"not documented: {show(actual[key])}")

    def array(self, expected: list[Any], actual: Any, path: str, pointer: str) -> None:
        if not isinstance(actual, list):
            self.differ(path, f"expected an array, got {show(actual)}")
            return
        by_id = _index_by_id(expected, actual)
        for index, documented in enumerate(expected):
            where, child = f"{path}[{index}]", f"{pointer}/{index}"
            if by_id is not None:
                match = by_id.get(documented["id"])
                if match is None:
                    self.differ(where, f"no item with id {show(documented['id'])}")
                else:
                    self.value(documented, match, where, child)
            elif index >= len(actual):
                self.differ(where, f"missing (documented: {show(documented)})")
            else:
                self.value(documented, actual[index], where, child)
        if not self.truncated and len(actual) > len(expected):
            self.differ(path, f"{len(actual) - len(expected)} undocumented item(s)")


def _index_by_id(expected: list[Any], actual: list[Any]) -> dict[Any, Any] | None:
    # Items with ids are matched by id: a collection's order is not part of the contract.
    if not expected or not all(isinstance(i, dict) and "id" in i for i in expected):
        return None
    return {item.get("id"): item for item in actual if isinstance(item, dict)}


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
