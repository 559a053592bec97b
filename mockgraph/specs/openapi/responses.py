"""The document's shared parts: Graph's error envelope, one response per error status, the
collection envelope, and the query parameters."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from mockgraph.core.errors import GraphError
from mockgraph.core.model.collections import JOB_PROPERTIES
from mockgraph.core.odata.query import MAX_ORDERBY_KEYS, MAX_SKIP

ERROR = "microsoft.graph.ODataErrors.ODataError"  # Graph's own OpenAPI name for the envelope


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


def _names_pattern(names: list[str], item_suffix: str = "", most: int | None = None) -> str:
    item = rf"\s*(?:{'|'.join(names)}){item_suffix}\s*"
    repeat = "*" if most is None else f"{{0,{most - 1}}}"
    return rf"^{item}(?:,{item}){repeat}$"


_DIRECTION = r"(?:\s+(?:[aA][sS][cC]|[dD][eE][sS][cC]))?"
_SORTABLE = [name for name, kind in JOB_PROPERTIES.items() if kind != "complex"]


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def parameters(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The query, header and path parameters, with the limits of the app ``config`` describes."""
    return {
        "top": _query(
            "$top",
            f"The page size; without it, the server's page size ({config['MOCKGRAPH_PAGE_SIZE']}).",
            {"type": "integer", "minimum": 0, "maximum": config["MOCKGRAPH_MAX_TOP"]},
        ),
        "filter": _query(
            "$filter",
            "An OData filter: eq ne gt ge lt le and or not in, startswith, endswith, contains, "
            "tolower, toupper, length.",
            _string(minLength=1, maxLength=config["MOCKGRAPH_MAX_FILTER_LENGTH"]),
        ),
        **_FIXED_PARAMETERS,
    }


_FIXED_PARAMETERS: dict[str, dict[str, Any]] = {
    "skip": _query(
        "$skip",
        "How many matching jobs to skip.",
        {"type": "integer", "minimum": 0, "maximum": MAX_SKIP},
    ),
    "count": _query(
        "$count",
        "`true` adds `@odata.count`: the number of jobs matching `$filter`.",
        {"type": "boolean"},
    ),
    "select": _query(
        "$select",
        "Properties to return (`@odata.type` and `id` always are), or `*`.",
        _string(_names_pattern(["\\*", *JOB_PROPERTIES])),
    ),
    "orderby": _query(
        "$orderby",
        f"Up to {MAX_ORDERBY_KEYS} keys, each `property [asc|desc]`; nulls sort first.",
        _string(_names_pattern(_SORTABLE, _DIRECTION, MAX_ORDERBY_KEYS)),
    ),
    "skiptoken": _query(
        "$skiptoken",
        "Opaque; only as found in `@odata.nextLink`.",
        _string(r"^[A-Za-z0-9_-]{1,256}$"),
    ),
    "clientRequestId": {
        "name": "client-request-id",
        "in": "header",
        "description": "Echoed in the `client-request-id` header and in errors' `innerError`.",
        "schema": _string(),
    },
    "id": {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "The job's id, as the server assigned it.",
        "schema": _string(),
    },
}
