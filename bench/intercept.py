"""Interception against the socket: the same GET by id and POST through requests and httpx,
to Graph's URL under ``mockgraph.intercept()`` and to a session server on 127.0.0.1, one run.

    python -m bench.intercept 2000          # one JSON line (what bench/run.py reads)
    python -m bench.intercept 2000 --table  # the table and the verdicts

Each figure is the median of N calls after 50 untimed ones, on one keep-alive connection
(requests.Session, httpx.Client and httpx.AsyncClient), in a fresh interpreter.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import requests

import mockgraph
from bench import workload
from bench.inprocess import median_ms
from mockgraph.server import MockGraphServer

CLIENTS = ("requests", "httpx", "httpx async")
CALLS = ("get", "post")
GET_TARGET_MS = 0.3  # an intercepted GET by id
SPEEDUP_TARGET = 2.0  # over the socket, the same client


def _check(status: int, wanted: int) -> None:
    if status != wanted:
        raise RuntimeError(f"answered {status}, wanted {wanted}")


def _sync_medians(base: str, iterations: int) -> dict[str, float]:
    headers = {"Authorization": workload.AUTH_HEADER, "Content-Type": "application/json"}
    jobs = f"{base}/dataClassification/jobs"
    body = workload.job_bytes()
    figures: dict[str, float] = {}
    with requests.Session() as session, httpx.Client(headers=headers) as client:
        session.headers.update(headers)
        item = f"{jobs}/{session.post(jobs, data=body, timeout=10).json()['id']}"

        def via_requests(method: str, url: str, wanted: int) -> Callable[[], None]:
            data = body if method == "POST" else None
            return lambda: _check(
                session.request(method, url, data=data, timeout=10).status_code, wanted
            )

        def via_httpx(method: str, url: str, wanted: int) -> Callable[[], None]:
            data = body if method == "POST" else None
            return lambda: _check(client.request(method, url, content=data).status_code, wanted)

        for name, make in (("requests", via_requests), ("httpx", via_httpx)):
            figures[f"{name} get"] = median_ms(make("GET", item, 200), iterations)
            figures[f"{name} post"] = median_ms(make("POST", jobs, 201), iterations)
    figures.update(asyncio.run(_async_medians(jobs, headers, body, iterations)))
    return figures


async def _async_medians(
    jobs: str, headers: dict[str, str], body: bytes, iterations: int, warmup: int = 50
) -> dict[str, float]:
    figures = {}
    async with httpx.AsyncClient(headers=headers) as client:
        item = f"{jobs}/{(await client.post(jobs, content=body)).json()['id']}"
        for call, method, url, wanted in (("get", "GET", item, 200), ("post", "POST", jobs, 201)):
            times = []
            for round_ in range(warmup + iterations):
                started = time.perf_counter_ns()
                answered = await client.request(
                    method, url, content=body if method == "POST" else None
                )
                if round_ >= warmup:
                    times.append(time.perf_counter_ns() - started)
                _check(answered.status_code, wanted)
            figures[f"httpx async {call}"] = statistics.median(times) / 1e6
    return figures


@contextmanager
def _socket() -> Iterator[str]:
    with MockGraphServer(config={}) as server:  # what the pytest plugin starts
        yield server.base_url


@contextmanager
def _intercepted() -> Iterator[str]:
    with mockgraph.intercept() as graph:
        yield graph.base_url


def measure(iterations: int) -> dict[str, Any]:
    """Medians (ms) per client and call, intercepted and over the socket."""
    results: dict[str, Any] = {"iterations": iterations, "load_before": os.getloadavg()[0]}
    for where, opened in (("intercepted", _intercepted), ("socket", _socket)):
        with opened() as base:
            results[where] = _sync_medians(base, iterations)
    results["load_after"] = os.getloadavg()[0]
    return results


def _ratio(slow: float | None, fast: float | None) -> float | None:
    return slow / fast if slow and fast else None


def table(results: dict[str, Any]) -> str:
    """The rows: intercepted and socket medians, and how many times faster interception is."""
    before, after = results.get("load_before", 0), results.get("load_after", 0)
    load = f"load average {before:.2f} before, {after:.2f} after"
    lines = [
        f"interception vs socket: median ms of {results.get('iterations')} calls each; {load}",
        "                                      intercepted  socket  socket/intercepted",
    ]
    for client in CLIENTS:
        for call in CALLS:
            key = f"{client} {call}"
            fast = results.get("intercepted", {}).get(key)
            slow = results.get("socket", {}).get(key)
            ratio = _ratio(slow, fast)
            label = f"{'GET by id' if call == 'get' else 'POST'}, {client}"
            shown = [f"{v:.3f}" if v is not None else "-" for v in (fast, slow)]
            times = f"{ratio:.1f}x" if ratio else "-"
            lines.append(f"  {label:<35} {shown[0]:>11}  {shown[1]:>6}  {times:>18}")
    return "\n".join(lines)


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
