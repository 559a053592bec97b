"""Exact data match (EDM): a data store's rows, found in a text and looked up by a column.

In Graph an upload agent hashes a store's rows and uploads them; the mock holds them in clear,
loaded by a test (``ExactMatchRows``, checked by ``check_rows``). ``find_matches`` answers what
``classifyExactMatches`` finds of them: a searchable column's value, as a whole token, at 85, or
95 with a value of another column of its row within 300 characters. ``lookup`` answers the
store's ``lookup`` action. Offsets count UTF-16 code units, as for the built-in types. No Flask.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from marshmallow import ValidationError

from mockgraph.core.model.types import qualified
from mockgraph.features.detection import location
from mockgraph.features.detection.engine import PROXIMITY, Found, Hit, Utf16

ALONE = 85  # a searchable value by itself
CORROBORATED = 95  # and a value of another column of its row nearby
RECOMMENDED = ALONE
# A match is no part of a longer run of letters or digits (checked where its own edge is one).
_BEFORE, _AFTER = r"(?<![^\W_])", r"(?![^\W_])"
_END = ""  # in a trie of values: a value ends here
_START = attrgetter("start")
_NOT_A_COLUMN = "'{}' is not a column of this data store."

Row = dict[str, str]
_Trie = dict[str, "_Trie"]


@dataclass(frozen=True)
class Column:
    """One exactDataMatchStoreColumn."""

    name: str
    searchable: bool
    case_insensitive: bool
    ignored: tuple[str, ...]

    def stripped(self, value: str) -> str:
        for delimiter in self.ignored:
            value = value.replace(delimiter, "")
        return value

    def normal(self, value: str) -> str:
        """``value`` as the column compares it: without its ignored delimiters, casefolded if
        the column is case insensitive."""
        value = self.stripped(value)
        return value.casefold() if self.case_insensitive else value


def columns_of(data_store: Mapping[str, Any]) -> tuple[Column, ...]:
    """The columns of a data store, from its wire fields (an unset flag is false)."""
    return tuple(
        Column(
            name=c.get("name") or "",
            searchable=bool(c.get("isSearchable")),
            case_insensitive=bool(c.get("isCaseInsensitive")),
            ignored=tuple(d for d in c.get("ignoredDelimiters") or () if d),
        )
        for c in data_store.get("columns") or ()
    )


def check_rows(columns: Sequence[Column], rows: Any) -> list[Row]:
    """What a test loads, checked: a list of objects naming columns of the store, with string
    values; else a ValidationError naming each bad row (by index) and what is wrong in it."""
    if not isinstance(rows, list):
        raise ValidationError({"rows": ["Rows must be a list of objects."]})
    names = {c.name for c in columns}
    errors = {index: problems for index, row in enumerate(rows) if (problems := _bad(row, names))}
    if errors:
        raise ValidationError({"rows": errors})
    return [dict(row) for row in rows]


def _bad(row: Any, names: set[str]) -> list[str]:
    if not names:
        return ["This data store has no columns, so it takes no rows."]
    if not isinstance(row, dict):
        return ["A row must be an object (column name to value)."]
    unknown = [_NOT_A_COLUMN.format(key) for key in row if key not in names]
    return unknown + [
        f"The value of '{key}' must be a string." for key, value in row.items()
        if key in names and not isinstance(value, str)
    ]  # fmt: skip


class ExactMatchRows:
    """Every tenant's loaded rows, by data store id. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[str, dict[str, list[Row]]] = {}

    def load(self, tenant: str, data_store_id: str, rows: Iterable[Row]) -> int:
        """Replace the store's rows with ``rows``; how many there are."""
        with self._lock:
            held = self._rows.setdefault(tenant, {})[data_store_id] = [dict(r) for r in rows]
            return len(held)

    def add(self, tenant: str, data_store_id: str, rows: Iterable[Row]) -> int:
        """Append ``rows`` to the store's; how many it holds now."""
        with self._lock:
            held = self._rows.setdefault(tenant, {}).setdefault(data_store_id, [])
            held.extend(dict(r) for r in rows)
            return len(held)

    def rows(self, tenant: str, data_store_id: str) -> list[Row]:
        """A copy of the store's rows ([] if none were loaded)."""
        with self._lock:
            return [dict(r) for r in self._rows.get(tenant, {}).get(data_store_id, [])]

    def forget(self, tenant: str, data_store_id: str) -> None:
        """Drop the store's rows (it is deleted)."""
        with self._lock:
            self._rows.get(tenant, {}).pop(data_store_id, None)

    def clear(self, tenant: str | None = None) -> None:
        """Drop every tenant's rows, or ``tenant``'s."""
        with self._lock:
            if tenant is None:
                self._rows.clear()
            else:
                self._rows.pop(tenant, None)

    def to_dict(self, tenant: str) -> dict[str, list[Row]]:
        """The tenant's rows by data store id, as the admin API shows them."""
        with self._lock:
            held = self._rows.get(tenant, {})
            return {store: [dict(r) for r in rows] for store, rows in held.items()}


