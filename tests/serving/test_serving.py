"""MockGraphServer over real sockets: latency that holds nobody up, hostile clients, limits.

Every client here has a socket timeout and every wait a deadline. Nothing asserts a timing:
"held back together" is read from the journal (the calls' recorded spans overlap), "holds
nobody up" from the order of answers (the others are all answered while the slow ones are
still unanswered). The figures are the benchmark's (bench/README.md).
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from mockgraph.features.faults import parse_rule
from mockgraph.http.current import state_of
from mockgraph.paths import BATCH_PATH
from mockgraph.serving import bridge
from mockgraph.serving.server import MockGraphServer
from tests.support.graph import BASE, token_for
from tests.support.sockets import read_answer as _answer

DELAYED = 200  # concurrent calls, each held back DELAY_MS
DELAY_MS = 2000  # long enough for the undelayed calls to be answered first, even on a busy CI


@pytest.fixture
def server() -> Iterator[MockGraphServer]:
    with MockGraphServer() as running:
        yield running


def _request(path: str, tenant: str = "t", extra: str = "") -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token_for(tenant)}\r\n"
        f"{extra}\r\n"
    ).encode()


def _call(server: MockGraphServer, raw: bytes) -> tuple[int, bytes]:
    with socket.create_connection((server.host, server.port), timeout=10) as connection:
        connection.sendall(raw)
        return _answer(connection)


def _gets(server: MockGraphServer, count: int, timeout: float = 10) -> None:
    """``count`` GETs on one keep-alive connection, each answered 200 within ``timeout``."""
    with socket.create_connection((server.host, server.port), timeout=timeout) as connection:
        for _ in range(count):
            connection.sendall(_request(f"{BASE}/jobs?$top=1", "other"))
            status, _ = _answer(connection)
            assert status == 200


def _unanswered(connections: list[socket.socket]) -> bool:
    """No answer (nor a close) has arrived on any of ``connections`` yet."""
    readable, _, _ = select.select(connections, [], [], 0)
    return not readable


def _spans_overlap(entries: Iterable[Any]) -> bool:
    """Every journaled call was in progress at one same moment (they were served at once)."""
    spans = [
        (
            started := datetime.fromisoformat(e.started_at),
            started + timedelta(milliseconds=e.duration_ms),
        )
        for e in entries
    ]
    return max(start for start, _ in spans) < min(end for _, end in spans)


def test_delayed_calls_are_held_back_together_while_others_are_served(
    server: MockGraphServer,
) -> None:
    state = state_of(server.app)
    rule = {"path": f"{BASE}/classifyTextJobs", "latencyMs": DELAY_MS}
    state.faults.add(parse_rule(rule, "t"))
    answered: list[int] = []
    connections = []
    for _ in range(DELAYED):  # all sent before any is answered
        connection = socket.create_connection((server.host, server.port), timeout=15)
        connection.sendall(_request(f"{BASE}/classifyTextJobs"))
        connections.append(connection)
    _gets(server, 20)  # served while all 200 are held back...
    assert _unanswered(connections)  # ...none of which has been answered yet
    done = threading.Barrier(len(connections) + 1, timeout=30)

    def read(connection: socket.socket) -> None:
        try:
            answered.append(_answer(connection)[0])
        finally:
            connection.close()
            done.wait()

    for connection in connections:
        threading.Thread(target=read, args=(connection,), daemon=True).start()
    done.wait()
    assert answered == [200] * DELAYED
    delayed = [e for e in state.journal.entries() if e.path.endswith("/classifyTextJobs")]
    assert len(delayed) == DELAYED
    assert all(e.duration_ms >= DELAY_MS for e in delayed)  # the journal counts the delay
    assert _spans_overlap(delayed)  # held back together, not one after another


def test_clients_stalled_mid_request_hold_nobody_up(server: MockGraphServer) -> None:
    stalled = []
    for number in range(50):
        connection = socket.create_connection((server.host, server.port), timeout=10)
        half = _request(f"{BASE}/jobs")[: 20 + number]  # cut somewhere in the head
        connection.sendall(half)
        stalled.append(connection)
    body_stalled = socket.create_connection((server.host, server.port), timeout=10)
    body_stalled.sendall(
        f"POST {BASE}/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
    )
    stalled.append(body_stalled)
    try:
        # A 5 s deadline each, well inside the server's 10 s wait for a stalled head: a server
        # that served the stalled first would miss it. (p99 figures: bench/README.md.)
        _gets(server, 200, timeout=5)
        assert _unanswered(stalled)  # the stalled are still open, unanswered
    finally:
        for connection in stalled:
            connection.close()


def test_many_keep_alive_clients_are_never_closed(server: MockGraphServer) -> None:
    connections = [
        socket.create_connection((server.host, server.port), timeout=10) for _ in range(200)
    ]
    try:
        for _round in range(15):  # cheroot closed a connection after its 10th keep-alive call
            for connection in connections:
                connection.sendall(_request(f"{BASE}/jobs?$top=1"))
            for connection in connections:
                status, _ = _answer(connection)
                assert status == 200
    finally:
        for connection in connections:
            connection.close()


def _error(body: bytes) -> dict:
    error = json.loads(body)["error"]
    assert error["innerError"]["request-id"]
    return error


def test_too_many_header_bytes_are_a_graph_431(server: MockGraphServer) -> None:
    status, body = _call(server, _request(f"{BASE}/jobs", extra=f"X-Big: {'a' * 40_000}\r\n"))
    assert status == 431
    assert _error(body)["code"] == "RequestHeaderFieldsTooLarge"
    assert len(body) < 1000  # the header is not echoed


def test_too_many_header_fields_are_a_graph_431(server: MockGraphServer) -> None:
    extra = "".join(f"X-{n}: v\r\n" for n in range(70))
    status, body = _call(server, _request(f"{BASE}/jobs", extra=extra))
    assert status == 431
    assert _error(body)["code"] == "RequestHeaderFieldsTooLarge"


def test_a_body_not_sent_in_time_is_a_graph_408_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bridge, "BODY_TIMEOUT", 0.5)  # granian's real body future, cut short
    monkeypatch.setattr(bridge, "SWEEP_SECONDS", 0.1)
    with MockGraphServer() as server:
        head = (
            f"POST {BASE}/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token_for('t')}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        status, body = _call(server, head.encode())
        stored = state_of(server.app).store.count("t", "jobs")
    assert status == 408
    assert _error(body)["code"] == "RequestTimeout"
    assert stored == 0


def test_a_call_held_back_when_the_server_stops_is_a_graph_503() -> None:
    server = MockGraphServer().start()
    state = state_of(server.app)
    state.faults.add(parse_rule({"path": f"{BASE}/classifyTextJobs", "latencyMs": 60_000}, "t"))
    held = socket.create_connection((server.host, server.port), timeout=10)
    try:
        held.sendall(_request(f"{BASE}/classifyTextJobs"))
        for _ in range(200):  # undelayed calls, until the held one has taken its rule
            if state.faults.rules()[0].hits:
                break
            _gets(server, 1)
        assert state.faults.rules()[0].hits == 1
        server.stop()
        status, body = _answer(held)
    finally:
        held.close()
        server.stop()
    assert status == 503
    assert _error(body)["code"] == "serviceNotAvailable"


def test_a_head_past_granians_buffer_is_its_own_bare_431(server: MockGraphServer) -> None:
    # granian answers this itself, before any app code runs: no envelope (docs/performance.md).
    with socket.create_connection((server.host, server.port), timeout=10) as connection:
        try:
            connection.sendall(_request(f"{BASE}/jobs", extra=f"X-Big: {'a' * 8_000_000}\r\n"))
        except (BrokenPipeError, ConnectionResetError):
            pass  # it answers (and closes) before the head is all sent
        answer = connection.recv(65536)
    assert answer.startswith(b"HTTP/1.1 431 ")


def test_headers_in_the_journal_are_bounded(server: MockGraphServer) -> None:
    for _ in range(3):
        status, _ = _call(server, _request(f"{BASE}/jobs", extra=f"X-Big: {'a' * 30_000}\r\n"))
        assert status == 200
    entries = state_of(server.app).journal.entries()
    assert all(len(json.dumps(entry.to_dict())) < 12_000 for entry in entries)


def test_a_batch_waiting_out_latency_holds_nobody_up(server: MockGraphServer) -> None:
    state = state_of(server.app)
    rule = {"path": f"{BASE}/classifyTextJobs", "latencyMs": DELAY_MS}
    state.faults.add(parse_rule(rule, "t"))
    body = json.dumps(
        {"requests": [{"id": "1", "method": "GET", "url": "/dataClassification/classifyTextJobs"}]}
    )
    raw = (
        f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token_for('t')}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}"
    ).encode()
    batches = [socket.create_connection((server.host, server.port), timeout=15) for _ in range(3)]
    for connection in batches:
        connection.sendall(raw)
    _gets(server, 20)  # served while the three batches wait out their latency
    assert _unanswered(batches)
    try:
        for connection in batches:
            status, answer = _answer(connection)
            assert status == 200
            assert json.loads(answer)["responses"][0]["status"] == 200
    finally:
        for connection in batches:
            connection.close()
    delayed = [e for e in state.journal.entries() if e.path.endswith("/classifyTextJobs")]
    assert [e.batch_request_id for e in delayed] == ["1"] * 3
    assert _spans_overlap(delayed)  # the three waited at once


def test_head_and_options_keep_the_connection_usable(server: MockGraphServer) -> None:
    # A body sent after a HEAD's headers would be read as the next answer: a GET after them on
    # the same connection must still get its own.
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        answers = []
        for method in ("HEAD", "OPTIONS", "GET"):
            connection.request(method, f"{BASE}/jobs", headers={"Authorization": "Bearer x"})
            response = connection.getresponse()
            answers.append((response.status, response.getheader("Content-Length"), response.read()))
    finally:
        connection.close()
    (head, head_length, head_body), options, (get, get_length, got) = answers
    assert (head, head_body, get) == (200, b"", 200)
    assert head_length == get_length == str(len(got))
    assert json.loads(got)["value"] == []
    assert options == (200, "0", b"")
