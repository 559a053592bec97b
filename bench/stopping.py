"""How long `mockgraph serve` takes to stop, as a real process, whatever its clients do.

For each signal (SIGINT, SIGTERM) and each way of starting (SIGINT as it comes, and ignored,
as `mockgraph serve &` in a non-interactive shell starts it): a client stalled mid-head, one
stalled mid-body and an idle keep-alive one are open when the signal is sent; the figure is
the time from the signal to the process's exit. The promise is 2 s at most.

    python -m bench.stopping [ROUNDS]
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

from bench import workload

DEADLINE_SECONDS = 15.0  # a server that has not stopped by then is killed and reported


def start_serve(ignore_sigint: bool) -> tuple[subprocess.Popen[str], str, int]:
    """`mockgraph serve --port 0 --no-seed`, started; its host and port once it serves."""

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


def open_clients(host: str, port: int) -> list[socket.socket]:
    """A client stalled mid-head, one stalled mid-body, and an idle keep-alive one."""
    jobs = f"{workload.GRAPH_PREFIX}/jobs"
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


def stop_seconds(stop: signal.Signals, ignore_sigint: bool) -> float:
    """Seconds from ``stop`` to the exit of a server with stalled and idle clients open."""
    with serving_with_clients(ignore_sigint) as process:
        started = time.monotonic()
        process.send_signal(stop)
        try:
            process.communicate(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            return float("inf")
        return time.monotonic() - started


def main(rounds: int = 3) -> None:
    """Print the median and worst stop time of each signal and start."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        for ignored in (False, True):
            times = [stop_seconds(stop, ignored) for _ in range(rounds)]
            start = "SIGINT ignored" if ignored else "SIGINT default"
            print(
                f"{stop.name:8} {start:15} median {statistics.median(times):.2f} s, "
                f"worst {max(times):.2f} s ({rounds} rounds)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
