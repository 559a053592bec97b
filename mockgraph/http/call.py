"""One Graph call as the Graph routes see it: the request, the app it is served by, who calls.

The Graph routes run without Flask's request machinery (``http/service.py`` says why); what a
view needs of a call is here, taken once: werkzeug's ``Request`` over the environ, the app's
config and state, the call's request ids and its caller's tenant.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.wrappers import Request

from mockgraph.core.answers import next_request_id
from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.features.state import MockGraphState
from mockgraph.http.current import state_of


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
        self.state: MockGraphState = state_of(app)
        self.environ = environ
        self.request = Request(environ, populate_request=False)  # no cycle via the environ
        self.request_id = next_request_id()
        self.client_request_id: str | None = environ.get("HTTP_CLIENT_REQUEST_ID")
        self.tenant = DEFAULT_TENANT  # the token's, once the route has authenticated the call
        self.recorded: Any = None  # its journal record (instrument.CallRecord), once begun
