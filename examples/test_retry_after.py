"""Retry-After as a contract: prove a client waits before it calls again, without sleeping."""

import pytest
import requests
from jobs_client import GraphApiError, JobsClient


def test_a_client_that_honours_retry_after(mockgraph):
    mockgraph.throttle("POST", "classifyFileJobs", retry_after=30, enforce_retry_after=True)
    # The client "sleeps" by moving the mock's clock: the wait is checked, never spent.
    client = JobsClient(mockgraph.base_url, mockgraph.token(), sleep=mockgraph.advance_clock)
    assert client.submit()["status"] == "notStarted"
    calls = mockgraph.assert_called("POST", "classifyFileJobs", count=2)
    assert [(c["status"], c["earlyRetry"]) for c in calls] == [(429, False), (201, False)]


def test_a_client_that_retries_too_soon(mockgraph):
    mockgraph.throttle("POST", "classifyFileJobs", retry_after=30, enforce_retry_after=True)
    impatient = JobsClient(mockgraph.base_url, mockgraph.token(), sleep=lambda seconds: None)
    with pytest.raises(GraphApiError) as raised:
        impatient.submit()
    assert raised.value.status == 429
    calls = mockgraph.assert_called("POST", "classifyFileJobs", count=4)  # 1 + 3 retries
    assert [c["earlyRetry"] for c in calls] == [False, True, True, True]
    assert mockgraph.faults()[0]["earlyRetries"] == 3


def test_retry_attempt_is_journaled(mockgraph):
    url = f"{mockgraph.base_url}/dataClassification/jobs"
    headers = {**mockgraph.headers(), "Retry-Attempt": "2"}  # as the SDK's RetryHandler sends it
    requests.get(url, headers=headers, timeout=10)
    (call,) = mockgraph.assert_called("GET", "jobs", count=1)
    assert call["retryAttempt"] == 2 and call["headers"]["retry-attempt"] == "2"
