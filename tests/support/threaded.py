"""The mock's app on a server that runs it on many threads at once, for the race tests.

``MockGraphServer`` runs the app on one thread, so it cannot race; but the app is also called
from many threads at once when a test suite calls it in-process or serves it on a threaded
WSGI server, and its store must hold up then. werkzeug's threaded server (a thread per
connection) is that caller here.
"""

from __future__ import annotations

import threading
from types import TracebackType

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from mockgraph.http.app import create_app
from mockgraph.paths import SERVICE_ROOT


class ThreadedServer:
    """``create_app()`` served by werkzeug, a thread per connection, on a free port."""

    def __init__(self, app: Flask | None = None) -> None:
        self.app = app if app is not None else create_app()
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def base_url(self) -> str:
        return self.url + SERVICE_ROOT

    def __enter__(self) -> ThreadedServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
