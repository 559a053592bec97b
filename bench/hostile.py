"""Two rows no load generator gives: injected latency at scale, and stalled clients.

- ``latency``: 200 calls at once, each held back 1 s by a fault rule (``latencyMs``), and
  meanwhile GETs without latency on another connection: when the last delayed call was
  answered, and the p99 of the others.
- ``keep_alive``: 200 keep-alive connections at once (wrk ``-c200``), GETs for 5 s: p99,
  and whether any failed.
- ``stalled``: 50 connections that send half a request head and stall, and meanwhile 500
  GETs on another connection: their p99.

Raw sockets with timeouts, every connection closed at the end; the server is
``mockgraph serve`` started by ``bench/run.py`` on 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

from bench import load, workload
from tests.support.sockets import read_answer

KEEP_ALIVE_CLIENTS = 200
DELAYED_CALLS = 200
DELAY_MS = 1000
STALLED_CLIENTS = 50
TIMED_GETS = 500
HOST = "127.0.0.1"
_LATENCY_TENANT_PATH = f"{workload.GRAPH_PREFIX}/classifyTextJobs"


def _get(path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: {workload.AUTH_HEADER}\r\n\r\n"
    ).encode()


def _answer(connection: socket.socket) -> int:
    return read_answer(connection)[0]


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


def _timed_gets(port: int, count: int, stop: threading.Event | None = None) -> list[float]:
    times: list[float] = []
    with socket.create_connection((HOST, port), timeout=10) as connection:
        for _ in range(count):
            if stop is not None and stop.is_set():
                break
            started = time.perf_counter()
            connection.sendall(_get(f"{workload.GRAPH_PREFIX}/jobs?$top=1"))
            if _answer(connection) != 200:
                raise RuntimeError("an undelayed GET failed")
            times.append((time.perf_counter() - started) * 1000)
    return times


def _admin(port: int, method: str, path: str, body: Any = None) -> None:
    data = b"" if body is None else json.dumps(body).encode()
    request = (
        f"{method} /_mockgraph/{path} HTTP/1.1\r\nHost: {HOST}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    ).encode()
    with socket.create_connection((HOST, port), timeout=10) as connection:
        connection.sendall(request + data)
        status = _answer(connection)
    if status >= 300:
        raise RuntimeError(f"admin {method} {path}: {status}")


def latency(port: int) -> dict[str, Any]:
    """200 concurrent calls each held back 1 s; when the last was answered, others' p99."""
    _admin(port, "POST", "faults", {"path": _LATENCY_TENANT_PATH, "latencyMs": DELAY_MS})
    connections = []
    answered: list[float] = []
    lock = threading.Lock()
    try:
        started = time.perf_counter()
        for _ in range(DELAYED_CALLS):
            connection = socket.create_connection((HOST, port), timeout=30)
            connection.sendall(_get(_LATENCY_TENANT_PATH))
            connections.append(connection)

        def read(connection: socket.socket) -> None:
            if _answer(connection) == 200:
                with lock:
                    answered.append(time.perf_counter() - started)

        readers = [threading.Thread(target=read, args=(c,), daemon=True) for c in connections]
        for reader in readers:
            reader.start()
        others = _timed_gets(port, TIMED_GETS // 5)  # while the delayed calls are held back
        for reader in readers:
            reader.join(timeout=30)
    finally:
        for connection in connections:
            connection.close()
        _admin(port, "DELETE", "faults")
    return {
        "calls": DELAYED_CALLS,
        "answered": len(answered),
        "last_s": max(answered) if answered else None,
        "others_p99_ms": _p99(others),
    }


def stalled(port: int) -> dict[str, Any]:
    """The p99 of GETs while 50 clients sit on half-sent request heads."""
    connections = []
    try:
        for number in range(STALLED_CLIENTS):
            connection = socket.create_connection((HOST, port), timeout=10)
            connection.sendall(_get(f"{workload.GRAPH_PREFIX}/jobs")[: 20 + number])
            connections.append(connection)
        times = _timed_gets(port, TIMED_GETS)
    finally:
        for connection in connections:
            connection.close()
    return {"clients": STALLED_CLIENTS, "gets": len(times), "p99_ms": _p99(times)}


def keep_alive(port: int, seconds: float, tool: str) -> dict[str, Any]:
    """GET a page of one on 200 keep-alive connections at once: p99, req/s, failures."""
    call = load.Call(
        "GET",
        f"{workload.GRAPH_PREFIX}/jobs?$top=1",
        headers={"Authorization": workload.AUTH_HEADER},
    )
    result = load.run(f"http://{HOST}:{port}", call, seconds, tool, KEEP_ALIVE_CLIENTS)
    return {
        "clients": KEEP_ALIVE_CLIENTS,
        "rps": result.rps,
        "p99_ms": result.p99_ms,
        "errors": result.errors,
    }
