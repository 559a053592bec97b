"""The mock's WSGI app behind granian's RSGI worker, run on granian's own thread.

One Python thread running the app is the fast shape (with several, CPython's GIL changes hands
on nearly every call), and handing each call from granian's thread to another Python thread
costs a third of a GET (bench/README.md). So every call runs where granian hands it over: its
scheduler (``Scheduler``) calls ``Bridge.schedule`` on granian's thread, and granian is given
an ``InlineLoop``, so a request body it finishes reading is handed back on that same thread.

What must wait does so without holding that thread:
- a request body is read asynchronously (a client that stalls mid-body holds up no one), never
  past the app's limit (a chunked one chunk by chunk), and one still unread after
  ``BODY_TIMEOUT`` is answered 408 by a sweep on the asyncio loop;
- a call with injected latency is held back by a timer on the asyncio loop (its own thread),
  *before* the app runs (the app's ``Hosting.plan`` takes the fault rule it then applies), and
  run there when due;
- a call the app says runs long (``Hosting.runs_long``: a ``$batch``, which waits out its
  requests' latency inside the app) runs on a thread of its own.

Also here, because no app code sees them: header limits (431, checked by the environ builder)
and request bodies the HTTP layer could not read (400), both answered in Graph's envelope.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Any

from flask import Flask
from granian._granian import CallbackScheduler

from mockgraph.core.answers import Answer, error_answer, next_request_id
from mockgraph.core.errors import (
    BadRequestError,
    GraphError,
    RequestTimeoutError,
    StoppingError,
)
from mockgraph.http import wsgi
from mockgraph.http.environ import build_environ, server_keys, unreadable_headers, wsgi_from_text
from mockgraph.http.hosting import hosting_of

# Header limits are the environ builder's (``http/environ.py``); granian's own buffer
# (``HEADER_BUFFER`` in server.py) is larger, so a head within it gets Graph's envelope.
BODY_TIMEOUT = 30.0  # seconds for a whole request body (granian times the headers out)
SWEEP_SECONDS = 1.0  # how often bodies still being read are checked against BODY_TIMEOUT
# A $batch runs its requests through the app one by one, each waiting out its own latency
# inside the app: it runs on one of these threads, never on granian's, so it holds up no one.
BATCH_THREADS = 32
# In the environ of a call whose body was not read to its end (past the limit): its answer
# closes the connection, as the rest of the body is still on the wire.
CUT_SHORT = "mockgraph.body_cut_short"


class InlineLoop:
    """The "event loop" granian is given: what it schedules runs at once, in the caller's thread.

    granian completes its futures (a request body read) with ``loop.call_soon_threadsafe``;
    run inline, the callback goes on in granian's own thread, where the call started.
    """

    def call_soon_threadsafe(
        self, callback: Callable[..., Any], *args: Any, context: contextvars.Context | None = None
    ) -> None:
        if context is None:
            callback(*args)
        else:
            context.run(callback, *args)

    call_soon = call_soon_threadsafe


class Scheduler(CallbackScheduler):
    """granian's per-call hook: hands each call's watcher to ``schedule``, in granian's thread."""

    __slots__ = ()

    def __init__(self, *_: Any) -> None:
        super().__init__()

    @classmethod
    def of(cls, schedule: Callable[[Any], None]) -> Scheduler:
        scheduler = cls(INLINE, None, None, None, None)  # granian's constructor arguments
        scheduler._schedule_fn = schedule  # type: ignore[attr-defined]  # granian's stubs lack it
        return scheduler


INLINE = InlineLoop()


class _Reading:
    """A request body granian is still reading: ``future`` is the read waited for now (the
    whole body, or a chunked body's next chunk, kept in ``parts``)."""

    __slots__ = ("deadline", "ended", "environ", "expired", "future", "parts", "size", "watcher")

    def __init__(self, watcher: Any, environ: dict[str, Any], future: Any = None) -> None:
        self.watcher, self.environ, self.future = watcher, environ, future
        self.deadline = time.monotonic() + BODY_TIMEOUT
        self.expired = False
        self.parts: list[bytes] = []
        self.size = 0
        self.ended = False  # a chunked body's end (an empty chunk) has come


