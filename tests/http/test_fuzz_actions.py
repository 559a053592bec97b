"""Fuzzing the service's actions with hypothesis: any JSON body on every action where it is
bound, any text between a function's parentheses, on a store holding an item of every set and
the tenant defaults (``tests/support/fuzzing.py``).

Whatever comes in, the mock answers it well: an action's success, or Graph's 400 (404 for a
missing item, 409 for a session's state) with its envelope, no 5xx, an unchanged store after a
rejection, and a healthy app afterwards.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgraph import create_app
from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.model.actions import ACTIONS, Action
from mockgraph.core.model.collections import EntitySet
from mockgraph.features import tenant_defaults as td
from mockgraph.features.seeding import seed_jobs
from mockgraph.http.current import state_of
from mockgraph.paths import SINGLETON_PATH
from tests.support.fuzzing import assert_served_well, reset_and_seed, seeded_container, snapshot

# (action, bound set) for every route of an action
BOUND = [(a, s) for a in ACTIONS.values() for s in a.bindings]
ANSWERS = {200, 204, 400, 404, 409}

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.text(max_size=20)
    | st.sampled_from([td.CREDIT_CARD_NUMBER, td.CONFIDENTIAL, "manual", "file", "QUJD"])
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


def _bodies(action: Action) -> st.SearchStrategy[Any]:
    names = [p.name for p in action.parameters]
    inner = ["id", "count", "confidence", "labelId", "cid", "format", "matches", "offset"]
    keys = st.sampled_from([*names, *inner, "@odata.type", "x"]) if names else st.just("x")
    nested = st.dictionaries(keys, _JSON, max_size=4)
    values = _JSON | st.lists(nested, max_size=3) | nested
    return st.dictionaries(keys, values, max_size=5) | _JSON


def _url(action: Action, bound: EntitySet | None) -> str:
    if bound is None:
        return f"{SINGLETON_PATH}/{action.name}"
    base = f"{SINGLETON_PATH}/{seeded_container(bound)}"
    if not action.binding_many:
        base += f"/fuzz-{bound.path.replace('/', '-')}"
    return f"{base}/{action.name}"


@pytest.fixture(scope="module")
def fuzz_app() -> Flask:
    return create_app()


def _fresh(app: Flask) -> dict[str, Any]:
    reset_and_seed(app)
    seed_jobs(state_of(app).store, DEFAULT_TENANT, None, None, defaults=True)
    return snapshot(app)


@pytest.mark.parametrize(
    ("action", "bound"),
    [(a, s) for a, s in BOUND if not a.function],
    ids=[f"{a.name}@{s.path if s else ''}" for a, s in BOUND if not a.function],
)
@settings(max_examples=40)
@given(data=st.data())
def test_any_body_on_an_action_is_answered_well(
    fuzz_app: Flask, action: Action, bound: EntitySet | None, data: st.DataObject
) -> None:
    body = data.draw(_bodies(action), label="body")
    before = _fresh(fuzz_app)
    response = fuzz_app.test_client().post(
        _url(action, bound),
        data=json.dumps(body),
        headers={"Authorization": "Bearer x", "Content-Type": "application/json"},
    )
    assert response.status_code in ANSWERS, response.get_json()
    assert_served_well(fuzz_app, before, response)


_LITERALS = st.sampled_from(
    ["['a','b']", '["a"]', "'x'", "@p", "null", "1", "[", "]", "'", ",", "=", "(", ")", "''", "[]"]
    + [f"['{td.GENERAL}']", "labelIds", "locale", "contentFormats", " ", "%", "\\"]
)


@pytest.mark.parametrize(
    "bound", [s for a, s in BOUND if a.function], ids=lambda s: s.path.replace("/", ".")
)
@settings(max_examples=60)
@given(data=st.data())
def test_any_text_in_a_function_call_is_answered_well(
    fuzz_app: Flask, bound: EntitySet, data: st.DataObject
) -> None:
    inside = "".join(data.draw(st.lists(_LITERALS | st.text(max_size=4), max_size=8)))
    before = _fresh(fuzz_app)
    url = f"{SINGLETON_PATH}/{seeded_container(bound)}/computeInheritance({quote(inside)})"
    response = fuzz_app.test_client().get(url, headers={"Authorization": "Bearer x"})
    assert response.status_code in {200, 400, 404}, response.get_json()
    assert_served_well(fuzz_app, before, response)
