"""Medians for the pytest plugin: session server start (and stop), per-test reset with 10k jobs.

Run: ``python bench/bench_plugin.py [--rounds N] [--jobs N]``. Prints medians; asserts nothing.
The reset measured is what the ``mockgraph`` fixture does before each test: build the helper
and ``POST /_mockgraph/reset`` through the in-process client, with the store full of jobs and
the journal full of entries (the old objects are freed inside the reset, so that is counted).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import replace

import requests

from mockgraph.serving.server import MockGraphServer
from mockgraph.testing import MockGraph

JOB = {
    "@odata.type": "#microsoft.graph.classificationJobResponse",
    "status": "completed",
    "creationDateTime": "2017-01-01T00:00:59.0982804+03:00",
    "error": {"@odata.type": "#microsoft.graph.classificationError", "code": "c", "details": []},
}


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.3f} ms (n={len(samples)})"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_server(rounds: int) -> None:
    starts, stops = [], []
    for _ in range(rounds):
        server = MockGraphServer(config={})
        starts.append(timed(server.start))  # what mockgraph_server does, app included below
        stops.append(timed(server.stop))
    with_app = []
    for _ in range(rounds):
        started: list[MockGraphServer] = []
        with_app.append(timed(lambda: started.append(MockGraphServer(config={}).start())))  # noqa: B023
        started[0].stop()
    print(f"session server: create_app + start  {median_ms(with_app)}")
    print(f"session server: start (app built)   {median_ms(starts)}")
    print(f"session server: stop                {median_ms(stops)}")


def fill(helper: MockGraph, jobs: int, journal: bool) -> None:
    items = [{"collection": "classifyFileJobs", "job": {**JOB, "id": f"j{n}"}} for n in range(jobs)]
    helper.store.restore({"default": items})
    if journal:  # a full journal of realistic entries, without making 1000 calls each round
        helper.app.test_client().get("/beta/dataClassification/jobs", headers=helper.headers())
        (sample,) = helper.state.journal.entries()
        for seq in range(helper.state.journal.size):
            helper.state.journal.add(replace(sample, seq=seq, headers=dict(sample.headers)))


def bench_reset(rounds: int, jobs: int) -> None:
    with MockGraphServer(config={}) as server:
        helper = MockGraph(server)
        url = f"{server.url}/_mockgraph/reset"
        for stored, journal in ((0, False), (jobs, False), (jobs, True)):
            samples, over_http = [], []
            for _ in range(rounds):
                fill(helper, stored, journal)
                samples.append(timed(lambda: MockGraph(server).reset()))
            for _ in range(rounds):
                fill(helper, stored, journal)
                over_http.append(timed(lambda: requests.post(url, timeout=10)))
            label = f"{stored:>6} jobs, journal {'full ' if journal else 'empty'}"
            print(f"per-test reset, {label}: in-process {median_ms(samples)}")
            print(f"per-test reset, {label}: over HTTP  {median_ms(over_http)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--jobs", type=int, default=10_000)
    args = parser.parse_args()
    bench_server(args.rounds)
    bench_reset(args.rounds, args.jobs)


if __name__ == "__main__":
    main()
