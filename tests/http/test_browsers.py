"""Web pages and the mock: Graph's paths answer CORS as Graph does (any origin, preflights with
the SDKs' headers, the ids readable), the admin API refuses other origins and host names.
``tests/browser/browser_cors.py`` tries the same in headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.auth import ADMIN_TOKEN_HEADER
from mockgraph.http.current import state_of
from tests.support.graph import BASE, error_code

PAGE = "http://app.example:3000"
JOBS = f"{BASE}/jobs"
SDK_HEADERS = "authorization,content-type,client-request-id,sdkversion,consistencylevel,prefer"


def test_a_preflight_is_answered_for_any_origin_with_the_headers_asked(
    client: FlaskClient,
) -> None:
    answer = client.options(
        JOBS,
        headers={
            "Origin": PAGE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": SDK_HEADERS,
            "Authorization": "",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "PATCH" in answer.headers["Access-Control-Allow-Methods"]
    assert answer.headers["Access-Control-Allow-Headers"] == SDK_HEADERS
    # a preflight is the browser's, not the page's call: neither journaled nor faulted
    assert client.get("/_mockgraph/requests").get_json()["value"] == []


def test_a_public_pages_preflight_may_reach_the_local_mock(client: FlaskClient) -> None:
    asked = {
        "Origin": "https://preview.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Private-Network": "true",
    }
    answer = client.options(JOBS, headers=asked)
    assert answer.headers["Access-Control-Allow-Private-Network"] == "true"
    del asked["Access-Control-Request-Private-Network"]
    assert "Access-Control-Allow-Private-Network" not in client.options(JOBS, headers=asked).headers


def test_a_preflight_is_never_faulted(client: FlaskClient) -> None:
    rule = {"method": "*", "path": "*", "status": 503}
    assert client.post("/_mockgraph/faults", json=rule).status_code == 201
    headers = {"Origin": PAGE, "Access-Control-Request-Method": "GET"}
    assert client.options(JOBS, headers=headers).status_code == 200
    assert client.get(JOBS, headers={"Origin": PAGE}).status_code == 503


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", JOBS, {"status": "running"}),
        ("GET", f"{BASE}/jobs/nope", None),
        ("GET", f"{BASE}/nope", None),
        ("POST", "/beta/$batch", {"requests": []}),
        ("GET", "/beta/$metadata", None),
    ],
)
def test_every_graph_answer_to_a_page_is_readable(
    client: FlaskClient, method: str, path: str, body: Any
) -> None:
    answer = client.open(path, method=method, json=body, headers={"Origin": PAGE})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {
        h.strip().lower() for h in answer.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert {"request-id", "client-request-id", "location", "retry-after"} <= exposed


def test_an_answer_without_origin_has_no_cors_headers(client: FlaskClient) -> None:
    assert "Access-Control-Allow-Origin" not in client.get(JOBS).headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost:9999"},  # another port is another origin
        {"Sec-Fetch-Site": "cross-site"},
        {"Host": "rebound.example:8000"},
        {"Host": "rebound.example:8000", "Origin": "http://rebound.example:8000"},
    ],
)
def test_the_admin_api_refuses_what_a_foreign_page_could_send(
    client: FlaskClient, app: Flask, headers: dict[str, str]
) -> None:
    client.post(JOBS, json={"status": "running"})
    for method, path in (("POST", "reset"), ("GET", "requests"), ("GET", "state")):
        answer = client.open(
            f"/_mockgraph/{path}", method=method, data="x", content_type="text/plain",
            headers=headers,
        )  # fmt: skip
        assert (answer.status_code, error_code(answer)) == (403, "Authorization_RequestDenied")
    assert len(state_of(app).store.export()["default"]) == 1  # nothing was reset


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "http://localhost"},  # the page the mock serves itself
        {"Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000"},
        {"Host": "[::1]:8000"},
        {"Host": "dev.localhost:8000"},
        {"Sec-Fetch-Site": "same-origin"},
    ],
)
def test_the_admin_api_answers_its_own_pages_and_tools(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    assert client.get("/_mockgraph/health", headers=headers).status_code == 200


def test_other_host_names_may_be_allowed_or_guarded_by_a_token() -> None:
    allowed = create_app({"MOCKGRAPH_ALLOWED_HOSTS": ("devbox",)}).test_client()
    assert allowed.get("/_mockgraph/health", headers={"Host": "devbox:8000"}).status_code == 200
    assert allowed.get("/_mockgraph/health", headers={"Host": "other:8000"}).status_code == 403
    anyone = create_app({"MOCKGRAPH_ALLOWED_HOSTS": ("*",)}).test_client()
    assert anyone.get("/_mockgraph/health", headers={"Host": "other:8000"}).status_code == 200
    guarded = create_app({"MOCKGRAPH_ADMIN_TOKEN": "s3cret"}).test_client()
    token = {"Host": "devbox.lan:8000", ADMIN_TOKEN_HEADER: "s3cret"}
    assert guarded.get("/_mockgraph/health", headers=token).status_code == 200
    foreign = {**token, "Origin": "http://evil.example"}
    assert guarded.get("/_mockgraph/health", headers=foreign).status_code == 403
