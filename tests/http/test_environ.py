"""One environ builder: a header reaches the app the same way over a socket, intercepted, in a
``$batch`` or through the test client, within the same limits."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import httpx
import pytest
from flask import Flask

import mockgraph
from mockgraph.core.errors import HeadersTooLargeError
from mockgraph.http.current import state_of
from mockgraph.http.environ import (
    MAX_HEADER_BYTES,
    MAX_HEADER_COUNT,
    build_environ,
    path_from_url,
    server_keys,
    wsgi_from_text,
)
from mockgraph.paths import BATCH_PATH, GRAPH_HOST
from mockgraph.serving.server import MockGraphServer
from tests.support.graph import BASE
from tests.support.sockets import read_answer

BASE_KEYS = server_keys("graph.example", 443, "https")
REPEATED = [("X-Trace", "a"), ("x-trace", "b"), ("Cookie", "c=1"), ("Cookie", "d=2")]


def test_repeated_headers_are_joined_one_way() -> None:
    environ = build_environ(BASE_KEYS, "GET", "/beta", "", REPEATED)
    assert environ["HTTP_X_TRACE"] == "a, b"
    assert environ["HTTP_COOKIE"] == "c=1; d=2"


def test_content_headers_have_no_http_prefix_and_a_whole_body_its_length() -> None:
    headers = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]
    environ = build_environ(BASE_KEYS, "POST", "/beta", "a=1", headers, b"{}")
    assert environ["CONTENT_TYPE"] == "application/json"
    assert environ["CONTENT_LENGTH"] == "2"
    assert "HTTP_TRANSFER_ENCODING" not in environ  # the whole body is handed over
    assert environ["wsgi.input"].read() == b"{}"
    assert (environ["QUERY_STRING"], environ["REQUEST_METHOD"]) == ("a=1", "POST")


@pytest.mark.parametrize(
    ("keys", "host"),
    [
        (server_keys("graph.example", 443, "https"), "graph.example"),
        (server_keys("127.0.0.1", 8000), "127.0.0.1:8000"),
    ],
    ids=["default-port", "other-port"],
)
def test_a_missing_host_comes_from_the_server(keys: dict[str, object], host: str) -> None:
    assert build_environ(keys, "GET", "/beta", "", [])["HTTP_HOST"] == host


def test_a_sent_path_and_a_decoded_one_give_the_same_path_info() -> None:
    assert path_from_url("/beta/caf%C3%A9%20x") == wsgi_from_text("/beta/café x")
    assert path_from_url("/beta/caf%C3%A9").encode("latin-1").decode() == "/beta/café"


@pytest.mark.parametrize(
    "headers",
    [
        [(f"X-H{n}", "v") for n in range(MAX_HEADER_COUNT + 1)],
        [("X-Big", "v" * MAX_HEADER_BYTES)],
    ],
    ids=["count", "bytes"],
)
def test_headers_past_the_limits_are_refused(headers: list[tuple[str, str]]) -> None:
    with pytest.raises(HeadersTooLargeError, match="The request headers are too large"):
        build_environ(BASE_KEYS, "GET", "/beta", "", headers)


# --- end to end: what the journal saw of one repeated header, whichever way it came -----------


def _journaled(app: Flask) -> str:
    (entry,) = state_of(app).journal.entries()
    return entry.headers["x-trace"]


def _socket(app: Flask) -> None:
    with (
        MockGraphServer(app=app) as server,
        socket.create_connection((server.host, server.port), timeout=10) as connection,
    ):
        connection.sendall(
            f"GET {BASE}/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
            "X-Trace: a\r\nX-Trace: b\r\n\r\n".encode()
        )
        assert read_answer(connection)[0] == 200


def _intercepted(app: Flask) -> None:
    headers = [("Authorization", "Bearer t"), ("X-Trace", "a"), ("X-Trace", "b")]
    with mockgraph.intercept(app=app):
        assert httpx.get(f"{GRAPH_HOST}{BASE}/jobs", headers=headers).status_code == 200


def _test_client(app: Flask) -> None:
    headers = [("Authorization", "Bearer t"), ("X-Trace", "a"), ("X-Trace", "b")]
    assert app.test_client().get(f"{BASE}/jobs", headers=headers).status_code == 200


@pytest.fixture
def app() -> Iterator[Flask]:
    yield mockgraph.create_app()


@pytest.mark.parametrize(
    "send", [_socket, _intercepted, _test_client], ids=["socket", "intercepted", "test-client"]
)
def test_a_repeated_header_reaches_the_app_the_same_way(
    app: Flask, send: Callable[[Flask], None]
) -> None:
    send(app)
    assert _journaled(app) == "a, b"


def test_too_many_headers_intercepted_are_graphs_431(app: Flask) -> None:
    headers = [(f"X-H{n}", "v") for n in range(MAX_HEADER_COUNT + 1)]
    with mockgraph.intercept(app=app):
        answer = httpx.get(f"{GRAPH_HOST}{BASE}/jobs", headers=headers)
    assert answer.status_code == 431
    assert answer.json()["error"]["code"] == "RequestHeaderFieldsTooLarge"
    assert answer.headers["client-request-id"] == answer.headers["request-id"]
    assert state_of(app).journal.entries() == []  # refused before the app saw it


def test_a_batch_request_with_too_many_headers_is_its_own_431(app: Flask) -> None:
    crowded = {f"X-H{n}": "v" for n in range(MAX_HEADER_COUNT + 1)}
    requests = [
        {"id": "1", "method": "GET", "url": "/dataClassification/jobs", "headers": crowded},
        {"id": "2", "method": "GET", "url": "/dataClassification/jobs"},
    ]
    client = app.test_client()
    response = client.post(
        BATCH_PATH, json={"requests": requests}, headers={"Authorization": "Bearer t"}
    )
    assert response.status_code == 200
    one, two = response.get_json()["responses"]
    assert (one["status"], one["body"]["error"]["code"]) == (431, "RequestHeaderFieldsTooLarge")
    assert one["headers"]["request-id"] == one["body"]["error"]["innerError"]["request-id"]
    assert two["status"] == 200
    # The batch and its served request are journaled; the refused one never reached the app.
    paths = [entry.path for entry in state_of(app).journal.entries()]
    assert paths == [BATCH_PATH, f"{BASE}/jobs"]
