"""Fuzzing with hypothesis: any request, any path below every entity set, any body on every
set, any `$filter`, on a store holding an item of every set (``tests/support/fuzzing.py``).

Whatever comes in, the mock answers it well: no 5xx, Graph's error envelope on every error, an
unchanged store after a rejection, and a healthy app afterwards. A body is stored as sent, or
refused with Graph's 400 whose every detail names a property path of the body.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import given, note, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from mockgraph import create_app
from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.model.collections import (
    COLLECTIONS,
    CREATE,
    ENTITY_SETS,
    UPDATE,
    EntitySet,
    properties,
)
from mockgraph.core.model.types import (
    ENUMS,
    EXACT_MATCH_SESSION,
    TYPES,
    all_navs,
    all_props,
    qualified,
)
from mockgraph.features.sessions import SET_ON_CREATION
from mockgraph.http.current import state_of
from tests.support.fuzzing import (
    ENTITIES,
    OTHER_TENANT,
    SEEDED_IDS,
    assert_served_well,
    entity,
    reset_and_seed,
    seeded_container,
    seeded_url,
    snapshot,
)
from tests.support.graph import BASE, token_for

ALL_SETS = list(ENTITY_SETS.values())
# Every property any set's items have, and every navigation property (never in a body).
PROPERTIES = sorted({name for s in ALL_SETS for name in properties(s)})
NAVIGATIONS = sorted({nav.name for name in TYPES for nav in all_navs(name)})


@pytest.fixture(scope="module")
def fuzz_app() -> Flask:
    # One app for all examples (each resets and reseeds it); every served GET of a job is a
    # lifecycle poll, so GETs change jobs too.
    return create_app({"MOCKGRAPH_PAGE_SIZE": 3, "MOCKGRAPH_LIFECYCLE_POLLS": 1})


# --- Bodies: JSON of any shape, job-like objects, and bytes that are not JSON at all --------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
_ODATA_TYPES = st.sampled_from(sorted(TYPES)).flatmap(
    lambda name: st.sampled_from(
        [qualified(name), qualified(name)[1:], qualified(name).upper(), name, f"#{name}x"]
    )
)
_DATETIMES = st.sampled_from(
    [
        "2017-01-01T00:00:59.0982804+03:00",
        "2017-01-01T00:00:59",
        "2017-13-45T25:61:61Z",
        "2017-01-01T00:00:59.12345678901234567890Z",
        "2017-01-01T00:00+99:99",
        "0000-00-00T00:00:00Z",
    ]
)
_KEYS = st.sampled_from(
    [*PROPERTIES, *NAVIGATIONS, "@odata.type", "@odata.context", "x@odata.etag", "details"]
    + ["code", "", "a.b", "x[0]"]
)
_ENUM_MEMBERS = st.sampled_from(sorted({member for enum in ENUMS.values() for member in enum}))
_VALUES = _JSON | _ODATA_TYPES | _DATETIMES | _ENUM_MEMBERS
_JOB_LIKE = st.recursive(
    st.dictionaries(_KEYS, _VALUES, max_size=6),
    lambda inner: st.dictionaries(_KEYS, inner | st.lists(inner, max_size=3), max_size=4),
    max_leaves=10,
)
_BODIES = st.one_of(
    st.none(),
    _JOB_LIKE.map(lambda value: json.dumps(value).encode()),
    _JSON.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=64),
    st.text(max_size=64).map(lambda text: text.encode("utf-16")),
    st.integers(1, 200).map(lambda depth: (b"[" * depth) + (b"]" * depth)),
    st.sampled_from([b"NaN", b'{"a": Infinity}', b"{", b'{"status": "x"', b"\xff\xfe"]),
)

# --- Everything else a request has -----------------------------------------------------------

_SET_NAMES = sorted({name for path in ENTITY_SETS for name in path.split("/")})
_SEGMENTS = st.one_of(
    st.sampled_from([*_SET_NAMES, *SEEDED_IDS.values(), "$count", "..", ".", "%2e%2e"]),
    st.sampled_from(["%2F", "..%2F..%2Fsetup.cfg", "%00", "static", "_mockgraph", ""]),
    st.text(max_size=12).map(lambda text: quote(text, safe="")),
)
_PREFIXES = st.sampled_from([BASE, "/beta", "/v1.0/dataClassification", "/_mockgraph", ""])
_PATHS = st.builds(
    # One leading slash: Flask's test client reads "//x" as a URL naming the host "x".
    lambda prefix, segments: "/" + "/".join([prefix, *segments]).lstrip("/"),
    _PREFIXES,
    st.lists(_SEGMENTS, max_size=4),
)
_OPTION_NAMES = st.sampled_from(
    ["$top", "top", "$skip", "$filter", "$select", "$orderby", "$count", "$skiptoken"]
    + ["$expand", "$search", "$format", "custom", "method", "path"]
)
_QUERIES = st.lists(st.tuples(_OPTION_NAMES, st.text(max_size=20)), max_size=4)
_AUTHORIZATIONS = st.sampled_from(
    [
        None,
        "Bearer opaque-token",
        f"Bearer {token_for('default')}",
        f"Bearer {token_for(OTHER_TENANT)}",
        "Bearer a.b.c",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "bearer    spaced-out",
    ]
)
_CONTENT_TYPES = st.sampled_from(
    [None, "application/json", "application/json; charset=utf-8", "text/plain"]
    + ["application/json; charset=latin-1", "multipart/form-data", "application/JSON"]
)
# What a client can put in a header at all (a newline would end it).
_HEADER_CHARACTERS = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
_METHODS = st.sampled_from(["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"])


def _send(
    app: Flask, method: str, path: str, query: Any, headers: dict[str, Any], body: Any
) -> TestResponse:
    headers = {name: value for name, value in headers.items() if value is not None}
    # Schemathesis blanks Hypothesis's report of the failing example: say it here instead.
    note(f"{method} {path} query={query!r} headers={headers!r} body={body!r}")
    client = app.test_client()
    return client.open(path, method=method, query_string=query, headers=headers, data=body)


@given(
    method=_METHODS,
    path=_PATHS,
    query=_QUERIES,
    authorization=_AUTHORIZATIONS,
    content_type=_CONTENT_TYPES,
    client_request_id=st.none() | st.text(_HEADER_CHARACTERS, max_size=20),
    body=_BODIES,
)
def test_any_request_is_answered_well(
    fuzz_app: Flask,
    method: str,
    path: str,
    query: list[tuple[str, str]],
    authorization: str | None,
    content_type: str | None,
    client_request_id: str | None,
    body: bytes | None,
) -> None:
    before = reset_and_seed(fuzz_app)
    headers = {
        "Authorization": authorization,
        "Content-Type": content_type,
        "client-request-id": client_request_id,
    }
    response = _send(fuzz_app, method, path, query, headers, body)
    assert_served_well(fuzz_app, before, response)


@given(
    method=st.sampled_from(["GET", "PATCH", "DELETE"]),
    collection=st.sampled_from(list(COLLECTIONS)),
    job=st.sampled_from(list(COLLECTIONS)),  # the collection of the seeded job it names
    select=st.none() | st.text(max_size=20),
    body=_JOB_LIKE,
)
def test_requests_on_stored_jobs_are_answered_well(
    fuzz_app: Flask, method: str, collection: str, job: str, select: str | None, body: Any
) -> None:
    # Aimed at jobs that exist: a PATCH that validates, then fails, must not have stored a thing.
    before = reset_and_seed(fuzz_app)
    query = {} if select is None else {"$select": select}
    path = f"{BASE}/{collection}/{SEEDED_IDS[job]}"
    headers = {"Authorization": "Bearer opaque-token", "Content-Type": "application/json"}
    response = _send(fuzz_app, method, path, query, headers, json.dumps(body).encode())
    assert_served_well(fuzz_app, before, response)


# --- Every entity set: paths below each, and bodies of its own shape -------------------------

_IDS = st.one_of(
    st.sampled_from([*SEEDED_IDS.values(), "missing", "fuzz-jobs", "%2F", "%00", "$count"]),
    st.text(min_size=1, max_size=12).map(lambda text: quote(text, safe="")),
)
_TAILS = st.sampled_from(
    ["", "/$count", "/{id}", "/{id}/$count", "/$count/x", "/{id}/{nav}", "/{id}/{nav}/$count"]
    + ["/{id}/{nav}/{id}", "/$ref", "/{id}/", "/{id}/{id}"]
)


def _below(entity_set: EntitySet, ids: list[str], tail: str, nav: str) -> str:
    # The set's collection (or single-valued path) inside the parents ``ids`` names, then more.
    more = tail.replace("{id}", ids[-1]).replace("{nav}", nav)
    return f"{BASE}/{entity_set.container(ids[:-1])}{more}"


_SET_PATHS = st.sampled_from(ALL_SETS).flatmap(
    lambda entity_set: st.builds(
        _below,
        st.just(entity_set),
        st.lists(_IDS, min_size=entity_set.depth + 1, max_size=entity_set.depth + 1),
        _TAILS,
        st.sampled_from([*_SET_NAMES, *NAVIGATIONS]),
    )
)


@pytest.mark.parametrize("entity_set", ALL_SETS, ids=lambda s: s.path.replace("/", "."))
def test_the_fuzzing_store_holds_an_item_wherever_the_fuzzers_aim(
    fuzz_app: Flask, entity_set: EntitySet
) -> None:
    # Else the fuzzing of items, and of their contents, would only ever meet 404s.
    reset_and_seed(fuzz_app)
    client, headers = fuzz_app.test_client(), {"Authorization": "Bearer opaque-token"}
    found = client.get(seeded_url(entity_set), headers=headers)
    assert found.status_code == 200, found.get_json()
    assert found.get_json()["id"] == SEEDED_IDS[entity_set.path]
    if entity_set.many:
        listed = client.get(seeded_url(entity_set, item=False), headers=headers)
        assert listed.status_code == 200
        assert SEEDED_IDS[entity_set.path] in [item["id"] for item in listed.get_json()["value"]]


@pytest.mark.parametrize("type_name", sorted(ENTITIES))
def test_each_body_the_fuzzers_start_from_holds_every_property_of_its_type(
    type_name: str,
) -> None:
    assert set(ENTITIES[type_name]) == {prop.name for prop in all_props(type_name)} - {"id"}


@given(
    method=_METHODS,
    path=_SET_PATHS,
    query=_QUERIES,
    content_type=_CONTENT_TYPES,
    body=_BODIES,
)
def test_any_path_below_any_set_is_answered_well(
    fuzz_app: Flask,
    method: str,
    path: str,
    query: list[tuple[str, str]],
    content_type: str | None,
    body: bytes | None,
) -> None:
    before = reset_and_seed(fuzz_app)
    headers = {"Authorization": "Bearer opaque-token", "Content-Type": content_type}
    response = _send(fuzz_app, method, path, query, headers, body)
    assert_served_well(fuzz_app, before, response)


# Where a body is sent: a create in a collection, a change to an item, and a PATCH of a
# single-valued set, which changes its value, or creates one when it has none (an upsert).
_WRITES = (
    [("POST", s, "create") for s in ALL_SETS if s.many and CREATE in s.operations]
    + [("PATCH", s, "update") for s in ALL_SETS if UPDATE in s.operations]
    + [("PATCH", s, "upsert") for s in ALL_SETS if not s.many and UPDATE in s.operations]
)


@st.composite
def _entity_bodies(draw: st.DrawFn, entity_set: EntitySet) -> dict[str, Any]:
    """A valid body of the set's type, cut down, with a few properties of any value."""
    valid = entity(entity_set.default_type)
    kept = draw(st.lists(st.sampled_from(sorted(valid)), unique=True))
    body = {key: valid[key] for key in kept}
    own = st.sampled_from([*properties(entity_set), "@odata.type", "id"])
    body.update(draw(st.dictionaries(own | _KEYS, _VALUES | _JOB_LIKE, max_size=3)))
    return body


