"""``intercept()``: calls to Graph's real URL answered by a mock in this process, no server.

While it is active, every call that httpx (sync and async), requests or aiohttp makes to
``https://graph.microsoft.com`` is handed to a mock's Flask app as a plain WSGI call, and every
call to Entra's token endpoint (``https://login.microsoftonline.com``) gets a token for the
tenant asked for (``entra``); calls to any other host go out untouched. The transport hooks
(httpx's and requests' own transport methods, aioresponses-ng for aiohttp) live in
``transports``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, overload

from flask import Flask

from mockgraph.core.answers import error_answer, next_request_id
from mockgraph.core.errors import GraphError, not_found
from mockgraph.http import wsgi
from mockgraph.http.app import create_app
from mockgraph.http.environ import WAIT_KEY, build_environ, path_from_url, server_keys
from mockgraph.interception import entra, transports
from mockgraph.interception.transports import ENTRA_NAME, GRAPH_NAME, Call, Hook, Reply
from mockgraph.paths import ADMIN_PATHS, ADMIN_PREFIX, GRAPH_HOST, SERVICE_ROOT
from mockgraph.testing import MockGraph

F = TypeVar("F", bound=Callable[..., Any])
_SLASHES = re.compile("/{2,}")


def _environ(call: Call, delays: list[float]) -> dict[str, Any]:
    path, _, query = call.target.partition("?")
    port = call.port or (443 if call.scheme == "https" else 80)
    base = server_keys(call.host, port, call.scheme)
    # Injected latency is noted, not slept: the hook waits it out, asynchronously for an async
    # client (a blocking sleep would stall its event loop).
    base[WAIT_KEY] = delays.append
    return build_environ(base, call.method, path_from_url(path), query, call.headers, call.body)


def serve_wsgi(app: Flask, call: Call) -> Reply:
    """``call`` answered by ``app``, called in this thread as a WSGI server would."""
    delays: list[float] = []
    try:
        environ = _environ(call, delays)
    except GraphError as error:  # headers past the limits, answered as the server answers them
        return _error(call, error)
    status, headers, body = wsgi.call(app, environ)
    return Reply(status, headers, body, sum(delays))


def _error(call: Call, error: GraphError) -> Reply:
    """Graph's envelope for ``error``, answered without the app."""
    client_request_id = next(
        (value for name, value in call.headers if name.lower() == "client-request-id"), None
    )
    return Reply(*error_answer(error, next_request_id(), client_request_id, ids=True))


def answer(app: Flask, call: Call) -> Reply | None:
    """``app``'s answer to ``call``, or Entra's; None for a host the mock does not serve."""
    host = call.host.lower()
    path = call.target.partition("?")[0]
    if host == GRAPH_NAME:
        if "//" in path:
            # The SDK as its README builds it joins "https://graph.microsoft.com/beta/" and
            # "/dataClassification/jobs" (msgraph-beta-sdk 1.66.0), and Graph serves that.
            query = call.target[len(path) :]
            path = _SLASHES.sub("/", path)
            call = dataclasses.replace(call, target=path + query)
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PATHS):
            # The mock's test hooks are no Graph path.
            return _error(call, not_found(path))
        return serve_wsgi(app, call)
    if host == ENTRA_NAME:
        granted = app.config.get("MOCKGRAPH_REQUIRED_SCOPES") or ()
        return entra.answer(call.method, path, call.body, granted)
    return None


class InterceptedGraph(MockGraph):
    """``MockGraph``'s helpers over a mock that answers at Graph's own URL (no server)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    @property
    def base_url(self) -> str:
        """Graph's real service root, ``https://graph.microsoft.com/beta``."""
        return f"{GRAPH_HOST}{SERVICE_ROOT}"

    @property
    def url(self) -> str:
        """``https://graph.microsoft.com``."""
        return GRAPH_HOST


class Interception:
    """Routes Graph's and Entra's URLs to a mock while active: a context manager (sync or
    async, giving the ``InterceptedGraph`` helper) and a decorator (sync or async functions).

    With no ``app``, it makes its own (``config`` as for ``create_app``), emptied at each start.
    """

    def __init__(self, config: dict[str, Any] | None = None, app: Flask | None = None) -> None:
        self._owns_app = app is None
        self.graph = InterceptedGraph(app if app is not None else create_app(config))
        self._hooks: list[Hook] = []

    @property
    def active(self) -> bool:
        """Whether the transports are routed to the mock now."""
        return bool(self._hooks)

    def start(self) -> InterceptedGraph:
        """Route the transports to the mock; the helper."""
        if self._hooks:
            raise RuntimeError("this interception is already active")
        if self._owns_app:
            self.graph.reset()
        self._hooks = transports.start(functools.partial(answer, self.graph.app))
        return self.graph

    def stop(self) -> None:
        """Give the transports back as they were."""
        hooks, self._hooks = self._hooks, []
        for hook in reversed(hooks):
            hook.stop()

    def __enter__(self) -> InterceptedGraph:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> InterceptedGraph:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        """Decorate ``func``: each call of it runs under this interception."""
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    return await func(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return run  # type: ignore[return-value]


@overload
def intercept(func: F, /) -> F: ...
@overload
def intercept(
    func: None = None, /, *, config: dict[str, Any] | None = None, app: Flask | None = None
) -> Interception: ...
def intercept(
    func: F | None = None,
    /,
    *,
    config: dict[str, Any] | None = None,
    app: Flask | None = None,
) -> F | Interception:
    """Answer calls to ``https://graph.microsoft.com`` (and Entra's token endpoint) in process.

    ``with intercept() as graph:``, ``async with intercept() as graph:``, ``@intercept`` or
    ``@intercept(config=...)``. ``graph`` is a ``MockGraph`` helper (seed, journal, faults).
    """
    interception = Interception(config, app)
    return interception if func is None else interception(func)
