"""JSON batching, ``POST /beta/$batch``: Graph's rules, and every hook of a direct call."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.store import JobStore
from mockgraph.http.current import state_of
from mockgraph.http.environ import WAIT_KEY
from mockgraph.testing import MockGraph
from tests.support.graph import BASE, bearer, error_code
from tests.support.payloads import job

BATCH = "/beta/$batch"
ADMIN = "/_mockgraph"
JSON = {"Content-Type": "application/json"}


def post(client: FlaskClient, *requests: dict[str, Any], **headers: str) -> Any:
    return client.post(BATCH, json={"requests": list(requests)}, headers=headers or None)


def answers(response: Any) -> dict[str, dict[str, Any]]:
    assert response.status_code == 200, response.get_json()
    assert response.content_type.startswith("application/json")
    return {answer["id"]: answer for answer in response.get_json()["responses"]}


def create(request_id: str, body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "id": request_id,
        "method": "POST",
        "url": "/dataClassification/classifyFileJobs",
        "headers": JSON,
        "body": body if body is not None else job(),
        **extra,
    }


def get(request_id: str, url: str = "/dataClassification/jobs", **extra: Any) -> dict[str, Any]:
    return {"id": request_id, "method": "GET", "url": url, **extra}


def test_requests_are_served_as_direct_calls_are(client: FlaskClient, store: JobStore) -> None:
    found = answers(
        post(
            client,
            create("1"),
            get("2", "dataClassification/jobs?$count=true&$select=status", dependsOn=["1"]),
            get("3", "/dataClassification/jobs/$count"),
        )
    )
    assert list(found) == ["1", "2", "3"]
    created = found["1"]
    assert created["status"] == 201
    assert created["headers"]["Content-Type"].startswith("application/json")
    job_id = created["body"]["id"]
    assert created["headers"]["Location"] == f"http://localhost{BASE}/classifyFileJobs/{job_id}"
    assert created["body"]["@odata.context"].endswith(
        "#dataClassification/classifyFileJobs/$entity"
    )
    assert store.get("default", "classifyFileJobs", job_id).data["status"] == job()["status"]
    listed = found["2"]["body"]
    assert listed["@odata.count"] == 1 and listed["value"][0]["id"] == job_id
    assert listed["@odata.context"].endswith("#dataClassification/jobs(status)")
    assert found["3"]["headers"]["Content-Type"].startswith("text/plain")
    assert found["3"]["body"] == "1"


def test_a_request_without_a_body_and_a_delete(client: FlaskClient, store: JobStore) -> None:
    store.create("default", "jobs", {"@odata.type": "#microsoft.graph.jobResponseBase"}, "j1")
    found = answers(
        post(client, {"id": "d", "method": "delete", "url": "dataClassification/jobs/j1"})
    )
    assert found["d"]["status"] == 204 and "body" not in found["d"]
    assert store.select("default", "jobs") == []


def test_the_answer_is_200_whatever_the_requests_answer(client: FlaskClient) -> None:
    found = answers(
        post(
            client,
            get("missing", "/dataClassification/jobs/nope"),
            create("invalid", {"status": 5}),
            {
                "id": "wrong-type",
                "method": "POST",
                "url": "/dataClassification/jobs",
                "headers": {"Content-Type": "text/plain"},
                "body": base64.b64encode(b"x").decode(),
            },
            get("no-route", "/users"),
            {"id": "no-method", "method": "PUT", "url": "/dataClassification/jobs"},
        )  # fmt: skip
    )
    assert {k: v["status"] for k, v in found.items()} == {
        "missing": 404,
        "invalid": 400,
        "wrong-type": 415,
        "no-route": 404,
        "no-method": 405,
    }
    assert found["missing"]["body"]["error"]["code"] == "itemNotFound"
    assert found["invalid"]["body"]["error"]["details"][0]["target"] == "status"
    assert all(a["headers"]["Content-Type"].startswith("application/json") for a in found.values())


def test_a_failed_dependency_is_424_and_never_runs(client: FlaskClient, store: JobStore) -> None:
    found = answers(
        post(
            client,
            get("missing", "/dataClassification/jobs/nope"),
            create("after", dependsOn=["missing"]),
            create("after-after", dependsOn=["AFTER"]),  # ids compare without case
            create("free"),
        )
    )
    assert [found[k]["status"] for k in found] == [404, 424, 424, 201]
    assert found["after"]["body"]["error"]["code"] == "FailedDependency"
    assert found["after"]["headers"]["Content-Type"].startswith("application/json")
    assert len(store.select("default", "jobs")) == 1
    journaled = client.get(f"{ADMIN}/requests").get_json()["value"]
    assert [e["batchRequestId"] for e in journaled] == ["missing", "free"]


def test_depends_on_in_snake_case_is_ignored_as_graph_ignores_it(
    client: FlaskClient, store: JobStore
) -> None:
    # What msgraph-core's BatchRequestItem writes: Graph does not know the key, so the
    # request does not wait for (or fail with) its "dependency".
    found = answers(
        post(
            client,
            get("missing", "/dataClassification/jobs/nope"),
            create("next", depends_on=["x"]),
        )
    )
    assert found["next"]["status"] == 201
    assert len(store.select("default", "jobs")) == 1


def test_an_absolute_url_is_a_400_in_its_own_answer(client: FlaskClient, store: JobStore) -> None:
    absolute = create("abs", url="https://graph.microsoft.com/beta/dataClassification/jobs")
    found = answers(post(client, absolute, get("fine")))
    assert found["abs"]["status"] == 400
    assert found["abs"]["body"]["error"] == {
        **found["abs"]["body"]["error"],
        "code": "BadRequest",
        "message": "Resource not found for the segment 'https:'.",
    }
    assert found["fine"]["status"] == 200
    assert store.select("default", "jobs") == []


def test_the_batch_token_applies_to_every_request(app: Flask) -> None:
    client = app.test_client()
    assert client.post(BATCH, json={"requests": [get("1")]}).status_code == 401
    found = answers(post(client, create("1", headers={**JSON, "Authorization": "Bearer x"}),
                         **bearer("contoso")))  # fmt: skip
    job_id = found["1"]["body"]["id"]
    store = state_of(app).store
    assert store.get("contoso", "jobs", job_id)  # the batch's tenant, not the request's header
    other = answers(post(client, get("1", f"/dataClassification/jobs/{job_id}"), **bearer("b")))
    assert other["1"]["status"] == 404


def test_each_request_is_journaled_linked_to_its_batch(client: FlaskClient) -> None:
    response = post(client, create("one"), get("two", headers={"client-request-id": "mine"}))
    found = answers(response)
    entries = client.get(f"{ADMIN}/requests", query_string={"path": "/beta/*"}).get_json()["value"]
    outer, one, two = entries
    assert (outer["method"], outer["path"], outer["batchId"]) == ("POST", BATCH, None)
    assert outer["requestId"] == response.headers["request-id"]
    assert [(e["method"], e["path"], e["status"]) for e in (one, two)] == [
        ("POST", f"{BASE}/classifyFileJobs", 201),
        ("GET", f"{BASE}/jobs", 200),
    ]
    assert {e["batchId"] for e in (one, two)} == {outer["requestId"]}
    assert [e["batchRequestId"] for e in (one, two)] == ["one", "two"]
    assert json.loads(one["body"]) == job()
    assert two["headers"]["client-request-id"] == "mine"
    assert found["two"]["headers"]["client-request-id"] == "mine"
    assert one["requestId"] == found["one"]["headers"]["request-id"] != outer["requestId"]


def test_faults_apply_to_each_request_on_its_own(client: FlaskClient) -> None:
    client.post(f"{ADMIN}/faults", json={"method": "GET", "path": "jobs", "status": 429,
                                         "retryAfter": 7, "count": 1})  # fmt: skip
    found = answers(post(client, get("1"), get("2"), create("3")))
    assert [found[k]["status"] for k in "123"] == [429, 200, 201]
    throttled = found["1"]
    assert throttled["headers"]["Retry-After"] == "7"
    assert throttled["body"]["error"]["code"] == "TooManyRequests"


def test_an_enforced_retry_after_holds_inside_a_batch(client: FlaskClient) -> None:
    client.post(f"{ADMIN}/faults", json={"method": "GET", "path": "jobs", "status": 429,
                                         "retryAfter": 3, "enforceRetryAfter": True})  # fmt: skip
    found = answers(post(client, get("1"), get("2")))
    assert [(found[k]["status"], found[k]["headers"]["Retry-After"]) for k in "12"] == [
        (429, "3"),
        (429, "3"),
    ]
    entries = client.get(f"{ADMIN}/requests").get_json()["value"]
    assert [e["earlyRetry"] for e in entries] == [False, True]


def test_a_fault_on_the_batch_itself(client: FlaskClient, store: JobStore) -> None:
    client.post(f"{ADMIN}/faults", json={"path": "/beta/$batch", "status": 503, "count": 1})
    response = post(client, create("1"))
    assert response.status_code == 503 and error_code(response) == "serviceNotAvailable"
    assert store.select("default", "jobs") == []


def test_lifecycle_polls_count_inside_a_batch(client: FlaskClient, store: JobStore) -> None:
    store.create("default", "jobs", {"@odata.type": "#microsoft.graph.jobResponseBase"}, "j1")
    client.put(f"{ADMIN}/jobs/j1/lifecycle", json={"polls": 1})
    found = answers(post(client, get("1", "/dataClassification/jobs/j1")))
    assert found["1"]["body"]["status"] == "running"


MALFORMED = [
    pytest.param({}, id="no-requests"),
    pytest.param({"requests": []}, id="empty"),
    pytest.param({"requests": {"id": "1"}}, id="not-an-array"),
    pytest.param({"requests": [get(str(n)) for n in range(21)]}, id="21-requests"),
    pytest.param({"requests": ["GET /jobs"]}, id="not-an-object"),
    pytest.param({"requests": [{"method": "GET", "url": "/x"}]}, id="no-id"),
    pytest.param({"requests": [get(1)]}, id="numeric-id"),
    pytest.param({"requests": [get("a"), get("A")]}, id="duplicate-id"),
    pytest.param({"requests": [{"id": "1", "url": "/x"}]}, id="no-method"),
    pytest.param({"requests": [{"id": "1", "method": "G T", "url": "/x"}]}, id="bad-method"),
    pytest.param({"requests": [{"id": "1", "method": "GET"}]}, id="no-url"),
    pytest.param({"requests": [create("1", headers={})]}, id="body-without-content-type"),
    pytest.param({"requests": [create("1", headers=None)]}, id="body-without-headers"),
    pytest.param({"requests": [get("1", headers=["x"])]}, id="headers-not-an-object"),
    pytest.param({"requests": [get("1", headers={"x": 1})]}, id="header-not-a-string"),
    pytest.param({"requests": [get("1", headers={"x": "a\r\nb: c"})]}, id="header-two-lines"),
    pytest.param({"requests": [get("1", headers={"a b": "c"})]}, id="bad-header-name"),
    pytest.param(
        {"requests": [create("1", headers={"Content-Type": "image/png"}, body={})]},
        id="binary-body-not-base64",
    ),  # fmt: skip
    pytest.param({"requests": [get("1", dependsOn=["2"]), get("2")]}, id="depends-on-later"),
    pytest.param({"requests": [get("1", dependsOn=["1"])]}, id="depends-on-itself"),
    pytest.param({"requests": [get("1", dependsOn=["nope"])]}, id="depends-on-unknown"),
    pytest.param({"requests": [get("1"), get("2", dependsOn="1")]}, id="depends-on-not-a-list"),
]


@pytest.mark.parametrize("payload", MALFORMED)
def test_a_malformed_batch_is_a_400_that_changes_nothing(
    client: FlaskClient, store: JobStore, payload: dict[str, Any]
) -> None:
    sent = payload.get("requests")
    if isinstance(sent, list) and 0 < len(sent) < 20:  # a good request first: it must not run
        payload = {"requests": [create("first"), *sent]}
    response = client.post(BATCH, json=payload)
    assert response.status_code == 400, response.get_json()
    assert error_code(response) == "BadRequest"
    assert store.select("default", "jobs") == []
    assert [e["path"] for e in client.get(f"{ADMIN}/requests?path=/*").get_json()["value"]] == [
        BATCH
    ]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"requests": [', "application/json", 400, "BadRequest"),
        (b'["requests"]', "application/json", 400, "invalidRequest"),
        (b"{}", "text/plain", 415, "UnsupportedMediaType"),
    ],
    ids=["not-json", "not-an-object", "not-json-content-type"],
)
def test_a_batch_body_is_read_as_any_graph_body(
    client: FlaskClient, body: bytes, content_type: str, status: int, code: str
) -> None:
    response = client.post(BATCH, data=body, content_type=content_type)
    assert response.status_code == status and error_code(response) == code


def test_the_batch_body_has_the_same_size_limit(store: JobStore) -> None:
    app = create_app({"MAX_CONTENT_LENGTH": 2000})
    client = app.test_client()
    response = post(client, create("1", {**job(), "type": "x" * 3000}), Authorization="Bearer x")
    assert response.status_code == 413 and error_code(response) == "RequestEntityTooLarge"
    assert state_of(app).store.select("default", "jobs") == []


def test_batches_do_not_nest(client: FlaskClient, store: JobStore) -> None:
    inner = {"requests": [create("in")]}
    found = answers(post(client, {"id": "1", "method": "POST", "url": "/$batch",
                                  "headers": JSON, "body": inner}))  # fmt: skip
    assert found["1"]["status"] == 400
    assert store.select("default", "jobs") == []


def test_only_post_on_the_batch(client: FlaskClient) -> None:
    response = client.get(BATCH)
    assert response.status_code == 405 and error_code(response) == "MethodNotAllowed"


def test_over_a_socket_with_requests(mockgraph: MockGraph) -> None:
    url = f"{mockgraph.base_url}/$batch"
    payload = {"requests": [create("1"), get("2", dependsOn=["1"])]}
    response = requests.post(url, json=payload, headers=mockgraph.headers("t"), timeout=10)
    assert response.status_code == 200
    found = {a["id"]: a for a in response.json()["responses"]}
    job_id = found["1"]["body"]["id"]
    # Links point at the host that served the batch.
    host = mockgraph.base_url.removesuffix("/beta")
    assert found["1"]["headers"]["Location"].startswith(host)
    assert [j["id"] for j in found["2"]["body"]["value"]] == [job_id]
    calls = mockgraph.assert_called("*", "*", count=2, tenant="t")
    assert {c["batchId"] for c in calls} == {response.headers["request-id"]}


def test_latency_is_waited_out_per_request_as_the_caller_waits(client: FlaskClient) -> None:
    # A caller's wait (in-process interception lends one) reaches each request, so latency
    # inside a batch is applied as on a direct call, one by one. (MockGraphServer runs a batch
    # on a thread of its own, where it just sleeps: tests/serving/test_serving.py.)
    waits: list[float] = []
    client.post(f"{ADMIN}/faults", json={"method": "GET", "path": "jobs", "latencyMs": 250})
    response = client.post(
        BATCH,
        json={"requests": [get("1"), get("2"), create("3")]},
        environ_base={WAIT_KEY: waits.append},
    )
    assert [a["status"] for a in answers(response).values()] == [200, 200, 201]
    assert waits == [0.25, 0.25]


def test_a_query_with_any_character_is_read_as_utf8(client: FlaskClient, store: JobStore) -> None:
    store.create("default", "jobs", {"@odata.type": "#microsoft.graph.jobResponseBase"}, "j")
    url = "/dataClassification/jobs?$filter=status eq 'Ā€😀'"
    answer = post(client, get("1", url), get("2", "/dataClassification/jobs?\u0100"))
    assert answer.status_code == 200
    statuses = {r["id"]: r["status"] for r in answer.get_json()["responses"]}
    assert statuses == {"1": 200, "2": 200}
    assert [r["body"]["value"] for r in answer.get_json()["responses"] if r["id"] == "1"] == [[]]
