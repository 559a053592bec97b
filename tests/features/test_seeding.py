"""Seeding the documented jobs: by fixture name for tests, all of them (and the tenant defaults)
for ``mockgraph serve``."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest
import requests
from flask.testing import FlaskClient

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.model.collections import COLLECTIONS
from mockgraph.core.store import JobStore
from mockgraph.features.documented import (
    SeededJob,
    documented_jobs,
    seed_documented,
    seed_empty_store,
)
from mockgraph.features.tenant_defaults import (
    CONFIDENTIAL,
    CREDIT_CARD_NUMBER,
    SENSITIVE_TYPES,
)
from mockgraph.replay.compare import compare_body
from tests.support.graph import BASE, bearer

ROOT = Path(__file__).resolve().parents[2]
JOBS = documented_jobs()
GET_PAGE = "jobresponsebase-get.get_jobresponsebase"


def test_documented_jobs_name_their_fixture_collection_and_documented_id() -> None:
    assert {(job.name, job.collection, job.id) for job in JOBS} >= {
        (GET_PAGE, "jobs", "e3582e2c-2e2c-e358-2c2e-58e32c2e58e3"),
        ("classificationjobresponse-get.get_classificationjobresponse", "classifyFileJobs",
         "7f32c975-c975-7f32-75c9-327f75c9327f"),
        ("004_d8627790ce14658b.create_jobresponsebase_from_", "jobs",
         "324d1724-1724-324d-2417-4d3224174d32"),
    }  # fmt: skip
    assert all("id" not in job.body for job in JOBS)


def _identity(collection: str, item_id: str) -> tuple[str, str]:
    # A job's id is unique in its tenant, wherever it is; any other item's, in its container.
    return ("jobs" if collection in COLLECTIONS else collection, item_id)


DOCUMENTED = {_identity(job.collection, job.id) for job in JOBS}


def test_seed_all_stores_each_documented_item_once(store: JobStore) -> None:
    seed_documented(store, DEFAULT_TENANT)
    exported = store.export()[DEFAULT_TENANT]
    held = [_identity(i["collection"], (i.get("job") or i["entity"])["id"]) for i in exported]
    assert sorted(held) == sorted(DOCUMENTED)
    jobs = {item_id for where, item_id in DOCUMENTED if where == "jobs"}
    assert store.count(DEFAULT_TENANT, "jobs") == len(jobs) > 0
    assert len(DOCUMENTED) > len(jobs)  # sensitive types, labels, stores... too


def test_a_seeded_job_serves_its_documented_data(store: JobStore, client: FlaskClient) -> None:
    seed_documented(store, DEFAULT_TENANT, [GET_PAGE])
    [job] = [job for job in JOBS if job.name == GET_PAGE]
    response = client.get(f"{BASE}/jobs/{job.id}")
    assert response.status_code == 200
    expected = {"id": job.id, **job.body}
    assert compare_body(expected, response.get_json(), truncated=False) == []


def test_seed_by_name_stores_only_those_in_the_fixtures_collection(
    store: JobStore, client: FlaskClient
) -> None:
    name = "dataclassificationservice-list-classifytextjobs.get_jobresponsebase"
    [entry] = seed_documented(store, "tenant-a", [name, name])
    assert entry.collection == "classifyTextJobs"
    listed = client.get(f"{BASE}/classifyTextJobs", headers=bearer("tenant-a")).get_json()
    assert [item["id"] for item in listed["value"]] == [entry.id]
    assert client.get(f"{BASE}/jobs/{entry.id}").status_code == 404  # another tenant


@pytest.mark.parametrize(
    "names",
    [["no-such-fixture"], [GET_PAGE, "jobresponsebase-delete.delete_jobresponsebase"]],
    ids=["unknown", "documents-no-job"],
)
def test_seed_refuses_a_name_without_a_documented_job(store: JobStore, names: list[str]) -> None:
    with pytest.raises(KeyError, match=re.escape(names[-1])):
        seed_documented(store, DEFAULT_TENANT, names)
    assert store.count(DEFAULT_TENANT, "jobs") == 0


def test_seed_empty_store_leaves_a_store_with_jobs_alone(store: JobStore) -> None:
    store.create("someone", "jobs", {"@odata.type": "#microsoft.graph.jobResponseBase"})
    assert seed_empty_store(store) == 0
    assert store.count(DEFAULT_TENANT, "jobs") == 0
    store.clear()
    assert seed_empty_store(store) == len(DOCUMENTED)


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


@contextmanager
def running_serve(*args: str) -> Iterator[str]:
    """``mockgraph serve --port 0 ARGS`` in its own process; yields its base URL."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "mockgraph", "serve", "--port", "0", *args]
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True)
        reader.start()
        try:
            yield _base_url(lines)
        finally:
            process.terminate()
            process.wait(timeout=10)
            reader.join(timeout=10)  # the pipe ends with the process


def _base_url(lines: queue.Queue[str]) -> str:
    deadline = time.monotonic() + 30
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            seen.append(lines.get(timeout=left))
        except queue.Empty:
            break
        found = re.search(r"serving Microsoft Graph beta at (\S+)", seen[-1])
        if found:
            return found.group(1)
    raise AssertionError(f"mockgraph serve did not start: {seen}")


@pytest.mark.parametrize(
    ("args", "status"), [((), 200), (("--no-seed",), 404)], ids=["seeded", "no-seed"]
)
def test_serve_seeds_the_tenant_defaults_and_documented_jobs_unless_asked_not_to(
    args: tuple[str, ...], status: int
) -> None:
    job: SeededJob = next(job for job in JOBS if job.name == GET_PAGE)
    auth = {"Authorization": "Bearer any"}
    with running_serve(*args) as base_url:
        service = f"{base_url}/dataClassification"
        response = requests.get(f"{service}/jobs/{job.id}", headers=auth, timeout=10)
        types = requests.get(f"{service}/sensitiveTypes", headers=auth, timeout=10).json()
        sublabels = requests.get(
            f"{service}/sensitivityLabels/{CONFIDENTIAL}/sublabels", headers=auth, timeout=10
        )
    assert response.status_code == status
    if status == 200:
        expected = {"id": job.id, **job.body}
        assert compare_body(expected, response.json(), truncated=False) == []
        listed = {(t["id"], t["name"]) for t in types["value"]}
        assert listed >= {(row.id, row.name) for row in SENSITIVE_TYPES}
        assert (CREDIT_CARD_NUMBER, "Credit Card Number") in listed
        assert len(sublabels.json()["value"]) == 3
    else:
        assert types["value"] == []
        assert sublabels.status_code == 404  # no such label
