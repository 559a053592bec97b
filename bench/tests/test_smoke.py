"""The benchmark harness (bench/) still fits the mock: routes, workload, report. No timing here."""

from __future__ import annotations

import json

import pytest

from bench import baseline, load, report, suite, workload
from mockgraph import create_app
from mockgraph.core.model.collections import COLLECTIONS

JSON = {"Content-Type": "application/json"}


def test_baseline_serves_the_mocks_collections():
    assert baseline.COLLECTIONS == tuple(COLLECTIONS)


@pytest.mark.parametrize(
    "make_app", [create_app, baseline.create_baseline_app], ids=["mock", "baseline"]
)
def test_every_phase_answers_2xx(make_app):
    client = make_app().test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = workload.AUTH_HEADER
    ids = []
    for index in range(4):
        body = workload.job_bytes(workload.seed_status(index))
        created = client.post(f"{workload.GRAPH_PREFIX}/jobs", data=body, headers=JSON)
        assert created.status_code == 201
        ids.append(created.get_json()["id"])
    target = suite.Target(
        suite.baseline_target().spec,
        f"{workload.GRAPH_PREFIX}/jobs",
        workload.graph_list_query(),
        workload.graph_filter_query(),
    )
    for phase, call in suite.calls(target, ids).items():
        answer = client.open(
            call.path, method=call.method, data=call.body, headers=call.all_headers()
        )
        assert 200 <= answer.status_code < 300, (phase, answer.data[:300])
        if phase == "filter":
            statuses = {job["status"] for job in answer.get_json()["value"]}
            assert statuses == {workload.FILTER_STATUS}


def test_the_workload_is_the_documented_post():
    job = json.loads(workload.job_bytes())
    assert job["@odata.type"] == "#microsoft.graph.jobResponseBase"
    assert 700 < len(workload.job_bytes()) < 1200


def test_wrk_script_sends_the_call():
    call = load.Call("POST", "/beta/x?$top=5", b'{"a": "]]"}', {"Authorization": "Bearer t"})
    script = load.wrk_script(call)
    assert "wrk.method = [===[POST]===]" in script
    assert 'wrk.body = [===[{"a": "]]"}]===]' in script
    assert "wrk.headers[ [===[Content-Type]===] ] = [===[application/json]===]" in script


def _phase(rps: float) -> dict[str, float]:
    return {"rps": rps, "requests": 100, "errors": 0, "p50_ms": 1.0, "p99_ms": 2.0}


def test_report_has_every_row_and_a_verdict_per_target():
    http = {
        "mockgraph": {p: _phase(900) for p in suite.PHASES},
        "baseline": {p: _phase(1000) for p in suite.PHASES},
    }
    results = {
        "http": http,
        "inprocess": {"post_ms": 0.4, "get_ms": 0.2, "list_ms": 0.3},
        "scale": {"0": {"rss_mb": 30.0}, "100": {"get_ms": 0.1, "list_ms": 0.2}},
    }
    table = report.table(results)
    assert "| HTTP GET by id, req/s" in table and "0.90x" in table
    verdicts = report.verdicts(results)
    assert len(verdicts) == len(report.targets())
    assert any(line.startswith("met") and "GET by id >= 0.85x" in line for line in verdicts)
    assert any(line.startswith("MISSED") and "in-process GET" in line for line in verdicts)
    assert any(line.startswith("n/a") and "Prism" in line for line in verdicts)


@pytest.mark.parametrize("target", suite.service_targets()[1:], ids=lambda t: t.name)
def test_the_service_sets_answer_each_phase_they_are_loaded_with(target):
    client = create_app().test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = workload.AUTH_HEADER
    ids = []
    for index in range(3):
        created = client.post(target.collection, data=target.body(index), headers=JSON)
        assert created.status_code == 201, created.get_json()
        ids.append(created.get_json()["id"])
    for phase in ("get", "list", "post"):
        call = suite.calls(target, ids)[phase]
        answer = client.open(
            call.path, method=call.method, data=call.body, headers=call.all_headers()
        )
        assert 200 <= answer.status_code < 300, (phase, answer.data[:300])
    assert client.get(f"{target.collection}/$count").data == b"4"


def test_the_service_rows_compare_with_the_jobs_of_the_same_run():
    service = {
        "jobs": {p: _phase(1000) for p in ("get", "list", "post")},
        "sensitiveTypes": {p: _phase(900) for p in ("get", "list", "post")},
        "exactMatchDataStores": {p: _phase(700) for p in ("get", "list", "post")},
    }
    table = report.table({"service": service})
    assert "| HTTP GET by id, sensitive type, req/s" in table and "0.90x" in table
    verdicts = report.verdicts({"service": service})
    assert any(line.startswith("met") and "sensitive type within" in line for line in verdicts)
    assert any(line.startswith("MISSED") and "data store within" in line for line in verdicts)
