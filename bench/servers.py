"""Servers under test as child processes: started on a free loopback port, always stopped.

Each server runs in its own process (and process group, so a Node server's children go with
it), away from the load generator's interpreter. ``ServerPool`` stops every server it started,
on success, on error and on Ctrl-C alike.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"


def free_port() -> int:
    """A port nobody listens on now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class ServerSpec:
    """How to start one server: its command line (``{port}`` stands for the port it is given)
    and a path to GET to learn it is up."""

    name: str
    argv: Sequence[str]
    probe: str
    headers: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    start_timeout: float = 30.0


@dataclass
class Running:
    """A started server: where it listens, and its process."""

    spec: ServerSpec
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 15) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


class ServerError(RuntimeError):
    """A server that exited or did not answer in time; the message has its log's tail."""


class ServerPool:
    """Starts servers and stops every one of them on exit (a context manager)."""

    def __init__(self) -> None:
        self._running: list[Running] = []
        self._logs = tempfile.TemporaryDirectory(prefix="mockgraph-bench-")

    def start(self, spec: ServerSpec) -> Running:
        """Start ``spec`` on a free port and wait until it answers an HTTP request."""
        port = free_port()
        log = Path(self._logs.name) / f"{spec.name}-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [arg.replace("{port}", str(port)) for arg in spec.argv],
                cwd=spec.cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as a whole
            )
        running = Running(spec, port, process, log)
        self._running.append(running)
        _wait_ready(running)
        return running

    def stop(self, running: Running) -> None:
        """Stop one server: Ctrl-C first, then terminate, then kill, each with a deadline."""
        if running in self._running:
            self._running.remove(running)
        for sig, grace in ((signal.SIGINT, 5.0), (signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
            if running.process.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(running.process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                running.process.wait(timeout=grace)

    def close(self) -> None:
        """Stop every server still running, newest first, then drop the logs."""
        while self._running:
            self.stop(self._running[-1])
        self._logs.cleanup()

    def __enter__(self) -> ServerPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _wait_ready(running: Running) -> None:
    deadline = time.monotonic() + running.spec.start_timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise ServerError(
                f"{running.spec.name} exited ({running.process.returncode}):\n" + running.log_tail()
            )
        if _answers(running):
            return
        time.sleep(0.05)  # polling a child process's socket; nothing to wait on instead
    raise ServerError(
        f"{running.spec.name} did not answer within {running.spec.start_timeout:.0f} s:\n"
        + running.log_tail()
    )


def _answers(running: Running) -> bool:
    connection = http.client.HTTPConnection(HOST, running.port, timeout=2)
    try:
        connection.request("GET", running.spec.probe, headers=running.spec.headers)
        return connection.getresponse().status < 500
    except OSError:
        return False
    finally:
        connection.close()