def _names_a_path(value: Any, target: str, first: bool = True) -> bool:
    """Whether ``target`` (``columns[0].name``, ``error.@odata.type``) is a path in ``value``;
    a key may hold dots, so every key the path goes on with is tried."""
    if target == "":
        return True
    if isinstance(value, list):
        index = re.match(r"\[(\d+)\]", target)
        if index is None or int(index[1]) >= len(value):
            return False
        return _names_a_path(value[int(index[1])], target[index.end() :], first=False)
    if not isinstance(value, dict):
        return False
    if not first:  # after a key or an index, a key follows a dot
        if not target.startswith("."):
            return False
        target = target[1:]
    for key in value:
        rest = target[len(key) :]
        if target.startswith(key) and rest[:1] in ("", ".", "["):
            if _names_a_path(value[key], rest, first=False):
                return True
    return False


def _plain(value: Any) -> bool:
    # A value stored exactly as sent: nested objects get their @odata.type written in.
    if isinstance(value, list):
        return all(map(_plain, value))
    return not isinstance(value, dict)


@pytest.mark.parametrize(
    ("method", "entity_set", "kind"),
    _WRITES,
    ids=[f"{kind}-{s.path.replace('/', '.')}" for _, s, kind in _WRITES],
)
@settings(max_examples=max(10, settings().max_examples // 4))  # a quarter: one run per write
@given(data=st.data())
def test_a_body_on_any_set_is_stored_as_sent_or_refused_naming_its_path(
    fuzz_app: Flask, method: str, entity_set: EntitySet, kind: str, data: st.DataObject
) -> None:
    body = data.draw(_entity_bodies(entity_set), label="body")
    reset_and_seed(fuzz_app)
    store = state_of(fuzz_app).store
    if kind == "upsert":  # no value yet: the PATCH creates one
        store.delete(DEFAULT_TENANT, seeded_container(entity_set), SEEDED_IDS[entity_set.path])
    before = snapshot(fuzz_app)
    url = seeded_url(entity_set, item=kind != "create")
    headers = {"Authorization": "Bearer opaque-token", "Content-Type": "application/json"}
    response = _send(fuzz_app, method, url, [], headers, json.dumps(body).encode())
    assert_served_well(fuzz_app, before, response)
    answer = response.get_json()
    expected = 201 if kind in ("create", "upsert") else 200
    assert response.status_code in (expected, 400), answer
    if response.status_code == 400:
        error = answer["error"]
        assert error["code"] == "invalidRequest", error
        targets = [detail["target"] for detail in error["details"]]
        # Graph's target names the property; the mock says "(body)" for one named "".
        named = [t for t in targets if not (t == "(body)" and "" in body)]
        assert targets and all(_names_a_path(body, t) for t in named), (targets, body)
        return
    sent = {key: value for key, value in body.items() if "@" not in key}
    assert answer["@odata.type"] == qualified(entity_set.default_type) or entity_set.is_job
    assert set(sent) <= set(answer), (sent, answer)
    if kind != "update":  # a new item holds what was sent, and what the service sets
        server = SET_ON_CREATION if entity_set.default_type == EXACT_MATCH_SESSION else ()
        assert set(answer) - set(sent) <= {"@odata.context", "@odata.type", "id", *server}, answer
    assert all(answer[key] == value for key, value in sent.items() if _plain(value))
    stored = store.get(DEFAULT_TENANT, seeded_container(entity_set), answer["id"]).data
    assert stored == {key: value for key, value in answer.items() if key != "@odata.context"}


# --- $filter: arbitrary text, and text built from OData's own tokens ---------------------------

_FILTER_TOKENS = st.sampled_from(
    [*PROPERTIES, "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in", "has"]
    + ["startswith(", "endswith(", "contains(", "tolower(", "toupper(", "length(", "any(", "("]
    + [")", ",", "'x'", "''", "'", "null", "true", "false", "0", "-1", "1.5e300", "9" * 30]
    + ["2017-01-01T00:00:59.0982804+03:00", "2017-01-01", "duration'P1D'", "12:00:00"]
    + ["7fa8665d-665d-7fa8-5d66-a87f5d66a87f", "add", "/", "$it", "a:b", "@p", "result/x"]
)
_FILTERS = st.one_of(
    st.text(max_size=60),
    st.lists(_FILTER_TOKENS, min_size=1, max_size=12).map(" ".join),
    st.lists(_FILTER_TOKENS, min_size=1, max_size=12).map("".join),
)


@given(
    text=_FILTERS,
    collection=st.sampled_from([s for s in ALL_SETS if s.many]),
    endpoint=st.sampled_from(["", "/$count"]),
    orderby=st.none()
    | st.sampled_from(["creationDateTime desc", "status", "id,type desc", "fields", "priority"])
    | st.sampled_from(PROPERTIES),
)
def test_any_filter_is_a_result_or_a_bad_request(
    fuzz_app: Flask, text: str, collection: EntitySet, endpoint: str, orderby: str | None
) -> None:
    before = reset_and_seed(fuzz_app)
    query = {"$filter": text, **({"$orderby": orderby} if orderby else {})}
    headers = {"Authorization": "Bearer opaque-token"}
    url = seeded_url(collection, item=False) + endpoint
    response = _send(fuzz_app, "GET", url, query, headers, None)
    assert response.status_code in (200, 400), response.data
    if response.status_code == 400:
        assert response.get_json()["error"]["code"] == "BadRequest"
    assert_served_well(fuzz_app, before, response)


# --- $batch: malformed batches and batches of any requests -----------------------------------

_BATCH_URLS = st.one_of(
    st.builds(
        lambda collection, tail: f"/dataClassification/{collection}{tail}",
        st.sampled_from(list(COLLECTIONS)),
        st.sampled_from(["", "/$count", *(f"/{i}" for i in SEEDED_IDS.values()), "?$top=1"]),
    ),
    st.sampled_from(["https://graph.microsoft.com/beta/dataClassification/jobs", "//x/jobs"]),
    st.sampled_from(["$batch", "/$batch", "../_mockgraph/reset", "%2e%2e/_mockgraph/state"]),
    st.sampled_from(["", "?", "/", "users", "dataClassification/jobs?$filter=(", "\u00e9/\x00"]),
    st.text(max_size=30),
)
_BATCH_HEADERS = st.one_of(
    st.none(),
    st.just({"Content-Type": "application/json"}),
    st.dictionaries(
        st.sampled_from(["Content-Type", "content-type", "Authorization", "Host", "a b", "x"]),
        st.one_of(st.sampled_from(["application/json", "text/plain", "image/png"]), _JSON),
        max_size=3,
    ),
)
_BATCH_ITEMS = st.fixed_dictionaries(
    {"id": st.sampled_from(["1", "2", "3", "A", "a"]) | _JSON},
    optional={
        "method": st.sampled_from(["GET", "post", "PATCH", "DELETE", "PUT", "G T"]) | _JSON,
        "url": _BATCH_URLS | _JSON,
        "headers": _BATCH_HEADERS,
        "body": _JOB_LIKE | _JSON,
        "dependsOn": st.lists(st.sampled_from(["1", "2", "3", "A", "x"]), max_size=3) | _JSON,
        "depends_on": st.lists(st.sampled_from(["1", "2"]), max_size=2),
    },
)
_BATCHES = st.one_of(
    st.fixed_dictionaries({"requests": st.lists(_BATCH_ITEMS, max_size=5)}),
    st.fixed_dictionaries({"requests": st.lists(_BATCH_ITEMS, min_size=19, max_size=22)}),
    _JSON,
)


@given(payload=_BATCHES, authorization=_AUTHORIZATIONS)
def test_any_batch_is_answered_well(
    fuzz_app: Flask, payload: Any, authorization: str | None
) -> None:
    # A malformed batch is a 400 that changed nothing; a well-formed one is a 200 whose every
    # answer is well formed, and whose failed requests changed nothing either.
    before = reset_and_seed(fuzz_app)
    headers = {"Authorization": authorization, "Content-Type": "application/json"}
    response = _send(fuzz_app, "POST", "/beta/$batch", [], headers, json.dumps(payload).encode())
    assert_served_well(fuzz_app, before, response)
    if response.status_code != 200:
        return
    answers = response.get_json()["responses"]
    assert [a["id"] for a in answers] == [r["id"] for r in payload["requests"]]
    for answer in answers:
        assert answer["status"] < 500, answer
        assert "content-type" in {name.lower() for name in answer["headers"]}, answer
        if answer["status"] >= 400:
            error = answer["body"]["error"]
            assert error["code"] and error["message"] and error["innerError"], answer
    if all(a["status"] >= 400 for a in answers):
        assert snapshot(fuzz_app) == before, "a batch of failed requests changed the store"
