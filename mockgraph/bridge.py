"""The mock's WSGI app behind granian's RSGI interface, run on one asyncio loop thread.

Measured (bench/run.py, 2 cores): one Python thread running the app is the fast shape; with
several, CPython's GIL changes hands on nearly every call. So the app runs on the loop's thread,
one call at a time, while granian (Rust) reads and writes the sockets. A call with injected
latency is held back on the loop (``asyncio.sleep``) *before* the app runs, so it holds no
thread and others are served meanwhile: the delay is planned by ``instrument.plan``, which
takes the fault rule the app then applies.

A ``$batch`` is the exception: it waits out its requests' latency inside the app, so it runs
on a thread of its own (the store is thread-safe), and the loop goes on serving meanwhile.

Also here, because no app code sees them: header limits (431) and request bodies the HTTP layer
could not read (400), both answered in Graph's envelope.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Any

from flask import Flask

from mockgraph import envelope, wsgi
from mockgraph.api import instrument
from mockgraph.api.admin import ADMIN_MAX_BODY
from mockgraph.app import next_request_id
from mockgraph.errors import BadRequestError, GraphError, error_body
from mockgraph.paths import ADMIN_PREFIX, BATCH_PATH

# Header limits, checked before the app runs. granian's own buffer (``HEADER_BUFFER`` in
# server.py) is larger, so whatever fits in it is answered here, in Graph's envelope.
MAX_HEADER_BYTES = 32 * 1024  # names and values, all headers together
MAX_HEADER_COUNT = 64  # granian (hyper) answers more than 100 itself: a bare 431
BODY_TIMEOUT = 30.0  # seconds for a whole request body (granian times the headers out)
# A $batch runs its requests through the app one by one, each waiting out its own latency
# inside the app: it runs on one of these threads, never on the loop's, so it holds up no one.
BATCH_THREADS = 32

StartResponse = Callable[..., Any]
_ADMIN_PATHS = ADMIN_PREFIX + "/"
_SPECIAL = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}


class HeadersTooLargeError(GraphError):
    """More header bytes or fields than the mock takes."""

    status = 431
    code = "RequestHeaderFieldsTooLarge"


class RequestTimeoutError(GraphError):
    """A request body not sent in time."""

    status = 408
    code = "RequestTimeout"


class Bridge:
    """An RSGI app (``__rsgi__``) serving a Flask app."""

    def __init__(self, app: Flask, host: str, port: int) -> None:
        self.app = app
        self._wsgi = app.wsgi_app
        # Only the mock has latency to plan (the bench serves a bare Flask app here too).
        self._plan = instrument.plan if "mockgraph" in app.extensions else None
        self._batches = ThreadPoolExecutor(BATCH_THREADS, thread_name_prefix="mockgraph-batch")
        self._names: dict[str, str] = {}  # header name -> environ key, made once per name
        self._base: dict[str, Any] = {
            "SCRIPT_NAME": "",
            "SERVER_NAME": host,
            "SERVER_PORT": str(port),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.input_terminated": True,
        }

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        try:
            environ = self._environ(scope)
            if "CONTENT_LENGTH" in environ or "HTTP_TRANSFER_ENCODING" in environ:
                body = await self._body(proto, environ)
            else:
                body = b""
            environ["wsgi.input"] = BytesIO(body)
            delay = self._plan(self.app, environ) if self._plan is not None else 0.0
            if delay > 0:
                await asyncio.sleep(delay)  # held back here: the loop serves others meanwhile
            if environ["PATH_INFO"] == BATCH_PATH:
                loop = asyncio.get_running_loop()
                status, headers, payload = await loop.run_in_executor(
                    self._batches, self.call, environ
                )
            else:
                status, headers, payload = self.call(environ)
        except GraphError as error:
            status, headers, payload = _error(error, scope)
        except asyncio.CancelledError:
            return  # the server is stopping: a call held back or still sending is dropped
        except Exception as error:  # the bridge's own failure: still Graph's envelope
            if "mockgraph" in self.app.extensions:
                self.app.extensions["mockgraph"].record_exception(error)
            status, headers, payload = _error(GraphError("An internal error occurred."), scope)
        proto.response_bytes(status, headers, payload)

    def close(self) -> None:
        """Let the batch threads go (a batch still running finishes on its own)."""
        self._batches.shutdown(wait=False, cancel_futures=True)

    def call(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        """Run the WSGI app on ``environ``: its status, headers and body."""
        return wsgi.call(self._wsgi, environ)

    def _environ(self, scope: Any) -> dict[str, Any]:
        path: str = scope.path
        if not path.isascii():  # granian decodes the path as UTF-8; WSGI wants its bytes
            path = path.encode("utf-8", "surrogateescape").decode("latin-1")
        environ = self._base.copy()
        environ["REQUEST_METHOD"] = scope.method
        environ["PATH_INFO"] = path
        environ["QUERY_STRING"] = scope.query_string
        environ["SERVER_PROTOCOL"] = "HTTP/" + scope.http_version
        environ["REMOTE_ADDR"], _, environ["REMOTE_PORT"] = scope.client.rpartition(":")
        names = self._names
        size = count = 0
        for name, value in scope.headers.items():
            count += 1
            size += len(name) + len(value)
            key = names.get(name)
            if key is None:
                key = _SPECIAL.get(name) or "HTTP_" + name.upper().replace("-", "_")
                if len(names) < 1000:
                    names[name] = key
            if key in environ:  # a repeated header: one value, comma-joined (RFC 9110 5.3)
                joiner = "; " if key == "HTTP_COOKIE" else ","
                environ[key] = environ[key] + joiner + value
            else:
                environ[key] = value
        if size > MAX_HEADER_BYTES or count > MAX_HEADER_COUNT:
            raise HeadersTooLargeError(
                f"The request headers are too large: {count} fields, {size} bytes (at most "
                f"{MAX_HEADER_COUNT} fields and {MAX_HEADER_BYTES} bytes)."
            )
        return environ

    async def _body(self, proto: Any, environ: dict[str, Any]) -> bytes:
        admin = environ["PATH_INFO"].startswith(_ADMIN_PATHS)
        limit = ADMIN_MAX_BODY if admin else self.app.config.get("MAX_CONTENT_LENGTH")
        limit = ADMIN_MAX_BODY if limit is None else limit  # the most anyone reads
        declared = environ.get("CONTENT_LENGTH")
        if declared and declared.isdigit() and int(declared) > limit:
            return b""  # the app answers 413 from the header alone: not read
        # A timer, not asyncio.wait_for: that makes a task per call (measured: ~8% of a POST).
        task = asyncio.current_task()
        fired: list[bool] = []
        timer = asyncio.get_running_loop().call_later(BODY_TIMEOUT, _expire, task, fired)
        try:
            # Whole, in granian: one await. A chunked body is buffered whole before the app
            # sees its size (granian's iterator would not tell a malformed chunk from the end).
            body = await proto()
            return bytes(body[: limit + 1])  # enough for the app to answer 413
        except asyncio.CancelledError:
            if not fired:
                raise
            raise RequestTimeoutError(
                f"The request body was not sent within {BODY_TIMEOUT:g} s."
            ) from None
        except Exception as error:  # granian's: a malformed chunked body, a client gone
            raise BadRequestError("The request body could not be read.") from error
        finally:
            timer.cancel()


def _expire(task: asyncio.Task[Any] | None, fired: list[bool]) -> None:
    fired.append(True)
    if task is not None:
        task.cancel()


def _error(error: GraphError, scope: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    request_id = next_request_id()
    client_request_id = None
    try:
        client_request_id = scope.headers.get("client-request-id")
    except Exception:  # headers that could not be read at all
        client_request_id = None
    body = error_body(error, request_id, client_request_id)
    headers = [
        ("Content-Type", envelope.JSON_CONTENT_TYPE),
        ("request-id", request_id),
        ("client-request-id", client_request_id or request_id),
        *error.headers.items(),
    ]
    if error.status in (408, 431):  # the rest of the request may still be on the wire
        headers.append(("Connection", "close"))
    return error.status, headers, body
