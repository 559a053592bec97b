"""Whatever a call raised, as the Graph error it is answered with.

One place for both ways a call is served (the Graph routes, and Flask's admin API), so every
error, whatever raised it, is a Graph error; ``core/answers.py`` writes its envelope.
"""

from __future__ import annotations

import logging

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
        return not_found(path)
    if status == 405:
        return method_not_allowed(method, path, list(getattr(error, "valid_methods", None) or []))
    if status == 413:
        return PayloadTooLargeError("The request body is too large.")
    if status == 400:
        return BadRequestError(error.description or "Bad request.")
    code = error.name.replace(" ", "")
    return GraphError(error.description or error.name, status=status, code=code)
