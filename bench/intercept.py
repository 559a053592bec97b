"""Interception against the socket: the same GET by id and POST through requests and httpx,
to Graph's URL under ``mockgraph.intercept()`` and to a session server on 127.0.0.1, one run.

    python -m bench.intercept 2000          # one JSON line (what bench/run.py reads)
    python -m bench.intercept 2000 --table  # the table and the verdicts

Each figure is the median of N calls (after 50 untimed ones) on one keep-alive connection
(requests.Session, httpx.Client, httpx.AsyncClient), the two sides taking turns every 100
calls, in a fresh interpreter; wall time, and CPU time of the whole process (the server's
threads included) beside it, which a busy machine inflates less.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import httpx
import requests
import requests.adapters
from urllib3 import HTTPResponse

import mockgraph
from bench import workload
from mockgraph import create_app
from mockgraph.interception.session import Interception, answer
from mockgraph.interception.transports import Call as MockCall
from mockgraph.serving.server import MockGraphServer

CLIENTS = ("requests", "httpx", "httpx async")
CALLS = ("get", "post")
GET_TARGET_MS = 0.3  # an intercepted GET by id
SPEEDUP_TARGET = 2.0  # over the socket, the same client


BLOCK = 100  # calls timed on one side before switching to the other
WARMUP = 50


def _check(status: int, wanted: int) -> None:
    if status != wanted:
        raise RuntimeError(f"answered {status}, wanted {wanted}")


@dataclass
class Samples:
    """Wall and CPU (this process, the server's threads included) time per call, in ns."""

    wall: list[int] = field(default_factory=list)
    cpu: list[int] = field(default_factory=list)

    def add(self, wall: int, cpu: int) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)


@dataclass
class Sides:
    """The two places one client calls: Graph's URL under interception, and the server."""

    interception: Interception
    server: MockGraphServer

    @contextmanager
    def on(self, side: str) -> Iterator[str]:
        """The service root of ``side``, with interception on for "intercepted" only."""
        if side == "socket":
            yield self.server.base_url
            return
        with self.interception as graph:
            yield graph.base_url


Call = Callable[[str, str, bytes | None], int]  # (method, url, body) -> status
ACall = Callable[[str, str, bytes | None], Awaitable[int]]
ITEM = "{base}/dataClassification/jobs/{id}"


def _plan(base: str, item_id: str) -> list[tuple[str, str, str, int]]:
    jobs = f"{base}/dataClassification/jobs"
    return [("get", "GET", ITEM.format(base=base, id=item_id), 200), ("post", "POST", jobs, 201)]


@dataclass(frozen=True)
class _Step:
    """One call to time: where it goes, and the samples it adds to (None: a warm-up call)."""

    method: str
    url: str
    data: bytes | None
    wanted: int
    samples: Samples | None


