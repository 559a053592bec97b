"""The application factory: blueprints, request hooks, and the one error handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, g, got_request_exception, request
from flask.testing import FlaskClient

from mockgraph.config import settings
from mockgraph.core.answers import error_answer, id_headers, next_request_id
from mockgraph.core.auth import ADMIN_TOKEN_HEADER, check_admin_token
from mockgraph.core.store import JobStore
from mockgraph.features.journal import Journal
from mockgraph.features.lifecycle import Lifecycle
from mockgraph.features.state import STATE_KEY, MockGraphState
from mockgraph.http import admin, admin_service, browsers, inspector, meta, summaries
from mockgraph.http.current import current_flask, current_g, current_request, state_of
from mockgraph.http.environ import query_text
from mockgraph.http.failures import as_graph_error
from mockgraph.http.hosting import HOSTING_KEY, mock_hosting
from mockgraph.http.service import GraphService
from mockgraph.paths import ADMIN_PATHS


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
    """A new mock Graph service with its own empty store.

    Flask serves the admin API; Graph's paths are served ahead of it (``service.py``)."""
    app = _Flask("mockgraph")
    # werkzeug would answer "//jobs" with an HTML redirect; here it is a Graph 404 like any
    # other path that names no resource.
    app.url_map.merge_slashes = False
    app.config.update(settings(config))
    app.extensions[STATE_KEY] = MockGraphState(
        store=JobStore.from_config(app.config),
        journal=Journal(app.config["MOCKGRAPH_JOURNAL_SIZE"]),
        lifecycle=Lifecycle(app.config["MOCKGRAPH_LIFECYCLE_POLLS"]),
    )
    app.register_blueprint(meta.bp)
    app.before_request(_start_request)
    app.after_request(_stamp_response)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_service.bp)
    app.register_blueprint(summaries.bp)
    app.register_blueprint(inspector.bp)
    app.register_error_handler(Exception, _handle_error)
    got_request_exception.connect(_on_exception, app)
    app.wsgi_app = GraphService(app, app.wsgi_app)  # type: ignore[method-assign]
    app.extensions[HOSTING_KEY] = mock_hosting(app)  # what a server asks of it
    return app


def _start_request() -> None:
    """Give the request its id; guard the admin API."""
    per_request, started = current_g(), current_request()
    per_request.request_id = next_request_id()
    per_request.client_request_id = started.environ.get("HTTP_CLIENT_REQUEST_ID")
    query_text(started.environ)  # after the ids: its 400 echoes client-request-id
    if started.path.startswith(ADMIN_PATHS):
        config = current_flask().config
        browsers.check_admin_call(started.environ, config)
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
    for name, value in id_headers(request_id, per_request.get("client_request_id")):
        response.headers.add(name, value)
    return response


def _handle_error(error: Exception) -> Response:
    state = state_of(current_flask())
    graph_error = as_graph_error(error, request.method, request.path, state)
    request_id = g.get("request_id") or next_request_id()
    g.request_id = request_id
    status, headers, body = error_answer(graph_error, request_id, g.get("client_request_id"))
    return Response(body, status, headers)


def _on_exception(sender: Flask, exception: BaseException, **_: Any) -> None:
    # Exceptions the error handler never saw (a failing after_request hook, say).
    state_of(sender).record_exception(exception)
