"""The peers a user would pick instead, when Node is here: Stoplight Prism 5 and json-server 0.17.

Both serve the documented example job. Prism answers the static examples of a tiny OpenAPI
document and keeps no state; it runs twice: ``prism`` as ``prism mock FILE`` starts (the issue's
figures; it logs every request, here to a file) and ``prism-quiet`` with ``-v error`` (no request
log: its fastest). json-server keeps its jobs in memory (a ``.js`` database is never written back),
runs with ``--quiet`` (its request log costs it ~15%) and speaks its own query language
(``_limit`` for ``$top``). They are installed with npm into a cache folder outside the
repository (``MOCKGRAPH_BENCH_CACHE``, default ``~/.cache/mockgraph-bench``), once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from bench import workload
from bench.servers import HOST, ServerSpec
from bench.suite import DOCUMENTED_ID, Target

PACKAGES = ("@stoplight/prism-cli@5", "json-server@0.17.4")
CACHE = Path(os.environ.get("MOCKGRAPH_BENCH_CACHE", Path.home() / ".cache" / "mockgraph-bench"))


def peer_targets(notes: list[str]) -> list[Target]:
    """Prism and json-server, installed if need be; none (and a note why) without Node."""
    if not (shutil.which("node") and shutil.which("npm")):
        notes.append("peers skipped: Node (node and npm) is not installed")
        return []
    bins = CACHE / "node_modules" / ".bin"
    if not ((bins / "prism").exists() and (bins / "json-server").exists()):
        error = _install()
        if error:
            notes.append(f"peers skipped: npm install failed: {error}")
            return []
    prism = bins / "prism"
    return [_prism("prism", prism), _prism("prism-quiet", prism, "-v", "error"), _json_server(bins)]


def _install() -> str | None:
    CACHE.mkdir(parents=True, exist_ok=True)
    argv = ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(CACHE)]
    try:
        done = subprocess.run(
            [*argv, *PACKAGES], capture_output=True, text=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired:
        return "timed out after 600 s"
    return None if done.returncode == 0 else (done.stderr or done.stdout).strip()[-500:]


def _prism(name: str, binary: Path, *options: str) -> Target:
    document = CACHE / "mockgraph-jobs.openapi.json"
    document.write_text(json.dumps(openapi_document()), encoding="utf-8")
    argv = (str(binary), "mock", "-h", HOST, "-p", "{port}", *options, str(document))
    spec = ServerSpec(name, argv, f"{workload.GRAPH_PREFIX}/jobs", start_timeout=60)
    return Target(
        spec,
        f"{workload.GRAPH_PREFIX}/jobs",
        workload.graph_list_query(),
        workload.graph_filter_query(),
        stateful=False,
    )


def _json_server(bins: Path) -> Target:
    database = CACHE / "mockgraph-jobs.db.js"
    database.write_text("module.exports = () => ({ jobs: [] });\n", encoding="utf-8")
    argv = (str(bins / "json-server"), "--host", HOST, "--port", "{port}", "--quiet", str(database))
    spec = ServerSpec("json-server", argv, "/jobs", start_timeout=60)
    query = f"_limit={workload.LIST_TOP}"
    return Target(spec, "/jobs", f"?{query}", f"?status={workload.FILTER_STATUS}&{query}")


def openapi_document() -> dict[str, Any]:
    """A minimal OpenAPI 3.0 document whose examples are the documented job."""
    job = {"@odata.type": "#microsoft.graph.jobResponseBase", "id": DOCUMENTED_ID}
    job.update((k, v) for k, v in workload.documented_job().items() if k != "@odata.type")
    page = {"value": [dict(job, id=f"{DOCUMENTED_ID[:-3]}{i:03d}") for i in range(50)]}
    collection, item = f"{workload.GRAPH_PREFIX}/jobs", f"{workload.GRAPH_PREFIX}/jobs/{{id}}"
    body = {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    query = [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
        for name in ("$top", "$filter")
    ]
    return {
        "openapi": "3.0.3",
        "info": {"title": "mockgraph bench: dataClassification jobs", "version": "1"},
        "paths": {
            collection: {
                "get": {"parameters": query, "responses": _example("200", page)},
                "post": {"requestBody": body, "responses": _example("201", job)},
            },
            item: {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "get": {"responses": _example("200", job)},
                "patch": {"requestBody": body, "responses": _example("200", job)},
            },
        },
    }


def _example(status: str, value: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": {"type": "object"}, "example": value}}
    return {status: {"description": "the documented example", "content": content}}
