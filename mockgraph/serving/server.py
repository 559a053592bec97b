"""MockGraphServer: the mock on granian (a Rust HTTP server), in this process.

One process only: the store lives in memory, so several worker processes would each hold a
different store. granian's Rust runtime reads and writes the sockets and runs the app on its
own thread (``bridge``); an asyncio loop, on this server's thread, waits out injected
latency and body timeouts without holding anyone up. The socket is bound before ``start()``
returns, so the server is ready then.

granian's in-process embedding (``granian.server.embed``) takes no WSGI app, and its worker
and scheduler classes are not a documented API: this module drives them as granian's own thread
runtime does (``granian.server.mt``), for the version range pinned in setup.cfg, and
``_check_granian`` fails at import when that shape changes.
"""

from __future__ import annotations

import asyncio
import inspect
import socket
import threading
import time
from types import TracebackType
from typing import Any

import granian
from flask import Flask
from granian import _granian
from granian.http import HTTP1Settings

from mockgraph.http.app import create_app
from mockgraph.paths import SERVICE_ROOT
from mockgraph.serving.bridge import INLINE, Bridge, Scheduler
from mockgraph.serving.signals import StopSignals

TESTED_GRANIAN = ((2, 8), (2, 9))  # from, up to (not including): setup.cfg pins the same
BACKLOG = 1024  # pending connections the kernel queues (cheroot's default was 5)
# granian's buffer for one request head: a larger head is answered by granian itself (431, no
# body); anything smaller that is past the bridge's limits gets Graph's envelope.
HEADER_BUFFER = 64 * 1024
HEADER_TIMEOUT_MS = 10_000  # a request head not received in this time: the connection is shut
STOP_SECONDS = 1.0  # how long stop() waits for granian's workers to finish
WAKE_SECONDS = 0.1  # how often serve_until_signalled looks at the signals' flag


def _check_granian() -> None:
    """Fail at import, loudly, when granian's worker classes no longer take what we pass."""
    version = tuple(int(part) for part in granian.__version__.split(".")[:2])
    low, high = TESTED_GRANIAN
    if not low <= version < high:
        raise ImportError(
            f"mockgraph is tested with granian >={low[0]}.{low[1]},<{high[0]}.{high[1]}; "
            f"granian {granian.__version__} is installed"
        )
    expected = ["max_buffer_size", "header_read_timeout", "keep_alive"]
    fields = inspect.signature(HTTP1Settings).parameters
    if any(name not in fields for name in expected):
        raise ImportError(f"granian {granian.__version__}: HTTP1Settings lacks {expected}")
    if not hasattr(_granian.RSGIWorker, "serve_str"):
        raise ImportError(f"granian {granian.__version__}: RSGIWorker has no serve_str")
    if not hasattr(_granian.CallbackScheduler, "_schedule_fn"):
        raise ImportError(f"granian {granian.__version__}: CallbackScheduler has no _schedule_fn")


# granian's stubs lag its classes (granian's own runtimes pass what we pass): typed as Any.
RSGIWorker: Any = _granian.RSGIWorker
SocketHolder: Any = _granian.SocketHolder
WorkerSignal: Any = _granian.WorkerSignal
_check_granian()


class ServerStartError(RuntimeError):
    """granian's worker did not start (its failure is the ``__cause__``)."""


