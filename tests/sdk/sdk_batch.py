"""The SDK's JSON batching (msgraph-core's BatchRequestContent) and its RetryHandler, unchanged,
against ``mockgraph serve``: what works, what the SDK gets wrong (it would against Graph too),
and the workarounds the docs give (docs/batching.md, docs/retry-after.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from kiota_abstractions.serialization import SerializationWriter
from kiota_http.middleware import retry_handler
from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse
from msgraph_beta.generated.models.job_response_base import JobResponseBase
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_core.requests.batch_request_builder import BatchRequestBuilder
from msgraph_core.requests.batch_request_content import BatchRequestContent
from msgraph_core.requests.batch_request_item import BatchRequestItem

from tests.sdk.support import Admin, Run

JOB = "#microsoft.graph.classificationJobResponse"
THROTTLE = {"method": "GET", "path": "jobs", "status": 429, "retryAfter": 7, "count": 1}


def new_job(status: str = "notStarted") -> ClassificationJobResponse:
    return ClassificationJobResponse(odata_type=JOB, status=status)


def test_batch_request_content_is_served(
    graph: GraphServiceClient, run: Run[Any], admin: Admin
) -> None:
    jobs = graph.data_classification.classify_file_jobs
    content = BatchRequestContent(
        {
            "create": BatchRequestItem(jobs.to_post_request_information(new_job()), id="create"),
            "list": BatchRequestItem(jobs.to_get_request_information(), id="list"),
        }
    )
    answer = run(BatchRequestBuilder(graph.request_adapter).post(content))
    assert answer.get_response_status_codes() == {"create": 201, "list": 200}
    assert answer.responses["create"].content_type.startswith("application/json")
    outer, create, listed = admin.journal()
    sent = json.loads(outer["body"])
    # A builder's request information has no base URL yet: the URLs go out relative.
    assert [item["url"] for item in sent["requests"]] == [
        "/dataClassification/classifyFileJobs"
    ] * 2
    assert [(e["method"], e["status"], e["batchRequestId"]) for e in (create, listed)] == [
        ("POST", 201, "create"),
        ("GET", 200, "list"),
    ]
    assert {create["batchId"], listed["batchId"]} == {outer["requestId"]}


def test_the_sdk_reads_no_json_body_of_a_batch_answer(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    # kiota-python #737: a sub-response body goes through get_bytes_value, which reads only
    # strings; Graph's JSON objects come back as None, and response_body() cannot parse them.
    jobs = graph.data_classification.jobs
    content = BatchRequestContent(
        {"1": BatchRequestItem(jobs.to_post_request_information(new_job()), id="1")}
    )
    answer = run(BatchRequestBuilder(graph.request_adapter).post(content))
    assert answer.responses["1"].status == 201
    assert answer.responses["1"].body is None
    with pytest.raises(ValueError, match="Unable to deserialize"):
        answer.response_body("1", JobResponseBase)


# --8<-- [start:read-answer]
def test_workaround_read_the_batch_answer_yourself(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    jobs = graph.data_classification.jobs
    content = BatchRequestContent(
        {"1": BatchRequestItem(jobs.to_post_request_information(new_job()), id="1")}
    )
    builder = BatchRequestBuilder(graph.request_adapter)
    info = run(builder.to_post_request_information(content))
    raw = run(graph.request_adapter.send_primitive_async(info, "bytes", {}))
    (answer,) = json.loads(raw)["responses"]
    node = JsonParseNodeFactory().get_root_parse_node(
        "application/json", json.dumps(answer["body"]).encode()
    )
    created = node.get_object_value(JobResponseBase)
    assert type(created) is ClassificationJobResponse and created.status == "notStarted"
    got = run(jobs.by_job_response_base_id(created.id).get())
    assert got.id == created.id


# --8<-- [end:read-answer]


def test_an_absolute_url_is_a_400_as_graph_answers_it(
    graph: GraphServiceClient, run: Run[Any], mock_url: str
) -> None:
    # msgraph-sdk-python #1015, msgraph-core #1116: an item keeps an absolute URL (here: one
    # from with_url) and set_url() cannot strip it. Workaround: make it relative yourself.
    jobs = graph.data_classification.jobs.with_url(f"{mock_url}/dataClassification/jobs")
    item = BatchRequestItem(jobs.to_get_request_information(), id="abs")
    assert item.url.startswith("http")
    builder = BatchRequestBuilder(graph.request_adapter)
    answer = run(builder.post(BatchRequestContent({"abs": item})))
    assert answer.get_response_status_codes() == {"abs": 400}
    # --8<-- [start:relative-url]
    item.url = item.url.removeprefix(mock_url)  # the workaround
    # --8<-- [end:relative-url]
    answer = run(builder.post(BatchRequestContent({"abs": item})))
    assert answer.get_response_status_codes() == {"abs": 200}


# --8<-- [start:depends-on]
class DependsOnItem(BatchRequestItem):
    """A BatchRequestItem that writes ``dependsOn``, the key Graph reads (msgraph-core #996)."""

    def serialize(self, writer: SerializationWriter) -> None:
        dependencies, self._depends_on = self._depends_on, []
        try:
            super().serialize(writer)
        finally:
            self._depends_on = dependencies
        writer.write_collection_of_primitive_values("dependsOn", dependencies)


# --8<-- [end:depends-on]


def _failing_then_dependent(graph: GraphServiceClient, kind: type[BatchRequestItem]) -> Any:
    jobs = graph.data_classification.jobs
    missing = jobs.by_job_response_base_id("nope").to_get_request_information()
    return BatchRequestContent(
        {
            "missing": kind(missing, id="missing"),
            "then": kind(
                jobs.to_post_request_information(new_job()), id="then", depends_on=["missing"]
            ),
        }
    )


def test_the_sdks_depends_on_orders_nothing(
    graph: GraphServiceClient, run: Run[Any], admin: Admin
) -> None:
    builder = BatchRequestBuilder(graph.request_adapter)
    answer = run(builder.post(_failing_then_dependent(graph, BatchRequestItem)))
    # Graph (and the mock) ignore "depends_on": the dependent runs although "missing" failed.
    assert answer.get_response_status_codes() == {"missing": 404, "then": 201}
    sent = json.loads(admin.journal()[0]["body"])["requests"][1]
    assert sent["depends_on"] == ["missing"] and "dependsOn" not in sent


def test_workaround_write_depends_on_in_camel_case(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    builder = BatchRequestBuilder(graph.request_adapter)
    answer = run(builder.post(_failing_then_dependent(graph, DependsOnItem)))
    assert answer.get_response_status_codes() == {"missing": 404, "then": 424}


# --8<-- [start:retry-waits]
@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch, admin: Admin) -> Iterator[list[float]]:
    """The RetryHandler's waits, made on the mock's clock instead of the test's time."""
    made: list[float] = []

    async def sleep(seconds: float) -> None:
        made.append(seconds)
        admin.call("POST", "clock/advance", {"seconds": seconds})

    monkeypatch.setattr(retry_handler, "asyncio", SimpleNamespace(sleep=sleep))
    yield made


# --8<-- [end:retry-waits]


# --8<-- [start:retry-honoured]
def test_the_retry_handler_honours_retry_after(
    graph: GraphServiceClient, run: Run[Any], admin: Admin, waits: list[float]
) -> None:
    admin.call("POST", "faults", {**THROTTLE, "enforceRetryAfter": True})
    page = run(graph.data_classification.jobs.get())
    assert page.value == []
    assert waits == [7]
    calls = admin.journal()
    assert [(c["status"], c["retryAttempt"], c["earlyRetry"]) for c in calls] == [
        (429, None, False),
        (200, 1, False),
    ]
    assert calls[1]["headers"]["retry-attempt"] == "1"


# --8<-- [end:retry-honoured]


def test_a_client_that_does_not_wait_is_throttled_again(
    graph: GraphServiceClient, run: Run[Any], admin: Admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_wait(seconds: float) -> None:
        return None

    monkeypatch.setattr(retry_handler, "asyncio", SimpleNamespace(sleep=no_wait))
    admin.call("POST", "faults", {**THROTTLE, "enforceRetryAfter": True})
    with pytest.raises(ODataError) as raised:
        run(graph.data_classification.jobs.get())
    assert raised.value.response_status_code == 429
    calls = admin.journal()
    assert [(c["retryAttempt"], c["earlyRetry"]) for c in calls] == [
        (None, False),
        (1, True),
        (2, True),
        (3, True),
    ]
    (rule,) = admin.call("GET", "faults")["value"]
    assert (rule["hits"], rule["earlyRetries"]) == (1, 3)


def test_inside_a_batch_429s_are_answers_the_handler_does_not_retry(
    graph: GraphServiceClient, run: Run[Any], admin: Admin, waits: list[float]
) -> None:
    admin.call("POST", "faults", {**THROTTLE, "retryAfter": 5})
    jobs = graph.data_classification.jobs
    content = BatchRequestContent(
        {"1": BatchRequestItem(jobs.to_get_request_information(), id="1")}
    )
    answer = run(BatchRequestBuilder(graph.request_adapter).post(content))
    assert answer.get_response_status_codes() == {"1": 429}
    assert answer.responses["1"].headers["Retry-After"] == "5"
    assert waits == []  # the batch itself was a 200
