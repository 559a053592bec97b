"""In-process figures: Flask test-client latency, and the pytest session server's start and reset.

Each measurement runs in a fresh interpreter (``python -m bench.inprocess KIND N`` prints one
JSON object), so one cannot warm up, fill or fragment the heap of the next.

    python -m bench.inprocess latency 2000
    python -m bench.inprocess baseline 2000
    python -m bench.inprocess session 20
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench import workload
from mockgraph.http.current import state_of

JOBS = f"{workload.GRAPH_PREFIX}/jobs"
RESET_JOBS = 10_000


def median_ms(action: Callable[[], object], iterations: int, warmup: int = 50) -> float:
    """The median wall time of ``action``, in milliseconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(iterations):
        started = time.perf_counter_ns()
        action()
        times.append(time.perf_counter_ns() - started)
    return statistics.median(times) / 1e6


def _client(app: Any) -> Any:
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = workload.AUTH_HEADER
    return client


def _expect(response: Any, status: int) -> Any:
    if response.status_code != status:
        raise RuntimeError(f"{response.status_code} (wanted {status}): {response.data[:300]!r}")
    return response


def taking_turns(
    actions: dict[str, Callable[[], object]], iterations: int, block: int = 100, warmup: int = 50
) -> dict[str, float]:
    """The median wall time (ms) of each action, ``iterations`` calls each, the actions taking
    turns every ``block`` calls: a slow spell of the machine hits all of them alike."""
    times: dict[str, list[int]] = {name: [] for name in actions}
    for action in actions.values():
        for _ in range(warmup):
            action()
    while len(next(iter(times.values()))) < iterations:
        for name, action in actions.items():
            kept = times[name]
            for _ in range(min(block, iterations - len(kept))):
                started = time.perf_counter_ns()
                action()
                kept.append(time.perf_counter_ns() - started)
    return {name: statistics.median(kept) / 1e6 for name, kept in times.items()}


def latency(iterations: int) -> dict[str, Any]:
    """Median POST, GET by id and list-of-50 latency of the mock through the Flask test client,
    and the test client's own share (``client_ms``: the same GET answered with a canned body,
    the two taking turns)."""
    from mockgraph import create_app

    app = create_app()
    calls = _calls(app)
    canned = _canned_get(app, _client(app).get(calls.pop("item")))
    result: dict[str, Any] = {
        "post_ms": median_ms(calls["post_ms"], iterations),
        **taking_turns({"get_ms": calls["get_ms"], "client_ms": canned}, iterations),
        "list_ms": median_ms(calls["list_ms"], iterations),
    }
    journal = state_of(app).journal
    sent = workload.SEED_JOBS + 3 * (iterations + 50)
    result["journal"] = {"requests": sent, "held": len(journal), "size": journal.size}
    return result


def baseline(iterations: int) -> dict[str, Any]:
    """The same calls on the bare Flask baseline, through the same test client (run in an
    interpreter of its own, as the mock's are: its store's dicts would slow the mock's GC)."""
    from bench.baseline import create_baseline_app

    calls = _calls(create_baseline_app())
    return {kind: median_ms(calls[kind], iterations) for kind in ("post_ms", "get_ms", "list_ms")}


def _calls(app: Any) -> dict[str, Any]:
    """``app`` (the mock, or the baseline) seeded, and its calls: each checks its status."""
    client = _client(app)
    headers = {"Content-Type": "application/json"}
    ids = [
        _expect(
            client.post(JOBS, data=workload.job_bytes(workload.seed_status(i)), headers=headers),
            201,
        ).json["id"]
        for i in range(workload.SEED_JOBS)
    ]
    body = workload.job_bytes()
    item, page = f"{JOBS}/{ids[0]}", f"{JOBS}{workload.graph_list_query()}"
    return {
        "post_ms": lambda: _expect(client.post(JOBS, data=body, headers=headers), 201),
        "get_ms": lambda: _expect(client.get(item), 200),
        "list_ms": lambda: _expect(client.get(page), 200),
        "item": item,
    }


