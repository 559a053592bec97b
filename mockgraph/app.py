"""The application factory: blueprints, request hooks, and the one error handler."""

from __future__ import annotations

import itertools
import logging
import traceback
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask.testing import FlaskClient
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from mockgraph import envelope
from mockgraph.api import admin, batch, inspector, instrument, jobs, meta, summaries
from mockgraph.api.current import current_flask, current_g, current_request
from mockgraph.auth import ADMIN_TOKEN_HEADER, check_admin_token
from mockgraph.clock import Clock
from mockgraph.config import settings
from mockgraph.errors import (
    BadRequestError,
    GraphError,
    InvalidRequestError,
    MethodNotAllowedError,
    PayloadTooLargeError,
    ResourceNotFoundError,
    error_body,
)
from mockgraph.faults import FaultSet
from mockgraph.journal import Journal
from mockgraph.lifecycle import Lifecycle
from mockgraph.paths import ADMIN_PREFIX
from mockgraph.schemas import error_paths
from mockgraph.store import JobStore

log = logging.getLogger("mockgraph")
_ADMIN_PATHS = ADMIN_PREFIX + "/"

_PROCESS_PREFIX = str(uuid.uuid4())[:24]
_REQUEST_NUMBERS = itertools.count(1)


def next_request_id() -> str:
    """A GUID-shaped id unique to this request: a random per-process prefix and a counter
    (a uuid4 per request cost more than the rest of the hook)."""
    return f"{_PROCESS_PREFIX}{next(_REQUEST_NUMBERS) & 0xFFFFFFFFFFFF:012x}"


@dataclass
class MockGraphState:
    """What one app instance owns (``app.extensions["mockgraph"]``): never shared between apps."""

    store: JobStore = field(default_factory=JobStore)
    journal: Journal = field(default_factory=Journal)
    faults: FaultSet = field(default_factory=FaultSet)
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    clock: Clock = field(default_factory=Clock)  # what enforced Retry-After waits are timed on
    # Tracebacks of the mock's own failures (answered 500), for the pytest plugin to report.
    exceptions: deque[str] = field(default_factory=lambda: deque(maxlen=50))

    def record_exception(self, error: BaseException) -> None:
        """Keep the traceback of an unexpected exception."""
        self.exceptions.append("".join(traceback.format_exception(error)))

    def reset(self, tenant: str | None = None) -> None:
        """Forget jobs, journal, faults and lifecycle plans: everything, or ``tenant``'s."""
        self.store.clear(tenant)
        self.journal.clear(tenant)
        self.faults.clear(tenant)
        self.lifecycle.reset(tenant)
        if tenant is None:
            self.exceptions.clear()


class _Flask(Flask):
    """Flask, asking once per hook or view whether it is a coroutine: Flask asks ``inspect`` on
    every call, several times a request."""

    def __init__(self, import_name: str) -> None:
        # No static folder: Flask would add /static/<path:filename>, a route that reads files.
        super().__init__(import_name, static_folder=None)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync = self._sync.get(func)
        if sync is None:
            sync = self._sync[func] = super().ensure_sync(func)
        return sync

    def test_client(self, use_cookies: bool = False, **kwargs: Any) -> FlaskClient:
        """Flask's test client, with no cookie jar unless asked: Graph sets no cookies, and
        werkzeug re-parses the URL twice a call for the jar."""
        return super().test_client(use_cookies=use_cookies, **kwargs)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A new mock Graph service with its own empty store."""
    app = _Flask("mockgraph")
    # werkzeug would answer "//jobs" with an HTML redirect; here it is a Graph 404 like any
    # other path that names no resource.
    app.url_map.merge_slashes = False
    app.config.update(settings(config))
    app.extensions["mockgraph"] = MockGraphState(
        store=JobStore.from_config(app.config),
        journal=Journal(app.config["MOCKGRAPH_JOURNAL_SIZE"]),
        lifecycle=Lifecycle(app.config["MOCKGRAPH_LIFECYCLE_POLLS"]),
    )
    app.register_blueprint(jobs.bp)
    app.register_blueprint(batch.bp)  # $batch: each request served by the app itself
    app.register_blueprint(meta.bp)
    app.before_request(_start_request)
    app.after_request(_stamp_response)
    app.register_blueprint(admin.bp)
    app.register_blueprint(summaries.bp)
    app.register_blueprint(inspector.bp)
    instrument.install(app)  # journal, faults and latency on Graph routes
    app.register_error_handler(Exception, _handle_error)
    return app


def _start_request() -> None:
    """Give the request its id; guard the admin API."""
    per_request, started = current_g(), current_request()
    per_request.request_id = next_request_id()
    per_request.client_request_id = started.environ.get("HTTP_CLIENT_REQUEST_ID")
    if started.path.startswith(_ADMIN_PATHS):
        config = current_flask().config
        check_admin_token(
            started.headers.get(ADMIN_TOKEN_HEADER),
            config["MOCKGRAPH_ADMIN_TOKEN"],
            config["MOCKGRAPH_ADMIN_REQUIRES_TOKEN"],
            public=inspector.is_shell(started.path),
        )


def _stamp_response(response: Response) -> Response:
    per_request = current_g()
    request_id = per_request.get("request_id") or next_request_id()
    # add, not set: no response made here carries them yet, and set searches and validates.
    response.headers.add("request-id", request_id)
    # Graph always answers client-request-id: the caller's, or its own request id.
    response.headers.add("client-request-id", per_request.get("client_request_id") or request_id)
    return response


def _as_graph_error(error: Exception) -> GraphError:
    if isinstance(error, GraphError):
        return error
    if isinstance(error, ValidationError):
        paths = error_paths(error.messages)
        listed = "; ".join(f"{path}: {message}" for path, message in paths)
        details = [{"code": "invalidRequest", "message": m, "target": p} for p, m in paths]
        return InvalidRequestError(f"Invalid request body. {listed}", details=details)
    if isinstance(error, HTTPException):
        return _from_http_exception(error)
    log.exception("unexpected error", exc_info=error)
    current_app.extensions["mockgraph"].record_exception(error)
    return GraphError("An internal error occurred in the mock.")


def _from_http_exception(error: HTTPException) -> GraphError:
    status = error.code or 500
    if status == 404:
        segment = request.path.rstrip("/").rsplit("/", 1)[-1]
        return ResourceNotFoundError(f"Resource not found for the segment '{segment}'.")
    if status == 405:
        methods = getattr(error, "valid_methods", None) or []
        headers = {"Allow": ", ".join(methods)} if methods else {}
        return MethodNotAllowedError(
            f"The method '{request.method}' is not allowed on '{request.path}'.", headers=headers
        )
    if status == 413:
        return PayloadTooLargeError("The request body is too large.")
    if status == 400:
        return BadRequestError(error.description or "Bad request.")
    code = error.name.replace(" ", "")
    return GraphError(error.description or error.name, status=status, code=code)


def _handle_error(error: Exception) -> Response:
    graph_error = _as_graph_error(error)
    request_id = g.get("request_id") or next_request_id()
    g.request_id = request_id
    body = error_body(graph_error, request_id, g.get("client_request_id"))
    return Response(
        body, graph_error.status, graph_error.headers, content_type=envelope.JSON_CONTENT_TYPE
    )
