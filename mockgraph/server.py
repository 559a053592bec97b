"""MockGraphServer: the mock on a real multi-threaded WSGI server (cheroot), in this process.

One process only: the store lives in memory, so several worker processes would each hold a
different store. The socket is bound before ``start()`` returns, so the server is ready then.
Its workers take turns (``mockgraph.workers``) unless ``parallel`` is asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from cheroot.wsgi import Server
from flask import Flask

from mockgraph.app import create_app
from mockgraph.paths import SERVICE_ROOT
from mockgraph.workers import WAIT_KEY, TakingTurnsPool, Wait


class MockGraphServer:
    """A running mock on ``host:port`` (port 0 picks a free one); a context manager.

    ``threads`` workers take turns (``mockgraph.workers``); ``parallel=True``: they serve at once.
    """

    def __init__(
        self,
        app: Flask | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = 8,
        config: dict[str, Any] | None = None,
        parallel: bool = False,
    ) -> None:
        self.app = app if app is not None else create_app(config)
        self._server = Server((host, port), self.app, numthreads=threads)
        if not parallel:
            pool = self._server.requests = TakingTurnsPool(self._server, threads)
            self._server.wsgi_app = self._with_wait(pool.wait)
        self._server.shutdown_timeout = 1
        # stop() waits for the selector loop's next wake-up: 0.5 s by default, per server.
        self._server.expiration_interval = 0.05
        self._thread: threading.Thread | None = None

    def _with_wait(self, wait: Wait) -> Any:
        app = self.app

        def serve(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            environ[WAIT_KEY] = wait  # how the app's injected latency hands the turn on
            return app(environ, start_response)

        return serve

    @property
    def host(self) -> str:
        """The address the server listens on."""
        return str(self._server.bind_addr[0])

    @property
    def port(self) -> int:
        """The port the server listens on (the real one once started)."""
        return int(self._server.bind_addr[1])

    @property
    def url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The Graph service root clients are pointed at: ``http://host:port/beta``."""
        return f"{self.url}{SERVICE_ROOT}"

    def start(self) -> MockGraphServer:
        """Bind and serve in a daemon thread; returns once connections are accepted."""
        self._server.prepare()  # binds and listens: connects from here on are queued
        self._thread = threading.Thread(
            target=self._server.serve, name=f"mockgraph:{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (Ctrl-C), then stop cleanly."""
        try:
            self._server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            self._server.stop()

    def prepare(self) -> None:
        """Bind the socket without serving yet (so the port is known)."""
        self._server.prepare()

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> MockGraphServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
