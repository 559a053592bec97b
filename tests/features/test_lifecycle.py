"""Job lifecycle: explicit ticks and poll-driven steps, in the store and through the app."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.errors import LifecycleError, NotFoundError
from mockgraph.core.store import JobStore
from mockgraph.features.lifecycle import Lifecycle, Plan, next_status
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer, error_code

BASE_JOB = {"@odata.type": "#microsoft.graph.jobResponseBase"}


@pytest.mark.parametrize(
    ("status", "outcome", "expected"),
    [
        (None, "completed", "running"),
        ("notStarted", "completed", "running"),
        ("NOTSTARTED", "completed", "running"),
        ("running", "completed", "completed"),
        ("running", "failed", "failed"),
        ("completed", "failed", None),
        ("Failed", "completed", None),
    ],
    ids=["missing", "not-started", "any-case", "complete", "fail", "finished", "finished-case"],
)
def test_next_status(status: str | None, outcome: str, expected: str | None) -> None:
    assert next_status(status, outcome) == expected


def test_a_status_outside_the_lifecycle_cannot_advance() -> None:
    with pytest.raises(LifecycleError, match="'Status value' is not one of"):
        next_status("Status value", "completed")


def stored(store: JobStore, job_id: str, tenant: str = "t", **data: Any) -> None:
    store.create(tenant, "classifyFileJobs", {**BASE_JOB, **data}, job_id=job_id)


def test_ticks_stamp_start_and_end_once() -> None:
    store, lifecycle = JobStore(), Lifecycle()
    stored(store, "j", status="notStarted", endDateTime="2020-01-01T00:00:00Z")
    running = lifecycle.advance(store, "t", "j")
    assert running.data["status"] == "running"
    started = running.data["startDateTime"]
    assert started.endswith("Z")
    done = lifecycle.advance(store, "t", "j", "failed")
    assert (done.data["status"], done.data["startDateTime"]) == ("failed", started)
    assert done.data["endDateTime"] == "2020-01-01T00:00:00Z"  # kept: it had one
    assert list(done.data)[:3] == ["@odata.type", "id", "status"]
    with pytest.raises(LifecycleError, match="is failed; it cannot advance further"):
        lifecycle.advance(store, "t", "j")
    with pytest.raises(NotFoundError):
        lifecycle.advance(store, "other", "j")


def test_the_plan_picks_the_outcome_of_a_tick() -> None:
    store, lifecycle = JobStore(), Lifecycle()
    stored(store, "j", status="running")
    lifecycle.set_plan("t", "j", Plan(0, "failed"))
    assert lifecycle.advance(store, "t", "j").data["status"] == "failed"


def poll_statuses(store: JobStore, lifecycle: Lifecycle, times: int) -> list[str]:
    seen = []
    for _ in range(times):
        lifecycle.poll(store, "t", "classifyFileJobs", "j")
        seen.append(store.get("t", "jobs", "j").data["status"])
    return seen


def test_every_nth_poll_is_a_step() -> None:
    store, lifecycle = JobStore(), Lifecycle()
    stored(store, "j", status="notStarted")
    assert poll_statuses(store, lifecycle, 2) == ["notStarted"] * 2  # no plan: polls do nothing
    lifecycle.set_plan("t", "j", Plan(3))
    expected = ["notStarted", "notStarted", "running", "running", "running", "completed"]
    assert poll_statuses(store, lifecycle, 6) == expected


def test_the_default_plan_applies_to_every_job() -> None:
    store, lifecycle = JobStore(), Lifecycle(polls=1)
    stored(store, "j")
    assert poll_statuses(store, lifecycle, 3) == ["running", "completed", "completed"]


def test_polls_leave_odd_and_missing_jobs_alone() -> None:
    store, lifecycle = JobStore(), Lifecycle(polls=1)
    stored(store, "j", status="Status value")
    assert poll_statuses(store, lifecycle, 2) == ["Status value"] * 2
    lifecycle.poll(store, "t", "classifyTextJobs", "j")  # not visible there: the GET is a 404
    lifecycle.poll(store, "t", "jobs", "nothing")


def test_reset_forgets_plans_per_tenant() -> None:
    lifecycle = Lifecycle()
    lifecycle.set_plan("a", "j", Plan(2))
    lifecycle.set_plan("b", "j", Plan(3))
    lifecycle.reset("a")
    assert (lifecycle.plan("a", "j"), lifecycle.plan("b", "j")) == (Plan(0), Plan(3))
    lifecycle.reset()
    assert lifecycle.plan("b", "j") == Plan(0)


@pytest.fixture
def polling_app() -> Flask:
    return create_app({"MOCKGRAPH_LIFECYCLE_POLLS": 1})


def seed(client: FlaskClient, job_id: str, tenant: str = "default", **data: Any) -> None:
    job = {"id": job_id, **data}
    response = client.post("/_mockgraph/seed", json={"jobs": [job], "tenant": tenant})
    assert response.status_code == 201, response.get_json()


def test_only_served_gets_of_the_job_are_polls(polling_app: Flask) -> None:
    client = polling_app.test_client()
    seed(client, "j", status="notStarted")
    client.get(f"{BASE}/jobs/j")  # 401: not a poll
    client.get(f"{BASE}/jobs", headers=bearer())  # a list: not a poll
    client.patch(f"{BASE}/jobs/j", json={"type": "x"}, headers=bearer())
    client.post("/_mockgraph/faults", json={"method": "GET", "status": 503, "count": 1})
    assert client.get(f"{BASE}/jobs/j", headers=bearer()).status_code == 503  # not a poll
    first = client.get(f"{BASE}/jobs/j", headers=bearer()).get_json()
    assert first["status"] == "running"  # the first served GET sees the step
    assert client.get(f"{BASE}/jobs/j", headers=bearer()).get_json()["status"] == "completed"


@pytest.mark.parametrize(
    "query", ["$select=nope", "$top=1", "$select="], ids=["unknown-property", "top", "empty"]
)
def test_a_get_refused_for_its_query_is_no_poll(polling_app: Flask, query: str) -> None:
    # Found by tests/http/test_fuzz_http.py: the 400 answered, yet the job had moved a step.
    client = polling_app.test_client()
    seed(client, "j", status="notStarted")
    refused = client.get(f"{BASE}/jobs/j?{query}", headers=bearer())
    assert (refused.status_code, error_code(refused)) == (400, "BadRequest")
    assert state_of(polling_app).store.get("default", "jobs", "j").data == {
        "@odata.type": "#microsoft.graph.jobResponseBase",
        "id": "j",
        "status": "notStarted",
    }


def test_advance_endpoint(client: FlaskClient) -> None:
    seed(client, "j", status="running")
    advanced = client.post("/_mockgraph/jobs/j/advance", json={"outcome": "failed"})
    assert advanced.status_code == 200
    assert advanced.get_json()["status"] == "failed"
    again = client.post("/_mockgraph/jobs/j/advance")
    assert (again.status_code, error_code(again)) == (409, "conflict")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"outcome": "done"}, 400, "BadRequest"),
        ({"to": "failed"}, 400, "BadRequest"),
        ([], 400, "BadRequest"),
    ],
    ids=["bad-outcome", "unknown-key", "not-an-object"],
)
def test_bad_advance_bodies(client: FlaskClient, body: Any, status: int, code: str) -> None:
    seed(client, "j")
    response = client.post("/_mockgraph/jobs/j/advance", json=body)
    assert (response.status_code, error_code(response)) == (status, code)


def test_advance_finds_the_tenant_or_asks_for_one(client: FlaskClient) -> None:
    seed(client, "j", tenant="a")
    missing = client.post("/_mockgraph/jobs/nothing/advance")
    assert (missing.status_code, error_code(missing)) == (404, "itemNotFound")
    assert client.post("/_mockgraph/jobs/j/advance").get_json()["status"] == "running"
    seed(client, "j", tenant="b")
    ambiguous = client.post("/_mockgraph/jobs/j/advance")
    assert ambiguous.status_code == 400
    assert "several tenants (a, b)" in ambiguous.get_json()["error"]["message"]
    scoped = client.post("/_mockgraph/jobs/j/advance", headers=bearer("b"))
    assert scoped.get_json()["status"] == "running"
    other = client.post("/_mockgraph/jobs/j/advance", headers=bearer("c"))
    assert other.status_code == 404


def test_lifecycle_endpoint(app: Flask, client: FlaskClient) -> None:
    seed(client, "j")
    plan = client.put("/_mockgraph/jobs/j/lifecycle", json={"polls": 2, "outcome": "failed"})
    assert plan.get_json() == {"polls": 2, "outcome": "failed"}
    assert state_of(app).lifecycle.plan("default", "j") == Plan(2, "failed")
    default = client.put("/_mockgraph/jobs/j/lifecycle", json={})
    assert default.get_json() == {"polls": 1, "outcome": "completed"}
    for body in ({"polls": -1}, {"polls": "2"}, {"outcome": "x"}, {"when": 1}):
        response = client.put("/_mockgraph/jobs/j/lifecycle", json=body)
        assert response.status_code == 400, body
