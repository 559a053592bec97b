"""The polymorphic schemas: every type loads, values round-trip, and bad input names its path."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mockgraph.core.model.types import JOB_TYPES, TYPES, Kind, derived_types, resolve_type_name
from mockgraph.core.schemas import ValidationError, error_paths, load_entity, polymorphic_schema
from tests.support.payloads import job


def load(body: Any, default: str = "jobResponseBase") -> dict[str, Any]:
    return load_entity(body, default, JOB_TYPES)


def rejected(body: Any, default: str = "jobResponseBase") -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        load(body, default)
    return dict(error_paths(caught.value.messages))


def test_every_complex_property_names_a_known_type() -> None:
    for graph_type in TYPES.values():
        for prop in graph_type.props:
            if prop.kind is Kind.COMPLEX:
                assert prop.target in TYPES, (graph_type.name, prop.name)
        assert graph_type.base is None or graph_type.base in TYPES


@pytest.mark.parametrize("type_name", JOB_TYPES, ids=JOB_TYPES)
def test_every_job_type_round_trips_exactly(type_name: str) -> None:
    body = job(type_name)
    assert load(copy.deepcopy(body)) == body


@pytest.mark.parametrize("type_name", sorted(TYPES), ids=sorted(TYPES))
def test_every_type_loads_where_its_bases_are_declared(type_name: str) -> None:
    root = type_name
    while TYPES[root].base:
        root = TYPES[root].base or ""
        loaded = polymorphic_schema(root).load({"@odata.type": f"microsoft.graph.{type_name}"})
        assert loaded == {"@odata.type": f"#microsoft.graph.{type_name}"}


def test_missing_odata_type_is_the_declared_type_and_is_echoed() -> None:
    body = job("jobResponseBase")
    del body["@odata.type"]
    del body["error"]["@odata.type"]
    del body["error"]["innerError"]["@odata.type"]
    loaded = load(body)
    assert loaded["@odata.type"] == "#microsoft.graph.jobResponseBase"
    assert loaded["error"]["@odata.type"] == "#microsoft.graph.classificationError"
    assert loaded["error"]["innerError"]["@odata.type"] == (
        "#microsoft.graph.classificationInnerError"
    )


def test_missing_odata_type_uses_the_collection_default() -> None:
    body = job("classificationJobResponse")
    del body["@odata.type"]
    assert load(body, "classificationJobResponse")["@odata.type"] == (
        "#microsoft.graph.classificationJobResponse"
    )


@pytest.mark.parametrize(
    "sent",
    ["#microsoft.graph.processingError", "microsoft.graph.processingError",
     "#Microsoft.Graph.ProcessingError"],
    ids=["hash", "no-hash", "any-case"],
)  # fmt: skip
def test_odata_type_spellings_resolve_and_echo_canonically(sent: str) -> None:
    body = job("jobResponseBase")
    body["error"]["details"] = [{"@odata.type": sent, "errorType": "permanent"}]
    loaded = load(body)
    assert loaded["error"]["details"][0] == {
        "@odata.type": "#microsoft.graph.processingError",
        "errorType": "permanent",
    }


def test_nested_details_keep_their_subtypes() -> None:
    details = load(job("jobResponseBase"))["error"]["details"]
    assert [d["@odata.type"] for d in details] == [
        "#microsoft.graph.classifcationErrorBase",
        "#microsoft.graph.classificationError",
        "#microsoft.graph.processingError",
    ]


def test_seven_digit_fraction_and_offset_come_back_unchanged() -> None:
    body = job("jobResponseBase", creationDateTime="2017-01-01T00:00:59.0982804+03:00")
    assert load(body)["creationDateTime"] == "2017-01-01T00:00:59.0982804+03:00"


def test_properties_keep_the_order_they_were_sent_in() -> None:
    body = {"status": "s", "type": "t", "@odata.type": "#microsoft.graph.jobResponseBase"}
    assert list(load(body)) == ["@odata.type", "status", "type"]


def test_instance_annotations_are_ignored() -> None:
    body = {"@odata.context": "https://x/$metadata#jobs/$entity", "status@odata.etag": "1"}
    assert load(body) == {"@odata.type": "#microsoft.graph.jobResponseBase"}


@pytest.mark.parametrize(
    "scope", ["fullDocument", "fullDocument,partialDocument", ["fullDocument"]]
)
def test_flags_enum_accepts_sdk_forms(scope: Any) -> None:
    body = job("classificationJobResponse")
    body["result"]["classification"][0]["scope"] = scope
    assert load(body)["result"]["classification"][0]["scope"] == scope


def test_nulls_are_accepted_for_properties() -> None:
    assert load({"error": None, "endDateTime": None})["error"] is None


BAD = [
    ("unknown-property", {"foo": 1}, "foo", "Unknown field"),
    ("string-as-number", {"status": 5}, "status", "Not a valid string"),
    ("datetime-no-offset", {"startDateTime": "2017-01-01T00:00:00"}, "startDateTime", "DateTimeOffset"),
    ("datetime-placeholder", {"startDateTime": "String (timestamp)"}, "startDateTime", "DateTimeOffset"),
    ("datetime-bad-month", {"endDateTime": "2017-13-01T00:00:00Z"}, "endDateTime", "DateTimeOffset"),
    ("datetime-eight-digits", {"endDateTime": "2017-01-01T00:00:00.12345678Z"}, "endDateTime", "DateTimeOffset"),
    ("error-not-object", {"error": "x"}, "error", "JSON object"),
    ("inner-bad-date", {"error": {"innerError": {"errorDateTime": 3}}}, "error.innerError.errorDateTime", "DateTimeOffset"),
    ("detail-bad-type", {"error": {"details": [{"@odata.type": "#microsoft.graph.jobResponseBase"}]}}, "error.details[0].@odata.type", "allowed: #microsoft.graph.classifcationErrorBase"),
    ("detail-unknown-type", {"error": {"details": [{"@odata.type": "#microsoft.graph.nope"}]}}, "error.details[0].@odata.type", "not a type accepted"),
    ("detail-type-not-string", {"error": {"details": [{"@odata.type": 7}]}}, "error.details[0].@odata.type", "not a type accepted"),
    ("details-not-list", {"error": {"details": {}}}, "error.details", "Not a valid list"),
    ("details-null-item", {"error": {"details": [None]}}, "error.details[0]", "Field may not be null"),
    ("enum-placeholder", {"error": {"details": [{"@odata.type": "#microsoft.graph.processingError", "errorType": "String"}]}}, "error.details[0].errorType", "allowed: transient"),
    ("result-on-base-type", {"result": {}}, "result", "Unknown field"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "path", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_values_are_rejected_with_their_path(body: Any, path: str, message: str) -> None:
    errors = rejected(body)
    assert path in errors, errors
    assert message in errors[path]


def _result_body(item: dict[str, Any]) -> dict[str, Any]:
    return {"result": {"classification": [item]}}


RESULT_BAD = [
    ("guid", {"id": "not-a-guid"}, "result.classification[0].id", "GUID"),
    ("int-as-string", {"confidence": "5"}, "result.classification[0].confidence", "Int32"),
    ("int-as-bool", {"confidence": True}, "result.classification[0].confidence", "Int32"),
    ("int-as-float", {"confidence": 1.5}, "result.classification[0].confidence", "Int32"),
    ("int-out-of-range", {"uniqueCount": 2**31}, "result.classification[0].uniqueCount", "range"),
    ("enum-member", {"classificationMethod": "String"}, "result.classification[0].classificationMethod", "allowed"),
    ("flags-member", {"scope": "fullDocument,nope"}, "result.classification[0].scope", "allowed"),
    ("flags-empty-list", {"scope": []}, "result.classification[0].scope", "allowed"),
    ("nested-evidence", {"matches": [{"evidences": [{"offset": "x"}]}]}, "result.classification[0].matches[0].evidences[0].offset", "Int32"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("item", "path", "message"), [b[1:] for b in RESULT_BAD], ids=[b[0] for b in RESULT_BAD]
)
def test_bad_result_values_name_their_path(item: dict[str, Any], path: str, message: str) -> None:
    errors = rejected(_result_body(item), "classificationJobResponse")
    assert path in errors, errors
    assert message in errors[path]


def test_every_offending_path_is_reported_at_once() -> None:
    errors = rejected({"foo": 1, "status": 2, "error": {"code": 3}})
    assert {"foo", "status", "error.code"} <= set(errors)


def test_bool_must_be_a_json_boolean() -> None:
    body = {"result": {"matchingRules": [{"isMostRestrictive": "true"}]}}
    errors = rejected(body, "dlpEvaluatePoliciesJobResponse")
    assert "Boolean" in errors["result.matchingRules[0].isMostRestrictive"]


def test_body_must_be_an_object() -> None:
    assert "JSON object" in rejected([1, 2])["(body)"]


def test_a_type_outside_the_allowed_set_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        load_entity({"@odata.type": "#microsoft.graph.dlpEvaluatePoliciesJobResponse"},
                    "classificationJobResponse",
                    ("jobResponseBase", "classificationJobResponse"))  # fmt: skip
    message = dict(error_paths(caught.value.messages))["@odata.type"]
    assert "#microsoft.graph.classificationJobResponse" in message
    assert "#microsoft.graph.jobResponseBase" in message


def test_derived_types_and_type_names() -> None:
    assert set(derived_types("classifcationErrorBase")) == {
        "classifcationErrorBase", "classificationError", "processingError"}  # fmt: skip
    assert resolve_type_name("microsoft.graph.JOBRESPONSEBASE") == "jobResponseBase"
    assert resolve_type_name("#other.ns.jobResponseBase") is None


def test_a_property_of_a_derived_type_names_the_types_to_send() -> None:
    message = rejected({"result": {}})["result"]
    assert message.startswith(
        "Unknown field. 'result' is a property of classificationJobResponse, "
    )
    assert message.endswith(
        ', derived from jobResponseBase: send "@odata.type": '
        '"#microsoft.graph.classificationJobResponse" (or another of them) with it.'
    )


def test_only_the_accepted_types_are_named() -> None:
    with pytest.raises(ValidationError) as caught:
        load_entity({"result": {}}, "jobResponseBase",
                    ("jobResponseBase", "evaluateLabelJobResponse"))  # fmt: skip
    assert dict(error_paths(caught.value.messages))["result"] == (
        "Unknown field. 'result' is a property of evaluateLabelJobResponse, derived from "
        'jobResponseBase: send "@odata.type": "#microsoft.graph.evaluateLabelJobResponse" '
        "with it."
    )
