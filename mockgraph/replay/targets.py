"""How a replay reaches a service: one interface, in process (Flask) or over HTTP (requests).

Paths are relative to the service root (``/dataClassification/jobs``); each transport knows
where that root is and which bearer token to send.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from flask import Flask
from urllib3.exceptions import ConnectTimeoutError

from mockgraph.core import auth
from mockgraph.http.app import create_app
from mockgraph.paths import SERVICE_ROOT


class TransportError(Exception):
    """The service could not be reached (no answer at all, as opposed to an error answer)."""


class UnreachableError(TransportError):
    """No connection can be made to the service at all: no request of any fixture can reach it."""


@dataclass(frozen=True)
class Received:
    """A service's answer; header names are lower case."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        """The body as JSON; None when empty or not JSON."""
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Transport(Protocol):
    """What the replay engine talks to."""

    def send(
        self, method: str, path: str, body: Any = None, headers: Mapping[str, str] | None = None
    ) -> Received:
        """Send a request (``body`` as JSON when not None) and return the answer."""
        ...

    def isolate(self) -> None:
        """Start a new fixture: a transport that can give it a fresh tenant does."""
        ...

    def describe(self) -> str:
        """Where the requests go, for messages."""
        ...


def _encoded(body: Any, headers: Mapping[str, str] | None) -> tuple[bytes | None, dict[str, str]]:
    sent = dict(headers or {})
    if body is None:
        return None, sent
    if not any(name.lower() == "content-type" for name in sent):
        sent["Content-Type"] = "application/json"
    return json.dumps(body, ensure_ascii=False).encode(), sent


class FlaskTransport:
    """An app in this process, through Flask's test client; each fixture gets its own tenant."""

    def __init__(self, app: Flask | None = None, prefix: str = SERVICE_ROOT) -> None:
        self.app = app if app is not None else create_app()
        self.prefix = prefix.rstrip("/")
        self._client = self.app.test_client()
        self._token = ""
        self.isolate()

    def isolate(self) -> None:
        # The mock takes a JWT's tid as the tenant: a new tenant is a new, empty store.
        tenant = f"replay-{uuid.uuid4()}"
        self._token = auth.token(tenant)

    def send(
        self, method: str, path: str, body: Any = None, headers: Mapping[str, str] | None = None
    ) -> Received:
        data, sent = _encoded(body, headers)
        sent["Authorization"] = f"Bearer {self._token}"
        response = self._client.open(self.prefix + path, method=method, data=data, headers=sent)
        try:
            return Received(
                response.status_code,
                {k.lower(): v for k, v in response.headers.items()},
                response.get_data(),
            )
        finally:
            response.close()

    def describe(self) -> str:
        return "the in-process mock"


class HttpTransport:
    """Any server over HTTP: a running ``mockgraph serve``, or a real tenant.

    The same token goes with every request, so fixtures share the server's state: the engine
    deletes what each fixture creates.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 30.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._session = session if session is not None else requests.Session()

    def isolate(self) -> None:
        """Nothing to do: the token names the tenant, and the engine cleans up after itself."""

    def send(
        self, method: str, path: str, body: Any = None, headers: Mapping[str, str] | None = None
    ) -> Received:
        data, sent = _encoded(body, headers)
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._session.request(
                method, self.base_url + path, data=data, headers=sent, timeout=self.timeout
            )
        except requests.RequestException as error:
            unreachable = self._unreachable(error)
            if unreachable is not None:
                raise UnreachableError(unreachable) from error
            raise TransportError(f"{method} {self.base_url}{path}: {error}") from error
        with response:
            headers_lower = {k.lower(): v for k, v in response.headers.items()}
            return Received(response.status_code, headers_lower, response.content)

    def describe(self) -> str:
        return self.base_url

    def _unreachable(self, error: requests.RequestException) -> str | None:
        """Why no connection could be made to the service, or None when one was."""
        causes = list(_causes(error))
        if not any(isinstance(cause, ConnectTimeoutError) for cause in causes):
            return None  # connected, then failed: this request's problem, not the service's
        if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
            return f"nothing is listening at {self.base_url}"
        return f"cannot connect to {self.base_url}: {error}"

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what it was raised from, through urllib3's ``reason`` too."""
    seen: set[int] = set()
    current: BaseException | None = error
    pending: list[BaseException] = []
    while current is not None:
        if id(current) not in seen:
            seen.add(id(current))
            yield current
            links = (current.__cause__, current.__context__, getattr(current, "reason", None))
            pending += [link for link in links if isinstance(link, BaseException)]
        current = pending.pop() if pending else None
