"""The current request, app and ``g`` themselves, for code on every request's path.

Flask's ``request``, ``current_app`` and ``g`` are proxies: each attribute read through one looks
the context up again, and a request reads them dozens of times (bench/README.md). Hot code
takes the objects once with these, and reads them directly.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Flask, Request, current_app, g, request


def current_request() -> Request:
    """The request being handled (not its proxy)."""
    return cast(Request, cast(Any, request)._get_current_object())


def current_flask() -> Flask:
    """The app handling it (not its proxy)."""
    return cast(Flask, cast(Any, current_app)._get_current_object())


def current_g() -> Any:
    """The request's ``g`` (not its proxy)."""
    return cast(Any, g)._get_current_object()
