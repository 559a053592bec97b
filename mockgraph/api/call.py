"""One Graph call as the Graph routes see it: the request, the app it is served by, who calls.

The Graph routes run without Flask's request machinery (``api/service.py`` says why); what a
view needs of a call is here, taken once: werkzeug's ``Request`` over the environ, the app's
config and state, the call's request ids and its caller's tenant.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from flask import Flask
from werkzeug.wrappers import Request

from mockgraph import envelope
from mockgraph.auth import DEFAULT_TENANT

# What a view answers: the status, the headers, the whole body.
Headers = list[tuple[str, str]]
Answer = tuple[int, Headers, bytes]

_PROCESS_PREFIX = str(uuid.uuid4())[:24]
_REQUEST_NUMBERS = itertools.count(1)


def next_request_id() -> str:
    """A GUID-shaped id unique to this request: a random per-process prefix and a counter
    (a uuid4 per request cost more than the rest of the hook)."""
    return f"{_PROCESS_PREFIX}{next(_REQUEST_NUMBERS) & 0xFFFFFFFFFFFF:012x}"


def id_headers(request_id: str, client_request_id: str | None) -> Headers:
    """The ids every answer carries: Graph always answers ``client-request-id``, the caller's
    or its own request id."""
    return [("request-id", request_id), ("client-request-id", client_request_id or request_id)]


class GraphCall:
    """What the Graph routes know of one call while serving it."""

    __slots__ = (
        "app",
        "client_request_id",
        "config",
        "environ",
        "recorded",
        "request",
        "request_id",
        "state",
        "tenant",
    )

    def __init__(self, app: Flask, environ: dict[str, Any]) -> None:
        self.app = app
        self.config = app.config
        self.state: Any = app.extensions["mockgraph"]
        self.environ = environ
        self.request = Request(environ, populate_request=False)  # no cycle via the environ
        self.request_id = next_request_id()
        self.client_request_id: str | None = environ.get("HTTP_CLIENT_REQUEST_ID")
        self.tenant = DEFAULT_TENANT  # the token's, once the route has authenticated the call
        self.recorded: Any = None  # its journal record (instrument.Recorded), once begun


def json_answer(body: bytes, status: int = 200, *extra: tuple[str, str]) -> Answer:
    """A JSON body, as Graph types it."""
    headers = [("Content-Type", envelope.JSON_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    return status, headers + list(extra), body


def text_answer(text: str) -> Answer:
    """A plain-text body (``$count``)."""
    body = text.encode()
    headers = [("Content-Type", envelope.TEXT_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    return 200, headers, body


def no_content() -> Answer:
    """204, no body (a delete)."""
    return 204, [], b""
