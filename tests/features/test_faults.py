"""Fault rules: parsing, matching, counting, the errors they answer, and the app's hooks."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.errors import BadRequestError, GraphError, NotFoundError, TooManyRequestsError
from mockgraph.features.faults import FaultRule, FaultSet, Fired, parse_rule, path_matches
from mockgraph.http import instrument
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer, error_code


def rule(tenant: str | None = None, **spec: Any) -> FaultRule:
    return parse_rule({"status": 503, **spec}, tenant)


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("jobs", f"{BASE}/jobs", True),
        ("jobs", f"{BASE}/jobs/1", False),
        ("jobs/*", f"{BASE}/jobs/1", True),
        ("*", f"{BASE}/classifyFileJobs/1/x", True),
        ("jobs/$count", f"{BASE}/jobs/$count", True),
        ("/beta/*", "/beta/anything", True),
        ("/beta/dataClassification/jobs", f"{BASE}/jobs", True),
        ("classify*Jobs", f"{BASE}/classifyTextJobs", True),
        ("*", BASE, True),
        ("jobs/*", BASE, False),
        ("*", "/beta/$batch", False),
    ],
    ids=[
        "relative",
        "not-below",
        "glob",
        "star-crosses-slash",
        "dollar",
        "absolute",
        "full",
        "mid",
        "star-is-the-singleton-too",
        "relative-is-below-the-singleton",
        "star-is-the-service-only",
    ],
)
def test_path_patterns(pattern: str, path: str, expected: bool) -> None:
    assert path_matches(pattern, path) is expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ([], "must be a JSON object"),
        ({"status": 500, "colour": "red"}, "Unknown fault properties: colour"),
        ({}, "needs a 'status'"),
        ({"status": 200}, "'status' must be an integer from 400 to 599"),
        ({"status": 600}, "from 400 to 599"),
        ({"status": "500"}, "must be an integer"),
        ({"status": True}, "must be an integer"),
        ({"status": 499}, "499 is not an HTTP status"),
        ({"latencyMs": -1}, "'latencyMs' must be a number from 0 to 60000"),
        ({"latencyMs": 60001}, "from 0 to 60000"),
        ({"status": 500, "count": 0}, "'count' must be an integer at least 1"),
        ({"status": 500, "retryAfter": -1}, "'retryAfter' must be a number"),
        ({"status": 500, "method": ""}, "'method' must be a non-empty string"),
        ({"status": 500, "path": 5}, "'path' must be a non-empty string"),
        ({"status": 500, "code": 5}, "'code' must be a non-empty string"),
    ],
    ids=[
        *("not-an-object", "unknown-key", "nothing-to-do", "status-2xx", "status-600"),
        *("status-string", "status-bool", "status-unassigned", "latency-negative"),
        *("latency-too-long", "count-zero", "retry-negative", "method-empty", "path-number"),
        "code-number",
    ],
)
def test_bad_rules_are_400(spec: Any, message: str) -> None:
    with pytest.raises(BadRequestError, match=message):
        parse_rule(spec, None)


def test_a_rule_defaults_to_every_method_path_and_call() -> None:
    parsed = parse_rule({"status": 500}, "t")
    assert (parsed.method, parsed.path, parsed.count, parsed.remaining) == ("*", "*", None, None)
    assert parsed.tenant == "t" and parsed.latency_ms == 0
    assert parse_rule({"method": "get", "latencyMs": 5}, None).method == "GET"


def test_null_fields_are_their_defaults() -> None:
    # Found by tests/http/test_fuzz_admin.py: {"method": null} was a 500 (None.upper()).
    parsed = parse_rule({"status": 503, "method": None, "path": None, "code": None}, None)
    assert (parsed.method, parsed.path, parsed.code) == ("*", "*", None)


@pytest.mark.parametrize(
    "body",
    [
        b'{"status": 503, "retryAfter": 1' + b"0" * 400 + b"}",
        b'{"status": 503, "retryAfter": 1e400}',
        b'{"latencyMs": 1e400}',
        b'{"status": 503, "count": 1e400}',
    ],
    ids=["retry-after-beyond-float", "retry-after-infinite", "latency-infinite", "count-float"],
)
def test_numbers_no_float_holds_are_400(client: FlaskClient, body: bytes) -> None:
    # Found by tests/http/test_fuzz_admin.py: a 401-digit retryAfter was a 500 (float() overflow),
    # and 1e400, read as an infinity, came back as Infinity, which no JSON parser reads.
    response = client.post("/_mockgraph/faults", data=body)
    assert (response.status_code, error_code(response)) == (400, "BadRequest")
    assert client.get("/_mockgraph/faults").get_json()["value"] == []


def test_throttling_is_graphs_429() -> None:
    error = rule(status=429).error()
    assert isinstance(error, TooManyRequestsError)
    assert (error.status, error.code) == (429, "TooManyRequests")
    assert error.message == "Please retry again later."  # Graph's own words
    assert error.headers["Retry-After"] == "1"
    fractional = rule(status=429, retryAfter=2.5).error()
    assert fractional is not None and fractional.headers["Retry-After"] == "3"  # whole seconds


@pytest.mark.parametrize(
    ("retry_after", "header"),
    [(1.5, "2"), (1e-7, "1"), (0, "0"), (0.0, "0"), (2, "2"), (2.0, "2"), (86_399.2, "86400")],
    ids=["half", "tiny", "zero", "zero-float", "whole", "whole-float", "nearly-a-day"],
)
def test_retry_after_is_whole_seconds_rounded_up(
    client: FlaskClient, retry_after: float, header: str
) -> None:
    # RFC 9110 10.2.3: delay-seconds is a non-negative integer; "1.5" or "1e-07" is no header
    # a client can read. The rule keeps what it was given.
    added = client.post("/_mockgraph/faults", json={"status": 503, "retryAfter": retry_after})
    assert added.get_json()["retryAfter"] == retry_after
    answer = client.get(f"{BASE}/jobs")
    assert (answer.status_code, answer.headers["Retry-After"]) == (503, header)


def test_an_enforced_fractional_retry_after_lasts_its_whole_seconds(client: FlaskClient) -> None:
    spec = {"path": "jobs", "status": 429, "retryAfter": 1.5, "count": 1, "enforceRetryAfter": True}
    assert client.post("/_mockgraph/faults", json=spec).status_code == 201
    assert client.get(f"{BASE}/jobs").headers["Retry-After"] == "2"
    client.post("/_mockgraph/clock/advance", json={"seconds": 1.5})
    early = client.get(f"{BASE}/jobs")  # the header said 2: a client may not come back yet
    assert (early.status_code, early.headers["Retry-After"]) == (429, "1")
    client.post("/_mockgraph/clock/advance", json={"seconds": 0.5})
    assert client.get(f"{BASE}/jobs").status_code == 200


@pytest.mark.parametrize("field", ["message", "code", "path", "method"])
def test_text_utf8_cannot_encode_is_400(field: str) -> None:
    # What the admin API's JSON cannot bring in any more, a caller in Python still can.
    with pytest.raises(BadRequestError, match=f"'{field}' holds a lone surrogate"):
        rule(**{field: "x\ud800"})


@pytest.mark.parametrize(
    ("spec", "kind", "code", "message"),
    [
        ({"status": 404}, NotFoundError, "itemNotFound", "Not Found."),
        ({"status": 503}, GraphError, "serviceNotAvailable", "Service Unavailable."),
        ({"status": 418}, GraphError, "generalException", "I'm a Teapot."),
        ({"status": 400, "code": "x", "message": "m"}, BadRequestError, "x", "m"),
    ],
    ids=["404", "503", "unlisted", "code-and-message"],
)
def test_errors(spec: dict[str, Any], kind: type, code: str, message: str) -> None:
    error = parse_rule(spec, None).error()
    assert type(error) is kind and error is not None
    assert (error.status, error.code, error.message) == (spec["status"], code, message)
    assert "Retry-After" not in error.headers


def test_latency_only_answers_no_error() -> None:
    assert parse_rule({"latencyMs": 10}, None).error() is None


def test_the_first_matching_rule_fires_until_its_count_is_spent() -> None:
    faults = FaultSet()
    once = faults.add(rule(method="GET", path="jobs", count=1))
    always = faults.add(rule(path="*"))
    fired = [faults.take("GET", f"{BASE}/jobs", "t") for _ in range(3)]
    assert [f.rule.id if f else None for f in fired] == [once.id, always.id, always.id]
    assert [(r.remaining, r.hits) for r in faults.rules()] == [(0, 1), (None, 2)]
    assert faults.take("GET", "/elsewhere", "t") is None


def test_tenant_rules() -> None:
    faults = FaultSet()
    mine = faults.add(rule("a"))
    everyone = faults.add(rule(None))
    assert [faults.take("GET", f"{BASE}/jobs", t) for t in "ba"] == [
        Fired(replace(everyone, hits=1)),
        Fired(replace(mine, hits=1)),
    ]
    assert [r.id for r in faults.rules("a")] == [mine.id]
    assert not faults.remove(everyone.id, "a")  # not a's to remove
    faults.clear("a")
    assert [r.id for r in faults.rules()] == [everyone.id]
    assert faults.remove(everyone.id) and faults.rules() == []


def test_a_count_holds_under_concurrency() -> None:
    faults = FaultSet()
    faults.add(rule(count=100))
    fired: list[int] = []
    start = threading.Barrier(8)

    def call() -> None:
        start.wait(timeout=10)
        fired.extend(1 for _ in range(50) if faults.take("GET", f"{BASE}/jobs", "t"))

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(fired) == 100


def add_fault(client: FlaskClient, **spec: Any) -> dict[str, Any]:
    response = client.post("/_mockgraph/faults", json=spec)
    assert response.status_code == 201, response.get_json()
    result: dict[str, Any] = response.get_json()
    return result


def test_a_fault_answers_graphs_envelope(app: Flask, client: FlaskClient) -> None:
    added = add_fault(client, method="POST", path="jobs", status=429, retryAfter=9)
    response = client.post(f"{BASE}/jobs", json={})
    assert response.status_code == 429
    assert error_code(response) == "TooManyRequests"
    assert response.headers["Retry-After"] == "9"
    assert response.headers["x-mockgraph-fault"] == added["id"]
    (call,) = state_of(app).journal.entries()
    assert (call.status, call.fault, call.body) == (429, added["id"], "{}")
    assert state_of(app).store.select("default", "jobs") == []


def test_faults_come_before_authentication(client: FlaskClient) -> None:
    add_fault(client, status=503)
    response = client.get(f"{BASE}/jobs", headers={"Authorization": ""})
    assert (response.status_code, error_code(response)) == (503, "serviceNotAvailable")


def test_the_admin_api_is_never_faulted(client: FlaskClient) -> None:
    add_fault(client, path="/_mockgraph/*", status=500)
    add_fault(client, path="/*", status=500)
    assert client.get("/_mockgraph/health").status_code == 200
    assert client.get(f"{BASE}/jobs").status_code == 500


def test_latency_really_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(instrument.time, "sleep", slept.append)  # measure, don't wait
    app = create_app({"MOCKGRAPH_LATENCY_MS": 20})
    client = app.test_client()
    add_fault(client, method="GET", latencyMs=30, count=1)
    for _ in range(2):
        assert client.get(f"{BASE}/jobs", headers=bearer()).status_code == 200
    client.get("/_mockgraph/health")
    assert slept == [0.05, 0.02]  # the setting for every call, plus the rule's


def test_admin_fault_endpoints(client: FlaskClient) -> None:
    first = add_fault(client, status=500)
    second = add_fault(client, status=503)
    scoped = client.post("/_mockgraph/faults", json={"status": 404}, headers=bearer("a"))
    assert scoped.get_json()["tenant"] == "a"
    listed = client.get("/_mockgraph/faults").get_json()["value"]
    assert [r["id"] for r in listed] == [first["id"], second["id"], scoped.get_json()["id"]]
    mine = client.get("/_mockgraph/faults", headers=bearer("a")).get_json()["value"]
    assert [r["status"] for r in mine] == [404]
    assert client.delete(f"/_mockgraph/faults/{first['id']}").status_code == 204
    gone = client.delete(f"/_mockgraph/faults/{first['id']}")
    assert (gone.status_code, error_code(gone)) == (404, "itemNotFound")
    assert client.delete("/_mockgraph/faults", headers=bearer("a")).status_code == 204
    assert [r["id"] for r in client.get("/_mockgraph/faults").get_json()["value"]] == [second["id"]]
    assert client.delete("/_mockgraph/faults").status_code == 204
    assert client.get("/_mockgraph/faults").get_json()["value"] == []
    bad = client.post("/_mockgraph/faults", json={"status": 200})
    assert (bad.status_code, error_code(bad)) == (400, "BadRequest")
