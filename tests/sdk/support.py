"""Plumbing for the SDK tests: a static bearer token, a client on the mock, and its clean close.

Imported only where the SDK is installed (``tox -e sdk``), never by the default suite.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import httpx
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    AuthenticationProvider,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.serialization import Parsable
from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter
from msgraph_beta import GraphRequestAdapter, GraphServiceClient

from tests.support.graph import token_for

T = TypeVar("T")
Run = Callable[[Coroutine[Any, Any, T]], T]  # the ``run`` fixture: a coroutine to its result
Connect = Callable[[AuthenticationProvider], GraphServiceClient]  # the ``connect`` fixture


class StaticTokenProvider(AccessTokenProvider):
    """Hands out one fixed token; an empty one makes the SDK send no Authorization header."""

    def __init__(self, token: str) -> None:
        self.token = token

    async def get_authorization_token(
        self, uri: str, additional_authentication_context: dict[str, Any] | None = None
    ) -> str:
        return self.token

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return AllowedHostsValidator([])  # empty: every host, 127.0.0.1 included


def wire(model: Parsable) -> Any:
    """The JSON the SDK writes for ``model``: how to compare models (their ``==`` also compares
    each one's backing store, by identity)."""
    writer = JsonSerializationWriter()
    writer.write_object_value(None, model)
    return json.loads(writer.get_serialized_content())


def bearer_provider(token: str) -> AuthenticationProvider:
    """The SDK's own bearer-token provider, fed a static token."""
    return BaseBearerTokenAuthenticationProvider(StaticTokenProvider(token))


def connect(base_url: str, auth: AuthenticationProvider) -> GraphServiceClient:
    """A GraphServiceClient built as users build one, pointed at the mock's ``/beta`` root."""
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = base_url
    return GraphServiceClient(request_adapter=adapter)


async def close(graph: GraphServiceClient) -> None:
    """Close the client's connections, including the ones msgraph-core's transport keeps.

    msgraph-core wraps httpx's transport in an AsyncGraphTransport that has no ``aclose``, so
    ``AsyncClient.aclose()`` leaves the pooled sockets open (a ResourceWarning, an error under
    ``filterwarnings = error``): close the wrapped transport too.
    """
    http: httpx.AsyncClient = graph.request_adapter._http_client
    await http.aclose()
    wrapped = getattr(http._transport, "transport", None)
    if isinstance(wrapped, httpx.AsyncBaseTransport):
        await wrapped.aclose()


class Admin:
    """The mock's admin API, scoped to the test's tenant by its token."""

    def __init__(self, mock_url: str, tenant: str) -> None:
        self.url = f"{mock_url.removesuffix('/beta')}/_mockgraph"
        self.headers = {"Authorization": f"Bearer {token_for(tenant)}"}

    def call(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> Any:
        """One admin call that must succeed; its JSON answer (None when empty)."""
        response = httpx.request(
            method, f"{self.url}/{path}", json=body, params=query, headers=self.headers
        )
        assert response.status_code < 400, response.text
        return response.json() if response.content else None

    def journal(self, method: str = "*", path: str = "/beta/*") -> list[dict[str, Any]]:
        """The calls to ``path`` (a glob), oldest first."""
        query = {"method": method, "path": path}
        entries: list[dict[str, Any]] = self.call("GET", "requests", query=query)["value"]
        return entries

    def statuses(self, method: str, path: str) -> list[int]:
        """What the mock answered the calls to ``path`` (a glob), oldest first."""
        return [entry["status"] for entry in self.journal(method, path)]

    def seed(self, *items: tuple[str, dict[str, Any]]) -> None:
        """Store items as given, ids included: ``(container, entity)`` each."""
        jobs = [{"collection": where, "entity": entity} for where, entity in items]
        self.call("POST", "seed", {"jobs": jobs})
