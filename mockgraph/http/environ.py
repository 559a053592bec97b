"""The one way a WSGI environ is built: from a call's parts, as PEP 3333 wants them.

The server's bridge, in-process interception and ``$batch`` sub-requests each hand the app calls
that no WSGI server parsed; all three build them here, so a header reaches the app the same way
whichever way it came: repeated ones joined with ", " (RFC 9110 5.3; Cookie with "; "), and
the same limits on size and count, answered 431 in Graph's envelope.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from io import BytesIO
from typing import Any
from urllib.parse import unquote_to_bytes

from mockgraph.core.errors import BadRequestError, HeadersTooLargeError

Environ = dict[str, Any]
# The extension key a caller of the app may set: a wait for injected latency (a callable
# taking seconds). In-process interception notes the delay and waits it out itself,
# asynchronously for an async client. A $batch's requests inherit it. Without one, the app
# sleeps in the caller's thread.
WAIT_KEY = "mockgraph.wait"
Wait = Callable[[float], None]
# Set by ``build_environ`` only: the headers a server received but could not hand over
# (granian passes only visible ASCII values on); a Graph call with any is answered 400 rather
# than served without them.
UNREADABLE_KEY = "mockgraph.unreadable"


MAX_HEADER_BYTES = 32 * 1024  # names and values, all headers together
MAX_HEADER_COUNT = 64  # granian (hyper) answers more than 100 itself: a bare 431
_SPECIAL = {"CONTENT_TYPE", "CONTENT_LENGTH"}
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def server_keys(host: str, port: int | str, scheme: str = "http") -> Environ:
    """The keys every call to one server shares (copied into each call's environ)."""
    return {
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": str(port),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
    }


@lru_cache(maxsize=1024)
def header_key(name: str) -> str:
    """The environ key of header ``name`` (``Content-Type`` has none of HTTP_'s prefix)."""
    key = name.upper().replace("-", "_")
    return key if key in _SPECIAL else "HTTP_" + key


def path_from_url(path: str) -> str:
    """PATH_INFO for a URL's path as sent (percent-encoded): its bytes, as latin-1."""
    return unquote_to_bytes(path).decode("latin-1")


def wsgi_from_text(path: str) -> str:
    """PATH_INFO (or QUERY_STRING) for text already decoded (UTF-8): its bytes, as latin-1."""
    return path if path.isascii() else path.encode("utf-8", "surrogateescape").decode("latin-1")


def query_text(environ: Environ) -> str:
    """The query string as text: its bytes (latin-1 in the environ, as PEP 3333 has it) read as
    UTF-8, which is what werkzeug does too, but failing with Graph's 400 (BadRequestError)
    rather than werkzeug's UnicodeDecodeError, a 500, for bytes that are not UTF-8."""
    query: str = environ.get("QUERY_STRING", "")
    if query.isascii():
        return query
    try:
        return query.encode("latin-1").decode()
    except UnicodeError:
        raise BadRequestError(
            "The query string is not UTF-8: percent-encode its bytes (RFC 3986), as UTF-8."
        ) from None


def unreadable_headers(names: Iterable[str], readable: Iterable[tuple[str, str]]) -> list[str]:
    """The ``names`` a server lists without a value among ``readable`` (granian withholds a value
    that is not visible ASCII)."""
    given = {name.lower() for name, _ in readable}
    return list(dict.fromkeys(name for name in names if name.lower() not in given))


def build_environ(
    base: Environ,
    method: str,
    path: str,
    query: str,
    headers: Iterable[tuple[str, str]],
    body: bytes | None = None,
    *,
    protocol: str = "HTTP/1.1",
    remote: tuple[str, str] = ("127.0.0.1", ""),
    unreadable: Iterable[str] = (),
) -> Environ:
    """One call's environ on ``base`` (``server_keys`` and any extension keys). ``path`` is
    PATH_INFO and ``query`` QUERY_STRING (``path_from_url``/``wsgi_from_text``). With ``body``,
    the whole body is handed over: it is the input, sent with its length; without, the caller
    sets ``wsgi.input``. ``unreadable``: headers the server received but could not hand over
    (``unreadable_headers``)."""
    environ = base.copy()
    environ["REQUEST_METHOD"] = method
    environ["PATH_INFO"] = path
    environ["QUERY_STRING"] = query
    environ["SERVER_PROTOCOL"] = protocol
    environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = remote
    size = count = 0
    for name, value in headers:
        count += 1
        size += len(name) + len(value)
        key = header_key(name)
        if key in environ:
            environ[key] += ("; " if key == "HTTP_COOKIE" else ", ") + value
        else:
            environ[key] = value
    if size > MAX_HEADER_BYTES or count > MAX_HEADER_COUNT:
        raise HeadersTooLargeError(
            f"The request headers are too large: {count} fields, {size} bytes (at most "
            f"{MAX_HEADER_COUNT} fields and {MAX_HEADER_BYTES} bytes)."
        )
    withheld = tuple(unreadable)
    if withheld:
        environ[UNREADABLE_KEY] = withheld
    if "HTTP_HOST" not in environ:  # requests leaves Host to http.client
        port = environ["SERVER_PORT"]
        default = port == _DEFAULT_PORTS.get(environ["wsgi.url_scheme"])
        environ["HTTP_HOST"] = environ["SERVER_NAME"] + ("" if default else f":{port}")
    if body is not None:
        environ.pop("HTTP_TRANSFER_ENCODING", None)  # the whole body is here, with its length
        environ["wsgi.input"] = BytesIO(body)
        if body and "CONTENT_LENGTH" not in environ:
            environ["CONTENT_LENGTH"] = str(len(body))
    return environ
