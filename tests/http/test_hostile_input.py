"""One client must not break the mock for everyone: text no answer could carry (lone surrogates,
control characters), raw bytes where URLs and headers should be ASCII, forged paging tokens and
oversized echoes are refused or answered whole, and the inspector keeps working afterwards.

Raw bytes that the test client cannot send (a query string, a header value) go through a real
socket to ``MockGraphServer``; what a PEP 3333 server (``flask run``) hands the app for them (a
latin-1 string of the bytes) goes through the test client's ``environ_overrides``.
"""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph.core.odata.query import MAX_SKIP, make_skiptoken
from mockgraph.http.current import state_of
from mockgraph.serving.server import MockGraphServer
from tests.support.graph import BASE, bearer, error_code

SURROGATE = b"\xed\xa0\x80"  # U+D800 as UTF-8 would write it, were it allowed: no UTF-8 at all
CAFE = "caf\u00e9".encode()  # raw UTF-8
# What the inspector reads: none of it may fail once a client has sent anything.
INSPECTOR = ("requests", "requests/tail", "jobs", "state", "faults")


def forged_jwt(payload: bytes) -> str:
    """A JWT whose payload is these bytes, as any client may write it (PyJWT writes only JSON)."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return ".".join([part(b'{"alg":"HS256","typ":"JWT"}'), part(payload), part(b"signature")])


def assert_inspector_works(client: FlaskClient) -> None:
    for path in INSPECTOR:
        answer = client.get(f"/_mockgraph/{path}")
        assert answer.status_code == 200, (path, answer.data[:300])


def assert_no_exception(app: Flask) -> None:
    assert list(state_of(app).exceptions) == []


# --- 6. Tenant ids --------------------------------------------------------------------------

BAD_TENANTS = {
    "escaped-surrogate": b'"\\ud800"',
    "raw-surrogate": b'"' + SURROGATE + b'"',
    "nul": b'"a\\u0000b"',
    "newline": b'"a\\nb"',
    "escape-character": b'"\\u001b[31m"',
    "zero-width-space": b'"a\\u200bb"',
    "too-long": b'"' + b"t" * 257 + b'"',
}


@pytest.mark.parametrize("tid", BAD_TENANTS.values(), ids=BAD_TENANTS.keys())
def test_a_token_whose_tid_is_no_tenant_id_is_401(
    app: Flask, client: FlaskClient, tid: bytes
) -> None:
    token = forged_jwt(b'{"tid":' + tid + b"}")
    sent = client.post(f"{BASE}/jobs", json={}, headers={"Authorization": f"Bearer {token}"})
    assert (sent.status_code, error_code(sent)) == (401, "InvalidAuthenticationToken")
    assert "'tid' claim" in sent.get_json()["error"]["message"]
    assert list(state_of(app).store.tenants()) == []
    # On the admin API too: the token's tenant would scope the call.
    scoped = client.get("/_mockgraph/requests", headers={"Authorization": f"Bearer {token}"})
    assert (scoped.status_code, error_code(scoped)) == (401, "InvalidAuthenticationToken")
    assert_inspector_works(client)
    assert_no_exception(app)


def test_a_tenant_id_of_256_printable_characters_is_one(client: FlaskClient) -> None:
    tenant = "t\u00e9n\u00e4nt \u4e2d" + "x" * 248
    sent = client.post(f"{BASE}/jobs", json={}, headers=bearer(tenant))
    assert sent.status_code == 201
    jobs = client.get("/_mockgraph/jobs").get_json()["value"]
    assert [(row["tenant"], row["count"]) for row in jobs] == [(tenant, 1)]


@pytest.mark.parametrize("tenant", BAD_TENANTS.values(), ids=BAD_TENANTS.keys())
def test_a_seeded_or_imported_tenant_that_is_no_tenant_id_is_400(
    app: Flask, client: FlaskClient, tenant: bytes
) -> None:
    seeded = client.post("/_mockgraph/seed", data=b'{"tenant": ' + tenant + b', "jobs": [{}]}')
    assert (seeded.status_code, error_code(seeded)) == (400, "BadRequest")
    imported = client.put("/_mockgraph/state", data=b"{" + tenant + b": []}")
    assert (imported.status_code, error_code(imported)) == (400, "BadRequest")
    assert list(state_of(app).store.tenants()) == []
    assert_inspector_works(client)
    assert_no_exception(app)


def test_an_imported_tenant_may_not_be_empty(client: FlaskClient) -> None:
    imported = client.put("/_mockgraph/state", json={"": []})
    assert (imported.status_code, error_code(imported)) == (400, "BadRequest")


@pytest.mark.parametrize("field", ["message", "code", "path", "method"])
def test_fault_text_utf8_cannot_carry_is_400(app: Flask, client: FlaskClient, field: str) -> None:
    body = b'{"status": 503, "' + field.encode() + b'": "x' + SURROGATE + b'"}'
    added = client.post("/_mockgraph/faults", data=body)
    assert (added.status_code, error_code(added)) == (400, "BadRequest")
    assert state_of(app).faults.rules() == []
    assert client.get(f"{BASE}/jobs").status_code == 200
    assert_inspector_works(client)
    assert_no_exception(app)


# --- 8. Bodies, ids, query strings, skiptokens ----------------------------------------------

GRAPH_BODIES = {
    "job": (f"{BASE}/jobs", b'{"status": "' + SURROGATE + b'"}'),
    "job-id": (f"{BASE}/jobs", b'{"id": "' + SURROGATE + b'"}'),
    "property-name": (f"{BASE}/jobs", b'{"' + SURROGATE + b'": 1}'),
    "batch-url": (
        "/beta/$batch",
        b'{"requests": [{"id": "1", "method": "GET", "url": "/dataClassification/jobs/'
        + SURROGATE
        + b'"}]}',
    ),
    "batch-request-id": (
        "/beta/$batch",
        b'{"requests": [{"id": "' + SURROGATE + b'", "method": "GET", "url": "/me"}]}',
    ),
    "batch-body": (
        "/beta/$batch",
        b'{"requests": [{"id": "1", "method": "POST", "url": "/dataClassification/jobs", '
        b'"headers": {"Content-Type": "application/json"}, "body": {"status": "'
        + SURROGATE
        + b'"}}]}',
    ),
}


@pytest.mark.parametrize(("path", "body"), GRAPH_BODIES.values(), ids=GRAPH_BODIES.keys())
def test_utf8_encoded_surrogates_in_a_graph_body_are_400(
    app: Flask, client: FlaskClient, path: str, body: bytes
) -> None:
    sent = client.post(path, data=body, content_type="application/json")
    assert (sent.status_code, error_code(sent)) == (400, "BadRequest")
    assert list(state_of(app).store.tenants()) == []
    assert_inspector_works(client)
    assert_no_exception(app)


def test_utf8_encoded_surrogates_in_an_admin_body_are_400(app: Flask, client: FlaskClient) -> None:
    seeded = client.post("/_mockgraph/seed", data=b'{"jobs": [{"status": "' + SURROGATE + b'"}]}')
    assert (seeded.status_code, error_code(seeded)) == (400, "BadRequest")
    assert list(state_of(app).store.tenants()) == []
    assert_no_exception(app)


@pytest.mark.parametrize(
    "raw", [SURROGATE, b"\xff", b"caf\xe9"], ids=["surrogate", "ff", "latin-1"]
)
def test_a_query_string_that_is_not_utf8_is_400_on_graph_routes(
    app: Flask, client: FlaskClient, raw: bytes
) -> None:
    # As a PEP 3333 server hands it over (granian refuses such a request line itself).
    query = {"QUERY_STRING": "$filter=status eq '" + raw.decode("latin-1") + "'"}
    sent = client.get(f"{BASE}/jobs", environ_overrides=query)
    assert (sent.status_code, error_code(sent)) == (400, "BadRequest")
    (entry,) = client.get("/_mockgraph/requests").get_json()["value"]
    assert entry["status"] == 400
    assert_inspector_works(client)
    assert_no_exception(app)


@pytest.mark.parametrize("path", ["requests", "requests/tail", "jobs", "health"])
def test_a_query_string_that_is_not_utf8_is_400_on_the_admin_api(
    app: Flask, client: FlaskClient, path: str
) -> None:
    query = {"QUERY_STRING": "path=" + SURROGATE.decode("latin-1")}
    sent = client.get(f"/_mockgraph/{path}", environ_overrides=query)
    assert (sent.status_code, error_code(sent)) == (400, "BadRequest")
    assert_no_exception(app)


def test_raw_utf8_in_a_query_string_is_utf8(app: Flask, client: FlaskClient) -> None:
    # As a PEP 3333 server hands it over: each byte a character.
    created = client.post(f"{BASE}/jobs", json={"status": "caf\u00e9"})
    assert created.status_code == 201
    query = {"QUERY_STRING": "$filter=status eq '" + CAFE.decode("latin-1") + "'"}
    found = client.get(f"{BASE}/jobs", environ_overrides=query)
    assert [job["id"] for job in found.get_json()["value"]] == [created.get_json()["id"]]
    entry = client.get("/_mockgraph/requests").get_json()["value"][-1]
    assert entry["query"] == {"$filter": "status eq 'caf\u00e9'"}
    assert_no_exception(app)


def test_a_forged_skiptoken_beyond_any_page_is_400(app: Flask, client: FlaskClient) -> None:
    assert client.post(f"{BASE}/jobs", json={}).status_code == 201
    for offset in (MAX_SKIP + 1, 2**63, 10**40):
        sent = client.get(f"{BASE}/jobs", query_string={"$skiptoken": make_skiptoken(offset)})
        assert (sent.status_code, error_code(sent)) == (400, "BadRequest"), offset
        assert "not issued here" in sent.get_json()["error"]["message"]
    assert_no_exception(app)


# --- 10. Header values -------------------------------------------------------------------------


def test_a_non_ascii_client_request_id_is_echoed_as_sent_and_journaled_as_text(
    app: Flask, client: FlaskClient
) -> None:
    sent_bytes = "\u00e9\u20ac".encode()  # what the client put on the wire
    as_wsgi = sent_bytes.decode("latin-1")  # what a PEP 3333 server hands the app
    answer = client.get(f"{BASE}/jobs/none", environ_overrides={"HTTP_CLIENT_REQUEST_ID": as_wsgi})
    assert answer.status_code == 404
    assert answer.headers["client-request-id"].encode("latin-1") == sent_bytes
    assert answer.get_json()["error"]["innerError"]["client-request-id"] == "\u00e9\u20ac"
    (entry,) = client.get("/_mockgraph/requests").get_json()["value"]
    assert entry["headers"]["client-request-id"] == "\u00e9\u20ac"
    assert_no_exception(app)


@pytest.mark.parametrize(
    "value",
    ["a\x01b", "\u20ac", "x" * 1001],
    ids=["control-character", "not-a-header-byte", "longer-than-an-error-shows"],
)
def test_a_client_request_id_no_header_can_carry_back_is_not_echoed(
    client: FlaskClient, value: str
) -> None:
    answer = client.get(f"{BASE}/jobs/none", environ_overrides={"HTTP_CLIENT_REQUEST_ID": value})
    assert answer.status_code == 404
    assert answer.headers["client-request-id"] == answer.headers["request-id"]
    inner = answer.get_json()["error"]["innerError"]
    assert inner["client-request-id"] == inner["request-id"]


def test_content_type_parameters_may_hold_non_ascii(app: Flask, client: FlaskClient) -> None:
    content_type = "application/json; x=" + "\u00e9".encode().decode("latin-1")
    sent = client.post(f"{BASE}/jobs", data=b"{}", environ_overrides={"CONTENT_TYPE": content_type})
    assert sent.status_code == 201
    refused = client.post(
        f"{BASE}/jobs", data=b"{}", environ_overrides={"CONTENT_TYPE": "text/plain; x=\u00c3\u00a9"}
    )
    assert (refused.status_code, error_code(refused)) == (415, "UnsupportedMediaType")
    assert "text/plain; x=\u00e9" in refused.get_json()["error"]["message"]
    assert_no_exception(app)


# --- Through a real socket: bytes the test client cannot send -----------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[MockGraphServer]:
    with MockGraphServer() as running:
        yield running


@pytest.fixture
def served(server: MockGraphServer) -> Iterator[MockGraphServer]:
    state_of(server.app).reset()
    yield server
    assert_no_exception(server.app)


def exchange(server: MockGraphServer, head: bytes, body: bytes = b"") -> tuple[int, Any, bytes]:
    """One request as raw bytes (its request line and headers, CRLF-separated, no blank line):
    the status, the headers (name -> bytes) and the body of its answer."""
    host = b"Host: 127.0.0.1\r\nConnection: close\r\n"
    length = b"Content-Length: %d\r\n" % len(body) if body else b""
    with socket.create_connection((server.host, server.port), timeout=10) as connection:
        connection.settimeout(10)  # a recv that waits longer fails the test
        connection.sendall(head + b"\r\n" + host + length + b"\r\n" + body)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    top, _, content = received.partition(b"\r\n\r\n")
    status, *lines = top.split(b"\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode()] = value.strip()
    return int(status.split()[1]), headers, content


def graph_call(method: str, target: bytes, *headers: bytes) -> bytes:
    return b"\r\n".join(
        [method.encode() + b" " + target + b" HTTP/1.1", b"Authorization: Bearer t", *headers]
    )


def test_raw_utf8_in_a_query_string_is_utf8_through_the_server(served: MockGraphServer) -> None:
    created = served.app.test_client().post(
        f"{BASE}/jobs", json={"status": "caf\u00e9"}, headers=bearer()
    )
    target = f"{BASE}/jobs?$filter=status%20eq%20'".encode() + CAFE + b"'"
    status, _, body = exchange(served, graph_call("GET", target))
    assert (status, created.get_json()["id"].encode() in body) == (200, True)
    for path in (
        b"requests?path=*" + CAFE,
        b"requests/tail?after=0&x=\xe2\x82\xac",
        b"jobs?x=" + CAFE,
    ):
        status, _, body = exchange(served, b"GET /_mockgraph/" + path + b" HTTP/1.1")
        assert status == 200, (path, body[:300])


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (
            b"Content-Type: application/json\r\nclient-request-id: " + "\u00e9\u20ac".encode(),
            "client-request-id",
        ),
        (b"Content-Type: application/json; x=" + "\u00e9".encode(), "content-type"),
    ],
    ids=["client-request-id", "content-type-parameter"],
)
def test_a_header_value_granian_cannot_read_is_400_naming_it(
    served: MockGraphServer, header: bytes, name: str
) -> None:
    status, headers, body = exchange(
        served, graph_call("POST", f"{BASE}/jobs".encode(), header), b"{}"
    )
    assert status == 400, body[:300]
    assert f"'{name}'".encode() in body
    (entry,) = state_of(served.app).journal.entries()
    assert entry.status == 400
    assert list(state_of(served.app).store.tenants()) == []


def test_431_does_not_echo_the_oversized_client_request_id(served: MockGraphServer) -> None:
    huge = b"c" * 40_000
    status, headers, body = exchange(
        served, graph_call("GET", f"{BASE}/jobs".encode(), b"client-request-id: " + huge)
    )
    assert status == 431
    assert headers["client-request-id"] == headers["request-id"]
    assert b"ccc" not in body


def test_a_token_with_a_raw_surrogate_in_tid_is_401_through_the_server(
    served: MockGraphServer,
) -> None:
    token = forged_jwt(b'{"tid":"' + SURROGATE + b'"}').encode()
    head = b"POST " + f"{BASE}/jobs".encode() + b" HTTP/1.1\r\nAuthorization: Bearer " + token
    status, _, body = exchange(served, head + b"\r\nContent-Type: application/json", b"{}")
    assert status == 401, body[:300]
    for path in INSPECTOR:
        status, _, body = exchange(served, f"GET /_mockgraph/{path} HTTP/1.1".encode())
        assert status == 200, (path, body[:300])
    assert list(state_of(served.app).store.tenants()) == []
