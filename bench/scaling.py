"""How cost grows with the store: RSS, GET by id and a list page at a given number of jobs.

One store size per fresh interpreter (``python -m bench.scaling N`` prints one JSON object),
so the RSS of one size says nothing about the heap left by another. The jobs go through the
real write path (``load_entity``, then ``JobStore.create``) with a distinct body each, so the
memory held is what as many POSTs would leave behind.
"""

from __future__ import annotations

import gc
import json
import random
import sys
from pathlib import Path
from typing import Any

from bench import workload
from bench.inprocess import JOBS, _client, _expect, median_ms
from mockgraph.http.current import state_of

PROBES = 1000  # GETs (and list pages) timed per size


def rss_mb() -> float:
    """This process's resident set size (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (not Linux?)")


def fill(store: Any, count: int) -> list[str]:
    """Create ``count`` validated jobs in the default tenant's ``jobs``; their ids."""
    from mockgraph.core.auth import DEFAULT_TENANT
    from mockgraph.core.model.collections import COLLECTIONS
    from mockgraph.core.schemas import load_entity

    spec = COLLECTIONS["jobs"]
    encoded = json.dumps(workload.documented_job())
    ids = []
    for index in range(count):
        body = json.loads(encoded)
        body["tenantId"] = f"tenant-{index:06d}"
        body["status"] = workload.seed_status(index)
        data = load_entity(body, spec.default_type, spec.accepted_types)
        ids.append(store.create(DEFAULT_TENANT, "jobs", data).id)
    return ids


def measure(count: int, probes: int = PROBES) -> dict[str, Any]:
    """RSS before and after ``count`` jobs, and median GET-by-id and list-page latency."""
    from mockgraph import create_app

    app = create_app()
    client = _client(app)
    _expect(client.get(JOBS), 200)  # load what the first request loads lazily
    gc.collect()
    idle = rss_mb()
    ids = fill(state_of(app).store, count)
    gc.collect()
    result: dict[str, Any] = {"jobs": count, "rss_idle_mb": idle, "rss_mb": rss_mb()}
    if ids:
        chosen = random.Random(count).choices(ids, k=probes + 50)
        paths = iter(f"{JOBS}/{job_id}" for job_id in chosen)
        result["get_ms"] = median_ms(lambda: _expect(client.get(next(paths)), 200), probes)
        page = f"{JOBS}{workload.graph_list_query()}"
        result["list_ms"] = median_ms(lambda: _expect(client.get(page), 200), probes)
    return result


def main(argv: list[str] | None = None) -> None:
    """``N [PROBES]``: print the figures at N jobs as one JSON line."""
    args = argv if argv is not None else sys.argv[1:]
    probes = int(args[1]) if len(args) > 1 else PROBES
    print(json.dumps(measure(int(args[0]), probes)))


if __name__ == "__main__":
    main()
