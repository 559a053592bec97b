"""Graph's errors: one exception per problem, each carrying its Graph code and HTTP status.

Rendering the envelope lives here too, so every error, whatever raised it, has one shape:
``{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}``
(https://learn.microsoft.com/graph/errors). No Flask imports: the app registers the handler.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from mockgraph.paths import SERVICE_ROOT


class GraphError(Exception):
    """An error answered with Graph's error envelope."""

    status: int = 500
    code: str = "generalException"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = details
        self.headers = headers or {}


class BadRequestError(GraphError):
    """A malformed request: bad JSON, a bad query option."""

    status = 400
    code = "BadRequest"


class InvalidRequestError(GraphError):
    """A well-formed body that the schema rejects; ``details`` names every offending path."""

    status = 400
    code = "invalidRequest"


class UnauthorizedError(GraphError):
    """No bearer token, or one that cannot be read."""

    status = 401
    code = "InvalidAuthenticationToken"


class ForbiddenError(GraphError):
    """A token without the scope or role the operation needs."""

    status = 403
    code = "Authorization_RequestDenied"


class NotFoundError(GraphError):
    """No such job (in this tenant, through this collection)."""

    status = 404
    code = "itemNotFound"


class ResourceNotFoundError(GraphError):
    """No such route."""

    status = 404
    code = "ResourceNotFound"


class MethodNotAllowedError(GraphError):
    """A route that exists, called with a method it does not take."""

    status = 405
    code = "MethodNotAllowed"


class QuotaExceededError(GraphError):
    """A tenant over the configured number of jobs (OneDrive answers quota the same way)."""

    status = 507
    code = "quotaLimitReached"


class PayloadTooLargeError(GraphError):
    """A body over the configured limit."""

    status = 413
    code = "RequestEntityTooLarge"


class UnsupportedMediaTypeError(GraphError):
    """A body that is not ``application/json``."""

    status = 415
    code = "UnsupportedMediaType"


class TooManyRequestsError(GraphError):
    """Throttled; carries ``Retry-After`` as Graph does."""

    status = 429
    code = "TooManyRequests"


class StorageError(GraphError):
    """A change the state file (``--state``) did not take: the disk is failing (503), or full
    (507, as Graph answers a full store). Nothing changed, in memory or on disk."""

    status = 503
    code = "serviceNotAvailable"


class LifecycleError(GraphError):
    """A job that cannot advance: it is finished, or its status is not a lifecycle step."""

    status = 409
    code = "conflict"


class RequestTimeoutError(GraphError):
    """A request body not sent in time."""

    status = 408
    code = "RequestTimeout"


class HeadersTooLargeError(GraphError):
    """More header bytes or fields than the mock takes."""

    status = 431
    code = "RequestHeaderFieldsTooLarge"


class BadGatewayError(GraphError):
    """``mockgraph record``'s upstream refused the connection, broke it, or answered more than
    the recorder reads (Graph's errors page lists 502 without a code)."""

    status = 502
    code = "badGateway"


class GatewayTimeoutError(GraphError):
    """``mockgraph record``'s upstream did not answer within its ``--timeout``."""

    status = 504
    code = "gatewayTimeout"


class StoppingError(GraphError):
    """A call still held back (latency) or still sending its body when the server stops."""

    status = 503
    code = "serviceNotAvailable"


def not_found(
    path: str,
    kind: type[GraphError] = ResourceNotFoundError,
    *,
    resolves: Callable[[str], bool] | None = None,
) -> GraphError:
    """No resource at ``path``, in Graph's wording, naming the first segment that does not
    resolve (the last when all do): ``resolves`` says whether a path's first segments lead
    anywhere; without it, the service root and everything below it do."""
    segments = path.split("/")
    leads = resolves or _on_service_root
    start = 1 if path.startswith("/") else 0  # the empty text before a leading "/"
    ends = range(start + 1, len(segments) + 1)
    unresolved = next((end for end in ends if not leads("/".join(segments[:end]))), None)
    segment = segments[unresolved - 1] if unresolved else path.rstrip("/").rsplit("/", 1)[-1]
    return kind(f"Resource not found for the segment '{segment}'.")


def _on_service_root(prefix: str) -> bool:
    parts, root = prefix.split("/"), SERVICE_ROOT.split("/")
    return parts[: len(root)] == root[: len(parts)]


def read_only(name: str, message: str) -> InvalidRequestError:
    """A body that sets property ``name``, which the server owns."""
    details = [{"code": "invalidRequest", "message": "Read-only property.", "target": name}]
    return InvalidRequestError(message, details=details)


def method_not_allowed(method: str, path: str, allowed: list[str]) -> MethodNotAllowedError:
    """A route that takes other methods, listed in ``Allow``."""
    headers = {"Allow": ", ".join(allowed)} if allowed else {}
    return MethodNotAllowedError(
        f"The method '{method}' is not allowed on '{path}'.", headers=headers
    )


# Messages echo what the client sent (a query option, a property name): at most this much of
# it, so a 1 MB $orderby is not answered with a 1 MB message.
MESSAGE_LIMIT = 1000
DETAILS_LIMIT = 100  # details listed (the message names them all, within its limit)


def _cut(text: Any) -> Any:
    if not isinstance(text, str) or len(text) <= MESSAGE_LIMIT:
        return text
    return f"{text[:MESSAGE_LIMIT]}... ({len(text) - MESSAGE_LIMIT} more characters)"


def error_body(error: GraphError, request_id: str, client_request_id: str | None) -> bytes:
    """The JSON envelope for ``error``, as bytes (echoed input cut at MESSAGE_LIMIT)."""
    body: dict[str, Any] = {"code": error.code, "message": _cut(error.message)}
    if error.details:
        body["details"] = [
            {key: _cut(value) for key, value in detail.items()}
            for detail in error.details[:DETAILS_LIMIT]
        ]
    body["innerError"] = {
        # Graph writes the date without fraction or offset.
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"),
        "request-id": request_id,
        "client-request-id": _cut(client_request_id or request_id),
    }
    return json.dumps({"error": body}, ensure_ascii=False).encode()
