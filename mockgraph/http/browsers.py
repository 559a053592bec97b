"""What web pages may do with the mock: Graph's paths answer them as Graph does (CORS), the
admin API refuses them.

Single-page apps call Graph with ``fetch`` and a bearer token, so Graph answers CORS: a
preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is allowed for any origin, and
every answer to a page lets it read the ids, ``Location`` and ``Retry-After``. Bearer tokens,
not cookies, carry the caller, so any origin (``*``) is safe there. The admin API is the
opposite: a page the developer opens elsewhere could reset or seed the mock with a simple
``text/plain`` POST (no preflight), or, through a DNS name rebound to 127.0.0.1, read the
journal's tokens. So it answers only its own origin, and only under loopback's names (or those
``MOCKGRAPH_ALLOWED_HOSTS`` adds) unless an admin token guards it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from mockgraph.core.answers import Answer
from mockgraph.core.errors import ForbiddenError

METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD"
# What a page may read of an answer beside the safelisted headers.
EXPOSED = "request-id, client-request-id, Location, Retry-After, WWW-Authenticate, Content-Length"
MAX_AGE = "600"  # seconds a browser may keep a preflight's answer (Chromium keeps at most 7200)
_HEADER_NAMES = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*")
_ANSWER_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", EXPOSED),
]
_LOOPBACK_NAMES = ("localhost",)


def is_preflight(environ: Mapping[str, Any]) -> bool:
    """Whether the call is a browser's CORS preflight."""
    return (
        environ.get("REQUEST_METHOD") == "OPTIONS"
        and "HTTP_ORIGIN" in environ
        and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
    )


def preflight(environ: Mapping[str, Any]) -> Answer:
    """The answer to a preflight of a Graph path: any origin, Graph's methods, and the headers
    the page asks for (the SDKs add their own: SdkVersion, client-request-id, Prefer...)."""
    asked = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "").strip()
    headers = [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", METHODS),
        ("Access-Control-Max-Age", MAX_AGE),
        ("Content-Length", "0"),
    ]
    if asked and _HEADER_NAMES.fullmatch(asked):
        headers.append(("Access-Control-Allow-Headers", asked))
    # A page on a public origin (a deployed preview) calling the mock on this machine: Chromium's
    # Private Network Access asks first, and the mock, local by design, says yes.
    if environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true":
        headers.append(("Access-Control-Allow-Private-Network", "true"))
    return 200, headers, b""


def answer_headers(environ: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The CORS headers of an answer to a page (a call with an ``Origin``); none otherwise."""
    return list(_ANSWER_HEADERS) if "HTTP_ORIGIN" in environ else []


def _host_name(host: str) -> str:
    # "127.0.0.1:8000" -> "127.0.0.1"; "[::1]:8000" -> "::1"; names compared in lower case.
    if host.startswith("["):
        return host[1 : host.find("]")].lower() if "]" in host else host.lower()
    return host.rsplit(":", 1)[0].lower() if host.count(":") == 1 else host.lower()


def _is_loopback(name: str) -> bool:
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_admin_call(environ: Mapping[str, Any], config: Mapping[str, Any]) -> None:
    """ForbiddenError for an admin call a web page could have made: from another origin, or
    (no admin token set) under a host name that is neither loopback's nor allowed."""
    host = str(environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "")
    origin = environ.get("HTTP_ORIGIN")
    own = f"{environ.get('wsgi.url_scheme', 'http')}://{host}".lower()
    if origin is not None and origin.lower() != own:
        raise ForbiddenError(
            f"The admin API answers only its own pages: a call from origin '{origin}' is "
            "refused (a web page could otherwise change or read the mock)."
        )
    if environ.get("HTTP_SEC_FETCH_SITE") in ("cross-site", "same-site"):
        raise ForbiddenError("The admin API refuses calls a page of another site makes.")
    if config.get("MOCKGRAPH_ADMIN_TOKEN"):
        return  # the token guards it: a page cannot know it, and cannot send it unasked
    allowed = {str(name).lower() for name in config.get("MOCKGRAPH_ALLOWED_HOSTS") or ()}
    name = _host_name(host)
    if not (_is_loopback(name) or name in allowed or "*" in allowed):
        raise ForbiddenError(
            f"The admin API answers only under localhost, 127.0.0.1 or [::1], not '{name}' "
            "(a DNS name rebound to this machine must not reach it): allow the name with "
            "--allow-host (MOCKGRAPH_ALLOWED_HOSTS), or set an admin token."
        )
