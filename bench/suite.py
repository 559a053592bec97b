"""The HTTP phases: every server started side by side, seeded, then loaded in turn.

For each phase, every server is warmed up, then the repetitions go round the servers
(mock, baseline, peers, mock, ...) so a burst of noise on the machine hits them all alike.
POST comes last: it grows the stores, which the other phases would otherwise feel.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench import load, workload
from bench.load import Call, LoadResult
from bench.servers import HOST, Running, ServerPool, ServerSpec

PHASES = ("get", "list", "filter", "patch", "post")
PHASE_TITLES = {
    "get": "GET by id",
    "list": f"GET list of {workload.LIST_TOP}",
    "filter": f"GET list, $filter, top {workload.LIST_TOP}",
    "patch": "PATCH",
    "post": "POST create",
}
DOCUMENTED_ID = "e3582e2c-2e2c-e358-2c2e-58e32c2e58e3"  # for servers that keep no state


@dataclass(frozen=True)
class Target:
    """A server under load and how its routes are spelt."""

    spec: ServerSpec
    collection: str  # the collection's path
    list_query: str
    filter_query: str
    headers: dict[str, str] = field(default_factory=dict)
    stateful: bool = True  # False: answers static examples, nothing to seed
    # The body a POST sends, given a seed status (the jobs' $filter reads it; others ignore it).
    body: Callable[..., bytes] = workload.job_bytes

    @property
    def name(self) -> str:
        return self.spec.name


def mockgraph_target(name: str = "mockgraph", *options: str) -> Target:
    """``mockgraph serve`` as a user starts it (auth on), empty, plus ``options``."""
    auth = {"Authorization": workload.AUTH_HEADER}
    argv = (sys.executable, "-m", "mockgraph", "serve", "--host", HOST, "--port", "{port}")
    # --quiet: the per-call log line is a terminal's, not part of serving a call.
    argv += ("--no-seed", "--quiet", *options)
    probe = f"{workload.GRAPH_PREFIX}/jobs?$top=1"
    return _graph_target(ServerSpec(name, argv, probe, auth, workload.REPO), auth)


# The service's other sets, each loaded as the jobs are, on a server of its own.
SERVICE_SETS = {
    "sensitiveTypes": workload.SENSITIVE_TYPE,
    "exactMatchDataStores": workload.DATA_STORE,
}


def service_targets() -> list[Target]:
    """``mockgraph serve``'s jobs, and each of ``SERVICE_SETS`` in place of the jobs."""
    found = [mockgraph_target("jobs")]
    for name, body in SERVICE_SETS.items():
        jobs = mockgraph_target(name)
        collection = f"{workload.GRAPH_PREFIX}/{name}"
        spec = dataclasses.replace(jobs.spec, probe=f"{collection}?$top=1")
        query = workload.graph_list_query()
        found.append(
            Target(
                spec, collection, query, query, jobs.headers, True, body=workload.entity_bytes(body)
            )
        )
    return found


def granian_wsgi_target() -> Target:
    """The same ``create_app()`` on granian's own WSGI server, one worker, one blocking thread:
    the other way to put the app on granian (a thread of its own, injected latency blocking it)."""
    auth = {"Authorization": workload.AUTH_HEADER}
    argv = (sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", "1")
    argv += ("--blocking-threads", "1", "--log-level", "error", "--factory")
    argv += ("--host", HOST, "--port", "{port}", "mockgraph.http.app:create_app")
    probe = f"{workload.GRAPH_PREFIX}/jobs?$top=1"
    spec = ServerSpec("granian-wsgi", argv, probe, auth, workload.REPO)
    return _graph_target(spec, auth)


def baseline_target() -> Target:
    """The bare Flask baseline on the same server (``bench/baseline.py``)."""
    argv = (sys.executable, "-m", "bench.baseline", "--host", HOST, "--port", "{port}")
    spec = ServerSpec("baseline", argv, f"{workload.GRAPH_PREFIX}/jobs", cwd=workload.REPO)
    return _graph_target(spec, {"Authorization": workload.AUTH_HEADER})


def _graph_target(spec: ServerSpec, headers: dict[str, str]) -> Target:
    return Target(
        spec,
        f"{workload.GRAPH_PREFIX}/jobs",
        workload.graph_list_query(),
        workload.graph_filter_query(),
        headers,
    )


def calls(target: Target, ids: Sequence[str]) -> dict[str, Call]:
    """The request each phase sends to ``target``, given the ids it seeded."""
    get_id, patch_id = (ids[0], ids[1]) if len(ids) > 1 else (DOCUMENTED_ID, DOCUMENTED_ID)
    headers, base = target.headers, target.collection
    patch = json.dumps(workload.PATCH_BODY).encode()
    return {
        "get": Call("GET", f"{base}/{get_id}", headers=headers),
        "list": Call("GET", base + target.list_query, headers=headers),
        "filter": Call("GET", base + target.filter_query, headers=headers),
        "patch": Call("PATCH", f"{base}/{patch_id}", patch, headers),
        "post": Call("POST", base, target.body(), headers),
    }


def seed(running: Running, target: Target, count: int = workload.SEED_JOBS) -> list[str]:
    """POST ``count`` documented jobs (half of them matching the ``$filter``); their ids."""
    if not target.stateful:
        return []
    connection = http.client.HTTPConnection(HOST, running.port, timeout=10)
    headers = {"Content-Type": "application/json", **target.headers}
    ids = []
    try:
        for index in range(count):
            body = target.body(workload.seed_status(index))
            connection.request("POST", target.collection, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            if response.status != 201:
                raise RuntimeError(f"seeding {target.name}: {response.status} {answer[:300]!r}")
            ids.append(str(json.loads(answer)["id"]))
    finally:
        connection.close()
    return ids


@dataclass(frozen=True)
class Plan:
    """How long and how often: each phase is warmed up, then repeated; medians are kept."""

    seconds: float
    warmup: float
    repeats: int
    tool: str


def run_phases(
    pool: ServerPool, targets: Sequence[Target], phases: Sequence[str], plan: Plan
) -> dict[str, dict[str, LoadResult]]:
    """``{server: {phase: median result}}`` for every target; the servers are stopped after."""
    started = [(target, pool.start(target.spec)) for target in targets]
    try:
        sent = {t.name: calls(t, seed(running, t)) for t, running in started}
        results: dict[str, dict[str, list[LoadResult]]] = {t.name: {} for t in targets}
        for phase in phases:
            for target, running in started:
                load.run(running.url, sent[target.name][phase], plan.warmup, plan.tool)
            for repeat in range(plan.repeats):
                for target, running in started:
                    result = load.run(
                        running.url, sent[target.name][phase], plan.seconds, plan.tool
                    )
                    results[target.name].setdefault(phase, []).append(result)
                    _progress(target.name, phase, repeat, plan.repeats, result)
    finally:
        for _, running in started:
            pool.stop(running)
    return {name: {p: median(rs) for p, rs in by.items()} for name, by in results.items()}


def median(results: Sequence[LoadResult]) -> LoadResult:
    """The median of each figure over the repetitions (errors are added up)."""
    return LoadResult(
        rps=statistics.median(r.rps for r in results),
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
    )


def _progress(name: str, phase: str, repeat: int, repeats: int, result: LoadResult) -> None:
    errors = f", {result.errors} errors" if result.errors else ""
    print(
        f"  {phase:<7} {name:<16} {repeat + 1}/{repeats}: {result.rps:8.0f} req/s, "
        f"p50 {result.p50_ms:.2f} ms{errors}",
        file=sys.stderr,
        flush=True,
    )
