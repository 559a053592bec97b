"""Testing ``jobs_client`` against mockgraph: polling, throttling, outages, paging, tenants."""

from __future__ import annotations

import pytest
from jobs_client import GraphApiError, JobsClient

from mockgraph.testing import MockGraph


@pytest.fixture
def naps() -> list[float]:
    """The sleeps the client asked for (it never really sleeps here)."""
    return []


@pytest.fixture
def client(mockgraph: MockGraph, naps: list[float]) -> JobsClient:
    return JobsClient(mockgraph.base_url, mockgraph.token(), sleep=naps.append)


def test_submit_then_wait_until_completed(
    client: JobsClient, mockgraph: MockGraph, naps: list[float]
) -> None:
    job = client.submit()
    assert job["status"] == "notStarted"
    mockgraph.advance_on_polls(job["id"], polls=1)  # each GET moves it one step
    finished = client.wait(job["id"], interval=5)
    assert finished["status"] == "completed"
    assert naps == [5]  # notStarted -> running (sleep) -> completed
    mockgraph.assert_called("POST", "classifyFileJobs", count=1)
    mockgraph.assert_called("GET", f"jobs/{job['id']}", count=2)


def test_wait_returns_a_failed_job(client: JobsClient, mockgraph: MockGraph) -> None:
    mockgraph.seed({"id": "job-1", "status": "running"})
    mockgraph.advance_on_polls("job-1", polls=2, outcome="failed")
    assert client.wait("job-1", interval=1)["status"] == "failed"
    mockgraph.assert_called("GET", "jobs/job-1", count=2)


def test_wait_gives_up_after_max_polls(
    client: JobsClient, mockgraph: MockGraph, naps: list[float]
) -> None:
    mockgraph.seed({"id": "job-1", "status": "notStarted"})  # nothing advances it
    with pytest.raises(TimeoutError, match="still notStarted after 3 polls"):
        client.wait("job-1", interval=2, max_polls=3)
    assert naps == [2, 2]


def test_explicit_ticks(client: JobsClient, mockgraph: MockGraph) -> None:
    job = client.submit()
    assert mockgraph.advance(job["id"])["status"] == "running"
    assert client.get(job["id"])["status"] == "running"
    mockgraph.advance(job["id"], outcome="failed")
    assert client.get(job["id"])["status"] == "failed"


def test_a_throttled_submit_is_retried_after_retry_after(
    client: JobsClient, mockgraph: MockGraph, naps: list[float]
) -> None:
    mockgraph.throttle("POST", "classifyFileJobs", retry_after=7, count=2)
    assert client.submit()["status"] == "notStarted"
    assert naps == [7, 7]
    statuses = [call["status"] for call in mockgraph.requests("POST", "classifyFileJobs")]
    assert statuses == [429, 429, 201]
    assert len(mockgraph.jobs()) == 1


def test_an_outage_ends_in_a_graph_error(
    client: JobsClient, mockgraph: MockGraph, naps: list[float]
) -> None:
    mockgraph.add_fault("GET", "jobs/*", status=503, retry_after=3)
    with pytest.raises(GraphApiError) as raised:
        client.get("any-id")
    assert (raised.value.status, raised.value.code) == (503, "serviceNotAvailable")
    assert raised.value.request_id  # Graph's request-id header, for the support ticket
    assert naps == [3, 3, 3]
    mockgraph.assert_called("GET", "jobs/any-id", count=4)


def test_list_follows_next_links(client: JobsClient, mockgraph: MockGraph) -> None:
    mockgraph.seed(*({"id": f"job-{n}", "status": "completed"} for n in range(5)))
    mockgraph.seed({"id": "job-9", "status": "running"})
    assert [job["id"] for job in client.list(page_size=2)] == [
        *(f"job-{n}" for n in range(5)),
        "job-9",
    ]
    mockgraph.assert_called("GET", "jobs", count=3)
    assert [job["id"] for job in client.list(status="running")] == ["job-9"]


def test_each_tenant_sees_its_own_jobs(mockgraph: MockGraph) -> None:
    mockgraph.seed({"id": "contoso-job"}, tenant="contoso")
    contoso = JobsClient(mockgraph.base_url, mockgraph.token("contoso"))
    fabrikam = JobsClient(mockgraph.base_url, mockgraph.token("fabrikam"))
    assert [job["id"] for job in contoso.list()] == ["contoso-job"]
    assert fabrikam.list() == []
    with pytest.raises(GraphApiError, match="itemNotFound"):
        fabrikam.get("contoso-job")


def test_every_call_sends_the_token(client: JobsClient, mockgraph: MockGraph) -> None:
    client.list()
    (call,) = mockgraph.assert_called("GET", "jobs")
    assert call["headers"]["authorization"] == f"Bearer {mockgraph.token()}"
    assert call["query"] == {"$top": "100"}
