"""Where an in-process request's time goes: pyinstrument over many test-client calls.

    python -m bench.profiling get      # or post, list, filter, patch; [N requests]

Needs pyinstrument (``pip install pyinstrument``; ``tox -e bench`` has it). For the server
side under real load, attach py-spy to a running ``mockgraph serve`` instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from bench import workload
from bench.inprocess import JOBS, _client, _expect


def actions(client: Any, ids: list[str]) -> dict[str, Callable[[], object]]:
    """One callable per kind of request, each checking its answer's status."""
    headers = {"Content-Type": "application/json"}
    body, patch = workload.job_bytes(), b'{"status": "completed"}'
    return {
        "get": lambda: _expect(client.get(f"{JOBS}/{ids[0]}"), 200),
        "list": lambda: _expect(client.get(JOBS + workload.graph_list_query()), 200),
        "filter": lambda: _expect(client.get(JOBS + workload.graph_filter_query()), 200),
        "patch": lambda: _expect(
            client.patch(f"{JOBS}/{ids[1]}", data=patch, headers=headers), 200
        ),
        "post": lambda: _expect(client.post(JOBS, data=body, headers=headers), 201),
    }


def main(argv: list[str] | None = None) -> None:
    """Profile ``N`` requests of one kind and print pyinstrument's call tree."""
    from pyinstrument import Profiler

    from mockgraph import create_app

    args = argv if argv is not None else sys.argv[1:]
    kind, count = args[0], int(args[1]) if len(args) > 1 else 2000
    client = _client(create_app())
    headers = {"Content-Type": "application/json"}
    ids = [
        client.post(JOBS, data=workload.job_bytes(workload.seed_status(i)), headers=headers).json[
            "id"
        ]
        for i in range(workload.SEED_JOBS)
    ]
    action = actions(client, ids)[kind]
    for _ in range(50):
        action()
    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(count):
            action()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
