"""Retry-After as a contract: a call made before its wait has passed is throttled again."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from mockgraph.features.clock import Clock
from mockgraph.http.current import state_of
from mockgraph.testing import MockGraph
from tests.support.graph import BASE, bearer, error_code

ADMIN = "/_mockgraph"
ENFORCED = {"method": "GET", "path": "jobs", "status": 429, "retryAfter": 5, "count": 1}


def add(client: FlaskClient, **spec: Any) -> dict[str, Any]:
    response = client.post(f"{ADMIN}/faults", json={**ENFORCED, "enforceRetryAfter": True, **spec})
    assert response.status_code == 201, response.get_json()
    rule: dict[str, Any] = response.get_json()
    return rule


def advance(client: FlaskClient, seconds: float) -> None:
    assert client.post(f"{ADMIN}/clock/advance", json={"seconds": seconds}).status_code == 200


def get_jobs(client: FlaskClient, tenant: str = "contoso", **headers: str) -> Any:
    return client.get(f"{BASE}/jobs", headers={**bearer(tenant), **headers})


def journal(client: FlaskClient) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = client.get(f"{ADMIN}/requests").get_json()["value"]
    return entries


def test_a_call_before_retry_after_has_passed_is_throttled_again(client: FlaskClient) -> None:
    rule = add(client)
    first = get_jobs(client)
    assert (first.status_code, first.headers["Retry-After"]) == (429, "5")
    again = get_jobs(client, **{"Retry-Attempt": "1"})
    assert (again.status_code, again.headers["Retry-After"]) == (429, "5")
    assert error_code(again) == "TooManyRequests"
    advance(client, 3.2)
    later = get_jobs(client, **{"Retry-Attempt": "2"})
    assert (later.status_code, later.headers["Retry-After"]) == (429, "2")  # what is left
    advance(client, 1.8)
    assert get_jobs(client, **{"Retry-Attempt": "3"}).status_code == 200
    entries = journal(client)
    assert [(e["status"], e["earlyRetry"], e["retryAttempt"]) for e in entries] == [
        (429, False, None),
        (429, True, 1),
        (429, True, 2),
        (200, False, 3),
    ]
    assert [e["fault"] for e in entries] == [rule["id"]] * 3 + [None]
    assert entries[1]["headers"]["retry-attempt"] == "1"
    (listed,) = client.get(f"{ADMIN}/faults").get_json()["value"]
    assert (listed["hits"], listed["earlyRetries"], listed["remaining"]) == (1, 2, 0)


def test_the_wait_is_per_tenant(client: FlaskClient) -> None:
    add(client)
    assert get_jobs(client, "a").status_code == 429
    assert get_jobs(client, "b").status_code == 200  # the rule's one firing was a's
    assert get_jobs(client, "a").status_code == 429  # a still waits
    advance(client, 5)
    assert get_jobs(client, "a").status_code == 200


def test_the_wait_is_per_matching_rule(client: FlaskClient) -> None:
    add(client)
    assert get_jobs(client).status_code == 429
    # Calls the rule is not about go through while the wait lasts.
    assert client.get(f"{BASE}/classifyFileJobs", headers=bearer("contoso")).status_code == 200
    assert client.post(f"{BASE}/jobs", json={}, headers=bearer("contoso")).status_code == 201
    assert get_jobs(client).status_code == 429


def test_a_rule_firing_on_every_call_restarts_the_wait(client: FlaskClient) -> None:
    add(client, count=None, retryAfter=2)
    assert get_jobs(client).status_code == 429
    advance(client, 2)
    assert get_jobs(client).status_code == 429  # waited, but the rule fires again
    assert [e["earlyRetry"] for e in journal(client)] == [False, False]


def test_without_enforcement_an_early_retry_goes_through(client: FlaskClient) -> None:
    client.post(f"{ADMIN}/faults", json=ENFORCED)
    assert get_jobs(client).status_code == 429
    assert get_jobs(client).status_code == 200


@pytest.mark.parametrize("how", ["rule-removed", "faults-cleared", "reset"])
def test_forgetting_the_rule_ends_the_wait(client: FlaskClient, how: str) -> None:
    rule = add(client)
    assert get_jobs(client).status_code == 429
    if how == "rule-removed":
        client.delete(f"{ADMIN}/faults/{rule['id']}")
    elif how == "faults-cleared":
        client.delete(f"{ADMIN}/faults")
    else:
        client.post(f"{ADMIN}/reset")
    assert get_jobs(client).status_code == 200


def test_a_503_with_retry_after_can_be_enforced_too(client: FlaskClient) -> None:
    add(client, status=503, retryAfter=10)
    assert get_jobs(client).status_code == 503
    again = get_jobs(client)
    assert (again.status_code, again.headers["Retry-After"]) == (503, "10")
    assert error_code(again) == "serviceNotAvailable"


BAD_RULES = [
    pytest.param({"status": None, "latencyMs": 5}, id="latency-only"),
    pytest.param({"status": 503, "retryAfter": None}, id="no-retry-after"),
    pytest.param({"enforceRetryAfter": "yes"}, id="not-a-boolean"),
]


@pytest.mark.parametrize("spec", BAD_RULES)
def test_an_enforced_rule_needs_a_retry_after(client: FlaskClient, spec: dict[str, Any]) -> None:
    body = {**ENFORCED, "enforceRetryAfter": True, **spec}
    response = client.post(f"{ADMIN}/faults", json={k: v for k, v in body.items() if v is not None})
    assert response.status_code == 400
    assert error_code(response) == "BadRequest"
    assert client.get(f"{ADMIN}/faults").get_json()["value"] == []


def test_the_clock_moves_on_only_when_told(client: FlaskClient) -> None:
    before = client.get(f"{ADMIN}/clock").get_json()
    assert before["offset"] == 0
    moved = client.post(f"{ADMIN}/clock/advance", json={"seconds": 90}).get_json()
    assert moved["offset"] == 90 and moved["now"] >= before["now"] + 90


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"seconds": -1},
        {"seconds": "5"},
        {"seconds": True},
        {"seconds": 1e300},
        {"seconds": 10**400},
        [5],
        {"x": 1},
    ],
    ids=["empty", "negative", "string", "bool", "huge", "huge-int", "list", "unknown"],
)
def test_a_bad_clock_move_is_400(client: FlaskClient, app: Flask, body: Any) -> None:
    response = client.post(f"{ADMIN}/clock/advance", json=body)
    assert response.status_code == 400
    assert error_code(response) == "BadRequest"
    assert state_of(app).clock.offset == 0


def test_the_clock_reads_its_source_plus_the_moves() -> None:
    ticks = iter([100.0, 101.0])
    clock = Clock(source=lambda: next(ticks))
    assert clock.now() == 100.0
    assert clock.advance(4) == 105.0


def test_over_a_socket_with_the_helpers(mockgraph: MockGraph) -> None:
    url = f"{mockgraph.base_url}/dataClassification/jobs"
    rule = mockgraph.throttle("GET", "jobs", retry_after=30, enforce_retry_after=True)
    assert requests.get(url, headers=mockgraph.headers(), timeout=10).status_code == 429
    early = requests.get(url, headers={**mockgraph.headers(), "Retry-Attempt": "1"}, timeout=10)
    assert (early.status_code, early.headers["Retry-After"]) == (429, "30")
    start = mockgraph.clock()
    assert mockgraph.advance_clock(30) >= start + 30
    assert requests.get(url, headers=mockgraph.headers(), timeout=10).status_code == 200
    calls = mockgraph.assert_called("GET", "jobs", count=3)
    assert [c["earlyRetry"] for c in calls] == [False, True, False]
    assert calls[1]["retryAttempt"] == 1
    assert mockgraph.faults()[0]["earlyRetries"] == 1 and rule["enforceRetryAfter"] is True