class Bridge:
    """Serves a Flask app to granian's RSGI calls (``schedule``), with ``loop`` for the waits."""

    def __init__(self, app: Flask, host: str, port: int) -> None:
        self.app = app
        self._wsgi = app.wsgi_app
        self._hosting = hosting_of(app)  # all the bridge knows of the app beyond WSGI
        self._batches = ThreadPoolExecutor(BATCH_THREADS, thread_name_prefix="mockgraph-batch")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ids = itertools.count()
        self._reading: dict[int, _Reading] = {}  # bodies being read, by call number
        self._held: dict[int, tuple[asyncio.TimerHandle, Any]] = {}  # on the loop's thread only
        self._base = server_keys(host, port)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wait on ``loop`` (running in its own thread): held calls, the body-timeout sweep."""
        self._loop = loop
        loop.call_soon_threadsafe(self._sweep)

    def close(self) -> None:
        """Answer the calls still waiting 503 (the server is stopping); let the batch threads go.

        Run on the loop's thread, once it no longer serves new calls."""
        waiting = [watcher for _, watcher in self._held.values()]
        waiting += [reading.watcher for reading in self._reading.values()]
        for handle, _ in self._held.values():
            handle.cancel()
        self._held.clear()
        self._reading.clear()
        stopping = StoppingError("The service is stopping: the call was not served.")
        for watcher in waiting:
            _send(watcher, *_error(stopping, watcher.scope))
        self._batches.shutdown(wait=False, cancel_futures=True)

    def schedule(self, watcher: Any) -> None:
        """One call, as granian hands it over (in granian's thread)."""
        scope = watcher.scope
        try:
            environ = self._environ(scope)
            if "CONTENT_LENGTH" in environ or "HTTP_TRANSFER_ENCODING" in environ:
                self._read_body(watcher, environ)
                return
            environ["wsgi.input"] = BytesIO(b"")
            self._dispatch(watcher, environ)
        except Exception as error:  # noqa: BLE001  every failure gets Graph's envelope
            self._fail(watcher, error)

    def call(self, environ: dict[str, Any]) -> Answer:
        """Run the WSGI app on ``environ``: its status, headers and body."""
        return wsgi.call(self._wsgi, environ)

    def answer(self, watcher: Any, environ: dict[str, Any]) -> None:
        """Run the app on ``environ`` and send its answer, in this thread."""
        try:
            status, headers, payload = self.call(environ)
        except Exception as error:  # noqa: BLE001
            self._fail(watcher, error)
            return
        if environ.get(CUT_SHORT):
            headers = [*headers, ("Connection", "close")]
        _send(watcher, status, headers, payload)

    def _dispatch(self, watcher: Any, environ: dict[str, Any]) -> None:
        delay = self._hosting.plan(environ)
        if delay > 0:
            assert self._loop is not None, "Bridge.start() was not called"
            self._loop.call_soon_threadsafe(self._hold, watcher, environ, delay)
        elif self._hosting.runs_long(environ):
            self._batches.submit(self.answer, watcher, environ)
        else:
            self.answer(watcher, environ)

    def _hold(self, watcher: Any, environ: dict[str, Any], delay: float) -> None:
        assert self._loop is not None
        number = next(self._ids)
        handle = self._loop.call_later(delay, self._release, number, environ)
        self._held[number] = (handle, watcher)

    def _release(self, number: int, environ: dict[str, Any]) -> None:
        _, watcher = self._held.pop(number)
        if self._hosting.runs_long(environ):
            self._batches.submit(self.answer, watcher, environ)
        else:
            self.answer(watcher, environ)  # on the loop's thread: held calls are few

    def _read_body(self, watcher: Any, environ: dict[str, Any]) -> None:
        limit = self._hosting.body_limit(environ)
        declared = environ.get("CONTENT_LENGTH")
        if "HTTP_TRANSFER_ENCODING" in environ or not (declared and declared.isdigit()):
            self._read_chunks(watcher, environ, limit)
            return
        if int(declared) > limit:
            environ["wsgi.input"] = BytesIO(b"")  # the app answers 413 from the header alone
            self._dispatch(watcher, environ)
            return
        # Within the limit, whole, in granian: one future, which fails on a short body.
        reading = self._track(_Reading(watcher, environ, watcher.proto()))
        reading.future.add_done_callback(lambda done: self._body_read(reading, limit))

    def _track(self, reading: _Reading) -> _Reading:
        self._reading[id(reading)] = reading
        return reading

    def _untrack(self, reading: _Reading) -> bool:
        """Whether ``reading`` was still being read (not dropped: the server is stopping)."""
        return self._reading.pop(id(reading), None) is not None

    def _body_read(self, reading: _Reading, limit: int) -> None:
        if not self._untrack(reading):
            return
        try:
            body = self._result(reading)
            if body is not None:
                environ = reading.environ
                environ["wsgi.input"] = BytesIO(bytes(body[: limit + 1]))  # enough to answer 413
                self._dispatch(reading.watcher, environ)
        except Exception as error:  # noqa: BLE001
            self._fail(reading.watcher, error)

    def _read_chunks(self, watcher: Any, environ: dict[str, Any], limit: int) -> None:
        """A body of unknown length, chunk by chunk, never past ``limit`` + 1 bytes: then the
        app answers 413 from what came, and the connection closes on the rest."""
        reading = self._track(_Reading(watcher, environ))
        self._next_chunk(reading, watcher.proto.__aiter__(), limit)

    def _next_chunk(self, reading: _Reading, chunks: Any, limit: int) -> None:
        reading.future = chunks.__anext__()
        reading.future.add_done_callback(lambda done: self._chunk_read(reading, chunks, limit))

    def _chunk_read(self, reading: _Reading, chunks: Any, limit: int) -> None:
        if id(reading) not in self._reading:
            return  # dropped: the server is stopping
        try:
            try:
                chunk = self._result(reading)
            except StopAsyncIteration:
                self._untrack(reading)
                reading.environ["wsgi.input"] = BytesIO(b"".join(reading.parts))
                self._dispatch(reading.watcher, reading.environ)
                return
            if chunk is None:  # the client is gone
                self._untrack(reading)
                return
            if reading.ended:
                # granian ends a body it could not read (a malformed chunk, a client gone
                # mid-chunk) with a second empty chunk, where a whole one just ends.
                raise BadRequestError("The request body could not be read.")
            reading.ended = not chunk
            reading.parts.append(bytes(chunk))
            reading.size += len(chunk)
            if reading.size > limit:
                self._untrack(reading)
                reading.environ["wsgi.input"] = BytesIO(b"".join(reading.parts)[: limit + 1])
                reading.environ[CUT_SHORT] = True
                self._dispatch(reading.watcher, reading.environ)
                return
            self._next_chunk(reading, chunks, limit)
        except Exception as error:  # noqa: BLE001
            self._untrack(reading)
            self._fail(reading.watcher, error)

    def _result(self, reading: _Reading) -> Any:
        """The read's result; None when granian cancelled it because the client is gone (then
        the call is done); RequestTimeoutError past BODY_TIMEOUT, BadRequestError when
        granian could not read it. StopAsyncIteration (a chunked body's end) goes through."""
        future = reading.future
        if future.cancelled():
            if not reading.expired:
                reading.watcher.done()  # cancelled by granian: the client is gone
                return None
            raise RequestTimeoutError(f"The request body was not sent within {BODY_TIMEOUT:g} s.")
        try:
            return future.result()
        except StopAsyncIteration:
            raise
        except Exception as error:  # granian's: a malformed body, a client gone
            raise BadRequestError("The request body could not be read.") from error

    def _sweep(self) -> None:
        """On the loop: answer 408 to bodies unread past their deadline; again in a while."""
        assert self._loop is not None
        now = time.monotonic()
        for reading in list(self._reading.values()):
            if reading.deadline <= now and not reading.expired:
                reading.expired = True
                reading.future.cancel()  # granian calls _body_read back: a 408
        self._loop.call_later(SWEEP_SECONDS, self._sweep)

    def _fail(self, watcher: Any, error: Exception) -> None:
        if not isinstance(error, GraphError):  # the bridge's own failure: still the envelope
            self._hosting.report(error)
            error = GraphError("An internal error occurred.")
        _send(watcher, *_error(error, watcher.scope))

    def _environ(self, scope: Any) -> dict[str, Any]:
        client, _, port = scope.client.rpartition(":")
        headers = scope.headers.items()
        return build_environ(
            self._base,
            scope.method,
            wsgi_from_text(scope.path),  # granian decodes the path as UTF-8
            wsgi_from_text(scope.query_string),  # and the query string
            headers,
            protocol="HTTP/" + scope.http_version,
            remote=(client, port),
            unreadable=unreadable_headers(scope.headers.keys(), headers),
        )


def _send(watcher: Any, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
    try:
        watcher.proto.response_bytes(status, headers, payload)
    except Exception:  # noqa: BLE001  granian's: the client has gone; nothing to answer
        pass
    watcher.done()


def _error(error: GraphError, scope: Any) -> Answer:
    try:
        client_request_id = scope.headers.get("client-request-id")
    except Exception:  # headers that could not be read at all
        client_request_id = None
    status, headers, body = error_answer(error, next_request_id(), client_request_id, ids=True)
    if status in (408, 431, 503):  # the rest of the request may still be on the wire
        headers.append(("Connection", "close"))
    return status, headers, body
