"""Every limit is configurable and answered with a clear Graph error that changes nothing."""

from __future__ import annotations

from mockgraph import create_app
from tests.support.graph import BASE, bearer, error_code


def client_with(**config: object):
    client = create_app(config).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
    return client


def test_jobs_per_tenant() -> None:
    client = client_with(MOCKGRAPH_MAX_JOBS_PER_TENANT=2)
    for _ in range(2):
        assert client.post(f"{BASE}/jobs", json={}).status_code == 201
    response = client.post(f"{BASE}/classifyFileJobs", json={})
    assert response.status_code == 507
    assert error_code(response) == "quotaLimitReached"
    assert client.get(f"{BASE}/jobs/$count").data == b"2"
    other = client.post(f"{BASE}/jobs", json={}, headers=bearer("another-tenant"))
    assert other.status_code == 201


def test_filter_length_and_complexity() -> None:
    client = client_with(MOCKGRAPH_MAX_FILTER_LENGTH=40, MOCKGRAPH_MAX_FILTER_NODES=7)
    ok = "status eq 'a' or status eq 'b'"
    assert client.get(f"{BASE}/jobs?$filter={ok}").status_code == 200
    long = client.get(f"{BASE}/jobs?$filter=status eq '{'x' * 40}'")
    assert long.status_code == 400 and "longer than 40" in long.get_json()["error"]["message"]
    many = client.get(f"{BASE}/jobs/$count?$filter=id eq 'a' or id eq 'b' or id eq 'c'")
    assert many.status_code == 400 and "more than 7" in many.get_json()["error"]["message"]
    assert error_code(many) == "BadRequest"


def test_top() -> None:
    client = client_with(MOCKGRAPH_MAX_TOP=10)
    assert client.get(f"{BASE}/jobs?$top=10").status_code == 200
    response = client.get(f"{BASE}/jobs?$top=11")
    assert response.status_code == 400 and "10" in response.get_json()["error"]["message"]


def test_json_depth() -> None:
    client = client_with(MOCKGRAPH_MAX_JSON_DEPTH=3)
    assert client.post(f"{BASE}/jobs", json={"error": {"innerError": {}}}).status_code == 201
    deep = client.post(f"{BASE}/jobs", json={"error": {"details": [{"innerError": {}}]}})
    assert deep.status_code == 400 and "deeper than 3" in deep.get_json()["error"]["message"]
    assert client.get(f"{BASE}/jobs/$count").data == b"1"


def test_body_size() -> None:
    client = client_with(MAX_CONTENT_LENGTH=100)
    response = client.post(f"{BASE}/jobs", json={"status": "x" * 200})
    assert response.status_code == 413
    assert client.get(f"{BASE}/jobs/$count").data == b"0"
