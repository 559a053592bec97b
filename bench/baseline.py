"""The baseline: a bare Flask app with mockgraph's job routes and none of its work.

What a user would write in an afternoon instead of the mock: a dict store, no validation, no
auth, no OData beyond ``$top`` and ``status eq '...'``, responses through Flask's own JSON. It is
served on the same WSGI server as ``mockgraph serve``, set up alike (granian, the app on one
thread), so the ratio measures the mock's own work, not the server's.

    python -m bench.baseline --port 8001
"""

from __future__ import annotations

import argparse
import re
import threading
import uuid
from typing import Any

from flask import Flask, Response, abort, request

from bench.workload import GRAPH_PREFIX

# mockgraph/core/model/collections.py's names (bench/tests/test_smoke.py keeps them in step).
COLLECTIONS = (
    "jobs",
    "classifyFileJobs",
    "classifyTextJobs",
    "evaluateDlpPoliciesJobs",
    "evaluateLabelJobs",
    "labelsAndPoliciesEvaluationJobs",
)
ALL_JOBS = "jobs"
_COLLECTION = "<any({}):collection>".format(", ".join(COLLECTIONS))
_STATUS_EQ = re.compile(r"^\s*status\s+eq\s+'([^']*)'\s*$")


def create_baseline_app() -> Flask:
    """A new baseline app with its own empty store."""
    app = Flask("mockgraph-baseline")
    lock = threading.Lock()
    store: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in COLLECTIONS}

    def view(collection: str, job_id: str) -> dict[str, Any]:
        job = store[collection].get(job_id)
        if job is None:
            abort(404)
        return job

    @app.post(f"{GRAPH_PREFIX}/{_COLLECTION}")
    def create_job(collection: str) -> tuple[dict[str, Any], int]:
        job = dict(request.get_json(force=True))
        job["id"] = str(uuid.uuid4())
        with lock:
            store[ALL_JOBS][job["id"]] = store[collection][job["id"]] = job
        return job, 201

    @app.get(f"{GRAPH_PREFIX}/{_COLLECTION}")
    def list_jobs(collection: str) -> dict[str, Any]:
        with lock:
            jobs = list(store[collection].values())
        match = _STATUS_EQ.match(request.args.get("$filter", ""))
        if match:
            jobs = [job for job in jobs if job.get("status") == match.group(1)]
        top = int(request.args.get("$top", 100))
        return {"value": jobs[:top]}

    @app.get(f"{GRAPH_PREFIX}/{_COLLECTION}/$count")
    def count_jobs(collection: str) -> Response:
        return Response(str(len(store[collection])), content_type="text/plain")

    @app.get(f"{GRAPH_PREFIX}/{_COLLECTION}/<job_id>")
    def get_job(collection: str, job_id: str) -> dict[str, Any]:
        return view(collection, job_id)

    @app.patch(f"{GRAPH_PREFIX}/{_COLLECTION}/<job_id>")
    def update_job(collection: str, job_id: str) -> dict[str, Any]:
        changes = request.get_json(force=True)
        with lock:
            job = view(collection, job_id)
            job.update(changes)
        return job

    @app.delete(f"{GRAPH_PREFIX}/{_COLLECTION}/<job_id>")
    def delete_job(collection: str, job_id: str) -> tuple[str, int]:
        with lock:
            job = view(collection, job_id)
            for jobs in store.values():
                jobs.pop(job["id"], None)
        return "", 204

    return app


def main(argv: list[str] | None = None) -> None:
    """Serve the baseline on MockGraphServer, as ``mockgraph serve`` does, until interrupted."""
    from mockgraph.serving.server import MockGraphServer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args(argv)
    server = MockGraphServer(create_baseline_app(), args.host, args.port)
    server.prepare()
    print(f"baseline serving at {server.url}{GRAPH_PREFIX}", flush=True)
    server.serve_until_signalled()


if __name__ == "__main__":
    main()
