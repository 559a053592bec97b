"""Each repair rule on a synthetic page of its own: the defect is found, named, repaired, and the
repaired fixture replays green against the mock. Every job type and every operation imports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockgraph.core.fixture import Fixture
from mockgraph.core.model.types import JOB_TYPES
from mockgraph.replay.engine import replay
from mockgraph.replay.importer import PageImport, import_text
from mockgraph.replay.markdown import DeclinedError
from mockgraph.replay.repairs import FIXED_DATETIME, FIXED_GUID, RULES
from mockgraph.replay.targets import FlaskTransport
from tests.support import docs_pages as docs


def imported(text: str) -> PageImport:
    return import_text(text, "synthetic.md", "synthetic")


def only_fixture(text: str) -> tuple[Fixture, PageImport]:
    result = imported(text)
    assert len(result.fixtures) == 1
    return result.fixtures[0], result


def repaired_rules(fixture: Fixture) -> list[str]:
    return [repair.rule for repair in fixture.repairs]


def found_rules(result: PageImport) -> list[str]:
    return [finding.rule for finding in result.findings]


def assert_replays_green(fixture: Fixture) -> None:
    outcome = replay(fixture, FlaskTransport())
    assert outcome.problems == []


@pytest.mark.parametrize("operation", docs.OPERATIONS)
@pytest.mark.parametrize("type_name", JOB_TYPES)
def test_every_job_type_and_operation_imports_and_replays(type_name: str, operation: str) -> None:
    fixture, result = only_fixture(docs.example_page(type_name, operation))
    assert fixture.name == f"synthetic.{operation}_{type_name.lower()}"
    assert "service-root" in repaired_rules(fixture)
    assert all(rule in RULES for rule in found_rules(result))
    assert_replays_green(fixture)


@pytest.mark.parametrize(
    ("version", "repaired"),
    [("localtest", True), ("v1.0", True), ("docs\\api", True), ("beta", False)],
    ids=["localtest", "v1.0", "docs-api", "beta"],
)
def test_service_root(version: str, repaired: bool) -> None:
    url = f"{docs.GRAPH}/{version}/dataClassification/jobs"
    text = docs.page(docs.pair(f"GET {url}", None, "HTTP/1.1 200 OK", {"value": []}))
    fixture, result = only_fixture(text)
    assert fixture.request.path == "/dataClassification/jobs"
    assert ("service-root" in repaired_rules(fixture)) is repaired
    assert ("service-root" in found_rules(result)) is repaired
    assert_replays_green(fixture)


@pytest.mark.parametrize("type_name", JOB_TYPES)
def test_entity_uri_resolves_to_the_types_collection(type_name: str) -> None:
    fixture, _ = only_fixture(docs.example_page(type_name, "get", version="docs\\api"))
    home = docs.HOME[type_name]
    assert fixture.request.path == f"/dataClassification/{home}/{{{type_name}Id}}"
    assert repaired_rules(fixture) == [
        "service-root",
        "entity-uri",
        "id-placeholder",
        "unwrap-value",
    ]
    assert [s.collection for s in fixture.setup] == [home]
    assert fixture.setup[0].bind == f"{type_name}Id"
    assert_replays_green(fixture)


@pytest.mark.parametrize("type_name", JOB_TYPES)
def test_collection_uri_resolves_to_the_types_collection(type_name: str) -> None:
    fixture, _ = only_fixture(docs.example_page(type_name, "list", version="beta"))
    assert fixture.request.path == f"/dataClassification/{docs.HOME[type_name]}"
    assert repaired_rules(fixture) == ["collection-uri"]
    assert_replays_green(fixture)


def test_an_entity_uri_for_a_type_the_api_does_not_serve_cannot_import() -> None:
    text = docs.page(
        docs.pair(f"GET {docs.entity_url('user')}", None, "HTTP/1.1 200 OK", {"id": "x"})
    )
    with pytest.raises(
        DeclinedError, match="no collection of the service holds microsoft.graph.user"
    ):
        imported(text)


def test_create_ref_in_the_example_is_repaired() -> None:
    job = docs.documented("evaluateLabelJobResponse")
    body = {k: v for k, v in job.items() if k != "id"}
    url = f"{docs.GRAPH}/beta/dataClassification/evaluateLabelJobs/$ref"
    fixture, result = only_fixture(
        docs.page(docs.pair(f"POST {url}", body, "HTTP/1.1 201 Created", job))
    )
    assert fixture.request.path == "/dataClassification/evaluateLabelJobs"
    assert repaired_rules(fixture) == ["create-ref"]
    assert fixture.response.by_shape == ("/id",)
    assert_replays_green(fixture)


def test_create_ref_in_the_http_request_section_is_reported() -> None:
    fixture, result = only_fixture(docs.example_page("dlpEvaluatePoliciesJobResponse", "create"))
    [finding] = [f for f in result.findings if f.rule == "create-ref"]
    assert not finding.repaired
    assert "POST /dataClassification/evaluateDlpPoliciesJobs/$ref" in finding.message
    assert "create-ref" not in repaired_rules(fixture)  # the example itself posts correctly


def test_a_literal_id_is_bound_like_a_placeholder() -> None:
    job = docs.documented("classificationJobResponse")
    url = f"{docs.GRAPH}/beta/dataClassification/classifyTextJobs/{docs.DOCUMENTED_ID}"
    fixture, _ = only_fixture(docs.page(docs.pair(f"GET {url}", None, "HTTP/1.1 200 OK", job)))
    assert (
        fixture.request.path == "/dataClassification/classifyTextJobs/{classificationJobResponseId}"
    )
    assert repaired_rules(fixture) == ["id-placeholder"]
    assert fixture.setup[0].documented_id == docs.DOCUMENTED_ID
    assert_replays_green(fixture)


def test_a_placeholder_is_bound_to_the_entity_set_up() -> None:
    url = f"{docs.GRAPH}/beta/dataClassification/jobs/{{jobResponseBaseId}}"
    text = docs.page(docs.pair(f"DELETE {url}", None, "HTTP/1.1 204 No Content", None))
    fixture, _ = only_fixture(text)
    assert repaired_rules(fixture) == ["id-placeholder"]
    assert fixture.setup[0].body == {"@odata.type": "#microsoft.graph.jobResponseBase"}
    assert_replays_green(fixture)


PLACEHOLDER_VALUES = {
    "enum-in-error-details": (
        "jobResponseBase",
        lambda job: job["error"]["details"].append(
            {"@odata.type": "microsoft.graph.processingError", "errorType": "String"}
        ),
        "error.details[3].errorType",
        "transient",
    ),
    "enum-in-dlp-rule": (
        "dlpEvaluatePoliciesJobResponse",
        lambda job: job["result"]["matchingRules"][0].update(ruleMode="String"),
        "result.matchingRules[0].ruleMode",
        "audit",
    ),
    "flags-enum": (
        "classificationJobResponse",
        lambda job: job["result"]["classification"][0].update(scope="String"),
        "result.classification[0].scope",
        "fullDocument",
    ),
    "timestamp": (
        "evaluateLabelJobResponse",
        lambda job: job.update(creationDateTime="String (timestamp)"),
        "creationDateTime",
        FIXED_DATETIME,
    ),
    "nested-timestamp": (
        "jobResponseBase",
        lambda job: job["error"]["innerError"].update(errorDateTime="String (timestamp)"),
        "error.innerError.errorDateTime",
        FIXED_DATETIME,
    ),
    "guid-identifier": (
        "classificationJobResponse",
        lambda job: job["result"]["classification"][0].update(id="String (identifier)"),
        "result.classification[0].id",
        FIXED_GUID,
    ),
    "guid": (
        "evaluateLabelsAndPoliciesJobResponse",
        lambda job: job["result"]["classificationResult"]["classification"][0].update(id="Guid"),
        "result.classificationResult.classification[0].id",
        FIXED_GUID,
    ),
}


@pytest.mark.parametrize(
    ("type_name", "spoil", "path", "valid"),
    PLACEHOLDER_VALUES.values(),
    ids=PLACEHOLDER_VALUES.keys(),
)
@pytest.mark.parametrize("operation", ["create", "update", "get", "list"])
def test_placeholder_values_are_replaced_by_valid_ones(
    type_name: str, spoil: Any, path: str, valid: Any, operation: str
) -> None:
    job = docs.documented(type_name)
    spoil(job)
    body = {k: v for k, v in job.items() if k != "id"}
    base = f"{docs.GRAPH}/beta/dataClassification/{docs.HOME[type_name]}"
    request_line, request_body, status, response = {
        "create": (f"POST {base}", body, "HTTP/1.1 201 Created", job),
        "update": (f"PATCH {base}/{{id}}", body, "HTTP/1.1 200 OK", job),
        "get": (f"GET {base}/{{id}}", None, "HTTP/1.1 200 OK", job),
        "list": (f"GET {base}", None, "HTTP/1.1 200 OK", {"value": [job]}),
    }[operation]
    fixture, result = only_fixture(
        docs.page(docs.pair(request_line, request_body, status, response))
    )
    details = [r.detail for r in fixture.repairs if r.rule == "placeholder-value"]
    assert details and all(path in detail and repr(valid) in detail for detail in details)
    assert "schema" not in found_rules(result)
    assert_replays_green(fixture)


def test_a_create_request_carrying_an_id_drops_it() -> None:
    job = docs.documented("jobResponseBase")
    url = f"{docs.GRAPH}/beta/dataClassification/jobs"
    fixture, _ = only_fixture(docs.page(docs.pair(f"POST {url}", job, "HTTP/1.1 201 Created", job)))
    assert repaired_rules(fixture) == ["create-id"]
    assert "id" not in fixture.request.body
    assert fixture.response.body["id"] == docs.DOCUMENTED_ID  # compared by shape
    assert_replays_green(fixture)


@pytest.mark.parametrize(
    ("request_line", "status_line"),
    [
        ("GET /dataClassification/jobs/{jobResponseBaseId}", "HTTP/1.1 200 OK"),
        ("PATCH /dataClassification/jobs/{jobResponseBaseId}", "HTTP/1.1 200 OK"),
        ("POST /dataClassification/jobs", "HTTP/1.1 201 Created"),
    ],
    ids=["get", "update", "create"],
)
def test_a_single_entity_wrapped_in_value_is_unwrapped(request_line: str, status_line: str) -> None:
    job = docs.documented("dlpEvaluatePoliciesJobResponse")
    body = {k: v for k, v in job.items() if k != "id"} if "GET" not in request_line else None
    fixture, _ = only_fixture(docs.page(docs.pair(request_line, body, status_line, {"value": job})))
    assert "unwrap-value" in repaired_rules(fixture)
    assert fixture.response.body == job
    assert_replays_green(fixture)


def test_a_collection_value_is_not_unwrapped() -> None:
    fixture, _ = only_fixture(docs.example_page("jobResponseBase", "list"))
    assert "unwrap-value" not in repaired_rules(fixture)
    assert isinstance(fixture.response.body["value"], list)


@pytest.mark.parametrize(
    ("declared", "repaired"),
    [("wrong", True), ("lf", False), ("crlf", False)],
    ids=["wrong", "lf-count", "crlf-count"],
)
def test_content_length(declared: str, repaired: bool) -> None:
    job = docs.documented("jobResponseBase")
    body = {k: v for k, v in job.items() if k != "id"}
    rendered = json.dumps(body, indent=2)
    size = {"lf": len(rendered), "crlf": len(rendered.replace("\n", "\r\n")), "wrong": 9999}
    headers = {"Content-type": "application/json", "Content-length": str(size[declared])}
    text = docs.pair(
        "POST /dataClassification/jobs", body, "HTTP/1.1 201 Created", job, request_headers=headers
    )
    fixture, result = only_fixture(docs.page(text))
    assert ("content-length" in repaired_rules(fixture)) is repaired
    assert ("content-length" in found_rules(result)) is repaired
    assert fixture.request.headers == {"Content-type": "application/json"}
    assert_replays_green(fixture)


def test_odata_type_without_hash_is_reported_and_compared_modulo_hash_and_case() -> None:
    job = docs.documented("evaluateLabelJobResponse")
    job["@odata.type"] = "microsoft.graph.EVALUATELABELJOBRESPONSE"
    url = f"{docs.GRAPH}/beta/dataClassification/evaluateLabelJobs/{{id}}"
    fixture, result = only_fixture(docs.page(docs.pair(f"GET {url}", None, "HTTP/1.1 200 OK", job)))
    [finding] = [f for f in result.findings if f.rule == "odata-type"]
    assert "microsoft.graph.EVALUATELABELJOBRESPONSE" in finding.message
    assert_replays_green(fixture)  # the mock answers #microsoft.graph.evaluateLabelJobResponse


def test_timestamps_out_of_order_are_reported_and_kept() -> None:
    job = docs.documented(
        "jobResponseBase",
        creationDateTime="2017-01-01T00:02:11.4839005+03:00",
        startDateTime="2016-12-31T23:59:24.7548426+03:00",
    )
    url = f"{docs.GRAPH}/beta/dataClassification/jobs/{{id}}"
    fixture, result = only_fixture(docs.page(docs.pair(f"GET {url}", None, "HTTP/1.1 200 OK", job)))
    [finding] = [f for f in result.findings if f.rule == "timestamps-order"]
    assert (
        "startDateTime 2016-12-31T23:59:24.7548426+03:00 is before creationDateTime"
        in finding.message
    )
    assert fixture.response.body["startDateTime"] == "2016-12-31T23:59:24.7548426+03:00"
    assert_replays_green(fixture)


def test_an_annotation_naming_another_spelling_is_reported() -> None:
    job = docs.documented("classificationJobResponse")
    example = docs.pair(
        "GET /dataClassification/classifyFileJobs/{id}",
        None,
        "HTTP/1.1 200 OK",
        job,
        response_type="microsoft.graph.classificationjobresponse",
    )
    _, result = only_fixture(docs.page(example))
    assert found_rules(result) == ["id-placeholder", "annotation-type"]


def test_a_body_the_model_rejects_after_repairs_is_reported() -> None:
    body = {"@odata.type": "#microsoft.graph.jobResponseBase", "error": "not an object"}
    example = docs.pair("POST /dataClassification/jobs", body, "HTTP/1.1 201 Created", None)
    fixture, result = only_fixture(docs.page(example))
    [finding] = [f for f in result.findings if f.rule == "schema"]
    assert "error" in finding.message
    outcome = replay(fixture, FlaskTransport())
    assert outcome.problems and outcome.problems[0].startswith("status: expected 201, got 400")


def test_every_rule_is_described() -> None:
    assert all(description for description in RULES.values())


def test_a_patch_through_jobs_checks_the_body_against_the_documented_type() -> None:
    job = docs.documented("dlpEvaluatePoliciesJobResponse")
    body = {k: v for k, v in job.items() if k != "id"}
    url = "/dataClassification/jobs/{jobResponseBaseId}"
    fixture, result = only_fixture(
        docs.page(docs.pair(f"PATCH {url}", body, "HTTP/1.1 200 OK", job))
    )
    assert "schema" not in found_rules(result)
    assert_replays_green(fixture)
    body["result"] = {"@odata.type": "#microsoft.graph.evaluateLabelJobResultGroup"}
    _, result = only_fixture(docs.page(docs.pair(f"PATCH {url}", body, "HTTP/1.1 200 OK", job)))
    assert "schema" in found_rules(result)