def _canned_get(app: Any, answer: Any) -> Callable[[], object]:
    """A GET through a test client like ``_client``'s, of an app of ``app``'s class answering
    every call with ``answer`` (the mock's own answer to that GET): the test client's cost."""
    headers, body = list(answer.headers.items()), answer.data

    def canned(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response(answer.status, headers)
        return [body]

    stand_in = type(app)(app.import_name)
    stand_in.wsgi_app = canned
    client, path = _client(stand_in), answer.request.path
    return lambda: _expect(client.get(path), 200)


def session(repeats: int, jobs: int = RESET_JOBS) -> dict[str, Any]:
    """Medians: the session server's start (``create_app`` + ``start()``, as the pytest plugin
    does), and the per-test reset (as the fixture does it) of a store holding ``jobs`` jobs:
    documented jobs (the bench's workload, timed here), and the small jobs plus a full journal
    of ``bench/bench_plugin.py`` (the plugin's own benchmark), whose output is kept too.
    """
    from mockgraph.serving.server import MockGraphServer

    starts = []
    for _ in range(repeats):
        started = time.perf_counter_ns()
        server = MockGraphServer(config={})
        server.start()
        starts.append(time.perf_counter_ns() - started)
        server.stop()
    resets, how = _resets(repeats, jobs)
    figures = {
        "start_ms": statistics.median(starts) / 1e6,
        "reset_ms": statistics.median(resets) / 1e6,
        "reset_jobs": jobs,
        "source": f"bench/inprocess.py: {how}, documented jobs",
    }
    figures.update(_plugin_figures(repeats, jobs))
    return figures


_PLUGIN_RESET = re.compile(
    r"per-test reset,\s+(\d+) jobs, journal full\s*: in-process\s+([\d.]+) ms"
)


def _plugin_figures(repeats: int, jobs: int) -> dict[str, Any]:
    from bench import bench_plugin

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        bench_plugin.bench_reset(repeats, jobs)
    text = printed.getvalue()
    resets = {int(n): float(ms) for n, ms in _PLUGIN_RESET.findall(text)}
    if jobs not in resets:
        raise RuntimeError(f"bench/bench_plugin.py printed no reset of {jobs} jobs:\n{text}")
    return {"reset_small_ms": resets[jobs], "plugin_output": text.splitlines()}


def _resets(repeats: int, jobs: int) -> tuple[list[int], str]:
    from mockgraph import create_app
    from mockgraph.core.auth import DEFAULT_TENANT
    from mockgraph.serving.server import MockGraphServer

    server = MockGraphServer(create_app())
    state = state_of(server.app)
    reset: Callable[[], object] = state.reset
    how = "MockGraphState.reset()"
    try:
        from mockgraph.testing import MockGraph
    except ImportError:
        pass
    else:  # what the fixture does before every test: a new helper, then its reset
        reset, how = lambda: MockGraph(server).reset(), "MockGraph(server).reset()"
    encoded = json.dumps(workload.documented_job())
    times = []
    for _ in range(repeats):
        for index in range(jobs):  # distinct objects per job, as requests would leave them
            data = json.loads(encoded)
            data["tenantId"] = f"tenant-{index}"
            state.store.create(DEFAULT_TENANT, "jobs", data)
        started = time.perf_counter_ns()
        reset()
        times.append(time.perf_counter_ns() - started)
        if len(state.store.select(DEFAULT_TENANT, "jobs")):
            raise RuntimeError("the reset left jobs behind")
    return times, how


def in_subprocess(module: str, *args: str, timeout: float = 900) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh interpreter; the JSON object it prints."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=workload.REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    """``latency N``, ``baseline N`` or ``session N``: print the figures as one JSON line."""
    kind, count = (argv if argv is not None else sys.argv[1:])[:2]
    measures = {"latency": latency, "baseline": baseline, "session": session}
    print(json.dumps(measures[kind](int(count))))


if __name__ == "__main__":
    main()
