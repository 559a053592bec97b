"""Fuzzing with hypothesis: any request, any `$filter`, on a store holding jobs.

Whatever comes in, the mock answers it well (see ``tests/support/fuzzing.py``): no 5xx,
Graph's error envelope on every error, an unchanged store after a rejection, and a healthy
app afterwards.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import given, note
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from mockgraph import create_app
from mockgraph.core.model.collections import COLLECTIONS, JOB_PROPERTIES
from mockgraph.core.model.types import ENUMS, TYPES, qualified
from tests.support.fuzzing import (
    OTHER_TENANT,
    SEEDED_IDS,
    assert_served_well,
    reset_and_seed,
    snapshot,
)
from tests.support.graph import BASE, token_for


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
    [*JOB_PROPERTIES, "@odata.type", "@odata.context", "x@odata.etag", "details", "code"]
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

_SEGMENTS = st.one_of(
    st.sampled_from([*COLLECTIONS, *SEEDED_IDS.values(), "$count", "..", ".", "%2e%2e"]),
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
    job=st.sampled_from(list(SEEDED_IDS)),
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


# --- $filter: arbitrary text, and text built from OData's own tokens ---------------------------

_FILTER_TOKENS = st.sampled_from(
    [*JOB_PROPERTIES, "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in", "has"]
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
    endpoint=st.sampled_from(["", "/$count"]),
    orderby=st.none() | st.sampled_from(["creationDateTime desc", "status", "id,type desc"]),
)
def test_any_filter_is_a_result_or_a_bad_request(
    fuzz_app: Flask, text: str, endpoint: str, orderby: str | None
) -> None:
    before = reset_and_seed(fuzz_app)
    query = {"$filter": text, **({"$orderby": orderby} if orderby else {})}
    headers = {"Authorization": "Bearer opaque-token"}
    response = _send(fuzz_app, "GET", f"{BASE}/jobs{endpoint}", query, headers, None)
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
