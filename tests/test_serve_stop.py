"""`mockgraph serve` as a real process: Ctrl-C, SIGINT and SIGTERM stop it within 2 s.

With idle keep-alive connections and clients stalled mid-request open, and even when it was
started with SIGINT ignored, as `mockgraph serve &` in a non-interactive shell starts it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import BASE

STOP_WITHIN = 2.0


def _start(ignore_sigint: bool) -> tuple[subprocess.Popen[str], str, int]:
    def ignore() -> None:
        if ignore_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    process = subprocess.Popen(
        [sys.executable, "-m", "mockgraph", "serve", "--port", "0", "--no-seed"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=ignore,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    address = first.rsplit("http://", 1)[1].split("/", 1)[0]
    host, port = address.rsplit(":", 1)
    return process, host, int(port)


def _open_clients(host: str, port: int) -> list[socket.socket]:
    idle = socket.create_connection((host, port), timeout=10)
    idle.sendall(f"GET {BASE}/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n\r\n".encode())
    assert idle.recv(65536).startswith(b"HTTP/1.1 200 ")  # answered, then kept alive
    head = socket.create_connection((host, port), timeout=10)
    head.sendall(f"GET {BASE}/jobs HTTP/1.1\r\nHost: x\r\nAuthor".encode())
    body = socket.create_connection((host, port), timeout=10)
    body.sendall(
        f"POST {BASE}/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
        "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{".encode()
    )
    return [idle, head, body]


@pytest.mark.parametrize("ignore_sigint", [False, True], ids=["sigint-default", "sigint-ignored"])
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_serve_stops_within_2_s_whatever_the_clients_do(
    stop: signal.Signals, ignore_sigint: bool
) -> None:
    process, host, port = _start(ignore_sigint)
    clients: list[socket.socket] = []
    try:
        clients = _open_clients(host, port)
        time.sleep(0.2)  # let the stalled requests reach the server (no event to wait on)
        started = time.monotonic()
        process.send_signal(stop)
        out, err = process.communicate(timeout=15)
        took = time.monotonic() - started
        assert process.returncode == 0, err
        assert "mockgraph stopped" in out
        assert took < STOP_WITHIN, f"took {took:.2f} s"
    finally:
        for client in clients:
            client.close()
        if process.poll() is None:
            process.kill()
            process.communicate()
