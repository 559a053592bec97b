"""The OData query-option parser, $filter evaluator, sorting, projection and skiptokens."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from mockgraph.core.errors import BadRequestError
from mockgraph.core.odata import filtering as odata_filter
from mockgraph.core.odata import query as odata

JOB_PROPERTIES = {
    "id": "string",
    "type": "string",
    "status": "string",
    "tenantId": "string",
    "userId": "string",
    "creationDateTime": "datetime",
    "startDateTime": "datetime",
    "endDateTime": "datetime",
    "error": "complex",
    "result": "complex",
}

# The other kinds, which no job property has yet.
KIND_PROPERTIES = {
    "id": "string",
    "count": "int32",
    "enabled": "bool",
    "owner": "guid",
    "level": "enum",
    "methods": "flags",
    "detail": "complex",
}

OWNER = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"

JOBS: list[dict[str, Any]] = [
    {
        "@odata.type": "#microsoft.graph.classificationJobResponse",
        "id": "a",
        "type": "classify",
        "status": "running",
        "userId": "u1",
        "creationDateTime": "2017-01-01T00:00:59.0982804+03:00",  # 2016-12-31T21:00:59.098Z
        "endDateTime": None,
    },
    {
        "@odata.type": "#microsoft.graph.jobResponseBase",
        "id": "b",
        "type": "label",
        "status": "completed",
        "userId": "u2",
        "creationDateTime": "2016-12-31T22:00:00Z",
        "endDateTime": "2017-01-02T00:00:00Z",
        "result": {"@odata.type": "#microsoft.graph.evaluateLabelJobResultGroup"},
    },
    {
        "@odata.type": "#microsoft.graph.jobResponseBase",
        "id": "c",
        "type": "label",
        "status": "Completed",
        "userId": "u1",
        "creationDateTime": "2016-12-31T23:30:00-01:00",  # 2017-01-01T00:30:00Z
        "endDateTime": "2017-01-01T00:30:00.0000001Z",
        "error": {"code": "x", "message": "y"},
    },
    {"@odata.type": "#microsoft.graph.jobResponseBase", "id": "d", "type": "classify"},
    {
        "@odata.type": "#microsoft.graph.jobResponseBase",
        "id": "e",
        "type": "classify",
        "status": "failed",
        "userId": "u3",
        "creationDateTime": "2017-01-01T00:00:00.5+00:00",
        "endDateTime": "2017-01-01T00:00:00.5Z",
    },
]

KIND_ITEMS: list[dict[str, Any]] = [
    {
        "id": "k1",
        "count": 3,
        "enabled": True,
        "owner": OWNER,
        "level": "high",
        "methods": ["fingerprint", "patternMatch"],
    },
    {"id": "k2", "count": 10, "enabled": False, "owner": None, "level": "low", "methods": "a,b"},
    {"id": "k3", "count": "3", "enabled": "yes", "owner": "not-a-guid"},  # ill-typed: as null
]


def ids(items: Iterable[Mapping[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def collection(args: Mapping[str, str], **kwargs: Any) -> odata.CollectionQuery:
    return odata.parse_collection_query(args, JOB_PROPERTIES, **kwargs)


def filtered(expression: str, items: list[dict[str, Any]] = JOBS) -> list[str]:
    properties = KIND_PROPERTIES if items is KIND_ITEMS else JOB_PROPERTIES
    predicate = odata.parse_collection_query({"$filter": expression}, properties).filter
    assert predicate is not None
    return [item["id"] for item in items if predicate(item)]


def bad_request(args: Mapping[str, str], **kwargs: Any) -> str:
    """The message of the 400 that ``args`` must cause."""
    with pytest.raises(BadRequestError) as caught:
        collection(args, **kwargs)
    assert caught.value.status == 400
    assert caught.value.code == "BadRequest"
    return caught.value.message


# Options: names, defaults, values.


def test_no_options_gives_the_defaults() -> None:
    assert collection({}) == odata.CollectionQuery(
        top=None,
        skip=0,
        count=False,
        select=None,
        orderby=(),
        filter=None,
    )


@pytest.mark.parametrize("prefix", ["$", ""], ids=["dollar", "bare"])
def test_every_option_with_or_without_the_dollar(prefix: str) -> None:
    query = collection(
        {
            f"{prefix}top": "5",
            f"{prefix}skip": "2",
            f"{prefix}count": "true",
            f"{prefix}select": "status",
            f"{prefix}orderby": "id desc",
            f"{prefix}filter": "status eq 'running'",
        }
    )
    assert (query.top, query.skip, query.count) == (5, 2, True)
    assert query.select == ("status",)
    assert query.orderby == (("id", True),)
    assert query.filter is not None and ids([j for j in JOBS if query.filter(j)]) == ["a"]


def test_custom_query_parameters_are_ignored() -> None:
    assert collection({"api-version": "x", "TOP": "abc", "Filter": "??"}) == collection({})


@pytest.mark.parametrize("name", ["search", "format", "apply", "compute", "levels", "deltatoken"])
@pytest.mark.parametrize("prefix", ["$", ""], ids=["dollar", "bare"])
def test_unsupported_options_are_rejected(prefix: str, name: str) -> None:
    message = bad_request({f"{prefix}{name}": "x"})
    assert message == f"Query option '${name}' is not supported on this resource."


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("result", "Could not find a navigation property named 'result' on type"),
        ("sublabels,", "empty property name"),
        ("sublabels($select=id)", "options and paths inside $expand are not supported"),
        ("sublabels/rights", "options and paths inside $expand are not supported"),
    ],
    ids=["not-a-navigation", "empty", "nested-options", "path"],
)
def test_bad_expand_is_a_400_naming_it(value: str, fragment: str) -> None:
    message = bad_request({"$expand": value})
    assert fragment in message


def test_expand_names_navigation_properties_and_star_names_all() -> None:
    navs = ("rights", "sublabels")
    assert odata.parse_collection_query({"$expand": "sublabels"}, {}, navs=navs).expand == (
        "sublabels",
    )
    assert odata.parse_collection_query({"$expand": "*"}, {}, navs=navs).expand == navs
    select, expand = odata.parse_entity_query(
        {"$expand": "rights, sublabels,rights", "$select": "id"}, {"id": "string"}, navs=navs
    )
    assert (select, expand) == (("id",), ("rights", "sublabels"))


@pytest.mark.parametrize("name", ["$foo", "$TOP", "$Filter", "$"], ids=str)
def test_unknown_dollar_options_are_rejected(name: str) -> None:
    assert f"'{name}' is not a known OData query option" in bad_request({name: "1"})


@pytest.mark.parametrize(
    "name", ["$top", "skip", "$count", "$select", "orderby", "$filter", "$skiptoken"], ids=str
)
@pytest.mark.parametrize("value", ["", "  "], ids=["empty", "blank"])
def test_empty_values_are_rejected(name: str, value: str) -> None:
    option = "$" + name.lstrip("$")
    assert bad_request({name: value}) == f"Query option '{option}' has an empty value."


@pytest.mark.parametrize(
    "args",
    [
        MultiDict([("$top", "1"), ("$top", "2")]),
        MultiDict([("$top", "1"), ("top", "1")]),
        {"$top": "1", "top": "2"},
    ],
    ids=["repeated", "both-spellings-multidict", "both-spellings-dict"],
)
def test_an_option_given_twice_is_rejected(args: Mapping[str, str]) -> None:
    assert bad_request(args) == "Query option '$top' was specified more than once."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("1", 1), ("999", 999), (" 7 ", 7), ("007", 7)],
    ids=["zero", "one", "max", "spaces", "leading-zeros"],
)
def test_top(value: str, expected: int) -> None:
    assert collection({"$top": value}).top == expected


@pytest.mark.parametrize("value", ["abc", "-1", "+1", "1.5", "1e3", "٣", "0x10"], ids=str)
def test_top_must_be_a_non_negative_integer(value: str) -> None:
    message = bad_request({"$top": value})
    assert message == f"Invalid $top value '{value}': expected a non-negative integer."


@pytest.mark.parametrize(
    ("value", "max_top"),
    [("1000", 999), ("9" * 5000, 999), ("11", 10)],
    ids=["over-default", "huge", "over-custom"],
)
def test_top_is_limited(value: str, max_top: int) -> None:
    message = bad_request({"top": value}, max_top=max_top)
    assert message.startswith("Invalid $top value")
    assert message.endswith(f"the maximum is {max_top}.")
    assert collection({"$top": str(max_top)}, max_top=max_top).top == max_top


def test_skip() -> None:
    assert collection({"$skip": "0"}).skip == 0
    assert collection({"skip": "25"}).skip == 25
    assert collection({"$skip": str(odata.MAX_SKIP)}).skip == odata.MAX_SKIP


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("-1", "expected a non-negative integer"),
        ("ten", "expected a non-negative integer"),
        (str(odata.MAX_SKIP + 1), f"the maximum is {odata.MAX_SKIP}"),
    ],
    ids=["negative", "word", "over-int32"],
)
def test_bad_skip(value: str, fragment: str) -> None:
    message = bad_request({"$skip": value})
    assert message.startswith(f"Invalid $skip value '{value}'")
    assert fragment in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("True", True), ("false", False), ("False", False)],
    ids=str,
)
def test_count(value: str, expected: bool) -> None:
    assert collection({"$count": value}).count is expected


@pytest.mark.parametrize("value", ["yes", "1", "t"], ids=str)
def test_bad_count(value: str) -> None:
    message = bad_request({"$count": value})
    assert message == f"Invalid $count value '{value}': expected 'true' or 'false'."


# $select and projection.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("status", ("status",)),
        (" status , id ,status", ("status", "id")),
        ("error,result,creationDateTime", ("error", "result", "creationDateTime")),
        ("*", None),
        ("id,*", None),
    ],
    ids=["one", "trimmed-deduplicated", "complex", "star", "star-with-names"],
)
def test_select(value: str, expected: tuple[str, ...] | None) -> None:
    assert collection({"$select": value}).select == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("foo", "Could not find a property named 'foo'"),
        ("Status", "Could not find a property named 'Status'"),
        ("error/code", "Could not find a property named 'error/code'"),
        ("id,,status", "empty property name"),
        ("id,", "empty property name"),
    ],
    ids=["unknown", "case-sensitive", "path", "empty-item", "trailing-comma"],
)
def test_bad_select(value: str, fragment: str) -> None:
    message = bad_request({"$select": value})
    assert "$select" in message and fragment in message


def test_unknown_property_messages_name_the_type() -> None:
    message = bad_request({"$select": "foo"})
    assert message == (
        "Invalid $select clause: Could not find a property named 'foo' "
        "on type 'microsoft.graph.jobResponseBase'."
    )
    custom = bad_request({"$orderby": "foo"}, type_name="microsoft.graph.other")
    assert "on type 'microsoft.graph.other'" in custom


def test_project_keeps_type_and_id_then_the_selection_in_item_order() -> None:
    item = {"status": "s", "id": "i", "x": 1, "@odata.type": "#t", "userId": "u"}
    projected = odata.project(item, ("userId", "status"))
    assert list(projected.items()) == [
        ("@odata.type", "#t"),
        ("id", "i"),
        ("status", "s"),
        ("userId", "u"),
    ]


def test_project_skips_absent_properties_and_keeps_nulls() -> None:
    assert odata.project(JOBS[0], ("endDateTime", "result")) == {
        "@odata.type": "#microsoft.graph.classificationJobResponse",
        "id": "a",
        "endDateTime": None,
    }
    assert odata.project({"status": "s"}, ("status",)) == {"status": "s"}


@pytest.mark.parametrize(
    ("select", "expected"),
    [(None, ""), (("id",), "(id)"), (("id", "status"), "(id,status)")],
    ids=["none", "one", "two"],
)
def test_context_select_suffix(select: tuple[str, ...] | None, expected: str) -> None:
    assert odata.context_select_suffix(select) == expected


# $orderby and sorting.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("id", (("id", False),)),
        ("id asc", (("id", False),)),
        ("id DESC", (("id", True),)),
        ("  status desc ,  id  Asc ", (("status", True), ("id", False))),
        (
            "id,type,status,userId,creationDateTime",
            tuple((n, False) for n in "id type status userId creationDateTime".split()),
        ),
    ],
    ids=["bare", "asc", "desc-upper", "spaces", "five-keys"],
)
def test_orderby(value: str, expected: tuple[tuple[str, bool], ...]) -> None:
    assert collection({"$orderby": value}).orderby == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("foo", "Could not find a property named 'foo'"),
        ("ID", "Could not find a property named 'ID'"),
        ("error", "property 'error' is of a complex type"),
        ("id up", "direction 'up' for 'id'"),
        ("id asc now", "expected 'property [asc|desc]'"),
        ("id,", "expected 'property [asc|desc]'"),
        ("id,id desc", "property 'id' is repeated"),
        ("id,type,status,userId,tenantId,endDateTime", "at most 5 sort keys"),
    ],
    ids=["unknown", "case", "complex", "direction", "three-words", "empty", "repeat", "six"],
)
def test_bad_orderby(value: str, fragment: str) -> None:
    message = bad_request({"$orderby": value})
    assert "$orderby" in message and fragment in message


def sort(value: str, items: list[dict[str, Any]] = JOBS) -> list[str]:
    properties = KIND_PROPERTIES if items is KIND_ITEMS else JOB_PROPERTIES
    orderby = odata.parse_collection_query({"$orderby": value}, properties).orderby
    return ids(odata.apply_orderby(items, orderby, properties))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("creationDateTime", ["d", "a", "b", "e", "c"]),
        ("creationDateTime desc", ["c", "e", "b", "a", "d"]),
        ("status", ["d", "c", "b", "e", "a"]),
        ("status desc", ["a", "e", "b", "c", "d"]),
        ("endDateTime", ["a", "d", "e", "c", "b"]),
        ("endDateTime desc", ["b", "c", "e", "a", "d"]),
        ("type,userId desc", ["e", "a", "d", "b", "c"]),
        ("type desc,creationDateTime", ["b", "c", "d", "a", "e"]),
        ("type", ["a", "d", "e", "b", "c"]),
        ("type desc", ["b", "c", "a", "d", "e"]),
    ],
    ids=[
        "datetime-asc-instants",
        "datetime-desc",
        "string-ordinal-nulls-first",
        "string-desc-nulls-last",
        "null-and-missing-alike",
        "null-and-missing-last",
        "two-keys",
        "desc-then-asc",
        "stable-asc",
        "stable-desc",
    ],
)
def test_apply_orderby(value: str, expected: list[str]) -> None:
    assert sort(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("count", ["k3", "k1", "k2"]),
        ("count desc", ["k2", "k1", "k3"]),
        ("enabled", ["k3", "k2", "k1"]),
        ("owner desc", ["k1", "k2", "k3"]),
        ("methods", ["k3", "k2", "k1"]),
    ],
    ids=["int", "int-desc", "bool", "guid", "flags"],
)
def test_apply_orderby_other_kinds(value: str, expected: list[str]) -> None:
    assert sort(value, KIND_ITEMS) == expected


def test_apply_orderby_does_not_touch_its_input_and_reads_through_data() -> None:
    wrapped = [("x", job) for job in JOBS]
    ordered = odata.apply_orderby(
        wrapped, (("creationDateTime", True),), JOB_PROPERTIES, data=lambda pair: pair[1]
    )
    assert [job["id"] for _, job in ordered] == ["c", "e", "b", "a", "d"]
    assert ids(JOBS) == ["a", "b", "c", "d", "e"]
    assert odata.apply_orderby(JOBS, (), JOB_PROPERTIES) == JOBS


# $filter.


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("status eq 'completed'", ["b"]),
        ("status ne 'completed'", ["a", "c", "d", "e"]),
        ("status gt 'completed'", ["a", "e"]),
        ("status ge 'completed'", ["a", "b", "e"]),
        ("status lt 'completed'", ["c"]),
        ("status le 'completed'", ["b", "c"]),
        ("type eq 'label' and userId eq 'u1'", ["c"]),
        ("status eq 'running' or status eq 'failed'", ["a", "e"]),
        ("not (status eq 'running')", ["b", "c", "d", "e"]),
        ("type eq 'classify' and (userId eq 'u1' or userId eq 'u3')", ["a", "e"]),
        ("type eq 'label' or type eq 'classify' and userId eq 'u3'", ["b", "c", "e"]),
        ("status in ('running', 'failed')", ["a", "e"]),
        ("status in ('running',)", ["a"]),
        ("status in ('running', null)", ["a", "d"]),
        ("'u2' in (userId, id)", ["b"]),
        ("startswith(status, 'comp')", ["b"]),
        ("endswith(status, 'ed')", ["b", "c", "e"]),
        ("contains(status, 'omplete')", ["b", "c"]),
        ("contains(status, 'OMPLETE')", []),
        ("tolower(status) eq 'completed'", ["b", "c"]),
        ("toupper(status) eq 'COMPLETED'", ["b", "c"]),
        ("startswith(tolower(status), 'c')", ["b", "c"]),
        ("length(status) eq 6", ["e"]),
        ("length(status) gt 6", ["a", "b", "c"]),
        ("length(id) eq 1", ["a", "b", "c", "d", "e"]),
        ("'running' eq status", ["a"]),
        ("status eq 'it''s'", []),
        ("true", ["a", "b", "c", "d", "e"]),
        ("false", []),
        ("1 eq 1.0", ["a", "b", "c", "d", "e"]),
        ("status EQ 'running'", ["a"]),
        ("  status eq 'running'  ", ["a"]),
        ("((status eq 'running'))", ["a"]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_filter_operators_and_functions(expression: str, expected: list[str]) -> None:
    assert filtered(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("status eq null", ["d"]),
        ("status ne null", ["a", "b", "c", "e"]),
        ("null eq status", ["d"]),
        ("endDateTime eq null", ["a", "d"]),
        ("endDateTime ne null", ["b", "c", "e"]),
        ("status gt null", []),
        ("status lt null", []),
        ("endDateTime le 2017-01-02T00:00:00Z", ["b", "c", "e"]),
        ("startswith(status, null)", []),
        ("not startswith(status, 'r')", ["b", "c", "e"]),
        ("not (length(status) gt 0) or id eq 'd'", ["d"]),
        ("null eq null", ["a", "b", "c", "d", "e"]),
        ("tolower(status) eq null", ["d"]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_filter_nulls(expression: str, expected: list[str]) -> None:
    assert filtered(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # 2017-01-01T00:00:59+03:00 is 2016-12-31T21:00:59Z: before 22:00Z, whatever the text says.
        ("creationDateTime lt 2016-12-31T22:00:00Z", ["a"]),
        ("creationDateTime eq 2016-12-31T21:00:59.098280Z", ["a"]),
        ("creationDateTime eq 2017-01-01T00:00:59.0982804+03:00", ["a"]),
        ("creationDateTime eq 2016-12-31T22:00:00+00:00", ["b"]),
        ("creationDateTime eq 2016-12-31T23:00:00+01:00", ["b"]),
        ("creationDateTime eq 2017-01-01T00:30:00Z", ["c"]),
        ("creationDateTime gt 2017-01-01T00:00:00Z", ["c", "e"]),
        ("creationDateTime ge 2017-01-01T00:00:00.5Z", ["c", "e"]),
        ("creationDateTime gt 2017-01-01T00:00:00.5Z", ["c"]),
        ("creationDateTime le 2016-12-31T22:00:00Z", ["a", "b"]),
        ("creationDateTime ne 2016-12-31T22:00:00Z", ["a", "c", "d", "e"]),
        ("creationDateTime gt 2016-12-31T00:00Z", ["a", "b", "c", "e"]),
        ("creationDateTime lt 2016-12-31T21:01:00", ["a"]),  # no offset: UTC
        ("creationDateTime ge 2016-12-31T21:00:00z", ["a", "b", "c", "e"]),
        ("creationDateTime in (2016-12-31T22:00:00Z, 2017-01-01T01:30:00+01:00)", ["b", "c"]),
        # c ends 100 ns after it starts: below a microsecond, so the two compare equal.
        ("endDateTime gt creationDateTime", ["b"]),
        ("endDateTime eq creationDateTime", ["c", "d", "e"]),  # d: null eq null
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_filter_datetimes_compare_instants(expression: str, expected: list[str]) -> None:
    assert filtered(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("count eq 3", ["k1"]),
        ("count gt 3.5", ["k2"]),
        ("count eq null", ["k3"]),
        ("enabled", ["k1"]),
        ("enabled eq false", ["k2"]),
        ("not enabled", ["k2"]),
        ("enabled eq null", ["k3"]),
        (f"owner eq {OWNER}", ["k1"]),
        (f"owner eq {OWNER.upper()}", ["k1"]),
        (f"owner eq '{OWNER.upper()}'", ["k1"]),
        ("owner eq null", ["k2", "k3"]),
        (f"id eq {OWNER}", []),
        ("level eq 'high'", ["k1"]),
        ("level in ('low', 'high')", ["k1", "k2"]),
        ("methods eq 'fingerprint,patternMatch'", ["k1"]),
        ("contains(methods, 'b')", ["k2"]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_filter_other_kinds(expression: str, expected: list[str]) -> None:
    assert filtered(expression, KIND_ITEMS) == expected


def test_filter_compares_a_string_property_with_a_guid_as_a_guid() -> None:
    predicate = odata.parse_count_query({"$filter": f"id eq {OWNER}"}, JOB_PROPERTIES)
    assert predicate is not None
    assert predicate({"id": OWNER.upper()})
    assert not predicate({"id": "not-a-guid"})


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("foo eq 1", "Could not find a property named 'foo' on type"),
        ("Status eq 'x'", "Could not find a property named 'Status'"),
        ("microsoft.graph.status eq 'x'", "property named 'microsoft.graph.status'"),
        ("error eq null", "Property 'error' is of a complex type"),
        ("startswith(result, 'x')", "Property 'result' is of a complex type"),
        ("error/code eq 'x'", "Property paths such as '.../code'"),
        ("creationDateTime eq '2017-01-01T00:00:00Z'", "'Edm.DateTimeOffset' and 'Edm.String'"),
        ("creationDateTime gt 2017", "'Edm.DateTimeOffset' and 'Edm.Int32'"),
        ("status eq 1", "'Edm.String' and 'Edm.Int32' for operator kind 'Equal'"),
        ("status gt 1.5", "'Edm.String' and 'Edm.Double' for operator kind 'GreaterThan'"),
        ("status eq true", "'Edm.String' and 'Edm.Boolean'"),
        ("status in ('a', 1)", "for operator kind 'In'"),
        ("status eq 99999999999", "'Edm.Int64'"),
        ("creationDateTime eq 2017-01-01", "Edm.Date literals are not supported"),
        ("creationDateTime eq 2017-02-30T00:00:00Z", "'2017-02-30T00:00:00Z' is not a valid"),
        ("status eq duration'P1D'", "Edm.Duration literals are not supported"),
        ("status", "$filter must be a boolean expression, not Edm.String"),
        ("null", "$filter must be a boolean expression, not null"),
        ("length(status)", "$filter must be a boolean expression, not Edm.Int32"),
        ("status and true", "The left operand of 'and' must be a boolean"),
        ("true or 'x'", "The right operand of 'or' must be a boolean"),
        ("not status", "The operand of 'not' must be a boolean"),
        ("contains(creationDateTime, '2017')", "'contains' takes Edm.String arguments"),
        ("length(1) eq 1", "'length' takes Edm.String arguments, not Edm.Int32"),
        ("year(creationDateTime) eq 2017", "The function 'year' is not supported"),
        ("concat(id, 'x') eq 'ax'", "The function 'concat' is not supported"),
        ("now() gt creationDateTime", "The function 'now' is not supported"),
        ("StartsWith(status, 'r')", "Unknown function: 'StartsWith'"),
        ("frobnicate(status)", "Unknown function: 'frobnicate'"),
        ("startswith(status)", "'startswith' takes 2 arguments. 1 given"),
        ("x.y(status)", "The function 'x.y' is not supported"),
        ("length(id) add 1 eq 2", "Arithmetic operators"),
        ("-length(id) eq -1", "unary '-'"),
        ("tags/any(t: t eq 'x')", "'any' and 'all' are not supported"),
        ("tags/all(t: t eq 'x')", "'any' and 'all' are not supported"),
        ("('a', 'b') eq status", "A list of values is only allowed on the right of 'in'"),
        ("status eq", "Syntax error at position 6 near ' eq'"),
        ("status eq 'x' and", "Syntax error at position 13 near ' and'"),
        ("(status eq 'x'", "Unexpected end of expression"),
        ("not status eq 'running'", "The operand of 'not' must be a boolean"),  # not binds first
        ("status eq 'unterminated", 'Unexpected character "\'" at position 10'),
        ("status # 'x'", "Syntax error at position 6"),
        ("status eq 'x')", "Syntax error at position 13"),
        ("status in ('a')", "Syntax error"),
        ("status eq 'x' status", "Syntax error"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_filter(expression: str, fragment: str) -> None:
    message = bad_request({"$filter": expression})
    assert message.startswith("Invalid filter clause: ")
    assert fragment in message


def test_filter_errors_come_at_parse_time_not_per_item() -> None:
    # No item is ever evaluated here, yet the type mismatch is already a 400.
    for function in (odata.parse_collection_query, odata.parse_count_query):
        with pytest.raises(BadRequestError, match="Edm.DateTimeOffset"):
            function({"$filter": "startDateTime eq 'soon'"}, JOB_PROPERTIES)


def test_filter_length_limit() -> None:
    clause = "status eq '" + "x" * (odata.MAX_FILTER_LENGTH - len("status eq ''")) + "'"
    assert len(clause) == odata.MAX_FILTER_LENGTH
    assert filtered(clause) == []
    message = bad_request({"$filter": clause + " "})
    assert message == "Invalid filter clause: The expression is longer than 2000 characters."


def test_filter_node_limit() -> None:
    # Each "id eq 'x'" is three nodes and each "or" one more: 25 clauses are 99 nodes.
    assert filtered(" or ".join(["id eq 'a'"] * 25)) == ["a"]
    message = bad_request({"$filter": " or ".join(["id eq 'a'"] * 26)})
    assert message == "Invalid filter clause: The expression has more than 100 nodes."
    assert "more than 100 nodes" in bad_request({"$filter": "not " * 100 + "true"})
    in_list = "id in (" + ", ".join(["'x'"] * 100) + ")"
    assert "more than 100 nodes" in bad_request({"$filter": in_list})


def test_deep_nesting_is_never_a_500() -> None:
    depth = (odata.MAX_FILTER_LENGTH - len("true")) // 2
    assert filtered("(" * depth + "true" + ")" * depth) == ids(JOBS)
    assert filtered("not " * 99 + "true") == []
    message = bad_request({"$filter": "(" * depth + "true" + ")" * (depth - 1)})
    assert message.startswith("Invalid filter clause: ")


@pytest.mark.parametrize(
    "error",
    [RecursionError("deep"), ValueError("bad"), IndexError("oops"), TypeError("odd")],
    ids=lambda error: type(error).__name__,
)
def test_any_parser_failure_is_a_400(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def explode(self: object, tokens: object) -> None:
        raise error

    monkeypatch.setattr(odata_filter.ODataParser, "parse", explode)
    message = bad_request({"$filter": "status eq 'x'"})
    assert message == "Invalid filter clause: The expression could not be parsed."


def test_recursion_while_compiling_is_a_400(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: object, node: object) -> None:
        raise RecursionError

    monkeypatch.setattr(odata_filter._Compiler, "visit_Compare", explode)
    message = bad_request({"$filter": "status eq 'x'"})
    assert message == "Invalid filter clause: The expression is nested too deeply."


# $skiptoken.


@pytest.mark.parametrize(
    "offset", [0, 100, 5, odata.MAX_SKIP], ids=["start", "offset", "small", "large"]
)
def test_skiptoken_round_trip(offset: int) -> None:
    token = odata.make_skiptoken(offset)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    assert decoded["o"] == offset
    query = collection({"$skiptoken": token, "$top": "3"})
    assert (query.skip, query.top) == (offset, 3)
    assert collection({"skiptoken": token}).skip == offset


def forge(payload: Any) -> str:
    data = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def edited(token: str, **changes: Any) -> str:
    payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return forge({**payload, **changes})


GOOD_TOKEN = odata.make_skiptoken(100)


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "not a token",
        GOOD_TOKEN + "=",
        GOOD_TOKEN[:-1] + ("A" if GOOD_TOKEN[-1] != "A" else "B"),
        GOOD_TOKEN[:-4],
        "A" * 300,
        forge("just a string"),
        forge([100]),
        forge({"o": 100}),
        edited(GOOD_TOKEN, o=0),
        edited(GOOD_TOKEN, r=None),
        edited(GOOD_TOKEN, c="000000000000"),
        forge({"o": -1, "c": "0"}),
        forge({"o": True, "c": "0"}),
        forge({"o": 1.5, "c": "0"}),
        forge({"o": "1", "c": "0"}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="),
        forge({"c": odata.make_skiptoken(100), "o": 100}),
    ],
    ids=[
        "too-short",
        "spaces",
        "padded",
        "last-char-changed",
        "truncated",
        "too-long",
        "json-string",
        "json-list",
        "no-checksum",
        "offset-edited",
        "extra-key",
        "checksum-edited",
        "negative",
        "bool",
        "float",
        "string-offset",
        "not-utf8",
        "reordered",
    ],
)
def test_tampered_skiptokens_are_rejected(token: str) -> None:
    message = bad_request({"$skiptoken": token})
    assert message.startswith("Invalid $skiptoken value")


def test_skip_and_skiptoken_cannot_be_combined() -> None:
    message = bad_request({"$skiptoken": GOOD_TOKEN, "$skip": "1"})
    assert message == "Query options '$skip' and '$skiptoken' cannot be combined."


def test_make_skiptoken_refuses_negatives() -> None:
    with pytest.raises(ValueError):
        odata.make_skiptoken(-1)


# Single entities and $count.


def test_entity_select() -> None:
    properties = JOB_PROPERTIES
    assert odata.parse_entity_select({}, properties) is None
    assert odata.parse_entity_select({"$select": "status,id"}, properties) == ("status", "id")
    assert odata.parse_entity_select({"select": "*"}, properties) is None
    assert odata.parse_entity_select({"custom": "1"}, properties) is None


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"$top": "1"}, "Query option '$top' is not allowed on a single entity"),
        ({"skip": "1"}, "Query option '$skip' is not allowed on a single entity"),
        ({"$filter": "id eq 'a'"}, "Query option '$filter' is not allowed"),
        ({"$orderby": "id"}, "Query option '$orderby' is not allowed"),
        ({"$count": "true"}, "Query option '$count' is not allowed"),
        ({"$skiptoken": GOOD_TOKEN}, "Query option '$skiptoken' is not allowed"),
        ({"$expand": "x"}, "Could not find a navigation property named 'x'"),
        ({"$bogus": "x"}, "Query option '$bogus' is not a known OData query option."),
        ({"$select": "bogus"}, "Could not find a property named 'bogus'"),
        ({"$select": ""}, "Query option '$select' has an empty value."),
    ],
    ids=[
        "top",
        "skip",
        "filter",
        "orderby",
        "count",
        "skiptoken",
        "expand",
        "unknown",
        "bad-select",
        "empty-select",
    ],
)
def test_bad_entity_options(args: Mapping[str, str], fragment: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        odata.parse_entity_select(args, JOB_PROPERTIES)
    assert (caught.value.status, caught.value.code) == (400, "BadRequest")
    assert fragment in caught.value.message


def test_count_query() -> None:
    assert odata.parse_count_query({}, JOB_PROPERTIES) is None
    predicate = odata.parse_count_query({"filter": "type eq 'label'"}, JOB_PROPERTIES)
    assert predicate is not None and ids([j for j in JOBS if predicate(j)]) == ["b", "c"]
    # Paging, sorting and selection mean nothing for a count, so they are ignored.
    ignored = {"$top": "abc", "$orderby": "nope", "$select": "nope", "$filter": "id eq 'a'"}
    assert odata.parse_count_query(ignored, JOB_PROPERTIES) is not None


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"$search": "x"}, "Query option '$search' is not supported on this resource."),
        ({"search": "x"}, "Query option '$search' is not supported on this resource."),
        ({"$filter": "foo eq 1"}, "Could not find a property named 'foo'"),
        ({"$filter": ""}, "Query option '$filter' has an empty value."),
        ({"$nope": "1"}, "Query option '$nope' is not a known OData query option."),
    ],
    ids=["search", "bare-search", "bad-filter", "empty-filter", "unknown"],
)
def test_bad_count_query(args: Mapping[str, str], fragment: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        odata.parse_count_query(args, JOB_PROPERTIES)
    assert (caught.value.status, caught.value.code) == (400, "BadRequest")
    assert fragment in caught.value.message
