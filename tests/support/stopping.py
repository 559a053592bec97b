"""`mockgraph serve` as a real process, with clients that make stopping hard: a client stalled
mid-head, one stalled mid-body and an idle keep-alive one. ``tests/serving/test_serve_stop.py``
checks that it stops cleanly; ``bench/stopping.py`` times it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence

from mockgraph.paths import SINGLETON_PATH


def spawn_serve(ignore_sigint: bool, args: Sequence[str] = ()) -> subprocess.Popen[str]:
    """`mockgraph serve --port 0 --no-seed [args]`, spawned (not yet serving)."""
    return spawn_command(["serve", "--port", "0", "--no-seed", *args], ignore_sigint)


def spawn_command(args: Sequence[str], ignore_sigint: bool = False) -> subprocess.Popen[str]:
    """`mockgraph ARGS` as a real process, its output unbuffered and piped as text."""

    def ignore() -> None:
        if ignore_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    return subprocess.Popen(
        [sys.executable, "-m", "mockgraph", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=ignore,
    )


def start_serve(
    ignore_sigint: bool, args: Sequence[str] = ()
) -> tuple[subprocess.Popen[str], str, int]:
    """`mockgraph serve --port 0 --no-seed [args]`, started; its host and port once it serves."""
    process = spawn_serve(ignore_sigint, args)
    assert process.stdout is not None
    first = process.stdout.readline()
    address = first.rsplit("http://", 1)[1].split("/", 1)[0]
    host, port = address.rsplit(":", 1)
    return process, host, int(port)


def open_clients(host: str, port: int) -> list[socket.socket]:
    """A client stalled mid-head, one stalled mid-body, and an idle keep-alive one."""
    jobs = f"{SINGLETON_PATH}/jobs"
    head = socket.create_connection((host, port), timeout=10)
    head.sendall(f"GET {jobs} HTTP/1.1\r\nHost: x\r\nAuthor".encode())
    body = socket.create_connection((host, port), timeout=10)
    body.sendall(
        f"POST {jobs} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
        "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{".encode()
    )
    # Answered after the two stalled ones were sent, then kept alive.
    idle = socket.create_connection((host, port), timeout=10)
    idle.sendall(f"GET {jobs} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n\r\n".encode())
    if not idle.recv(65536).startswith(b"HTTP/1.1 200 "):
        raise RuntimeError("the idle client was not answered 200")
    return [head, body, idle]


@contextlib.contextmanager
def serving_with_clients(ignore_sigint: bool) -> Iterator[subprocess.Popen[str]]:
    """A started `mockgraph serve` with ``open_clients``' three clients open; both closed after
    (the process killed if it is still running)."""
    process, host, port = start_serve(ignore_sigint)
    clients: list[socket.socket] = []
    try:
        clients = open_clients(host, port)
        yield process
    finally:
        for client in clients:
            client.close()
        if process.poll() is None:
            process.kill()
            process.communicate()