def _pattern(column: Column, values: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding every value of ``values`` as the column compares it, or None if there
    is none: a trie, so a text is read once however many rows there are (an alternation of
    1,000 values would try each at every character)."""
    trie: _Trie = {}
    for value in values:
        key = column.stripped(value)
        node = trie
        for char in key.lower() if column.case_insensitive else key:
            node = node.setdefault(char, {})
        if node is not trie:
            node[_END] = {}
    if not trie:
        return None
    delimiters = sorted(column.ignored, key=len, reverse=True)  # the longest first
    gap = f"(?:{'|'.join(map(re.escape, delimiters))})*" if delimiters else ""
    flags = re.IGNORECASE if column.case_insensitive else 0
    return re.compile(_branches(trie, gap, first=True), flags)


def _branches(node: _Trie, gap: str, first: bool = False) -> str:
    options = []
    for char, child in sorted(node.items()):
        if char == _END:
            continue
        regex = (_BEFORE if first and char.isalnum() else "") + re.escape(char)
        while len(child) == 1 and _END not in child:  # a chain: no group to nest
            ((char, child),) = child.items()
            regex += gap + re.escape(char)
        end = _AFTER if char.isalnum() else ""
        if len(child) == 1:  # only _END
            regex += end
        else:  # a longer value first, then this one if it ends here
            longer = gap + _branches(child, gap)
            regex += f"(?:{longer}|{end})" if _END in child else longer
        options.append(regex)
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


def _occurrences(text: str, column: Column, rows: Sequence[Row]) -> dict[str, list[Hit]]:
    """Where the column's values of ``rows`` are in ``text``, by normal value."""
    found: dict[str, list[Hit]] = {}
    regex = _pattern(column, (row[column.name] for row in rows if column.name in row))
    for m in regex.finditer(text) if regex else ():
        found.setdefault(column.normal(m.group()), []).append(Hit(m.start(), m.end(), m.group()))
    return found


def _owners(column: Column, rows: Sequence[Row]) -> dict[str, list[Row]]:
    owners: dict[str, list[Row]] = {}
    for row in rows:
        if column.name in row:
            owners.setdefault(column.normal(row[column.name]), []).append(row)
    return owners


def find_matches(
    text: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
    spans: list[tuple[int, int]] | None = None,
) -> list[dict[str, Any]]:
    """The sensitiveContentLocation items (wire form) of every row's searchable values in
    ``text``, by offset; with ``spans``, only those overlapping one of them."""
    searchable = [c for c in columns if c.searchable]
    others = [c for c in columns if not c.searchable]
    hits = [
        (column, value, hit)
        for column in searchable
        for value, found in _occurrences(text, column, rows).items()
        for hit in found
        if spans is None or any(_overlap(hit, *span) for span in spans)
    ]
    near = {c.name: _occurrences(text, c, rows) for c in others} if hits else {}
    owners = {c.name: _owners(c, rows) for c in searchable} if hits else {}
    best: dict[tuple[int, int], Found] = {}
    for column, value, hit in hits:
        for row in owners[column.name].get(value, ()):
            evidences = _evidences(hit, row, others, near)
            confidence = CORROBORATED if evidences else ALONE
            held = best.get((hit.start, hit.end))
            if held is None or confidence > held.confidence:  # the first row of the best
                best[(hit.start, hit.end)] = Found(hit, confidence, evidences)
    units = Utf16(text)
    return [location(best[key], units) for key in sorted(best)]


def _overlap(hit: Hit, start: int, end: int) -> bool:
    return hit.start < end and start < hit.end


def _evidences(
    hit: Hit, row: Row, others: list[Column], near: dict[str, dict[str, list[Hit]]]
) -> tuple[Hit, ...]:
    """The row's values of non-searchable columns within PROXIMITY of ``hit``, beside it."""
    low, high = hit.start - PROXIMITY, hit.end + PROXIMITY
    found: set[Hit] = set()
    for c in (c for c in others if c.name in row):
        hits = near[c.name].get(c.normal(row[c.name]), [])  # by start: a value may be everywhere
        window = hits[bisect_left(hits, low, key=_START) : bisect_right(hits, high, key=_START)]
        found.update(e for e in window if e.end <= high and not _overlap(e, hit.start, hit.end))
    return tuple(sorted(found, key=lambda e: (e.start, e.end)))


def detected_content(
    data_store: Mapping[str, Any], matches: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The exactMatchDetectedSensitiveContent item (wire form) of the store's ``matches``, or
    None if there are none."""
    if not matches:
        return None
    # A match does not say which column found it: its value counts as the most lenient
    # searchable column compares it (exactly so for a store with one searchable column).
    searchable = [c for c in columns_of(data_store) if c.searchable]
    ignored = tuple(d for c in searchable for d in c.ignored)
    lenient = Column("", True, any(c.case_insensitive for c in searchable), ignored)
    return {
        "@odata.type": qualified("exactMatchDetectedSensitiveContent"),
        "id": data_store.get("id"),
        "displayName": data_store.get("displayName"),
        "confidence": max(m["confidence"] for m in matches),
        "recommendedConfidence": RECOMMENDED,
        "uniqueCount": len({lenient.normal(m["idMatch"]) for m in matches}),
        "matches": matches,
    }


def lookup(
    columns: Sequence[Column],
    rows: Sequence[Row],
    key: str,
    values: list[str],
    result_columns: list[str] | None,
) -> list[str]:
    """The rows whose ``key`` column holds one of ``values`` (as the column compares them), in
    order, each as a CSV line of its ``result_columns`` (every column when none are named)."""
    by_name = {c.name: c for c in columns}
    errors: dict[str, Any] = {}
    column = by_name.get(key)
    if column is None:
        errors["key"] = [_NOT_A_COLUMN.format(key)]
    elif not column.searchable:
        errors["key"] = [
            f"'{key}' is not a searchable column; lookup searches by searchable columns only."
        ]
    chosen = result_columns or [c.name for c in columns]
    if unknown := {i: [_NOT_A_COLUMN.format(n)] for i, n in enumerate(chosen) if n not in by_name}:
        errors["resultColumnNames"] = unknown
    if errors or column is None:
        raise ValidationError(errors)
    wanted = {column.normal(value) for value in values}
    return [
        _csv([row.get(name, "") for name in chosen])
        for row in rows
        if key in row and column.normal(row[key]) in wanted
    ]


def _csv(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()[:-1]