def _steps(
    found: dict[str, dict[str, Samples]],
    sides: Sides,
    ids: dict[str, str],
    iterations: int,
    body: bytes,
) -> Iterator[_Step]:
    """Every call of a run, in alternating blocks per side; ``found`` gets their samples."""
    for index, name in enumerate(CALLS):
        for round_ in range(-1, max(1, iterations // BLOCK)):
            for side in SIDES:
                samples = found[name].setdefault(side, Samples())
                with sides.on(side) as base:
                    _, method, url, wanted = _plan(base, ids[side])[index]
                    data = body if method == "POST" else None
                    timed = samples if round_ >= 0 else None
                    for _ in range(WARMUP if round_ < 0 else BLOCK):
                        yield _Step(method, url, data, wanted, timed)


def _sync_samples(
    sides: Sides, call: Call, ids: dict[str, str], iterations: int, body: bytes
) -> dict[str, dict[str, Samples]]:
    found: dict[str, dict[str, Samples]] = {name: {} for name in CALLS}
    for step in _steps(found, sides, ids, iterations, body):
        wall, cpu = time.perf_counter_ns(), time.process_time_ns()
        _check(call(step.method, step.url, step.data), step.wanted)
        if step.samples is not None:
            step.samples.add(time.perf_counter_ns() - wall, time.process_time_ns() - cpu)
    return found


async def _async_samples(
    sides: Sides, ids: dict[str, str], iterations: int, body: bytes
) -> dict[str, dict[str, Samples]]:
    found: dict[str, dict[str, Samples]] = {name: {} for name in CALLS}
    async with httpx.AsyncClient(headers=HEADERS) as client:
        for step in _steps(found, sides, ids, iterations, body):
            wall, cpu = time.perf_counter_ns(), time.process_time_ns()
            answered = await client.request(step.method, step.url, content=step.data)
            _check(answered.status_code, step.wanted)
            if step.samples is not None:
                step.samples.add(time.perf_counter_ns() - wall, time.process_time_ns() - cpu)
    return found


HEADERS = {"Authorization": workload.AUTH_HEADER, "Content-Type": "application/json"}
SIDES = ("intercepted", "socket")


def measure(iterations: int) -> dict[str, Any]:
    """Medians (ms), wall and CPU, per client and call, intercepted and over the socket, taken
    in alternating blocks of 100 calls so that a change in the machine's load hits both."""
    results: dict[str, Any] = {"iterations": iterations, "load_before": os.getloadavg()[0]}
    body = workload.job_bytes()
    with MockGraphServer(config={}) as server:  # what the pytest plugin starts
        sides = Sides(mockgraph.intercept(app=create_app()), server)
        with requests.Session() as session, httpx.Client(headers=HEADERS) as client:
            session.headers.update(HEADERS)
            ids = {}
            for side in SIDES:
                with sides.on(side) as base:
                    jobs = f"{base}/dataClassification/jobs"
                    ids[side] = session.post(jobs, data=body, timeout=10).json()["id"]
            clients: dict[str, Call] = {
                "requests": lambda m, u, d: session.request(m, u, data=d, timeout=10).status_code,
                "httpx": lambda m, u, d: client.request(m, u, content=d).status_code,
            }
            found = {
                name: _sync_samples(sides, call, ids, iterations, body)
                for name, call in clients.items()
            }
        found["httpx async"] = asyncio.run(_async_samples(sides, ids, iterations, body))
    for side in SIDES:
        results[side] = {
            f"{client} {call}": statistics.median(found[client][call][side].wall) / 1e6
            for client in CLIENTS
            for call in CALLS
        }
        results[f"{side} cpu"] = {
            f"{client} {call}": statistics.median(found[client][call][side].cpu) / 1e6
            for client in CLIENTS
            for call in CALLS
        }
    results["floor"] = floors(iterations, body)
    results["load_after"] = os.getloadavg()[0]
    return results


class _CannedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter answering every call with one body, as the interception's hook does."""

    def __init__(self, canned: bytes, headers: list[tuple[str, str]]) -> None:
        super().__init__()
        self._canned, self._headers = canned, headers

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        raw = HTTPResponse(
            body=BytesIO(self._canned), headers=self._headers, status=200, preload_content=False
        )
        return self.build_response(request, raw)


def floors(iterations: int, body: bytes) -> dict[str, float]:
    """What an intercepted GET by id costs outside the mock and in it, medians (ms): each client
    answered a canned copy of the mock's answer, headers and body, with no mock (its own cost,
    the floor of any interception), and the
    mock's own answer to the call, its WSGI call (``interception.answer``)."""
    app = create_app()
    created = answer(app, _call("POST", "/beta/dataClassification/jobs", body))
    assert created is not None and created.status == 201
    target = f"/beta/dataClassification/jobs/{json.loads(created.body)['id']}"
    url = f"https://graph.microsoft.com{target}"
    canned = answer(app, _call("GET", target, b""))
    assert canned is not None and canned.status == 200
    # The mock's own headers too: a client's work on an answer grows with its headers.
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, headers=canned.headers, content=canned.body)
    )
    found: dict[str, float] = {}
    with httpx.Client(transport=transport, headers=HEADERS) as client:
        found["httpx, canned answer"] = _median(lambda: client.get(url).status_code, iterations)
    with requests.Session() as session:
        session.headers.update(HEADERS)
        session.mount("https://", _CannedAdapter(canned.body, canned.headers))
        found["requests, canned answer"] = _median(
            lambda: session.get(url, timeout=10).status_code, iterations
        )
    get = _call("GET", target, b"")
    found["the mock's answer (WSGI call)"] = _median(lambda: _status(answer(app, get)), iterations)
    return found


