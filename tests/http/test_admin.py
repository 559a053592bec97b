"""The admin API under /_mockgraph/: health, reset, seed, the journal, state, tenant scoping."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import __version__, create_app
from mockgraph.core.store import JobStore
from mockgraph.features import tenant_defaults
from mockgraph.features.documented import documented_jobs
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer, error_code
from tests.support.payloads import job

ADMIN = "/_mockgraph"


def seed(client: FlaskClient, *jobs: Any, **extra: Any) -> Any:
    return client.post(f"{ADMIN}/seed", json={"jobs": list(jobs), **extra})


def ids(store: JobStore, tenant: str = "default", collection: str = "jobs") -> list[str]:
    return [entry.id for entry in store.select(tenant, collection)]


def test_health(client: FlaskClient) -> None:
    response = client.get(f"{ADMIN}/health")
    assert response.get_json() == {"status": "ok", "version": __version__}
    assert response.headers["request-id"]


def test_admin_needs_no_graph_token() -> None:
    client = create_app({"MOCKGRAPH_AUTH": True}).test_client()
    assert client.get(f"{ADMIN}/health").status_code == 200
    assert client.get(f"{BASE}/jobs").status_code == 401


def test_reset_everything_or_one_tenant(app: Flask, client: FlaskClient, store: JobStore) -> None:
    for tenant in ("a", "b"):
        client.post(f"{BASE}/jobs", json={}, headers=bearer(tenant))
    client.post(f"{ADMIN}/faults", json={"status": 500, "path": "nothing"}, headers=bearer("a"))
    state_of(app).exceptions.append("a traceback")
    assert client.post(f"{ADMIN}/reset", headers=bearer("a")).status_code == 204
    state = state_of(app)
    assert (ids(store, "a"), len(ids(store, "b"))) == ([], 1)
    assert [e.tenant for e in state.journal.entries()] == ["b"]
    assert state.faults.rules() == [] and list(state.exceptions) == ["a traceback"]
    assert client.post(f"{ADMIN}/reset").status_code == 204
    assert ids(store, "b") == [] and len(state.journal) == 0 and not state.exceptions


def test_seed_keeps_ids_and_finds_collections(client: FlaskClient, store: JobStore) -> None:
    response = seed(
        client,
        {"id": "plain", "status": "running"},
        {**job(), "id": "typed"},
        {"collection": "classifyTextJobs", "job": {"id": "text"}},
        {"status": "no id"},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["tenant"] == "default"
    assert [item["collection"] for item in body["value"]] == [
        *("jobs", "classifyFileJobs", "classifyTextJobs", "jobs")
    ]
    assert body["value"][2]["job"] == {
        "@odata.type": "#microsoft.graph.jobResponseBase",
        "id": "text",
    }
    assert ids(store)[:3] == ["plain", "typed", "text"]
    assert ids(store, collection="classifyFileJobs") == ["typed"]
    assert store.get("default", "jobs", "typed").data == {
        "@odata.type": job()["@odata.type"],
        "id": "typed",
        **{k: v for k, v in job().items() if k != "@odata.type"},
    }


def test_seed_tenant(client: FlaskClient, store: JobStore) -> None:
    assert seed(client, {"id": "x"}, tenant="a").get_json()["tenant"] == "a"
    scoped = client.post(f"{ADMIN}/seed", json={"jobs": [{"id": "y"}]}, headers=bearer("b"))
    assert scoped.get_json()["tenant"] == "b"
    assert (ids(store, "a"), ids(store, "b")) == (["x"], ["y"])
    clash = client.post(f"{ADMIN}/seed", json={"tenant": "a"}, headers=bearer("b"))
    assert (clash.status_code, error_code(clash)) == (400, "BadRequest")


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (
            {"jobs": [{"id": "ok"}, {"id": "bad", "status": 5}]},
            "invalidRequest",
            "jobs[1].job.status",
        ),
        ({"jobs": [{"id": 5}]}, "invalidRequest", "jobs[0]: the job needs an 'id'"),
        ({"jobs": [{"collection": "nope", "job": {}}]}, "invalidRequest", "unknown collection"),
        (
            {"jobs": [{"collection": "jobs", "job": [], "x": 1}]},
            "invalidRequest",
            "unknown properties x",
        ),
        (
            {"jobs": [{"collection": "jobs", "job": []}]},
            "invalidRequest",
            "a job must be a JSON object",
        ),
        ({"jobs": [{"@odata.type": "#microsoft.graph.nope"}]}, "invalidRequest", "jobs[0].job"),
        ({"jobs": {}}, "BadRequest", "must be JSON arrays"),
        ({"fixtures": [1]}, "BadRequest", "fixture names"),
        ({"fixtures": ["no-such"], "jobs": [{"id": "z"}]}, "BadRequest", "no-such"),
        ({"jobz": []}, "BadRequest", "Unknown seed properties: jobz"),
        ([], "BadRequest", "must be a JSON object"),
        ({"tenant": ""}, "BadRequest", "'tenant' must be a non-empty string"),
        ({"defaults": "yes", "jobs": [{"id": "z"}]}, "BadRequest", "'defaults' must be true"),
    ],
    ids=[
        *("invalid-job", "id-not-string", "unknown-collection", "extra-keys", "job-not-object"),
        *("unknown-type", "jobs-not-list", "fixture-not-string", "unknown-fixture"),
        *("unknown-key", "not-an-object", "empty-tenant", "defaults-not-boolean"),
    ],
)
def test_a_bad_seed_is_400_and_changes_nothing(
    client: FlaskClient, store: JobStore, body: Any, code: str, message: str
) -> None:
    response = client.post(f"{ADMIN}/seed", json=body)
    assert (response.status_code, error_code(response)) == (400, code)
    assert message in response.get_json()["error"]["message"]
    assert store.select("default", "jobs") == []


def test_a_seed_over_the_job_quota_is_507_and_stores_none() -> None:
    app = create_app({"MOCKGRAPH_MAX_JOBS_PER_TENANT": 3})
    client, store = app.test_client(), state_of(app).store
    assert seed(client, {"id": "a"}).status_code == 201
    response = seed(client, {"id": "b"}, {"id": "c"}, {"id": "d"})
    assert (response.status_code, error_code(response)) == (507, "quotaLimitReached")
    assert ids(store) == ["a"]
    # Replacing a job by its id adds none: this seed fits.
    assert seed(client, {"id": "a"}, {"id": "b"}, {"id": "c"}).status_code == 201
    assert ids(store) == ["a", "b", "c"]


def test_an_import_over_the_job_quota_is_507_and_changes_nothing() -> None:
    app = create_app({"MOCKGRAPH_MAX_JOBS_PER_TENANT": 2})
    client, store = app.test_client(), state_of(app).store
    seed(client, {"id": "kept"})
    state = {"a": [{"collection": "jobs", "job": {"id": i}} for i in ("x", "y", "z")]}
    response = client.put(f"{ADMIN}/state", json=state)
    assert (response.status_code, error_code(response)) == (507, "quotaLimitReached")
    assert ids(store) == ["kept"] and ids(store, "a") == []


def test_seed_documented_fixtures_by_name(client: FlaskClient, store: JobStore) -> None:
    documented = documented_jobs()
    assert documented, "the packaged fixtures document no job"
    first = documented[0]
    response = client.post(f"{ADMIN}/seed", json={"fixtures": [first.name], "jobs": [{"id": "x"}]})
    assert response.status_code == 201
    assert [item["job"]["id"] for item in response.get_json()["value"]] == [first.id, "x"]
    assert store.get("default", first.collection, first.id).collection == first.collection


def test_seed_the_tenant_defaults_on_request(client: FlaskClient, store: JobStore) -> None:
    body = {"defaults": True, "jobs": [{"id": "x"}], "tenant": "contoso"}
    response = client.post(f"{ADMIN}/seed", json=body)
    assert response.status_code == 201
    answer = response.get_json()
    assert (answer["tenant"], len(answer["value"])) == ("contoso", 39 + 1)
    first, last = answer["value"][0], answer["value"][-1]
    assert (first["collection"], first["entity"]["id"]) == (
        "sensitiveTypes",
        tenant_defaults.CREDIT_CARD_NUMBER,
    )
    assert (last["collection"], last["job"]["id"]) == ("jobs", "x")  # after the defaults
    listed = client.get(f"{BASE}/sensitiveTypes", headers=bearer("contoso")).get_json()["value"]
    assert listed[1]["name"] == "U.S. Social Security Number (SSN)"
    assert client.get(f"{BASE}/sensitiveTypes").get_json()["value"] == []  # the default tenant
    assert client.post(f"{ADMIN}/seed", json=body).status_code == 201
    assert len(store.export("contoso")["contoso"]) == 40  # replaced by id, none added


def test_a_bad_seed_with_the_defaults_stores_none_of_them(
    client: FlaskClient, store: JobStore
) -> None:
    body = {"defaults": True, "jobs": [{"id": "bad", "status": 5}]}
    response = client.post(f"{ADMIN}/seed", json=body)
    assert (response.status_code, error_code(response)) == (400, "invalidRequest")
    assert store.export() == {}


def test_the_journal_endpoints(client: FlaskClient) -> None:
    client.get(f"{BASE}/jobs?$top=1")
    client.post(f"{BASE}/classifyFileJobs", json={}, headers=bearer("a"))
    everything = client.get(f"{ADMIN}/requests").get_json()
    assert (everything["size"], everything["dropped"]) == (1000, 0)
    assert [(r["method"], r["status"]) for r in everything["value"]] == [
        ("GET", 200),
        ("POST", 201),
    ]
    posts = client.get(f"{ADMIN}/requests?method=post&path=classify*").get_json()["value"]
    assert [r["tenant"] for r in posts] == ["a"]
    mine = client.get(f"{ADMIN}/requests", headers=bearer("a")).get_json()["value"]
    assert [r["method"] for r in mine] == ["POST"]
    assert client.delete(f"{ADMIN}/requests", headers=bearer("a")).status_code == 204
    assert len(client.get(f"{ADMIN}/requests").get_json()["value"]) == 1
    assert client.delete(f"{ADMIN}/requests").status_code == 204
    assert client.get(f"{ADMIN}/requests").get_json()["value"] == []


def test_state_round_trip(client: FlaskClient, store: JobStore) -> None:
    seed(client, {**job(), "id": "a1"}, {"id": "a2"}, tenant="a")
    seed(client, {"id": "b1"}, tenant="b")
    exported = client.get(f"{ADMIN}/state").get_json()
    assert set(exported) == {"a", "b"}
    client.post(f"{ADMIN}/reset")
    imported = client.put(f"{ADMIN}/state", json=exported)
    assert imported.get_json() == {"tenants": 2, "jobs": 3}
    assert client.get(f"{ADMIN}/state").get_json() == exported
    assert client.get(f"{ADMIN}/state", headers=bearer("b")).get_json() == {"b": exported["b"]}


def test_an_import_replaces_the_store(client: FlaskClient, store: JobStore) -> None:
    seed(client, {"id": "old"}, tenant="a")
    state = {"b": [{"collection": "jobs", "job": {"id": "new"}}]}
    assert client.put(f"{ADMIN}/state", json=state).status_code == 200
    assert (ids(store, "a"), ids(store, "b")) == ([], ["new"])


def test_a_scoped_import_touches_only_its_tenant(client: FlaskClient, store: JobStore) -> None:
    seed(client, {"id": "a-old"}, tenant="a")
    seed(client, {"id": "b-old"}, tenant="b")
    state = {"b": [{"collection": "jobs", "job": {"id": "b-new"}}]}
    assert client.put(f"{ADMIN}/state", json=state, headers=bearer("b")).status_code == 200
    assert (ids(store, "a"), ids(store, "b")) == (["a-old"], ["b-new"])
    other = client.put(f"{ADMIN}/state", json={"a": []}, headers=bearer("b"))
    assert other.status_code == 400 and ids(store, "a") == ["a-old"]


@pytest.mark.parametrize(
    "state",
    [
        [],
        {"a": {}},
        {"a": [{"job": {"id": "x"}}]},
        {"a": [{"collection": "jobs", "job": {"status": "no id"}}]},
        {"a": [{"collection": "jobs", "job": {"id": "x", "status": 1}}]},
        {"a": [{"collection": "evaluateLabelJobs", "job": {"id": "x", "result": {}}}]},
    ],
    ids=["not-an-object", "items-not-list", "no-collection", "no-id", "invalid", "untyped-result"],
)
def test_a_bad_import_is_400_and_changes_nothing(
    client: FlaskClient, store: JobStore, state: Any
) -> None:
    seed(client, {"id": "kept"})
    response = client.put(f"{ADMIN}/state", json=state)
    assert response.status_code == 400
    assert error_code(response) in ("BadRequest", "invalidRequest")
    assert ids(store) == ["kept"]


def test_admin_bodies_are_not_held_to_graphs_size_limit() -> None:
    client = create_app({"MAX_CONTENT_LENGTH": 200}).test_client()
    state = {"t": [{"collection": "jobs", "job": {"id": f"job-{n}"}} for n in range(50)]}
    assert client.put(f"{ADMIN}/state", json=state).get_json()["jobs"] == 50


def test_curl_style_bodies_and_bad_json(client: FlaskClient) -> None:
    form = client.post(
        f"{ADMIN}/faults",
        data=json.dumps({"status": 500}),
        content_type="application/x-www-form-urlencoded",  # what curl -d sends
    )
    assert form.status_code == 201
    bad = client.post(f"{ADMIN}/faults", data="{", content_type="application/json")
    assert (bad.status_code, error_code(bad)) == (400, "BadRequest")


def test_unknown_admin_routes_are_graph_404s(client: FlaskClient) -> None:
    response = client.get(f"{ADMIN}/nothing")
    assert (response.status_code, error_code(response)) == (404, "ResourceNotFound")
    wrong = client.get(f"{ADMIN}/reset")
    assert (wrong.status_code, error_code(wrong)) == (405, "MethodNotAllowed")
