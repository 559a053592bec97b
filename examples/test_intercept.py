"""Testing ``jobs_client`` as it ships, at Graph's real URL: ``mockgraph_intercept`` answers
every call to https://graph.microsoft.com in process, with no server and no URL to change."""

import httpx
import pytest
import requests
from jobs_client import GraphApiError, JobsClient

import mockgraph

GRAPH = "https://graph.microsoft.com/beta"  # what the client ships with


def sign_in(tenant: str) -> str:
    """A client-credentials token, from Entra's endpoint (answered by the mock too)."""
    answer = requests.post(
        f"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "my-app",
            "client_secret": "not-a-secret",
            "scope": "https://graph.microsoft.com/.default",
        },
        timeout=10,
    )
    return answer.json()["access_token"]  # a JWT whose tid is the tenant


def test_submit_and_wait(mockgraph_intercept):
    client = JobsClient(GRAPH, sign_in("contoso"), sleep=lambda seconds: None)
    job = client.submit()
    mockgraph_intercept.advance_on_polls(job["id"], polls=1, tenant="contoso")
    assert client.wait(job["id"])["status"] == "completed"
    mockgraph_intercept.assert_called("POST", "classifyFileJobs", count=1)
    assert len(mockgraph_intercept.jobs("contoso")) == 1  # the token's tenant


def test_throttled_then_served(mockgraph_intercept):
    naps = []
    client = JobsClient(GRAPH, mockgraph_intercept.token(), sleep=naps.append)
    mockgraph_intercept.throttle("POST", "classifyFileJobs", retry_after=7)
    assert client.submit()["status"] == "notStarted"
    assert naps == [7]


def test_an_outage(mockgraph_intercept):
    client = JobsClient(GRAPH, mockgraph_intercept.token(), sleep=lambda seconds: None)
    mockgraph_intercept.add_fault("GET", "jobs/*", status=503)
    with pytest.raises(GraphApiError, match="serviceNotAvailable"):
        client.get("any-id")


def test_httpx_too(mockgraph_intercept):
    mockgraph_intercept.seed({"id": "job-1", "status": "running"})
    answer = httpx.get(
        f"{GRAPH}/dataClassification/jobs/job-1", headers=mockgraph_intercept.headers()
    )
    assert answer.json()["status"] == "running"


@mockgraph.intercept  # without pytest's fixture: a fresh mock for each call
def test_with_the_decorator():
    client = JobsClient(GRAPH, sign_in("fabrikam"))
    assert client.list() == []
