"""The official SDK in a user's code, as docs/sdk.md shows it: the page embeds the sections below,
``tox -e sdk`` runs them, against the suite's ``mockgraph serve`` and intercepted."""

# ruff: noqa: E402  (each section imports what it needs, as a reader's file would)

# --8<-- [start:serve]
import asyncio
from typing import Any

from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from msgraph_beta import GraphRequestAdapter, GraphServiceClient
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse

# mockgraph serve's base URL; Graph's is https://graph.microsoft.com/beta
MOCK_URL = "http://127.0.0.1:8000/beta"
JOB = "#microsoft.graph.classificationJobResponse"


class StaticTokenProvider(AccessTokenProvider):
    """One bearer token for every call: the mock takes any string (a JWT's tid picks the tenant)."""

    def __init__(self, token: str) -> None:
        self.token = token

    async def get_authorization_token(
        self, uri: str, additional_authentication_context: dict[str, Any] | None = None
    ) -> str:
        return self.token

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return AllowedHostsValidator([])  # the interface asks for one; empty: any host


def mock_client(base_url: str = MOCK_URL, token: str = "any-token") -> GraphServiceClient:
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(StaticTokenProvider(token)))
    adapter.base_url = base_url  # before the client is made: it copies the base URL
    return GraphServiceClient(request_adapter=adapter)


async def submit(graph: GraphServiceClient) -> ClassificationJobResponse:
    """The code under test: it is given a client, and calls Graph with it."""
    jobs = graph.data_classification.classify_file_jobs
    created = await jobs.post(ClassificationJobResponse(odata_type=JOB, status="notStarted"))
    return await jobs.by_job_response_base_id(created.id).get()


if __name__ == "__main__":  # with `mockgraph serve` running
    print(asyncio.run(submit(mock_client())).status)  # notStarted
# --8<-- [end:serve]

# --8<-- [start:credential]
import time

from azure.core.credentials import AccessToken


class MockCredential:
    """In place of azure-identity's async credentials (ClientSecretCredential, ...): the SDK asks
    it for a token, and it signs in nowhere."""

    def __init__(self, token: str = "any-token") -> None:
        self.token = token

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)


# --8<-- [end:credential]


# --8<-- [start:credential-client]
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)

SCOPES = ["https://graph.microsoft.com/.default"]


def mock_client_for(credential: Any, base_url: str = MOCK_URL) -> GraphServiceClient:
    """What GraphServiceClient(credentials=..., scopes=...) builds, on the mock's base URL."""
    adapter = GraphRequestAdapter(AzureIdentityAuthenticationProvider(credential, scopes=SCOPES))
    adapter.base_url = base_url
    return GraphServiceClient(request_adapter=adapter)


# --8<-- [end:credential-client]


# --8<-- [start:intercept-fixture]
def test_submit(mockgraph_intercept):
    token = mockgraph_intercept.token("contoso")  # a JWT for the tenant "contoso"
    graph = GraphServiceClient(credentials=MockCredential(token), scopes=SCOPES)  # unchanged
    job = asyncio.run(submit(graph))
    assert job.status == "notStarted"
    assert [stored["id"] for stored in mockgraph_intercept.jobs("contoso")] == [job.id]
    mockgraph_intercept.assert_called("POST", "classifyFileJobs", count=1)


# --8<-- [end:intercept-fixture]


# --8<-- [start:intercept-script]
import mockgraph


def main() -> None:
    with mockgraph.intercept() as mock:  # mock: the helper the fixture gives
        graph = GraphServiceClient(credentials=MockCredential(), scopes=SCOPES)
        job = asyncio.run(submit(graph))
        assert [stored["id"] for stored in mock.jobs()] == [job.id]


if __name__ == "__main__":
    main()
# --8<-- [end:intercept-script]


# The examples run: against the suite's server (a tenant of the test's own), and intercepted.

import importlib.metadata
import warnings

from tests.sdk.support import Admin, Run, close
from tests.support.graph import token_for


def test_the_token_provider_client_on_mockgraph_serve(
    mock_url: str, tenant: str, admin: Admin, run: Run[Any]
) -> None:
    graph = mock_client(mock_url, token_for(tenant))
    try:
        job = run(submit(graph))
    finally:
        run(close(graph))
    assert (job.status, job.odata_type) == ("notStarted", JOB)
    assert admin.statuses("*", "classifyFileJobs*") == [201, 200]  # the token's tenant


def test_the_credential_client_on_mockgraph_serve(
    mock_url: str, tenant: str, admin: Admin, run: Run[Any]
) -> None:
    graph = mock_client_for(MockCredential(token_for(tenant)), mock_url)
    try:
        job = run(submit(graph))
    finally:
        run(close(graph))
    assert job.status == "notStarted"
    assert admin.statuses("*", "classifyFileJobs*") == [201, 200]


def test_the_script_without_pytest_fixture() -> None:
    main()


def test_the_aiohttp_extra_is_what_silences_the_missing_hook_warning() -> None:
    import aiohttp  # noqa: F401  (the SDK brings it: kiota-authentication-azure needs it)

    wanted = [r for r in importlib.metadata.requires("mockgraph") or [] if "aiohttp" in r]
    assert wanted == ['aioresponses-ng>=0.8; extra == "aiohttp"']
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # MissingHookWarning, were aioresponses-ng missing
        with mockgraph.intercept():
            pass
