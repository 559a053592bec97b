"""The document's shared parts: Graph's error envelope, one response per error status, an
operation's responses, and the collection envelope."""

from __future__ import annotations

import inspect
from http import HTTPStatus
from typing import Any

from mockgraph.core.errors import GraphError

ERROR = "microsoft.graph.ODataErrors.ODataError"  # Graph's own OpenAPI name for the envelope

# The error statuses an operation can answer: any Graph call, one with a body, one that may
# create an item (the tenant's quota), one naming an item or a parent that may be missing.
ANY = (400, 401, 403, 429, 500)
WITH_BODY = (413, 415)
CREATES = (507,)
NOT_FOUND = (404,)


def ref(name: str, kind: str = "schemas") -> dict[str, str]:
    """A reference to a component."""
    return {"$ref": f"#/components/{kind}/{name}"}


def _string(pattern: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "string", **({"pattern": pattern} if pattern else {}), **extra}


# As errors.error_body writes them.
ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    ERROR: {
        "type": "object",
        "description": "Graph's error envelope: every 4xx and 5xx answer is exactly this.",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {"error": ref("microsoft.graph.ODataErrors.MainError")},
    },
    "microsoft.graph.ODataErrors.MainError": {
        "type": "object",
        "required": ["code", "message", "innerError"],
        "additionalProperties": False,
        "properties": {
            "code": _string(),
            "message": _string(),
            "details": {"type": "array", "items": ref("microsoft.graph.ODataErrors.ErrorDetails")},
            "innerError": ref("microsoft.graph.ODataErrors.InnerError"),
        },
    },
    "microsoft.graph.ODataErrors.ErrorDetails": {
        "type": "object",
        "description": "One offending part of the request; `target` is its path in the body.",
        "required": ["code", "message"],
        "properties": {"code": _string(), "message": _string(), "target": _string()},
    },
    "microsoft.graph.ODataErrors.InnerError": {
        "type": "object",
        "required": ["date", "request-id", "client-request-id"],
        "additionalProperties": False,
        "properties": {
            # Graph writes the date without fraction or offset (UTC).
            "date": _string(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"),
            "request-id": _string(),
            "client-request-id": _string(),
        },
    },
}


def error_classes() -> dict[int, list[type[GraphError]]]:
    """Every GraphError class by HTTP status, found from the hierarchy in ``errors.py``."""
    found: dict[int, list[type[GraphError]]] = {}
    stack: list[type[GraphError]] = [GraphError]
    while stack:
        cls = stack.pop()
        found.setdefault(cls.status, []).append(cls)
        stack.extend(reversed(cls.__subclasses__()))
    return dict(sorted(found.items()))


def error_response(status: int, classes: list[type[GraphError]]) -> dict[str, Any]:
    """The response component for one error status: its codes, and the envelope."""
    codes = "; ".join(
        f"`{cls.code}`: {(inspect.getdoc(cls) or '').splitlines()[0]}" for cls in classes
    )
    return {
        "description": f"{HTTPStatus(status).phrase}. {codes}",
        "content": {"application/json": {"schema": ref(ERROR)}},
    }


def collection_schema(item: dict[str, Any]) -> dict[str, Any]:
    """One page of a collection, as ``envelope.collection_body`` writes it."""
    return {
        "type": "object",
        "required": ["@odata.context", "value"],
        "additionalProperties": False,
        "properties": {
            "@odata.context": _string(),
            "@odata.count": {"type": "integer", "minimum": 0},
            "@odata.nextLink": _string(
                format="uri", description="The next page: the same options, a `$skiptoken`."
            ),
            "value": {"type": "array", "items": item},
        },
    }


def json_content(schema: Any, description: str) -> dict[str, Any]:
    """A response with a JSON body."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def responses(statuses: tuple[int, ...], **success: Any) -> dict[str, Any]:
    """An operation's responses: ``success`` by status, and a reference to each error status's
    response (the statuses no GraphError answers are left out)."""
    known = error_classes()
    errors = {str(s): ref(f"error{s}", "responses") for s in sorted(statuses) if s in known}
    return {**success, **errors}
