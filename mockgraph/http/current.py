"""The current request, app and ``g`` themselves, for code on every request's path; and the
mock's state on an app, typed (``state_of``).

Flask's ``request``, ``current_app`` and ``g`` are proxies: each attribute read through one looks
the context up again, and a request reads them dozens of times (bench/README.md). Hot code
takes the objects once with these, and reads them directly.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Flask, Request, current_app, g, request

from mockgraph.features.state import STATE_KEY, MockGraphState


def current_request() -> Request:
    """The request being handled (not its proxy)."""
    return cast(Request, cast(Any, request)._get_current_object())


def current_flask() -> Flask:
    """The app handling it (not its proxy)."""
    return cast(Flask, cast(Any, current_app)._get_current_object())


def current_g() -> Any:
    """The request's ``g`` (not its proxy)."""
    return cast(Any, g)._get_current_object()


def state_of(app: Flask) -> MockGraphState:
    """The mock's state on ``app`` (the one typed way to read ``app.extensions``)."""
    return cast(MockGraphState, app.extensions[STATE_KEY])