class MockGraphServer:
    """A running mock on ``host:port`` (port 0 picks a free one); a context manager."""

    def __init__(
        self,
        app: Flask | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        config: dict[str, Any] | None = None,
    ) -> None:
        self.app = app if app is not None else create_app(config)
        self._bind = (host, port)
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._error: BaseException | None = None
        self._handed_over = False  # whether granian owns the listening socket
        self._wake: Any = None  # ends the server thread's wait, from any thread
        self._done = threading.Event()  # set by granian once it has taken the stop

    @property
    def host(self) -> str:
        """The address the server listens on."""
        return self._bind[0]

    @property
    def port(self) -> int:
        """The port the server listens on (the real one once bound)."""
        return self._bind[1]

    @property
    def url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The Graph service root clients are pointed at: ``http://host:port/beta``."""
        return f"{self.url}{SERVICE_ROOT}"

    def prepare(self) -> None:
        """Bind and listen without serving yet (so the port is known; connects are queued)."""
        if self._socket is not None:
            return
        host, port = self._bind
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((host.strip("[]"), port))
            listener.listen(BACKLOG)
        except OSError:
            listener.close()
            raise
        self._socket = listener
        self._bind = (host, int(listener.getsockname()[1]))

    def start(self) -> MockGraphServer:
        """Bind and serve in a daemon thread; returns once connections are accepted."""
        self.prepare()
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name=f"mockgraph:{self.port}", daemon=True
        )
        self._thread.start()
        ready.wait(10)
        if self._error is not None:
            raise ServerStartError("the server did not start") from self._error
        return self

    def serve_until_signalled(self, signals: StopSignals | None = None) -> None:
        """Serve until SIGINT (Ctrl-C) or SIGTERM (`kill`, `timeout`, a container stop).

        ``signals`` installed earlier (``mockgraph serve`` installs them before it binds and
        seeds) also count a signal that came before the server started: it then never starts.
        """
        if signals is None:
            with StopSignals() as own:
                self.serve_until_signalled(own)
            return
        if signals.received is None:
            self.start()
            while signals.received is None and not self._stopped.wait(WAKE_SECONDS):
                pass
        self.stop()

    def serve_forever(self) -> None:
        """Serve until ``shutdown()`` is called (from another thread), then return."""
        self.start()
        self._stopped.wait()
        self._join()

    def stop(self) -> None:
        """Stop serving and release the port, within STOP_SECONDS whatever the clients do."""
        self.shutdown()
        self._join()

    def shutdown(self) -> None:
        """Tell the server to stop, without waiting (from any thread, not a signal handler).

        Only the server's own thread stops granian (``_run``), once: its stop signal set again
        from granian's callback, or twice at once, deadlocks inside granian (measured: one
        signal in eight hung `serve` for good when `timeout` sent SIGTERM twice).
        """
        self._stopped.set()
        wake = self._wake
        if wake is not None:
            try:
                wake()
            except RuntimeError:  # the loop has already closed
                pass

    @property
    def stopped_cleanly(self) -> bool:
        """Whether granian has closed every connection (a stalled client can put that off)."""
        return self._done.is_set()

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join(timeout=STOP_SECONDS)
            self._thread = None
            # granian's threads drop their last Python objects just after: an interpreter
            # exiting at that moment aborts (a Rust panic, measured after a malformed body).
            time.sleep(0.05)
        if self._socket is not None:
            if self._handed_over:
                self._socket.detach()  # granian owns the descriptor, and has closed it
            else:
                self._socket.close()
            self._socket = None

    def _run(self, ready: threading.Event) -> None:
        assert self._socket is not None
        loop = asyncio.new_event_loop()
        try:
            asyncio.set_event_loop(loop)
            finished = asyncio.Event()
            stop_signal = WorkerSignal()
            self._wake = lambda: loop.call_soon_threadsafe(finished.set)
            stop_signal.add_cb(self._done.set)  # granian's thread: never call into granian here
            worker = _worker(self._socket)
            self._handed_over = True
            bridge = Bridge(self.app, self.host, self.port)
            bridge.start(loop)
            # The app runs in granian's thread: its futures' callbacks too (INLINE).
            worker.serve_str(Scheduler.of(bridge.schedule), INLINE, stop_signal)
            ready.set()
            if self._stopped.is_set():  # shutdown() came before self._wake could wake us
                finished.set()
            loop.run_until_complete(finished.wait())
            stop_signal.set()  # here only, and once (see shutdown)
            bridge.close()
            self._done.wait(STOP_SECONDS)
        except BaseException as error:
            self._error = error
            ready.set()
            raise
        finally:
            loop.close()

    def __enter__(self) -> MockGraphServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _worker(listener: socket.socket) -> Any:
    holder = SocketHolder(listener.fileno(), False, BACKLOG)
    http1 = HTTP1Settings(
        header_read_timeout=HEADER_TIMEOUT_MS, keep_alive=True, max_buffer_size=HEADER_BUFFER
    )
    return RSGIWorker(
        1,  # worker id
        (None, holder),  # granian's socket spec, or the bound socket it serves
        None,  # ipc
        1,  # Rust runtime threads: one, which also runs the app (mockgraph.serving.bridge)
        512,  # Rust blocking threads
        1,  # Python threads (granian's thread runs the app: mockgraph.serving.bridge)
        30,  # Python threads' idle timeout (s)
        BACKLOG,  # backpressure: calls in progress at once (connections beyond wait)
        "1",  # HTTP/1 only (Graph clients speak HTTP/1.1)
        http1,
        None,  # HTTP/2 settings
        False,  # websockets
        None,  # static files
        False,  # TLS: off (the ssl arguments follow)
        None,
        None,
        None,
        "tls1.3",
        None,
        [],
        False,
        (None, None),  # metrics
    )
