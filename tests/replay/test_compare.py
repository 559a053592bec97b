"""The documented-subset comparison and its named normalisations, with readable differences."""

from __future__ import annotations

from typing import Any

import pytest

from mockgraph.replay.compare import NORMALISATIONS, compare_body

GUID = "7f32c975-c975-7f32-75c9-327f75c9327f"
OTHER_GUID = "0b1e3f0a-1111-4222-8333-944455556666"


def diffs(
    expected: Any, actual: Any, truncated: bool = True, by_shape: tuple[str, ...] = ()
) -> list[str]:
    return [str(d) for d in compare_body(expected, actual, truncated=truncated, by_shape=by_shape)]


MATCHING = {
    "equal": ({"a": 1}, {"a": 1}),
    "extra-property-truncated": ({"a": 1}, {"a": 1, "b": 2}),
    "nested-subset": ({"e": {"code": "c"}}, {"e": {"code": "c", "message": "m"}}),
    "odata-type-hash": (
        {"@odata.type": "microsoft.graph.x"},
        {"@odata.type": "#microsoft.graph.x"},
    ),
    "odata-type-case": (
        {"@odata.type": "#microsoft.graph.jobresponsebase"},
        {"@odata.type": "#microsoft.graph.jobResponseBase"},
    ),
    "datetime-instant": (
        {"t": "2017-01-01T00:02:11.4839005+03:00"},
        {"t": "2016-12-31T21:02:11.4839005Z"},
    ),
    "items-by-id": (
        {"value": [{"id": "1", "a": 1}, {"id": "2"}]},
        {"value": [{"id": "2"}, {"id": "1", "a": 1}]},
    ),
    "more-items-truncated": ({"value": [{"id": "1"}]}, {"value": [{"id": "0"}, {"id": "1"}]}),
    "null": ({"a": None}, {"a": None}),
}


@pytest.mark.parametrize(("expected", "actual"), MATCHING.values(), ids=MATCHING.keys())
def test_matching_bodies(expected: Any, actual: Any) -> None:
    assert diffs(expected, actual) == []


DIFFERING = {
    "changed-value": (
        {"status": "done"},
        {"status": "running"},
        ['body.status: expected "done", got "running"'],
    ),
    "missing-property": ({"a": 1, "b": [1]}, {"a": 1}, ["body.b: missing (documented: [1])"]),
    "nested-path": (
        {"error": {"details": [{"code": "x"}]}},
        {"error": {"details": [{"code": "y"}]}},
        ['body.error.details[0].code: expected "x", got "y"'],
    ),
    "bool-is-not-int": (
        {"a": True},
        {"a": 1},
        ["body.a: expected a boolean (true), got a number (1)"],
    ),
    "int-is-not-bool": (
        {"a": 0},
        {"a": False},
        ["body.a: expected a number (0), got a boolean (false)"],
    ),
    "string-is-not-number": (
        {"a": "3"},
        {"a": 3},
        ['body.a: expected a string ("3"), got a number (3)'],
    ),
    "null-is-no-other-type": ({"a": None}, {"a": "x"}, ['body.a: expected null, got "x"']),
    "other-type": (
        {"@odata.type": "#microsoft.graph.a"},
        {"@odata.type": "#microsoft.graph.b"},
        ['body.@odata.type: expected "#microsoft.graph.a", got "#microsoft.graph.b"'],
    ),
    "other-instant": (
        {"t": "2017-01-01T00:00:00Z"},
        {"t": "2017-01-01T00:00:00+01:00"},
        ['body.t: expected "2017-01-01T00:00:00Z", got "2017-01-01T00:00:00+01:00"'],
    ),
    "missing-item": (
        {"value": [{"id": "1"}]},
        {"value": [{"id": "2"}]},
        ['body.value[0]: no item with id "1"'],
    ),
    "short-array": ({"a": [1, 2]}, {"a": [1]}, ["body.a[1]: missing (documented: 2)"]),
    "object-for-array": ({"a": [1]}, {"a": {}}, ["body.a: expected an array, got {}"]),
    "scalar-for-object": ({"a": {"b": 1}}, {"a": "x"}, ['body.a: expected an object, got "x"']),
}


