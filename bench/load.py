"""The load generator: wrk (``-t2 -c4``, keep-alive) when installed, else a threaded Python client.

Both hold 4 keep-alive connections for a fixed time and count what came back; a response that
is not 2xx counts as an error, so a phase that measured failures is visible in the report.
The Python client shares one interpreter (and its GIL) across its connections: its figures are
lower than wrk's and are not to be compared with them, only with each other.
"""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

THREADS = 2
CONNECTIONS = 4
_RESULT = re.compile(r"^BENCH-RESULT (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Call:
    """One request, sent over and over."""

    method: str
    path: str  # with its query string, percent-encoded
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def all_headers(self) -> dict[str, str]:
        if self.body is None:
            return dict(self.headers)
        return {"Content-Type": "application/json", **self.headers}


@dataclass(frozen=True)
class LoadResult:
    """What one load phase measured."""

    rps: float
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float


def generator() -> str:
    """``wrk`` when it is on PATH, else ``python``."""
    return "wrk" if shutil.which("wrk") else "python"


def run(
    url: str,
    call: Call,
    seconds: float,
    tool: str | None = None,
    connections: int | None = None,
) -> LoadResult:
    """Send ``call`` to the server at ``url`` (``http://host:port``) for ``seconds``, on
    ``connections`` keep-alive connections (CONNECTIONS by default)."""
    if (tool or generator()) == "wrk":
        return _run_wrk(url, call, seconds, connections or CONNECTIONS)
    return _run_python(url, call, seconds, connections or CONNECTIONS)


def _lua_string(text: str) -> str:
    level = "=" * 3
    while f"]{level}]" in text:
        level += "="
    return f"[{level}[{text}]{level}]"


def wrk_script(call: Call) -> str:
    """The wrk script sending ``call`` and printing a machine-readable summary."""
    lines = [f"wrk.method = {_lua_string(call.method)}", f"wrk.path = {_lua_string(call.path)}"]
    if call.body is not None:
        lines.append(f"wrk.body = {_lua_string(call.body.decode())}")
    for name, value in call.all_headers().items():
        lines.append(f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}")
    lines += [
        "done = function(summary, latency, requests)",
        "  local e = summary.errors",
        '  io.write(string.format("BENCH-RESULT %d %d %d %d %d %d %d %.1f %.1f\\n",',
        "    summary.requests, summary.duration, e.connect, e.read, e.write, e.status,",
        "    e.timeout, latency:percentile(50), latency:percentile(99)))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def _run_wrk(url: str, call: Call, seconds: float, connections: int) -> LoadResult:
    duration = max(1, round(seconds))  # wrk takes whole seconds
    with tempfile.TemporaryDirectory(prefix="mockgraph-wrk-") as folder:
        script = Path(folder) / "call.lua"
        script.write_text(wrk_script(call), encoding="utf-8")
        argv = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "-s", str(script)]
        done = subprocess.run(
            [*argv, url + "/"], capture_output=True, text=True, timeout=duration + 30, check=False
        )
    match = _RESULT.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    requests, micros, *errors, p50, p99 = (float(x) for x in match.group(1).split())
    return LoadResult(
        rps=requests / (micros / 1e6),
        requests=int(requests),
        errors=int(sum(errors)),
        p50_ms=p50 / 1000,
        p99_ms=p99 / 1000,
    )


def _run_python(url: str, call: Call, seconds: float, connections: int) -> LoadResult:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(slot: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        headers = call.all_headers()
        try:
            while (started := time.perf_counter()) < deadline:
                connection.request(call.method, call.path, body=call.body, headers=headers)
                response = connection.getresponse()
                response.read()
                latencies[slot].append(time.perf_counter() - started)
                errors[slot] += not 200 <= response.status < 300
        except OSError:
            errors[slot] += 1
        finally:
            connection.close()

    began = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=seconds + 30)
    elapsed = time.perf_counter() - began
    flat = sorted(x for slot in latencies for x in slot)
    if not flat:
        raise RuntimeError(f"no request to {url}{call.path} completed")
    return LoadResult(
        rps=len(flat) / elapsed,
        requests=len(flat),
        errors=sum(errors),
        p50_ms=statistics.median(flat) * 1000,
        p99_ms=flat[min(len(flat) - 1, int(len(flat) * 0.99))] * 1000,
    )
