"""`mockgraph serve` as a real process: start-up failures in one line, settings from the
environment, the request log and --quiet.

Every process is started on port 0 (or on a port a test holds) and bounded: its output is read
with a deadline, and it is killed if it outlives the test.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import select
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
import requests

from mockgraph.paths import ADMIN_PREFIX
from tests.support.graph import bearer

DEADLINE = 30.0  # seconds for any one line, start or stop: only a hung server misses it
JOBS = "/dataClassification/jobs"
LAST_BANNER_LINE = "  Ctrl-C to stop\n"


def _environment(**variables: str) -> dict[str, str]:
    """This environment without its MOCKGRAPH_ variables, plus ``variables``."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("MOCKGRAPH_")}
    return {**kept, "PYTHONUNBUFFERED": "1", **variables}


def _run(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """`mockgraph serve ARGS` that is expected to fail at start."""
    return subprocess.run(
        [sys.executable, "-m", "mockgraph", "serve", "--no-seed", *args],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env=_environment(**variables),
        stdin=subprocess.DEVNULL,
    )


def _one_error_line(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr == f"Error: {expected}\n"


def test_a_port_in_use_is_one_line_saying_what_to_do() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run("--port", str(port))
    _one_error_line(
        done,
        f"127.0.0.1:{port} is in use (another mockgraph serve?); pick another port with "
        "--port, or --port 0 for any free one.",
    )


@pytest.mark.parametrize("case", ["under-a-file", "not-a-log", "foreign-host"])
def test_other_start_up_failures_are_one_line(case: str, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a mockgraph record\n" * 2)  # a torn last line alone would be dropped
    args, expected = {
        "under-a-file": (
            ["--state", str(afile / "state.log")],
            f"cannot open the state file {afile / 'state.log'}: File exists: {afile}",
        ),
        "not-a-log": (
            ["--state", str(afile)],
            f"--state {afile}: {afile} is not a mockgraph state log (it does not begin with a "
            "record); it is left as it is",
        ),
        "foreign-host": (  # TEST-NET-1: an address no machine here has
            ["--host", "192.0.2.1"],
            "cannot listen on 192.0.2.1: it is not an address of this machine; use --host "
            "127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).",
        ),
    }[case]
    _one_error_line(_run("--port", "0", *args), expected)


def test_a_bad_variable_is_a_usage_error_without_a_traceback() -> None:
    done = _run(MOCKGRAPH_LATENCY_MS="soon")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Error: Invalid value for $MOCKGRAPH_LATENCY_MS ('--latency-ms'): 'soon' is not a valid "
        "float range."
    )
    assert "Traceback" not in done.stderr


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str  # http://host:port
    lines: queue.Queue[str | None]  # what it prints after its banner, None once it closed

    def line(self) -> str | None:
        return self.lines.get(timeout=DEADLINE)

    def stop(self) -> tuple[list[str], str]:
        """Ctrl-C; what it printed since, and its stderr. It must stop cleanly."""
        self.process.send_signal(signal.SIGINT)
        assert self.process.wait(timeout=DEADLINE) == 0
        rest = list(iter(self.line, None))
        assert self.process.stderr is not None
        return rest, self.process.stderr.read()


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    with contextlib.suppress(ValueError, OSError):  # closed by a test
        for line in stream:
            lines.put(line)
    lines.put(None)


@contextlib.contextmanager
def _serving(*args: str, **variables: str) -> Iterator[Served]:
    """`mockgraph serve --port 0 --no-seed ARGS`, started; killed if still running after."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockgraph", "serve", "--port", "0", "--no-seed", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(**variables),
    )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    pump = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
    pump.start()
    try:
        first = lines.get(timeout=DEADLINE)
        assert first is not None and " serving Microsoft Graph beta at http://" in first
        url = first.rsplit(" ", 1)[1].strip().removesuffix("/beta")
        while (line := lines.get(timeout=DEADLINE)) != LAST_BANNER_LINE:
            assert line is not None, "it exited during its banner"
        yield Served(process, url, lines)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=DEADLINE)
        pump.join(timeout=DEADLINE)


def test_settings_from_the_environment_reach_the_app() -> None:
    latency = 150
    with _serving(
        "--journal-size",
        "2",
        MOCKGRAPH_LATENCY_MS=str(latency),
        MOCKGRAPH_JOURNAL_SIZE="5",  # the flag wins
        MOCKGRAPH_LATNCY_MS="1",  # misspelt: reported
        MOCKGRAPH_QUIET="1",
    ) as served:
        for _ in range(3):
            answer = requests.get(f"{served.url}/beta{JOBS}", headers=bearer(), timeout=DEADLINE)
            assert answer.status_code == 200
        journal = requests.get(f"{served.url}{ADMIN_PREFIX}/requests", timeout=DEADLINE).json()
        printed, stderr = served.stop()
    assert journal["size"] == 2 and len(journal["value"]) == 2
    # Held back before the app ran: the journal's duration counts the wait, a lower bound.
    assert all(entry["durationMs"] >= latency for entry in journal["value"])
    assert stderr == (
        "warning: MOCKGRAPH_LATNCY_MS is not a mockgraph variable (did you mean "
        "MOCKGRAPH_LATENCY_MS?); ignored\n"
    )
    assert printed == ["mockgraph stopped\n"]  # MOCKGRAPH_QUIET: no line per call


def test_each_graph_call_is_logged_on_one_line() -> None:
    with _serving() as served:
        assert requests.get(f"{served.url}{ADMIN_PREFIX}/health", timeout=DEADLINE).ok
        found = requests.get(f"{served.url}/beta{JOBS}?$top=1", headers=bearer(), timeout=10)
        missing = requests.get(f"{served.url}/beta{JOBS}/nope", headers=bearer(), timeout=10)
        logged = [served.line(), served.line()]
        printed, stderr = served.stop()
    timeless = [re.sub(r" \d+(\.\d\d)?ms ", " {ms} ", line or "") for line in logged]
    assert timeless == [
        f"GET /beta{JOBS}?$top=1 200 {{ms}} {found.headers['request-id']}\n",
        f"GET /beta{JOBS}/nope 404 itemNotFound {{ms}} {missing.headers['request-id']}\n",
    ]
    assert (printed, stderr) == (["mockgraph stopped\n"], "")


def test_a_closed_output_does_not_stop_the_server() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "mockgraph", "serve", "--port", "0", "--no-seed"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(),
    )
    assert process.stdout is not None
    try:
        # Read raw, in this thread: closing a stream another thread reads would wait on it.
        printed = b""
        while LAST_BANNER_LINE.encode() not in printed:
            ready, _, _ = select.select([process.stdout], [], [], DEADLINE)
            assert ready and (chunk := os.read(process.stdout.fileno(), 65536)), printed
            printed += chunk
        found = re.search(rb"serving Microsoft Graph beta at (http://\S+)", printed)
        assert found is not None
        base_url = found.group(1).decode()
        process.stdout.close()  # its reader gone: what it prints next fails (EPIPE)
        for _ in range(3):
            answer = requests.get(f"{base_url}{JOBS}", headers=bearer(), timeout=DEADLINE)
            assert answer.status_code == 200
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=DEADLINE)
        assert (process.returncode, stderr) == (0, b"")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=DEADLINE)
