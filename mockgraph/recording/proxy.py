"""The recorder's app: forwards each Graph call to the upstream and answers what it answered,
handing each finished exchange to the writer.

A plain WSGI function behind a Flask shell (``MockGraphServer`` serves Flask apps and asks
them through ``Hosting``): no routing, the path goes on as it came. Forwarded calls run off
the server's thread (they block on the upstream); a body over the mock's own limit is
answered 413 and neither forwarded nor recorded, a path outside the service root 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from flask import Flask
from werkzeug.datastructures import EnvironHeaders

from mockgraph.config import DEFAULTS
from mockgraph.core.answers import Answer, error_answer, next_request_id
from mockgraph.core.errors import (
    BadGatewayError,
    GatewayTimeoutError,
    GraphError,
    PayloadTooLargeError,
    ResourceNotFoundError,
)
from mockgraph.http.environ import Environ
from mockgraph.http.hosting import HOSTING_KEY, Hosting
from mockgraph.paths import SERVICE_ROOT, graph_path
from mockgraph.recording.upstream import Headers, Upstream
from mockgraph.recording.writer import Exchange, Writer

BODY_LIMIT: int = DEFAULTS["MAX_CONTENT_LENGTH"]  # the mock's own: what Graph clients send it
# Hop-by-hop headers (RFC 9110 7.6.1) are the connection's, not the call's; the length and
# encoding are the recorder's to set for the body it sends on.
_NOT_FORWARDED = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "content-encoding",
    "accept-encoding",
}
_URL_HEADERS = {"location", "content-location"}
# The pchar set of RFC 3986: what a path segment carries unescaped ($batch, jobs('id')).
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
StartResponse = Callable[..., Any]


def _forwarded(environ: Environ) -> bool:
    return graph_path(environ) is not None


def _body_limit(environ: Environ) -> int:
    return BODY_LIMIT


def create_proxy(
    upstream_root: str, writer: Writer, upstream: Upstream, record_failures: bool = False
) -> Flask:
    """The recorder's app, forwarding ``/beta/...`` to ``upstream_root/...``."""
    app = Flask("mockgraph.recording")
    proxy = Proxy(upstream_root.rstrip("/"), writer, upstream, record_failures)
    app.wsgi_app = proxy  # type: ignore[method-assign]  # Flask's documented middleware hook
    app.extensions[HOSTING_KEY] = Hosting(body_limit=_body_limit, runs_long=_forwarded)
    return app


class Proxy:
    """The WSGI app: one call forwarded, answered and recorded."""

    def __init__(
        self, root: str, writer: Writer, upstream: Upstream, record_failures: bool
    ) -> None:
        self.root, self.writer, self.upstream = root, writer, upstream
        self.record_failures = record_failures

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        status, headers, body = self.answer(environ)
        start_response(f"{status} {_phrase(status)}", headers)
        return [body]

    def answer(self, environ: Environ) -> Answer:
        """The answer to one call (forwarded, or the recorder's own error)."""
        client_id = environ.get("HTTP_CLIENT_REQUEST_ID")
        path = graph_path(environ)
        if path is None:
            error = ResourceNotFoundError(f"The recorder forwards only {SERVICE_ROOT}/ paths.")
            return error_answer(error, next_request_id(), client_id, ids=True)
        try:
            body = _read_body(environ)
        except GraphError as error:
            return error_answer(error, next_request_id(), client_id, ids=True)
        below = quote(path[len(SERVICE_ROOT) :], safe=_PATH_SAFE) or "/"
        query = environ.get("QUERY_STRING", "")
        target = below + (f"?{query}" if query else "")
        sent = _request_headers(environ)
        method = environ["REQUEST_METHOD"]
        try:
            got = self.upstream.send(method, self.root + target, sent, body)
            answer = self._pointed_here(environ, got.status, got.headers, got.body)
        except GraphError as error:
            answer = error_answer(error, next_request_id(), client_id, ids=True)
            if not (
                self.record_failures and isinstance(error, BadGatewayError | GatewayTimeoutError)
            ):
                return answer
        status, headers, payload = answer
        self.writer.write(Exchange(method, target, sent, body, status, headers, payload))
        return answer

    def _pointed_here(self, environ: Environ, status: int, headers: Headers, body: bytes) -> Answer:
        """The upstream's answer with its own URLs (an ``@odata.nextLink``, a ``Location``)
        pointing at the recorder instead, so a client that follows them is recorded too."""
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        here = f"{environ['wsgi.url_scheme']}://{host}{SERVICE_ROOT}"
        kept = [
            (name, value.replace(self.root, here) if name.lower() in _URL_HEADERS else value)
            for name, value in _answer_headers(headers)
        ]
        return status, kept, body.replace(self.root.encode(), here.encode())


def _read_body(environ: Environ) -> bytes:
    """The request body, whole: PayloadTooLargeError past the limit (then never forwarded)."""
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared.isdigit() and int(declared) > BODY_LIMIT:
        raise PayloadTooLargeError(f"The request body exceeds {BODY_LIMIT} bytes.")
    stream = environ.get("wsgi.input")
    if stream is None or not (declared or environ.get("wsgi.input_terminated")):
        return b""
    body: bytes = stream.read(BODY_LIMIT + 1)
    if len(body) > BODY_LIMIT:
        raise PayloadTooLargeError(f"The request body exceeds {BODY_LIMIT} bytes.")
    return body


def _request_headers(environ: Environ) -> Headers:
    headers = [
        (k, v) for k, v in EnvironHeaders(environ).items() if k.lower() not in _NOT_FORWARDED
    ]
    # Ask for the body as it is: a compressed one would be recorded as bytes no one can read.
    return [*headers, ("Accept-Encoding", "identity")]


def _answer_headers(headers: Headers) -> Headers:
    return [(k, v) for k, v in headers if k.lower() not in _NOT_FORWARDED]


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
