"""The replay engine: every packaged fixture replays green in process and over a real socket; a
service that answers otherwise fails with a readable reason; replays leave nothing behind."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from flask import Flask, Response

from mockgraph import create_app
from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.fixture import Fixture, Request, SetupEntity, packaged_fixtures
from mockgraph.core.model.collections import item_key
from mockgraph.core.store import JobStore
from mockgraph.features.documented import seed_documented
from mockgraph.http.current import state_of
from mockgraph.replay.engine import replay, replay_all
from mockgraph.replay.targets import FlaskTransport, HttpTransport, UnreachableError
from mockgraph.serving.server import MockGraphServer

FIXTURES = packaged_fixtures()
BY_NAME = {fixture.name: fixture for fixture in FIXTURES}


def store_of(app: Flask) -> JobStore:
    store: JobStore = state_of(app).store
    return store


def key(item: dict[str, Any]) -> tuple[str, str]:
    return item["collection"], item[item_key(item["collection"])]["id"]


def job_count(store: JobStore) -> int:
    return sum(len(jobs) for jobs in store.export().values())


@pytest.fixture(scope="module")
def server() -> Iterator[MockGraphServer]:
    with MockGraphServer() as running:
        yield running


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_every_packaged_fixture_replays_green_in_process(fixture: Fixture) -> None:
    transport = FlaskTransport()
    outcome = replay(fixture, transport)
    assert outcome.problems == []
    assert job_count(store_of(transport.app)) == 0  # set-up and created entities deleted


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_every_packaged_fixture_replays_green_over_http(
    fixture: Fixture, server: MockGraphServer
) -> None:
    transport = HttpTransport(server.base_url, token="any-token")
    try:
        outcome = replay(fixture, transport)
    finally:
        transport.close()
    assert outcome.problems == []
    assert job_count(store_of(server.app)) == 0


def test_replays_against_a_seeded_server_leave_the_seeded_items_alone(
    server: MockGraphServer,
) -> None:
    store = store_of(server.app)
    seeded = seed_documented(store, DEFAULT_TENANT)
    transport = HttpTransport(server.base_url, token="opaque-token-of-the-default-tenant")
    try:
        outcomes = [replay(fixture, transport) for fixture in FIXTURES]
        assert [o.fixture.name for o in outcomes if not o.passed] == []
        held = store.export()[DEFAULT_TENANT]
        assert sorted(held, key=key) == sorted(
            ({"collection": e.collection, item_key(e.collection): e.data} for e in seeded), key=key
        )
    finally:
        transport.close()
        store.clear()


def test_a_changed_value_fails_with_the_path_and_both_values() -> None:
    fixture = BY_NAME["jobresponsebase-get.get_jobresponsebase"]
    documented = dict(fixture.response.body, status="Completed")
    changed = dataclasses.replace(
        fixture, response=dataclasses.replace(fixture.response, body=documented)
    )
    outcome = replay(changed, FlaskTransport())
    assert outcome.problems == ['body.status: expected "Completed", got "Status value"']


def test_an_unbound_placeholder_fails_before_anything_is_sent() -> None:
    fixture = BY_NAME["jobresponsebase-delete.delete_jobresponsebase"]
    outcome = replay(dataclasses.replace(fixture, setup=()), FlaskTransport())
    assert outcome.problems == [
        "setup: nothing binds the placeholder {jobResponseBaseId} in "
        "/dataClassification/jobs/{jobResponseBaseId}"
    ]


def test_a_wrong_status_fails_with_the_service_error() -> None:
    fixture = BY_NAME["jobresponsebase-delete.delete_jobresponsebase"]
    missing = Request("DELETE", "/dataClassification/jobs/no-such-job")
    [problem] = replay(
        dataclasses.replace(fixture, setup=(), request=missing), FlaskTransport()
    ).problems
    assert problem.startswith("status: expected 204, got 404: itemNotFound: ")


def test_a_service_that_adds_undocumented_properties_fails_a_non_truncated_fixture() -> None:
    app = create_app()
    served = app.wsgi_app

    def add_property(environ: dict[str, Any], start_response: Any) -> Any:
        response = Response.from_app(served, environ)
        if response.status_code == 200 and response.is_json:
            body = response.get_json()
            body["surprise"] = 1
            response.set_data(json.dumps(body))
        return response(environ, start_response)

    app.wsgi_app = add_property  # type: ignore[method-assign]

    fixture = BY_NAME["jobresponsebase-get.get_jobresponsebase"]
    strict = dataclasses.replace(
        fixture, response=dataclasses.replace(fixture.response, truncated=False)
    )
    assert replay(strict, FlaskTransport(app)).problems == ["body.surprise: not documented: 1"]
    assert replay(fixture, FlaskTransport(app)).problems == []


def test_a_failed_set_up_is_reported_and_nothing_is_sent() -> None:
    fixture = BY_NAME["jobresponsebase-get.get_jobresponsebase"]
    bad = SetupEntity("jobs", {"@odata.type": "#microsoft.graph.jobResponseBase", "colour": "x"})
    broken = dataclasses.replace(fixture, setup=(bad,))
    [problem] = replay(broken, FlaskTransport()).problems
    assert problem.startswith("setup: POST /dataClassification/jobs answered 400: invalidRequest: ")
    assert "colour" in problem


def test_each_in_process_replay_gets_a_fresh_tenant() -> None:
    transport = FlaskTransport()
    fixture = BY_NAME["dataclassificationservice-list-jobs.get_jobresponsebase"]
    leftover = dataclasses.replace(fixture.setup[0], documented_id=None)
    # A job left in the first fixture's tenant must not show in the second one's list.
    transport.send("POST", "/dataClassification/jobs", leftover.body)
    strict = dataclasses.replace(
        fixture, response=dataclasses.replace(fixture.response, truncated=False)
    )
    assert replay(strict, transport).problems == []


def test_a_server_nothing_listens_at_stops_the_run_with_the_reason() -> None:
    with MockGraphServer() as stopped:
        base_url = stopped.base_url
    transport = HttpTransport(base_url, token="x", timeout=5)
    fixture = BY_NAME["dataclassificationservice-post-jobs.create_jobresponsebase_from_"]
    # No fixture can run there: the run stops, rather than every fixture failing alike.
    with pytest.raises(UnreachableError, match=f"^nothing is listening at {base_url}$"):
        list(replay_all([fixture, fixture], transport))
    transport.close()


def test_a_request_that_gets_no_answer_fails_its_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    transport = HttpTransport("http://127.0.0.1:1/beta", token="x")

    def no_answer(*args: Any, **kwargs: Any) -> None:
        raise requests.ReadTimeout("read timed out")

    monkeypatch.setattr(transport._session, "request", no_answer)
    fixture = BY_NAME["dataclassificationservice-post-jobs.create_jobresponsebase_from_"]
    [problem] = replay(fixture, transport).problems
    assert problem == "POST http://127.0.0.1:1/beta/dataClassification/jobs: read timed out"
