"""Fuzzing the admin API (``/_mockgraph/``) with hypothesis: bodies of every shape, JSON or not.

A seed, a state import, a fault rule or a lifecycle plan that is refused must change nothing,
and every answer is JSON a strict parser reads (see ``tests/support/fuzzing.py``).
"""

from __future__ import annotations

import json

import pytest
from flask import Flask
from hypothesis import given, note
from hypothesis import strategies as st

from mockgraph import create_app
from mockgraph.core.model.collections import COLLECTIONS
from tests.support import payloads
from tests.support.fuzzing import OTHER_TENANT, SEEDED_IDS, assert_served_well, reset_and_seed
from tests.support.graph import token_for

_IDS = [*SEEDED_IDS.values(), "no-such-job"]
_ENDPOINTS = st.sampled_from(
    [
        ("POST", "/_mockgraph/seed"),
        ("PUT", "/_mockgraph/state"),
        ("POST", "/_mockgraph/faults"),
        ("DELETE", "/_mockgraph/faults/no-such-rule"),
        ("GET", "/_mockgraph/requests"),
        ("POST", "/_mockgraph/reset"),
        ("POST", "/_mockgraph/jobs/fuzz-jobs/advance"),
        ("PUT", "/_mockgraph/jobs/fuzz-jobs/lifecycle"),
    ]
)
_NAMES = st.sampled_from(
    ["fixtures", "jobs", "tenant", "collection", "job", "id", "status", "outcome", "polls"]
    + ["method", "path", "code", "message", "retryAfter", "latencyMs", "count", "default"]
    + [OTHER_TENANT, *COLLECTIONS]
)
_NUMBERS = st.one_of(
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63]),
    st.floats(),  # NaN and the infinities included: json.dumps writes them, JSON has none
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    _NUMBERS,
    st.text(max_size=16),
    st.sampled_from(["completed", "failed", "running", "GET", "jobs/*", "*", "", "default"]),
)
_JOBS = st.sampled_from(list(payloads.JOB_TYPES)).map(payloads.job)
_VALUES = st.recursive(
    _SCALARS | _JOBS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_NAMES, inner, max_size=4),
    max_leaves=10,
)
# Bodies shaped like what each endpoint reads, each field valid or not, so that they get past
# the first check; and bodies of any shape, sent anywhere.
_MAYBE_NUMBER = st.sampled_from([0, 1, 2, 400, 429, 503, 599, 60_000]) | _NUMBERS | _SCALARS
_MAYBE_TEXT = st.sampled_from(["GET", "*", "patch", "jobs/*", "/beta/*", "c"]) | _SCALARS
_VALID_FAULTS = st.fixed_dictionaries(
    {"status": st.sampled_from([400, 429, 503])},
    optional={
        "method": st.sampled_from(["GET", "*"]),
        "path": st.sampled_from(["jobs/*", "*"]),
        "count": st.sampled_from([1, 2]),
        "retryAfter": st.sampled_from([0, 1.5]),
        "latencyMs": st.just(0),
        "code": st.just("c"),
        "message": st.just("m"),
    },
)
_FAULT_FIELDS = ["status", "retryAfter", "latencyMs", "count", "method", "path", "code"]
# A valid rule with one field changed to anything: each field's check is reached.
_FAULTS = _VALID_FAULTS | st.builds(
    lambda valid, name, value: {**valid, name: value},
    _VALID_FAULTS,
    st.sampled_from(_FAULT_FIELDS),
    _MAYBE_NUMBER | _MAYBE_TEXT,
)
# A valid job with one top-level property changed to anything.
_MUTATED_JOBS = st.builds(
    lambda job, name, value: {**job, name: value},
    _JOBS,
    st.sampled_from(["status", "id", "@odata.type", "error", "result", "creationDateTime"]),
    _VALUES,
)
_ITEMS = st.fixed_dictionaries(
    {"job": _JOBS.map(lambda job: {**job, "id": "seeded"}) | _MUTATED_JOBS | _VALUES},
    optional={"collection": st.sampled_from(list(COLLECTIONS)) | _SCALARS},
)
_SEEDS = st.fixed_dictionaries(
    {},
    optional={
        "jobs": st.lists(_ITEMS | _JOBS | _MUTATED_JOBS | _VALUES, max_size=3),
        "fixtures": st.lists(st.text(max_size=8), max_size=2) | _SCALARS,
        "tenant": _SCALARS,
    },
)
_STATES = st.dictionaries(
    st.sampled_from(["default", OTHER_TENANT, "fresh-tenant"]) | st.text(max_size=4),
    st.lists(_ITEMS, max_size=2) | _VALUES,
    max_size=2,
)
_PLANS = st.fixed_dictionaries({}, optional={"polls": _MAYBE_NUMBER, "outcome": _SCALARS})
_ANY_BODY = st.one_of(
    st.dictionaries(_NAMES, _VALUES, max_size=5).map(json.dumps),
    _VALUES.map(json.dumps),
    st.text(max_size=40),
)
_JOB_ENDPOINTS = st.sampled_from(
    [("POST", f"/_mockgraph/jobs/{job_id}/advance") for job_id in _IDS]
    + [("PUT", f"/_mockgraph/jobs/{job_id}/lifecycle") for job_id in _IDS]
)
_CALLS = st.one_of(
    st.tuples(st.just(("POST", "/_mockgraph/faults")), _FAULTS.map(json.dumps)),
    st.tuples(st.just(("POST", "/_mockgraph/seed")), _SEEDS.map(json.dumps)),
    st.tuples(st.just(("PUT", "/_mockgraph/state")), _STATES.map(json.dumps)),
    st.tuples(_JOB_ENDPOINTS, _PLANS.map(json.dumps)),
    st.tuples(_ENDPOINTS, _ANY_BODY),
)
_AUTHORIZATIONS = st.sampled_from(
    [None, f"Bearer {token_for('default')}", f"Bearer {token_for(OTHER_TENANT)}"]
    + [f"Bearer {token_for('fresh-tenant')}", "Bearer opaque", "Bearer a.b.c"]
)


@pytest.fixture(scope="module")
def fuzz_app() -> Flask:
    return create_app()


@given(call=_CALLS, authorization=_AUTHORIZATIONS)
def test_any_admin_call_is_answered_well(
    fuzz_app: Flask, call: tuple[tuple[str, str], str], authorization: str | None
) -> None:
    before = reset_and_seed(fuzz_app)
    (method, path), body = call
    headers = {"Authorization": authorization} if authorization else {}
    # Schemathesis blanks Hypothesis's report of the failing example: say it here instead.
    note(f"{method} {path} headers={headers!r} body={body!r}")
    response = fuzz_app.test_client().open(path, method=method, data=body, headers=headers)
    assert_served_well(fuzz_app, before, response)
