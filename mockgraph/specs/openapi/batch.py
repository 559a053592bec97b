"""The document's ``POST /beta/$batch``: Graph's JSON batch request and answer."""

from __future__ import annotations

from typing import Any

from apispec import APISpec

from mockgraph.core.batching import MAX_REQUESTS
from mockgraph.specs.openapi.responses import ref

_ITEM = "microsoft.graph.batchRequestItem"
_ANSWER = "microsoft.graph.batchResponseItem"

SCHEMAS: dict[str, dict[str, Any]] = {
    "microsoft.graph.batchRequest": {
        "type": "object",
        "required": ["requests"],
        "properties": {
            "requests": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_REQUESTS,
                "items": ref(_ITEM),
            }
        },
    },
    _ITEM: {
        "type": "object",
        "description": (
            "One request. `url` is relative to the service root (`/dataClassification/jobs`); "
            "an absolute URL is a 400 in its own answer. Keys Graph does not define (such as "
            "`depends_on`) are ignored."
        ),
        "required": ["id", "method", "url"],
        "properties": {
            "id": {
                "type": "string",
                "minLength": 1,
                "description": "Unique in the batch, compared without case.",
            },
            "method": {"type": "string", "pattern": "^[A-Za-z]{1,16}$"},
            "url": {"type": "string", "minLength": 1},
            "headers": {
                "type": "object",
                "description": "Must hold `Content-Type` when there is a `body`.",
                "additionalProperties": {"type": "string"},
            },
            "body": {"description": "JSON for a JSON Content-Type; base64 otherwise."},
            "dependsOn": {
                "type": "array",
                "description": "Ids of earlier requests; if one fails, this one is a 424.",
                "items": {"type": "string"},
            },
        },
    },
    "microsoft.graph.batchResponse": {
        "type": "object",
        "required": ["responses"],
        "additionalProperties": False,
        "properties": {"responses": {"type": "array", "items": ref(_ANSWER)}},
    },
    _ANSWER: {
        "type": "object",
        "description": "One request's answer, as a direct call would have had it.",
        "required": ["id", "status", "headers"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string"},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "body": {"description": "JSON as JSON, text as a string, anything else base64."},
        },
    },
}


def add_batch_path(spec: APISpec, path: str, responses: dict[str, Any]) -> None:
    """Add ``POST {path}`` (``responses``: the error responses, by status)."""
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    body = {"application/json": {"schema": ref("microsoft.graph.batchRequest")}}
    answer = {"application/json": {"schema": ref("microsoft.graph.batchResponse")}}
    spec.path(
        path=path,
        operations={
            "post": {
                "operationId": "batch",
                "tags": ["$batch"],
                "summary": f"Run up to {MAX_REQUESTS} requests in one call (JSON batching).",
                "description": (
                    "200 when the batch is well formed, whatever its requests answer; each "
                    "request is served as a direct call would be."
                ),
                "parameters": ["clientRequestId"],
                "requestBody": {"required": True, "content": body},
                "responses": {
                    "200": {"description": "Every request's answer.", "content": answer},
                    **responses,
                },
            }
        },
    )
