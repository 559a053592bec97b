"""What every fuzzed request must leave true, and the store the fuzzing runs against.

After each request: no 5xx; an error is Graph's envelope, as JSON; a rejected (4xx) request
changed no job; the mock recorded no exception of its own and still answers its health check.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.model.collections import COLLECTIONS
from mockgraph.core.store import JobStore
from mockgraph.features.seeding import seed_jobs
from mockgraph.http.current import state_of
from tests.support import payloads

# One job per collection, with a known id, so requests by id can find something to change.
SEEDED_IDS = {name: f"fuzz-{name}" for name in COLLECTIONS}
OTHER_TENANT = "fuzz-other-tenant"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def reset_and_seed(app: Flask) -> dict[str, Any]:
    """Empty the app, seed the fuzzing jobs (in two tenants); returns the app's snapshot."""
    state = state_of(app)
    state.reset()
    state.store.restore(_seeded_state())
    return snapshot(app)


@cache
def _seeded_state() -> dict[str, list[dict[str, Any]]]:
    # Validated once, as a seed through the admin API would be; restored as is per example.
    store = JobStore()
    for tenant in (DEFAULT_TENANT, OTHER_TENANT):
        seed_jobs(store, tenant, None, [_seeded_job(name) for name in SEEDED_IDS])
    return store.export()


def _seeded_job(collection: str) -> dict[str, Any]:
    # notStarted: a job a lifecycle poll or tick can move.
    job = payloads.job(_type_of(collection), status="notStarted")
    return {"collection": collection, "job": {**job, "id": SEEDED_IDS[collection]}}


def _type_of(collection: str) -> str:
    return COLLECTIONS[collection].named_type.removeprefix("microsoft.graph.")


def snapshot(app: Flask) -> dict[str, Any]:
    """Every job of every tenant and every fault rule, as independent data."""
    state = state_of(app)
    return {"jobs": state.store.export(), "faults": [r.to_dict() for r in state.faults.rules()]}


def _not_json(constant: str) -> Any:
    raise AssertionError(f"the answer holds {constant}, which is not JSON")


def strict_json(body: bytes) -> Any:
    """The body as JSON, failing on what Python's json writes but JSON has not (NaN, Infinity)."""
    return json.loads(body, parse_constant=_not_json)


def assert_graph_error(status: int, content_type: str, body: bytes, method: str = "GET") -> None:
    """An error answer is Graph's envelope: ``{"error": {code, message, innerError}}``, JSON."""
    assert 400 <= status < 500, (status, body[:500])
    assert content_type.startswith("application/json"), (status, content_type, body[:200])
    if method == "HEAD":
        assert body == b""
        return
    data = strict_json(body)
    assert isinstance(data, dict) and set(data) == {"error"}, data
    error = data["error"]
    assert set(error) - {"details"} == {"code", "message", "innerError"}, error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"], error
    inner = error["innerError"]
    assert set(inner) == {"date", "request-id", "client-request-id"}, inner
    assert all(isinstance(value, str) for value in inner.values()), inner
    assert _DATE.match(inner["date"]), inner
    details = error.get("details", [])
    assert isinstance(details, list), details
    assert all(isinstance(d, dict) and {"code", "message"} <= set(d) for d in details), details


def assert_answered_well(
    app: Flask,
    before: dict[str, Any],
    status: int,
    content_type: str,
    body: bytes,
    method: str = "GET",
) -> None:
    """The invariants every fuzzed request must keep (see the module's docstring)."""
    state = state_of(app)
    assert not state.exceptions, state.exceptions[-1]
    assert status < 500, (status, body[:1000])
    if content_type.startswith("application/json") and body:
        strict_json(body)
    if status >= 400:
        assert_graph_error(status, content_type, body, method)
        assert snapshot(app) == before, "a rejected request changed the store"
    health = app.test_client().get("/_mockgraph/health")
    assert health.status_code == 200 and health.get_json()["status"] == "ok"


def assert_served_well(app: Flask, before: dict[str, Any], response: TestResponse) -> None:
    """``assert_answered_well`` for an answer from Flask's test client."""
    method = response.request.method
    status, body = response.status_code, response.data
    content_type = response.content_type or ""  # a 204 has none
    assert_answered_well(app, before, status, content_type, body, method)
