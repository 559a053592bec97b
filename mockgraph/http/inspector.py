"""The request inspector: ``GET /_mockgraph/``, a page that shows what the mock saw, live.

The page is a static shell (HTML, CSS, a script, shipped in ``mockgraph/http/static/``) that holds
no data: it loads without the admin token, and its script fetches everything from the admin
API, sending the token a user gives it (see docs/inspector.md). Only these fixed files are
served: nothing from the URL reaches the file system.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from flask import Blueprint, Response

from mockgraph.core.auth import ADMIN_TOKEN_HEADER
from mockgraph.core.errors import NotFoundError
from mockgraph.paths import ADMIN_PREFIX, SINGLETON_PATH

bp = Blueprint("inspector", __name__, url_prefix=ADMIN_PREFIX)
SHELL_PATH = ADMIN_PREFIX + "/"
ASSETS_PATH = ADMIN_PREFIX + "/ui/"
_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "inspector.js": "text/javascript; charset=utf-8",
    "inspector.css": "text/css; charset=utf-8",
}
# Its own files only: no inline script or style, no other origin, no framing (a page that
# framed it could have the "Clear journal" button clicked for it).
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


_ASSETS = ("inspector.js", "inspector.css")
_NAMES = {"__ADMIN_TOKEN_HEADER__": ADMIN_TOKEN_HEADER, "__SINGLETON_PATH__": SINGLETON_PATH}
# Exact paths, no prefix: nothing else ever skips the token because of where it lives.
_PUBLIC = frozenset({SHELL_PATH, *(ASSETS_PATH + name for name in _ASSETS)})


def is_shell(path: str) -> bool:
    """Whether ``path`` is the page or one of its files: static, served without the token."""
    return path in _PUBLIC


@cache
def _file(name: str) -> bytes:
    text = (resources.files("mockgraph.http") / "static" / name).read_text(encoding="utf-8")
    # The script reads these from the page rather than spelling them again.
    for name, value in _NAMES.items():
        text = text.replace(name, value)
    return text.encode()


def _serve(name: str) -> Response:
    return Response(_file(name), 200, _HEADERS, content_type=_TYPES[name])


@bp.get("/")
def page() -> Response:
    """The inspector page (``/_mockgraph`` redirects here)."""
    return _serve("index.html")


@bp.get("/ui/<name>")
def asset(name: str) -> Response:
    """The page's script and style sheet."""
    if name not in _ASSETS:
        raise NotFoundError(f"The inspector has no file '{name}'.")
    return _serve(name)
