"""Run the whole benchmark and print one table, then a met/missed line per target.

    python bench/run.py            # the full run (~10 minutes; let the machine be quiet)
    python bench/run.py --quick    # a sanity run (~2 minutes): short phases, no 100k store

Progress goes to stderr, the table to stdout. Every server listens on 127.0.0.1 only and is
stopped at the end, on error, on Ctrl-C and SIGTERM too, and when the run overruns its time
limit (``--max-minutes``, 40 by default: the full run takes about 15).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import bench from the repo, not bench/
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import hostile, intercept, load, peers, report, suite  # noqa: E402
from bench.inprocess import in_subprocess  # noqa: E402
from bench.servers import ServerPool  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Settings:
    """How much to measure: the full run or ``--quick``."""

    plan: suite.Plan
    iterations: int  # in-process requests timed per kind
    session_repeats: int
    sizes: tuple[int, ...]  # store sizes for RSS and latency growth
    probes: int


def settings(args: argparse.Namespace) -> Settings:
    tool = load.generator()
    if args.quick:
        plan = suite.Plan(args.seconds or 1, 1, args.repeats or 3, tool)
        return Settings(plan, 300, 5, (0, 100, 1_000, 10_000), 200)
    plan = suite.Plan(args.seconds or 5, 2, args.repeats or 3, tool)
    return Settings(plan, 2000, 20, (0, 100, 1_000, 10_000, 100_000), 1000)


def _section(title: str) -> None:
    print(f"== {title}", file=sys.stderr, flush=True)


def measure(args: argparse.Namespace, chosen: Settings, notes: list[str]) -> dict[str, Any]:
    """Every measurement, in order; the results as JSON-ready data."""
    results: dict[str, Any] = {}
    with ServerPool() as pool:
        targets = [suite.mockgraph_target(), suite.baseline_target()]
        targets += [] if args.no_peers else peers.peer_targets(notes)
        _section(f"HTTP load: {', '.join(t.name for t in targets)}")
        http = suite.run_phases(pool, targets, suite.PHASES, chosen.plan)
        results["http"] = _plain(http)
        _section("the whole service: sensitive types and data stores beside the jobs")
        service = suite.run_phases(
            pool, suite.service_targets(), ("get", "list", "post"), chosen.plan
        )
        results["service"] = _plain(service)
        _section("mockgraph serve options: default, --state, --state --fsync; granian WSGI")
        with tempfile.TemporaryDirectory(prefix="mockgraph-bench-state-") as folder:
            state = str(Path(folder) / "state.log")
            variants = [
                suite.mockgraph_target("default"),
                suite.mockgraph_target("state", "--state", state),
                suite.mockgraph_target("fsync", "--state", state + ".fsync", "--fsync"),
                suite.granian_wsgi_target(),
            ]
            options = suite.run_phases(pool, variants, ("get", "list", "post"), chosen.plan)
            results["options"] = _plain(options)
        _section("hostile clients: 200 x 1 s latency; 50 stalled; 200 keep-alive clients")
        served = pool.start(suite.mockgraph_target().spec)
        try:
            results["hostile"] = {
                "latency": hostile.latency(served.port),
                "stalled": hostile.stalled(served.port),
                "keep_alive": hostile.keep_alive(
                    served.port, chosen.plan.seconds, chosen.plan.tool
                ),
            }
        finally:
            pool.stop(served)
    _section("in-process latency (Flask test client)")
    results["inprocess"] = in_subprocess("bench.inprocess", "latency", str(chosen.iterations))
    results["inprocess"]["baseline"] = in_subprocess(
        "bench.inprocess", "baseline", str(chosen.iterations)
    )
    _section("session server start and reset")
    results["session"] = in_subprocess("bench.inprocess", "session", str(chosen.session_repeats))
    if not args.no_intercept:
        _section("interception vs socket: GET by id and POST, requests and httpx")
        results["intercept"] = in_subprocess("bench.intercept", str(chosen.iterations))
    results["scale"] = {}
    for size in chosen.sizes:
        _section(f"store of {size:,} jobs: RSS, GET by id, list page")
        results["scale"][str(size)] = in_subprocess("bench.scaling", str(size), str(chosen.probes))
    return results


def _plain(by_server: dict[str, dict[str, load.LoadResult]]) -> dict[str, Any]:
    return {
        name: {phase: dataclasses.asdict(r) for phase, r in phases.items()}
        for name, phases in by_server.items()
    }


def _error_notes(results: dict[str, Any]) -> list[str]:
    notes = []
    for section in ("http", "options"):
        for server, phases in results.get(section, {}).items():
            for phase, result in phases.items():
                if result["errors"]:
                    notes.append(
                        f"{server} {phase}: {result['errors']} failed requests (not 2xx): "
                        "its figure is not comparable"
                    )
    return notes


def header(args: argparse.Namespace, chosen: Settings, load_before: float) -> str:
    plan = chosen.plan
    how = "wrk -t2 -c4, keep-alive" if plan.tool == "wrk" else "Python client, 4 keep-alive conns"
    quick = " (--quick: a sanity run, not a measurement)" if args.quick else ""
    return "\n".join(
        [
            f"mockgraph benchmark{quick}",
            f"load: {how}; each phase {plan.warmup:g} s warm-up, then {plan.repeats} x "
            f"{plan.seconds:g} s, median; mockgraph and baseline on MockGraphServer (granian, "
            "the app on one thread); every server on 127.0.0.1",
            f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after",
            "ratio = mockgraph / the reference in that row (bare Flask baseline for HTTP rows); "
            "xPeer = mockgraph / peer",
        ]
    )


def _out_of_time(signum: int, frame: object) -> None:
    print("out of time (--max-minutes)", file=sys.stderr)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark mockgraph against a bare Flask app.")
    parser.add_argument("--quick", action="store_true", help="short phases, no 100k-job store")
    parser.add_argument("--no-peers", action="store_true", help="skip Prism and json-server")
    parser.add_argument(
        "--no-intercept", action="store_true", help="skip interception against the socket"
    )
    parser.add_argument("--seconds", type=float, help="length of each measured load phase")
    parser.add_argument("--repeats", type=int, help="measured runs per phase (median kept)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--max-minutes", type=float, default=40, help="stop everything after this long"
    )
    args = parser.parse_args(argv)
    chosen = settings(args)
    # A plain `kill`, and running out of time, must stop the servers too: unwind like Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(max(1, round(args.max_minutes * 60)))
    load_before = os.getloadavg()[0]
    notes: list[str] = []
    try:
        results = measure(args, chosen, notes)
    except KeyboardInterrupt:
        print("interrupted: every server was stopped", file=sys.stderr)
        return 130
    finally:
        signal.alarm(0)
    notes += _error_notes(results)
    results["notes"] = notes
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(header(args, chosen, load_before))
    print()
    print(report.table(results))
    print()
    print("\n".join(report.verdicts(results)))
    if "intercept" in results:
        print()
        print(intercept.table(results["intercept"]))
        print("\n".join(intercept.verdicts(results["intercept"])))
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