def _call(method: str, target: str, body: bytes) -> MockCall:
    headers = [*HEADERS.items(), ("Host", "graph.microsoft.com")]
    return MockCall(method, "https", "graph.microsoft.com", None, target, headers, body)


def _status(answered: Any) -> int:
    return int(answered.status)


def _median(call: Callable[[], int], iterations: int) -> float:
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(iterations):
        started = time.perf_counter_ns()
        _check(call(), 200)
        times.append(time.perf_counter_ns() - started)
    return statistics.median(times) / 1e6


def _ratio(slow: float | None, fast: float | None) -> float | None:
    return slow / fast if slow and fast else None


def table(results: dict[str, Any]) -> str:
    """The rows: intercepted and socket medians, wall and CPU, and socket / intercepted."""
    before, after = results.get("load_before", 0), results.get("load_after", 0)
    lines = [
        f"interception vs socket: medians of {results.get('iterations')} calls each, ms; "
        f"load average {before:.2f} before, {after:.2f} after",
        f"  {'':<24} {'wall: intercepted':>17} {'socket':>7} {'ratio':>6}"
        f" {'cpu: intercepted':>17} {'socket':>7} {'ratio':>6}",
    ]
    for client in CLIENTS:
        for call in CALLS:
            key = f"{client} {call}"
            label = f"{'GET by id' if call == 'get' else 'POST'}, {client}"
            cells = []
            for kind in ("", " cpu"):
                fast = results.get(f"intercepted{kind}", {}).get(key)
                slow = results.get(f"socket{kind}", {}).get(key)
                ratio = _ratio(slow, fast)
                cells += [_ms(fast), _ms(slow), f"{ratio:.1f}x" if ratio else "-"]
            lines.append(
                f"  {label:<24} {cells[0]:>17} {cells[1]:>7} {cells[2]:>6}"
                f" {cells[3]:>17} {cells[4]:>7} {cells[5]:>6}"
            )
    floor = results.get("floor") or {}
    if floor:
        lines.append("  GET by id, where the time goes (no mock, or the mock alone), wall:")
    for label, value in floor.items():
        lines.append(f"    {label:<38} {_ms(value):>9}")
    return "\n".join(lines)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def verdicts(results: dict[str, Any]) -> list[str]:
    """Met or missed, per client: an intercepted GET <= 0.3 ms and >= 2x faster than the socket."""
    lines = []
    for client in CLIENTS:
        fast = results.get("intercepted", {}).get(f"{client} get")
        slow = results.get("socket", {}).get(f"{client} get")
        ratio = _ratio(slow, fast)
        if fast is None or ratio is None:
            continue
        met = fast <= GET_TARGET_MS and ratio >= SPEEDUP_TARGET
        lines.append(
            f"{'met   ' if met else 'MISSED'} intercepted GET by id ({client}) <= "
            f"{GET_TARGET_MS} ms and >= {SPEEDUP_TARGET:g}x the socket: "
            f"{fast:.3f} ms, {ratio:.1f}x"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    results = measure(int(args[0]) if args else 2000)
    if "--table" in args:
        print(table(results))
        print("\n".join(verdicts(results)))
    else:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
