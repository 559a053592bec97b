"""intercept() and the mockgraph_intercept fixture: Graph's real URL answered in process."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import anyio
import httpx
import jwt
import pytest
import requests
import responses
import respx

import mockgraph
from mockgraph.features.tenant_defaults import CONFIDENTIAL, CREDIT_CARD_NUMBER, PUBLIC
from mockgraph.paths import ENTRA_HOST, GRAPH_HOST, SERVICE_ROOT
from mockgraph.testing import MockGraph
from tests.support.graph import bearer

JOBS = f"{GRAPH_HOST}{SERVICE_ROOT}/dataClassification/jobs"
TOKEN_URL = f"{ENTRA_HOST}/contoso/oauth2/v2.0/token"
NEW_JOB = {"@odata.type": "#microsoft.graph.classificationJobResponse", "status": "notStarted"}


def _requests_call(method: str, url: str, **kwargs: Any) -> tuple[int, Any, Any]:
    answered = requests.request(method, url, timeout=10, **kwargs)
    return answered.status_code, answered.headers, answered.json()


def _httpx_call(method: str, url: str, **kwargs: Any) -> tuple[int, Any, Any]:
    with httpx.Client() as client:
        answered = client.request(method, url, **kwargs)
    return answered.status_code, answered.headers, answered.json()


def _async_httpx_call(method: str, url: str, **kwargs: Any) -> tuple[int, Any, Any]:
    async def call() -> tuple[int, Any, Any]:
        async with httpx.AsyncClient() as client:
            answered = await client.request(method, url, **kwargs)
        return answered.status_code, answered.headers, answered.json()

    return asyncio.run(call())


CLIENTS = {"requests": _requests_call, "httpx": _httpx_call, "httpx-async": _async_httpx_call}


@pytest.fixture(params=list(CLIENTS))
def call(request: pytest.FixtureRequest) -> Any:
    """One call through each client library."""
    return CLIENTS[request.param]


def test_create_read_patch_delete_through_each_client(
    mockgraph_intercept: MockGraph, call: Any
) -> None:
    auth = bearer("contoso")
    status, headers, created = call("POST", JOBS, json=NEW_JOB, headers=auth)
    assert status == 201
    assert headers["request-id"]
    item = f"{JOBS}/{created['id']}"
    status, _, read = call("GET", item, headers=auth)
    assert (status, read["status"]) == (200, "notStarted")
    assert read["@odata.context"] == f"{GRAPH_HOST}/beta/$metadata#dataClassification/jobs/$entity"
    status, _, patched = call("PATCH", item, json={"status": "completed"}, headers=auth)
    assert (status, patched["status"]) == (200, "completed")
    assert mockgraph_intercept.jobs("contoso")[0]["status"] == "completed"
    with httpx.Client() as client:  # a 204 has no JSON to read
        assert client.delete(item, headers=auth).status_code == 204
    assert mockgraph_intercept.jobs("contoso") == []
    mockgraph_intercept.assert_called("PATCH", f"jobs/{created['id']}", count=1)


def test_contained_items_through_each_client(mockgraph_intercept: MockGraph, call: Any) -> None:
    labels = f"{GRAPH_HOST}{SERVICE_ROOT}/dataClassification/sensitivityLabels"
    status, _, label = call("POST", labels, json={"displayName": "Confidential"}, headers=bearer())
    assert status == 201
    sublabels = f"{labels}/{label['id']}/sublabels"
    status, headers, sub = call("POST", sublabels, json={"displayName": "All"}, headers=bearer())
    assert (status, headers["Location"]) == (201, f"{sublabels}/{sub['id']}")
    status, _, page = call("GET", labels, params={"$expand": "sublabels"}, headers=bearer())
    assert [s["displayName"] for s in page["value"][0]["sublabels"]] == ["All"]
    with httpx.Client() as client:
        assert client.delete(f"{labels}/{label['id']}", headers=bearer()).status_code == 204
    status, _, body = call("GET", f"{sublabels}/{sub['id']}", headers=bearer())
    assert (status, body["error"]["code"]) == (404, "itemNotFound")


def test_actions_through_each_client(mockgraph_intercept: MockGraph, call: Any) -> None:
    mockgraph_intercept.seed_defaults("contoso")
    service = f"{GRAPH_HOST}{SERVICE_ROOT}/dataClassification"
    found = [{"id": CREDIT_CARD_NUMBER, "count": 1, "confidence": 85}]
    body = {"discoveredSensitiveTypes": found}
    status, _, job = call("POST", f"{service}/sensitivityLabels/evaluate", json=body,
                          headers=bearer("contoso"))  # fmt: skip
    assert (status, job["result"]["recommended"]["sensitivityLabel"]["id"]) == (200, CONFIDENTIAL)
    assert job["@odata.context"].startswith(f"{GRAPH_HOST}/beta/$metadata#")
    ids = f"['{PUBLIC}','{CONFIDENTIAL}']"
    url = f"{service}/sensitivityLabels/computeInheritance(labelIds={ids})"
    status, _, label = call("GET", url, headers=bearer("contoso"))
    assert (status, label["id"]) == (200, CONFIDENTIAL)
    status, _, other = call("GET", url, headers=bearer("fabrikam"))  # no labels there
    assert (status, other["error"]["code"]) == (400, "invalidRequest")


def test_a_throttle_and_a_fault_are_seen_through_each_client(
    mockgraph_intercept: MockGraph, call: Any
) -> None:
    mockgraph_intercept.throttle("GET", "jobs", retry_after=7)
    status, headers, body = call("GET", JOBS, headers=bearer())
    assert (status, headers["Retry-After"], body["error"]["code"]) == (429, "7", "TooManyRequests")
    assert call("GET", JOBS, headers=bearer())[0] == 200
    mockgraph_intercept.add_fault("POST", "jobs", status=503, count=1)
    status, _, body = call("POST", JOBS, json=NEW_JOB, headers=bearer())
    assert (status, body["error"]["code"]) == (503, "serviceNotAvailable")
    assert [c["status"] for c in mockgraph_intercept.requests()] == [429, 200, 503]


def test_next_links_point_at_graph_and_are_intercepted_too(mockgraph_intercept: MockGraph) -> None:
    mockgraph_intercept.seed(*({"id": f"job-{n}"} for n in range(3)))
    with httpx.Client(headers=bearer()) as client:
        page = client.get(JOBS, params={"$top": 2}).json()
        assert page["@odata.nextLink"].startswith(f"{JOBS}?")
        rest = client.get(page["@odata.nextLink"]).json()
    assert [job["id"] for job in page["value"] + rest["value"]] == ["job-0", "job-1", "job-2"]


@pytest.mark.parametrize(
    ("path", "segment"),
    # the mock serves only /beta: it is v1.0 that does not resolve
    [("/v1.0/me", "v1.0"), ("/v1.0/dataClassification/jobs", "v1.0"), ("/beta/users", "users")],
    ids=["v1.0-me", "v1.0-jobs", "beta-users"],
)
def test_other_graph_paths_get_graphs_not_found(
    mockgraph_intercept: MockGraph, call: Any, path: str, segment: str
) -> None:
    status, _, body = call("GET", f"{GRAPH_HOST}{path}", headers=bearer())
    assert (status, body["error"]["code"]) == (404, "ResourceNotFound")
    assert f"'{segment}'" in body["error"]["message"]


def test_the_admin_api_is_no_graph_path(mockgraph_intercept: MockGraph, call: Any) -> None:
    mockgraph_intercept.seed({"id": "job-1"})
    status, headers, body = call("GET", f"{GRAPH_HOST}/_mockgraph/state")
    assert (status, body["error"]["code"]) == (404, "ResourceNotFound")
    assert headers["client-request-id"] == body["error"]["innerError"]["request-id"]


def test_the_token_endpoint_grants_the_tenant_and_scopes_asked_for(
    mockgraph_intercept: MockGraph, call: Any
) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": "app-1",
        "client_secret": "anything",
        "scope": "https://graph.microsoft.com/DataClassification.Read.All",
    }
    status, _, answer = call("POST", TOKEN_URL, data=form)
    assert (status, answer["token_type"], answer["expires_in"]) == (200, "Bearer", 3599)
    claims = jwt.decode(answer["access_token"], options={"verify_signature": False})
    assert (claims["tid"], claims["roles"], claims["appid"]) == (
        "contoso",
        ["DataClassification.Read.All"],
        "app-1",
    )
    graph_call = call("POST", JOBS, json=NEW_JOB, headers=_bearer(answer))
    assert graph_call[0] == 201
    assert len(mockgraph_intercept.jobs("contoso")) == 1


def _bearer(token_answer: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_answer['access_token']}"}


def test_a_delegated_grant_gets_scp(mockgraph_intercept: MockGraph) -> None:
    form = {"grant_type": "refresh_token", "refresh_token": "r", "scope": "User.Read openid"}
    answer = requests.post(TOKEN_URL, data=form, timeout=10).json()
    claims = jwt.decode(answer["access_token"], options={"verify_signature": False})
    assert (claims["scp"], "roles" in claims) == ("User.Read", False)


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/contoso/v2.0/.well-known/openid-configuration", {"token_endpoint": TOKEN_URL}),
        ("/common/discovery/instance?api-version=1.1", {"api-version": "1.1"}),
    ],
    ids=["openid-configuration", "instance-discovery"],
)
def test_entra_discovery_documents(
    mockgraph_intercept: MockGraph, call: Any, path: str, fields: dict[str, str]
) -> None:
    status, _, document = call("GET", f"{ENTRA_HOST}{path}")
    assert status == 200
    assert {key: document[key] for key in fields} == fields


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({}, 400, "invalid_request"),
        ({"grant_type": "device_code"}, 400, "unsupported_grant_type"),
    ],
    ids=["no-grant", "unknown-grant"],
)
def test_entra_refusals(
    mockgraph_intercept: MockGraph, form: dict[str, str], status: int, error: str
) -> None:
    answer = requests.post(TOKEN_URL, data=form, timeout=10)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    unknown = httpx.get(f"{ENTRA_HOST}/contoso/saml2")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")


def test_default_scope_grants_the_permissions_the_mock_requires() -> None:
    required = {"MOCKGRAPH_REQUIRED_SCOPES": ("DataClassification.Read.All",)}
    with mockgraph.intercept(config=required):
        default = {"grant_type": "client_credentials", "scope": f"{GRAPH_HOST}/.default"}
        granted = requests.post(TOKEN_URL, data=default, timeout=10).json()
        assert httpx.get(JOBS, headers=_bearer(granted)).status_code == 200
        other = {"grant_type": "client_credentials", "scope": f"{GRAPH_HOST}/User.Read"}
        refused = requests.post(TOKEN_URL, data=other, timeout=10).json()
        answered = httpx.get(JOBS, headers=_bearer(refused))
        assert (answered.status_code, answered.json()["error"]["code"]) == (
            403,
            "Authorization_RequestDenied",
        )


def test_latency_is_waited_out_by_the_client_that_called(
    mockgraph_intercept: MockGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocking: list[float] = []
    not_blocking: list[float] = []

    async def loop_sleep(seconds: float) -> None:
        not_blocking.append(seconds)

    monkeypatch.setattr(time, "sleep", blocking.append)  # recorded, never slept
    monkeypatch.setattr(anyio, "sleep", loop_sleep)
    mockgraph_intercept.add_fault("GET", "jobs", latency_ms=250)
    assert _requests_call("GET", JOBS, headers=bearer())[0] == 200
    assert _httpx_call("GET", JOBS, headers=bearer())[0] == 200
    assert blocking == [0.25, 0.25]
    assert _async_httpx_call("GET", JOBS, headers=bearer())[0] == 200
    # An async client waits on its event loop: the blocking sleep is not called.
    assert (blocking, not_blocking) == ([0.25, 0.25], [0.25])


def test_other_hosts_pass_through_to_whatever_sends_for_real() -> None:
    # Mocks started before the interception, standing in for the network, see the rest.
    with respx.mock() as outer_httpx, responses.RequestsMock() as outer_requests:
        outer_httpx.get("https://example.test/").respond(299)
        outer_requests.add("GET", "https://example.test/", status=299)
        with mockgraph.intercept() as graph:
            assert httpx.get("https://example.test/").status_code == 299
            assert requests.get("https://example.test/", timeout=10).status_code == 299
            assert httpx.get(JOBS, headers=bearer()).status_code == 200
            assert requests.get(JOBS, headers=bearer(), timeout=10).status_code == 200
            assert len(graph.requests()) == 2
        # Stopped: Graph's URL is not answered by the mock any more.
        with pytest.raises(respx.models.AllMockedAssertionError):
            httpx.get(JOBS)
        with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
            requests.get(JOBS, timeout=10)


def test_a_respx_router_started_inside_sees_other_hosts_and_never_graph() -> None:
    with mockgraph.intercept() as graph, respx.mock() as inner_httpx:
        inner_httpx.get("https://example.test/").respond(299)
        assert httpx.get("https://example.test/").status_code == 299
        assert httpx.get(JOBS, headers=bearer()).status_code == 200
        assert len(graph.requests()) == 1
        assert inner_httpx.calls.call_count == 1


def test_each_interception_starts_empty() -> None:
    interception = mockgraph.intercept()
    with interception as graph:
        requests.post(JOBS, json=NEW_JOB, headers=bearer(), timeout=10)
        assert len(graph.jobs()) == 1
    with interception as graph:
        assert graph.jobs() == [] and graph.requests() == []
    with pytest.raises(RuntimeError, match="already active"), interception, interception:
        pass
    assert not interception.active


@mockgraph.intercept
def test_the_decorator_on_a_function() -> None:
    assert httpx.post(JOBS, json=NEW_JOB, headers=bearer()).status_code == 201


def test_the_decorator_on_a_coroutine_function() -> None:
    seen: list[int] = []

    @mockgraph.intercept(config={"MOCKGRAPH_AUTH": False})
    async def list_jobs() -> None:
        async with httpx.AsyncClient() as client:
            seen.append((await client.get(JOBS)).status_code)

    asyncio.run(list_jobs())
    assert seen == [200]


def test_bodies_of_every_shape_requests_sends(mockgraph_intercept: MockGraph) -> None:
    import io
    import json

    text = json.dumps(NEW_JOB)
    headers = {**bearer(), "Content-Type": "application/json"}
    for body in (text, text.encode(), io.BytesIO(text.encode()), iter([text[:5], text[5:]])):
        assert requests.post(JOBS, data=body, headers=headers, timeout=10).status_code == 201
    assert len(mockgraph_intercept.jobs()) == 4


SEEN_BY_TESTS: list[str] = []


@pytest.mark.parametrize("turn", ["first", "second"])
def test_isolation_between_tests(mockgraph_intercept: MockGraph, turn: str) -> None:
    assert mockgraph_intercept.jobs() == [] and mockgraph_intercept.requests() == []
    assert mockgraph_intercept.faults() == []
    requests.post(JOBS, json=NEW_JOB, headers=bearer(), timeout=10)
    mockgraph_intercept.add_fault("GET", "jobs", status=500)
    SEEN_BY_TESTS.append(turn)


def test_the_fixture_helper_is_a_mockgraph_at_graphs_url(mockgraph_intercept: MockGraph) -> None:
    assert isinstance(mockgraph_intercept, MockGraph)
    assert mockgraph_intercept.base_url == "https://graph.microsoft.com/beta"
    assert mockgraph_intercept.url == GRAPH_HOST


def test_a_doubled_slash_after_the_service_root_is_served(mockgraph_intercept: MockGraph) -> None:
    # What the SDK sends when built as its README builds it (base URL ".../beta/").
    mockgraph_intercept.seed({"id": "job-1"})
    answered = httpx.get(f"{GRAPH_HOST}/beta//dataClassification/jobs?$top=1", headers=bearer())
    assert [job["id"] for job in answered.json()["value"]] == ["job-1"]
    mockgraph_intercept.assert_called("GET", "jobs", count=1)


def test_aiohttp_without_its_hook_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from mockgraph.interception import transports

    found = importlib.util.find_spec
    fake = {"aiohttp": found("json"), "aioresponses": None}  # aiohttp there, no hook for it
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: fake[name] if name in fake else found(name)
    )
    with pytest.warns(transports.MissingHookWarning, match=r"mockgraph\[aiohttp\]"):
        with mockgraph.intercept():
            pass


def test_a_batch_through_each_client(mockgraph_intercept: MockGraph, call: Any) -> None:
    batch = {
        "requests": [
            {
                "id": "create",
                "method": "POST",
                "url": "/dataClassification/jobs",
                "headers": {"Content-Type": "application/json"},
                "body": NEW_JOB,
            },
            {
                "id": "list",
                "method": "GET",
                "url": "dataClassification/jobs",
                "dependsOn": ["create"],
            },
        ]
    }
    status, _, answer = call("POST", f"{GRAPH_HOST}/beta/$batch", json=batch, headers=bearer())
    assert status == 200
    responses = {r["id"]: r for r in answer["responses"]}
    assert responses["create"]["status"] == 201
    assert [job["id"] for job in responses["list"]["body"]["value"]] == [
        responses["create"]["body"]["id"]
    ]
    assert [c["batchRequestId"] for c in mockgraph_intercept.requests("*", "*")] == [
        "create",
        "list",
    ]


def test_latency_inside_a_batch_is_waited_out_by_the_client(
    mockgraph_intercept: MockGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_blocking: list[float] = []

    async def loop_sleep(seconds: float) -> None:
        not_blocking.append(seconds)

    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("a blocking sleep"))
    monkeypatch.setattr(anyio, "sleep", loop_sleep)
    mockgraph_intercept.add_fault("GET", "jobs", latency_ms=100)
    batch = {"requests": [{"id": "1", "method": "GET", "url": "/dataClassification/jobs"}]}
    status, _, answer = _async_httpx_call(
        "POST", f"{GRAPH_HOST}/beta/$batch", json=batch, headers=bearer()
    )
    assert (status, answer["responses"][0]["status"]) == (200, 200)
    assert not_blocking == [0.1]
