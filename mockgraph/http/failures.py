"""Whatever a call raised, as the Graph error it is answered with.

One place for both ways a call is served (the Graph routes, and Flask's admin API), so every
error, whatever raised it, is a Graph error; ``core/answers.py`` writes its envelope.
"""

from __future__ import annotations

import logging

from flask import has_app_context
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from mockgraph.core.errors import (
    BadRequestError,
    GraphError,
    InvalidRequestError,
    PayloadTooLargeError,
    method_not_allowed,
    not_found,
)
from mockgraph.core.schemas import error_paths
from mockgraph.features.state import MockGraphState
from mockgraph.http.current import current_flask

log = logging.getLogger("mockgraph")


def as_graph_error(error: Exception, method: str, path: str, state: MockGraphState) -> GraphError:
    """``error`` as a Graph error; an unexpected one is logged and kept in ``state``."""
    if isinstance(error, GraphError):
        return error
    if isinstance(error, ValidationError):
        paths = error_paths(error.messages)
        listed = "; ".join(f"{where}: {message}" for where, message in paths)
        details = [{"code": "invalidRequest", "message": m, "target": p} for p, m in paths]
        return InvalidRequestError(f"Invalid request body. {listed}", details=details)
    if isinstance(error, HTTPException):
        return _from_http_exception(error, method, path)
    log.exception("unexpected error", exc_info=error)
    state.record_exception(error)
    return GraphError("An internal error occurred in the mock.")


def _from_http_exception(error: HTTPException, method: str, path: str) -> GraphError:
    status = error.code or 500
    if status == 404:
        # Flask's rules say what resolves outside the service root, the only paths it serves
        # (and the only calls with an app context).
        return not_found(path, resolves=_flask_resolves if has_app_context() else None)
    if status == 405:
        return method_not_allowed(method, path, list(getattr(error, "valid_methods", None) or []))
    if status == 413:
        return PayloadTooLargeError("The request body is too large.")
    if status == 400:
        return BadRequestError(error.description or "Bad request.")
    code = error.name.replace(" ", "")
    return GraphError(error.description or error.name, status=status, code=code)


def _flask_resolves(prefix: str) -> bool:
    """Whether some rule of the app's (the admin API's) begins with ``prefix``'s segments; a
    rule's ``<variable>`` takes any segment but an empty one."""
    wanted = prefix.split("/")
    for rule in current_flask().url_map.iter_rules():
        parts = rule.rule.split("/")
        if len(wanted) <= len(parts) and all(
            want == part or (part.startswith("<") and want != "")
            for want, part in zip(wanted, parts, strict=False)
        ):
            return True
    return False