@pytest.mark.parametrize(("expected", "actual", "found"), DIFFERING.values(), ids=DIFFERING.keys())
def test_differing_bodies_are_named_by_path(expected: Any, actual: Any, found: list[str]) -> None:
    assert diffs(expected, actual) == found


def test_a_response_not_truncated_may_not_carry_more() -> None:
    expected = {"a": 1, "items": [{"x": 1}]}
    actual = {"@odata.context": "ctx", "a": 1, "b": 2, "items": [{"x": 1, "y": 2}, {"x": 3}]}
    assert sorted(diffs(expected, actual, truncated=False)) == [
        "body.b: not documented: 2",
        "body.items: 1 undocumented item(s)",
        "body.items[0].y: not documented: 2",
    ]
    assert diffs(expected, actual, truncated=True) == []


@pytest.mark.parametrize(
    ("documented", "actual", "found"),
    [
        (GUID, OTHER_GUID, []),
        ("String (identifier)", "anything", []),
        (GUID, "not-a-guid", ['body.id: expected a server-assigned GUID, got "not-a-guid"']),
        ("x", "", ['body.id: expected a server-assigned string, got ""']),
        (GUID, 5, ["body.id: expected a server-assigned string, got 5"]),
    ],
    ids=["guid", "string", "not-guid", "empty", "number"],
)
def test_server_assigned_values_compare_by_shape(
    documented: str, actual: Any, found: list[str]
) -> None:
    assert diffs({"id": documented}, {"id": actual}, by_shape=("/id",)) == found
    assert diffs({"id": documented}, {"id": documented}, by_shape=()) == []


@pytest.mark.parametrize(
    ("recorded", "actual", "found"),
    [
        ("2024-05-06T07:08:09.1234567Z", "2026-12-06T10:00:00+01:00", []),
        ("2024-05-06T07:08:09Z", "x", ['body.t: expected a server-set DateTimeOffset, got "x"']),
        ("2024-05-06T07:08:09Z", 5, ["body.t: expected a server-set DateTimeOffset, got 5"]),
    ],
    ids=["datetime", "not-a-datetime", "a-number"],
)
def test_a_server_set_datetime_compares_by_shape(
    recorded: str, actual: Any, found: list[str]
) -> None:
    assert diffs({"t": recorded}, {"t": actual}, by_shape=("/t",)) == found


def test_items_whose_ids_the_server_assigned_are_matched_by_position() -> None:
    expected = {"value": [{"id": GUID, "a": 1}, {"id": GUID, "a": 2}]}
    actual = {"value": [{"id": OTHER_GUID, "a": 1}, {"id": "another", "a": 2}]}
    by_shape = ("/value/0/id", "/value/1/id")
    assert diffs(expected, actual, by_shape=by_shape) == [
        'body.value[1].id: expected a server-assigned GUID, got "another"'
    ]


def test_a_recorded_body_is_named_so_in_the_lines() -> None:
    found = compare_body({"a": 1, "b": 2}, {"a": 1, "c": 3}, truncated=False, reference="recorded")
    assert sorted(str(d) for d in found) == [
        "body.b: missing (recorded: 2)",
        "body.c: not recorded: 3",
    ]


def test_a_long_value_is_shortened_in_the_diff() -> None:
    [line] = diffs({"a": "x" * 200}, {"a": "y"})
    assert line.startswith('body.a: expected "xxxx') and '..., got "y"' in line
    assert len(line) < 120


def test_each_normalisation_is_described() -> None:
    assert set(NORMALISATIONS) == {"odata-type", "datetime-instant", "server-assigned"}
