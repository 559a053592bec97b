"""Graph's behaviour around the data: headers, auth, and every error path, always the envelope."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.store import JobStore
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer, error_code, token_for
from tests.support.payloads import job

GRAPH_JSON = "application/json;odata.metadata=minimal"


def test_every_response_has_a_request_id_and_echoes_client_request_id(client: FlaskClient) -> None:
    response = client.get(f"{BASE}/jobs", headers={"client-request-id": "abc-123"})
    assert response.headers["client-request-id"] == "abc-123"
    assert len(response.headers["request-id"]) == 36
    assert response.content_type.startswith(GRAPH_JSON)
    other = client.get(f"{BASE}/jobs")
    assert other.headers["request-id"] != response.headers["request-id"]


def test_error_envelope_carries_the_ids(client: FlaskClient) -> None:
    response = client.get(f"{BASE}/jobs/nope", headers={"client-request-id": "c-1"})
    inner = response.get_json()["error"]["innerError"]
    assert inner["client-request-id"] == "c-1"
    assert inner["request-id"] == response.headers["request-id"]
    assert len(inner["date"]) == 19 and inner["date"][10] == "T"
    assert error_code(response) == "itemNotFound"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}, {"Authorization": "Bearer"}],
    ids=["none", "basic", "empty-bearer", "bare-scheme"],
)
def test_graph_routes_need_a_bearer_token(app: Flask, store: JobStore, headers: dict) -> None:
    response = app.test_client().post(f"{BASE}/jobs", json=job(), headers=headers)
    assert response.status_code == 401
    assert error_code(response) == "InvalidAuthenticationToken"
    assert store.select("default", "jobs") == []


def test_a_jwt_that_does_not_decode_is_401(app: Flask) -> None:
    response = app.test_client().get(f"{BASE}/jobs", headers={"Authorization": "Bearer a.b.c"})
    assert response.status_code == 401
    assert error_code(response) == "InvalidAuthenticationToken"


def test_auth_can_be_switched_off() -> None:
    client = create_app({"MOCKGRAPH_AUTH": False}).test_client()
    assert client.get(f"{BASE}/jobs").status_code == 200


def test_an_unknown_setting_is_an_error() -> None:
    with pytest.raises(KeyError):
        create_app({"MOCKGRAPH_AUHT": False})


def test_tenants_never_see_each_others_jobs(app: Flask) -> None:
    client = app.test_client()
    a, b = bearer("tenant-a"), bearer("tenant-b")
    job_id = client.post(f"{BASE}/jobs", json=job(), headers=a).get_json()["id"]
    assert client.get(f"{BASE}/jobs", headers=b).get_json()["value"] == []
    assert client.get(f"{BASE}/jobs/$count", headers=b).data == b"0"
    for method in ("get", "patch", "delete"):
        kwargs = {"json": {"status": "x"}} if method == "patch" else {}
        response = getattr(client, method)(f"{BASE}/jobs/{job_id}", headers=b, **kwargs)
        assert response.status_code == 404, method
        assert error_code(response) == "itemNotFound"
    assert client.get(f"{BASE}/jobs/{job_id}", headers=a).get_json()["status"] == "completed"
    opaque = client.get(f"{BASE}/jobs", headers=bearer()).get_json()["value"]
    assert opaque == []


def test_a_token_without_tid_uses_the_default_tenant(app: Flask) -> None:
    client = app.test_client()
    token = token_for("")  # empty tid
    client.post(f"{BASE}/jobs", json=job(), headers={"Authorization": f"Bearer {token}"})
    assert len(client.get(f"{BASE}/jobs", headers=bearer()).get_json()["value"]) == 1


def test_unknown_route_is_a_graph_404(client: FlaskClient) -> None:
    for path in ("/beta/dataClassification/nope", "/nowhere", "/beta/dataClassification/jobs/a/b"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert error_code(response) == "ResourceNotFound"


@pytest.mark.parametrize(
    "path",
    [f"{BASE}//jobs", "/beta//dataClassification/jobs", "//_mockgraph/health", f"{BASE}/jobs/"],
    ids=["double-slash", "double-slash-early", "double-slash-admin", "trailing-slash"],
)
def test_odd_slashes_are_graph_404s_not_redirects(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert (response.status_code, error_code(response)) == (404, "ResourceNotFound")
    assert response.mimetype == "application/json"


def test_wrong_method_is_a_graph_405_with_allow(client: FlaskClient) -> None:
    response = client.put(f"{BASE}/jobs/x", json={})
    assert response.status_code == 405
    assert error_code(response) == "MethodNotAllowed"
    assert "PATCH" in response.headers["Allow"]
    assert client.delete(f"{BASE}/jobs").status_code == 405


def test_the_allow_header_lists_every_method_of_the_path(client: FlaskClient) -> None:
    cases = {
        f"{BASE}/jobs": "GET, HEAD, OPTIONS, POST",
        f"{BASE}/jobs/x": "DELETE, GET, HEAD, OPTIONS, PATCH",
        # $count is also a job id as far as PATCH and DELETE can tell
        f"{BASE}/jobs/$count": "DELETE, GET, HEAD, OPTIONS, PATCH",
        "/beta/$batch": "OPTIONS, POST",
    }
    tokenless = client.application.test_client()
    for path, allowed in cases.items():
        response = client.put(path, json={})
        assert (response.status_code, error_code(response)) == (405, "MethodNotAllowed"), path
        assert response.headers["Allow"] == allowed, path
        preflight = tokenless.options(path)  # as a browser sends it: no token
        assert (preflight.status_code, preflight.data) == (200, b""), path
        assert preflight.headers["Allow"] == allowed, path
        assert preflight.headers["request-id"], path


def test_patch_or_delete_of_count_is_a_missing_job_not_a_405(client: FlaskClient) -> None:
    for response in (
        client.patch(f"{BASE}/jobs/$count", json={"status": "running"}, headers=bearer()),
        client.delete(f"{BASE}/jobs/$count", headers=bearer()),
    ):
        assert (response.status_code, error_code(response)) == (404, "itemNotFound")
    assert client.get(f"{BASE}/jobs/$count", headers=bearer()).data == b"0"


def test_head_is_get_without_the_body(client: FlaskClient, store: JobStore) -> None:
    created = client.post(f"{BASE}/jobs", json=job(), headers=bearer()).get_json()
    for path in (f"{BASE}/jobs", f"{BASE}/jobs/{created['id']}", f"{BASE}/jobs/$count"):
        got, head = client.get(path, headers=bearer()), client.head(path, headers=bearer())
        assert (head.status_code, head.data) == (200, b""), path
        assert head.headers["Content-Type"] == got.headers["Content-Type"], path
        assert head.headers["Content-Length"] == got.headers["Content-Length"], path
    missing = client.head(f"{BASE}/jobs/nope", headers=bearer())
    assert (missing.status_code, missing.data) == (404, b"")
    assert client.head(f"{BASE}/jobs", headers={"Authorization": ""}).status_code == 401


def test_a_delete_answers_204_with_no_body_and_no_content_type(client: FlaskClient) -> None:
    created = client.post(f"{BASE}/jobs", json=job(), headers=bearer()).get_json()
    response = client.delete(f"{BASE}/jobs/{created['id']}", headers=bearer())
    assert (response.status_code, response.data) == (204, b"")
    assert "Content-Type" not in response.headers
    assert response.headers["client-request-id"] == response.headers["request-id"]


@pytest.mark.parametrize(
    ("content_type", "data"),
    [(None, "{}"), ("text/plain", "{}"), ("application/x-www-form-urlencoded", "a=b")],
    ids=["none", "text", "form"],
)
def test_non_json_body_is_415(client: FlaskClient, store: JobStore, content_type: str | None,
                              data: str) -> None:  # fmt: skip
    headers = {"Content-Type": content_type} if content_type else {}
    for response in (
        client.post(f"{BASE}/jobs", data=data, headers=headers),
        client.patch(f"{BASE}/jobs/x", data=data, headers=headers),
    ):
        assert response.status_code == 415
        assert error_code(response) == "UnsupportedMediaType"
    assert store.select("default", "jobs") == []


def test_json_with_charset_is_accepted(client: FlaskClient) -> None:
    response = client.post(
        f"{BASE}/jobs", data="{}", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "data",
    [
        *(b"", b"{", b"{'a': 1}", b'{"a": NaN}', b"\xff\xfe", b'{"a": 1} x'),
        *(b'{"status": "\\ud800"}', b'{"status": "a\\uDC00"}', b'{"\\ud800": 1}'),
    ],
    ids=[
        *("empty", "truncated", "single-quotes", "nan", "bad-utf8", "trailing"),
        *("lone-high-surrogate", "lone-low-surrogate", "surrogate-in-a-key"),
    ],
)
def test_malformed_json_is_400(client: FlaskClient, store: JobStore, data: bytes) -> None:
    response = client.post(f"{BASE}/jobs", data=data, content_type="application/json")
    assert response.status_code == 400
    assert error_code(response) == "BadRequest"
    assert store.select("default", "jobs") == []


def test_an_escaped_surrogate_pair_is_one_character(client: FlaskClient) -> None:
    data = b'{"status": "\\ud83d\\ude00 done"}'
    response = client.post(f"{BASE}/jobs", data=data, content_type="application/json")
    assert response.status_code == 201
    job_id = response.get_json()["id"]
    assert client.get(f"{BASE}/jobs/{job_id}").get_json()["status"] == "\U0001f600 done"


@pytest.mark.parametrize("data", [b'{"jobs": [{"status": "\\ud800"}]}', b'{"jobs": [{"a": NaN}]}'])
def test_the_admin_api_refuses_what_graph_routes_refuse(
    client: FlaskClient, store: JobStore, data: bytes
) -> None:
    response = client.post("/_mockgraph/seed", data=data, content_type="application/json")
    assert (response.status_code, error_code(response)) == (400, "BadRequest")
    assert store.select("default", "jobs") == []


@pytest.mark.parametrize("body", [[], "x", 1, None], ids=["array", "string", "number", "null"])
def test_non_object_json_is_400(client: FlaskClient, body: object) -> None:
    response = client.post(f"{BASE}/jobs", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert error_code(response) == "invalidRequest"


def test_body_over_the_limit_is_413_and_changes_nothing() -> None:
    app = create_app({"MAX_CONTENT_LENGTH": 2000})
    client = app.test_client()
    big = job(status="x" * 3000)
    response = client.post(f"{BASE}/jobs", json=big, headers=bearer())
    assert response.status_code == 413
    assert error_code(response) == "RequestEntityTooLarge"
    assert state_of(app).store.select("default", "jobs") == []


def test_deeply_nested_json_is_400_not_500(client: FlaskClient) -> None:
    nested = '{"error":' * 5000 + "{}" + "}" * 5000
    response = client.post(f"{BASE}/jobs", data=nested, content_type="application/json")
    assert response.status_code == 400
    assert error_code(response) == "BadRequest"


def test_nesting_just_under_the_limit_goes_to_the_schema(client: FlaskClient) -> None:
    detail: dict = {}
    for _ in range(20):
        detail = {"@odata.type": "#microsoft.graph.classificationError", "details": [detail]}
    response = client.post(f"{BASE}/jobs", json={"error": detail})
    assert response.status_code == 201


def test_validation_error_lists_every_path_in_message_and_details(client: FlaskClient) -> None:
    response = client.post(f"{BASE}/jobs", json={"foo": 1, "status": 2})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalidRequest"
    assert {d["target"] for d in error["details"]} == {"foo", "status"}
    assert "foo" in error["message"] and "status" in error["message"]


def test_unexpected_failure_is_a_graph_500_not_html(app: Flask, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(JobStore, "page", boom)
    response = app.test_client().get(f"{BASE}/jobs", headers=bearer())
    assert response.status_code == 500
    assert error_code(response) == "generalException"


@pytest.mark.parametrize(
    ("path", "segment"),
    [
        ("/v1.0/dataClassification/jobs", "v1.0"),
        ("/dataClassification/jobs", "dataClassification"),
        ("/nowhere/else", "nowhere"),
        ("/_mockgraph/nope/x", "nope"),
        ("/beta/foo", "foo"),
        ("/beta/dataClassification/nope/x", "nope"),
        ("/beta/dataClassification/jobs/a/b/c", "b"),
    ],
    ids=["v1.0", "no-root", "nowhere", "admin", "beta-foo", "unknown-set", "past-an-item"],
)
def test_a_404_names_the_first_segment_that_does_not_resolve(
    client: FlaskClient, path: str, segment: str
) -> None:
    response = client.get(path)
    assert (response.status_code, error_code(response)) == (404, "ResourceNotFound")
    message = response.get_json()["error"]["message"]
    assert message == f"Resource not found for the segment '{segment}'."


JOB_RESULT_TYPES = (
    "classificationJobResponse, dlpEvaluatePoliciesJobResponse, evaluateLabelJobResponse, "
    "evaluateLabelsAndPoliciesJobResponse"
)


@pytest.mark.parametrize(
    ("body", "target", "hint"),
    [
        (
            {"result": {"classification": []}},
            "result",
            f"'result' is a property of {JOB_RESULT_TYPES}, derived from jobResponseBase: "
            'send "@odata.type": "#microsoft.graph.classificationJobResponse" '
            "(or another of them) with it.",
        ),
        (
            {"error": {"details": [{"code": "c", "details": []}]}},
            "error.details[0].details",
            "'details' is a property of classificationError, processingError, derived from "
            'classifcationErrorBase: send "@odata.type": '
            '"#microsoft.graph.classificationError" (or another of them) with it.',
        ),
        (
            {"error": {"@odata.type": "#microsoft.graph.classificationError", "errorType": "x"}},
            "error.errorType",
            "'errorType' is a property of processingError, derived from classificationError: "
            'send "@odata.type": "#microsoft.graph.processingError" with it.',
        ),
    ],
    ids=["result-on-a-job", "details-on-an-error", "one-derived-type"],
)
def test_a_property_of_a_derived_type_says_which_type_to_send(
    client: FlaskClient, store: JobStore, body: dict, target: str, hint: str
) -> None:
    response = client.post(f"{BASE}/jobs", json=body)
    assert (response.status_code, error_code(response)) == (400, "invalidRequest")
    error = response.get_json()["error"]
    detail = f"Unknown field. {hint}"
    assert error["details"] == [{"code": "invalidRequest", "message": detail, "target": target}]
    assert error["message"] == f"Invalid request body. {target}: {detail}"
    assert store.select("default", "jobs") == []


def test_a_property_no_accepted_type_has_is_just_unknown(client: FlaskClient) -> None:
    created = client.post(f"{BASE}/jobs", json=job("jobResponseBase")).get_json()
    for response in (
        client.post(f"{BASE}/jobs", json={"foo": 1}),
        # A PATCH is read as the job's own type: no derived type can be sent there.
        client.patch(f"{BASE}/jobs/{created['id']}", json={"result": {}}),
    ):
        assert response.status_code == 400
        [detail] = response.get_json()["error"]["details"]
        assert detail["message"] == "Unknown field."
