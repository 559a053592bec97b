"""Admin resets and seeds racing each other and Graph calls, over a real socket.

Each seed is one batch of jobs with fixed ids: at every moment a tenant must hold whole batches
(a reader never sees half a seed, a reset never leaves half of one), no call is a 5xx, and each
tenant ends as its own last acknowledged admin call implies.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest
import requests

from tests.support.graph import bearer
from tests.support.racing import run_to_the_end
from tests.support.threaded import ThreadedServer

TENANTS = 3
ROUNDS = 30
BATCH = 5


@pytest.fixture
def server() -> Iterator[ThreadedServer]:
    # Threads switch every few microseconds instead of every 5 ms, so a seed that is not
    # stored at once would be caught half done.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadedServer() as running:
            yield running
    finally:
        sys.setswitchinterval(interval)


def batch(tenant: int, round_: int) -> list[str]:
    return [f"t{tenant}-r{round_}-{n}" for n in range(BATCH)]


def whole_batches(ids: list[str]) -> bool:
    """Whether the seeded jobs among ``ids`` are complete batches (all of a batch, or none)."""
    seen: dict[str, int] = {}
    for job_id in (i for i in ids if i.startswith("t")):  # the writer's jobs have GUIDs
        prefix = job_id.rsplit("-", 1)[0]
        seen[prefix] = seen.get(prefix, 0) + 1
    return all(count == BATCH for count in seen.values())


class Racer(threading.Thread):
    """Runs ``step(http, round)`` ROUNDS times; failures are kept for the test to raise."""

    def __init__(self, name: str, step: Callable[[requests.Session, int], None]) -> None:
        super().__init__(name=name)
        self.step = step
        self.statuses: list[int] = []
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            with requests.Session() as http:
                http.hooks["response"].append(
                    lambda r, *a, **k: self.statuses.append(r.status_code)
                )
                for round_ in range(ROUNDS):
                    self.step(http, round_)
        except BaseException as error:  # surfaced by the test, not lost in the thread
            self.failure = error


def run_all(racers: list[Racer]) -> list[int]:
    run_to_the_end(racers)
    return [status for racer in racers for status in racer.statuses]


def test_tenant_resets_and_seeds_race_readers_and_writers(server: ThreadedServer) -> None:
    admin = f"{server.url}/_mockgraph"
    jobs_url = f"{server.base_url}/dataClassification/jobs?$top=999"
    expected: dict[int, list[str]] = {}  # what each tenant must end with

    def seeder(tenant: int) -> Callable[[requests.Session, int], None]:
        def step(http: requests.Session, round_: int) -> None:
            headers = bearer(f"tenant-{tenant}")
            if round_ % 4 == 3:
                assert http.post(f"{admin}/reset", headers=headers, timeout=30).status_code == 204
                expected[tenant] = []
            else:
                body = {"jobs": [{"id": job_id} for job_id in batch(tenant, round_)]}
                response = http.post(f"{admin}/seed", json=body, headers=headers, timeout=30)
                assert response.status_code == 201, response.text
                expected[tenant] = expected.get(tenant, []) + batch(tenant, round_)

        return step

    def reader(tenant: int) -> Callable[[requests.Session, int], None]:
        def step(http: requests.Session, round_: int) -> None:
            for _ in range(3):
                response = http.get(jobs_url, headers=bearer(f"tenant-{tenant}"), timeout=30)
                ids = [job["id"] for job in response.json()["value"]]
                assert whole_batches(ids), ids

        return step

    def writer(http: requests.Session, round_: int) -> None:
        # Graph calls in the tenants being reset: they may find their job gone (404), never a 5xx.
        headers = bearer(f"tenant-{round_ % TENANTS}")
        created = http.post(jobs_url.split("?")[0], json={"status": "w"}, headers=headers)
        if created.status_code == 201:
            job_url = f"{jobs_url.split('?')[0]}/{created.json()['id']}"
            http.patch(job_url, json={"status": "x"}, headers=headers, timeout=30)
            http.delete(job_url, headers=headers, timeout=30)

    racers = [Racer(f"seeder-{t}", seeder(t)) for t in range(TENANTS)]
    racers += [Racer(f"reader-{t}", reader(t)) for t in range(TENANTS)]
    racers.append(Racer("writer", writer))
    statuses = run_all(racers)

    assert len(statuses) >= ROUNDS * TENANTS * 4
    assert not [status for status in statuses if status >= 500]
    for tenant in range(TENANTS):
        response = requests.get(jobs_url, headers=bearer(f"tenant-{tenant}"), timeout=10)
        seeded = [job["id"] for job in response.json()["value"] if job["id"].startswith("t")]
        assert seeded == expected[tenant]


def test_global_resets_race_seeds(server: ThreadedServer) -> None:
    admin = f"{server.url}/_mockgraph"
    jobs_url = f"{server.base_url}/dataClassification/jobs?$top=999"

    def seeder(tenant: int) -> Callable[[requests.Session, int], None]:
        def step(http: requests.Session, round_: int) -> None:
            body = {
                "tenant": f"tenant-{tenant}",
                "jobs": [{"id": i} for i in batch(tenant, round_)],
            }
            assert http.post(f"{admin}/seed", json=body, timeout=30).status_code == 201

        return step

    def resetter(http: requests.Session, round_: int) -> None:
        assert http.post(f"{admin}/reset", timeout=30).status_code == 204
        for tenant in range(TENANTS):
            response = http.get(jobs_url, headers=bearer(f"tenant-{tenant}"), timeout=30)
            ids = [job["id"] for job in response.json()["value"]]
            assert whole_batches(ids), ids

    statuses = run_all([Racer(f"seeder-{t}", seeder(t)) for t in range(TENANTS)]
                       + [Racer("resetter", resetter)])  # fmt: skip

    assert not [status for status in statuses if status >= 500]
    # Whatever survived the last reset is whole batches, and a reset now empties every tenant.
    for tenant in range(TENANTS):
        response = requests.get(jobs_url, headers=bearer(f"tenant-{tenant}"), timeout=10)
        assert whole_batches([job["id"] for job in response.json()["value"]])
    assert requests.post(f"{admin}/reset", timeout=10).status_code == 204
    state = requests.get(f"{admin}/state", timeout=10).json()
    assert all(items == [] for items in state.values())
