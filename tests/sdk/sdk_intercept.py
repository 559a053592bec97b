"""The official SDK, built as its README builds it, against Graph's real URL under interception.

No base URL is set and no server runs: ``mockgraph_intercept`` answers the SDK's httpx calls
in process, and azure-identity's token requests too.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from azure.core.credentials import AccessToken
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError

from mockgraph.testing import MockGraph, token
from tests.sdk.support import Run, close

SCOPES = ["https://graph.microsoft.com/.default"]
JOB = "#microsoft.graph.classificationJobResponse"


class FakeCredential:
    """Stands in for azure-identity's async credentials: a JWT for one tenant."""

    def __init__(self, tenant: str) -> None:
        self.tenant = tenant
        self.asked: list[tuple[str, ...]] = []

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.asked.append(scopes)
        return AccessToken(token(self.tenant), int(time.time()) + 3600)


@pytest.fixture
def clients(run: Run[None]) -> Iterator[list[GraphServiceClient]]:
    """Clients a test made, closed after it."""
    made: list[GraphServiceClient] = []
    yield made
    for graph in made:
        run(close(graph))


def test_create_list_patch_delete_with_the_readme_client(
    mockgraph_intercept: MockGraph, run: Run[Any], clients: list[GraphServiceClient]
) -> None:
    tenant = str(uuid.uuid4())
    credential = FakeCredential(tenant)
    graph = GraphServiceClient(credentials=credential, scopes=SCOPES)  # as the README does
    clients.append(graph)
    jobs = graph.data_classification.classify_file_jobs
    created = run(jobs.post(ClassificationJobResponse(odata_type=JOB, status="notStarted")))
    assert type(created) is ClassificationJobResponse and created.status == "notStarted"
    listed = run(graph.data_classification.jobs.get())
    assert [job.id for job in listed.value] == [created.id]
    item = jobs.by_job_response_base_id(created.id)
    patched = run(item.patch(ClassificationJobResponse(status="completed")))
    assert patched.status == "completed"
    assert run(item.delete()) is None
    with pytest.raises(ODataError) as caught:
        run(item.get())
    assert (caught.value.response_status_code, caught.value.error.code) == (404, "itemNotFound")
    assert credential.asked[0] == tuple(SCOPES)
    assert mockgraph_intercept.jobs(tenant) == []
    calls = [(c["method"], c["status"]) for c in mockgraph_intercept.requests(tenant=tenant)]
    assert calls == [("POST", 201), ("GET", 200), ("PATCH", 200), ("DELETE", 204), ("GET", 404)]


def test_a_throttle_is_retried_by_the_sdk(
    mockgraph_intercept: MockGraph,
    run: Run[Any],
    clients: list[GraphServiceClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    waited: list[float] = []
    real_sleep = asyncio.sleep

    async def no_wait(seconds: float, *args: Any) -> None:
        waited.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", no_wait)  # kiota's RetryHandler waits Retry-After
    mockgraph_intercept.throttle("GET", "jobs", retry_after=3)
    graph = GraphServiceClient(credentials=FakeCredential("contoso"), scopes=SCOPES)
    clients.append(graph)
    assert run(graph.data_classification.jobs.get()).value == []
    assert [c["status"] for c in mockgraph_intercept.requests()] == [429, 200]
    assert 3 in waited


def test_client_secret_credential_gets_its_token_from_the_mock(
    mockgraph_intercept: MockGraph, run: Run[Any], clients: list[GraphServiceClient]
) -> None:
    from azure.identity import ClientSecretCredential

    tenant = str(uuid.uuid4())
    credential = ClientSecretCredential(tenant, "my-app-id", "not-a-secret")  # sync: requests
    graph = GraphServiceClient(credentials=credential, scopes=SCOPES)
    clients.append(graph)
    run(graph.data_classification.jobs.post(ClassificationJobResponse(status="running")))
    (job,) = mockgraph_intercept.jobs(tenant)  # the token's tid: the tenant asked for
    assert job["status"] == "running"
    (call,) = mockgraph_intercept.requests(tenant=tenant)
    sent = call["headers"]["authorization"].removeprefix("Bearer ")
    claims = jwt.decode(sent, options={"verify_signature": False})
    assert (claims["tid"], claims["appid"], claims["roles"]) == (tenant, "my-app-id", [])
    credential.close()


def test_the_readme_client_with_its_async_client_secret_credential(
    mockgraph_intercept: MockGraph, run: Run[Any], clients: list[GraphServiceClient]
) -> None:
    from azure.identity.aio import ClientSecretCredential  # aiohttp, through azure-core

    tenant = str(uuid.uuid4())
    credential = ClientSecretCredential(tenant, "my-app-id", "not-a-secret")
    graph = GraphServiceClient(credentials=credential, scopes=SCOPES)  # the README, verbatim
    clients.append(graph)
    created = run(graph.data_classification.jobs.post(ClassificationJobResponse(status="running")))
    assert [job["id"] for job in mockgraph_intercept.jobs(tenant)] == [created.id]
    run(credential.close())


def test_aiohttp_calls_to_graph(mockgraph_intercept: MockGraph, run: Run[Any]) -> None:
    import aiohttp

    async def calls() -> list[Any]:
        jobs = f"{mockgraph_intercept.base_url}/dataClassification/jobs"
        async with aiohttp.ClientSession(headers=mockgraph_intercept.headers("contoso")) as http:
            async with http.post(jobs, json={"status": "notStarted"}) as created:
                job = await created.json()
                assert created.status == 201
            async with http.get(f"{jobs}/{job['id']}") as read:
                assert read.headers["request-id"]
                return [read.status, (await read.json())["status"]]

    assert run(calls()) == [200, "notStarted"]
    assert len(mockgraph_intercept.jobs("contoso")) == 1
