"""Many clients at once over a real socket: no 5xx, no lost or torn update, nothing extra."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests

from tests.support.graph import bearer
from tests.support.racing import run_to_the_end
from tests.support.threaded import ThreadedServer

THREADS = 6
ROUNDS = 40
SHARED = 4


@pytest.fixture
def server() -> Iterator[ThreadedServer]:
    with ThreadedServer() as running:
        yield running


class Worker(threading.Thread):
    """One client: its own jobs (it alone writes them) and patches to the shared ones."""

    def __init__(self, number: int, jobs_url: str, shared: list[str]) -> None:
        super().__init__(name=f"worker-{number}")
        self.number, self.jobs_url, self.shared = number, jobs_url, shared
        self.own: dict[str, str] = {}  # id -> the status it must end with
        self.shared_writes: dict[str, set[str]] = {job_id: set() for job_id in shared}
        self.statuses: list[int] = []
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            with requests.Session() as http:
                http.headers.update(bearer("concurrency"))
                for step in range(ROUNDS):
                    self.step(http, step)
        except BaseException as error:  # surfaced by the test, not lost in the thread
            self.failure = error

    def call(self, http: requests.Session, method: str, url: str, **kwargs: object):
        response = http.request(method, url, timeout=30, **kwargs)
        self.statuses.append(response.status_code)
        return response

    def step(self, http: requests.Session, step: int) -> None:
        tag = f"{self.number}-{step}"
        created = self.call(http, "POST", self.jobs_url, json={"status": tag, "userId": tag})
        job_id = created.json()["id"]
        self.own[job_id] = tag
        if step % 2:
            patched = f"{tag}-patched"
            body = {"status": patched, "userId": patched}
            assert self.call(http, "PATCH", f"{self.jobs_url}/{job_id}", json=body).ok
            self.own[job_id] = patched
        if step % 3 == 0:
            assert self.call(http, "DELETE", f"{self.jobs_url}/{job_id}").status_code == 204
            del self.own[job_id]
        shared_id = self.shared[step % len(self.shared)]
        value = f"shared-{tag}"
        body = {"status": value, "userId": value}
        if self.call(http, "PATCH", f"{self.jobs_url}/{shared_id}", json=body).ok:
            self.shared_writes[shared_id].add(value)
        got = self.call(http, "GET", f"{self.jobs_url}/{shared_id}").json()
        assert got["status"] == got["userId"], got  # never half of one PATCH
        self.call(http, "GET", f"{self.jobs_url}?$top=5&$filter=startswith(status,'shared')")


def test_mixed_load_keeps_every_acknowledged_write(server: ThreadedServer) -> None:
    jobs_url = f"{server.base_url}/dataClassification/classifyFileJobs"
    headers = bearer("concurrency")
    shared = [
        requests.post(
            jobs_url, json={"status": "s", "userId": "s"}, headers=headers, timeout=10
        ).json()["id"]
        for _ in range(SHARED)
    ]
    workers = [Worker(n, jobs_url, shared) for n in range(THREADS)]
    run_to_the_end(workers)

    statuses = [s for w in workers for s in w.statuses]
    assert len(statuses) >= THREADS * ROUNDS * 4
    assert not [s for s in statuses if s >= 500]

    final = requests.get(f"{jobs_url}?$top=999", headers=headers, timeout=10).json()["value"]
    by_id = {job["id"]: job for job in final}
    expected_own = {job_id: tag for w in workers for job_id, tag in w.own.items()}
    assert set(by_id) == set(shared) | set(expected_own)
    for job_id, tag in expected_own.items():
        assert by_id[job_id]["status"] == by_id[job_id]["userId"] == tag
    for job_id in shared:
        written = set().union(*(w.shared_writes[job_id] for w in workers))
        assert by_id[job_id]["status"] == by_id[job_id]["userId"]
        assert by_id[job_id]["status"] in written
