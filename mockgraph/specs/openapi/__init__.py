"""The OpenAPI 3.1 document of the Graph routes, built by apispec from the app's own schemas.

The routes and schemas are fixed at import time; the limits (``$top``, ``$filter`` length, page
size) are the app's, so the document is built once per set of limits (``document_json(config)``
is what ``/_mockgraph/openapi.json`` and ``mockgraph openapi`` serve).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from apispec import APISpec

from mockgraph.config import DEFAULTS
from mockgraph.core.answers import XML_CONTENT_TYPE
from mockgraph.core.model.actions import ACTIONS
from mockgraph.core.model.collections import ENTITY_SETS
from mockgraph.core.model.types import DATA_CLASSIFICATION_SERVICE
from mockgraph.core.schemas import concrete_schema
from mockgraph.paths import BATCH_PATH, METADATA_PATH, SINGLETON, SINGLETON_PATH
from mockgraph.specs.openapi.actions import add_action_path
from mockgraph.specs.openapi.batch import add_batch_path
from mockgraph.specs.openapi.converter import GraphMarshmallowPlugin, component_name
from mockgraph.specs.openapi.operations import add_set_paths
from mockgraph.specs.openapi.parameters import (
    named_parameters,
    operation_parameters,
    parameters,
    select_name,
)
from mockgraph.specs.openapi.responses import (
    ANY,
    ERROR_SCHEMAS,
    WITH_BODY,
    error_classes,
    error_response,
    json_content,
    ref,
    responses,
)
from mockgraph.version import __version__

OPENAPI_VERSION = "3.1.0"
BEARER = "bearerAuth"


def _description() -> str:
    """What the document describes, its entity sets named from the model."""
    top = [f"`{s.path}`" for s in ENTITY_SETS.values() if s.parent is None]
    inner = [f"`{s.path}`" for s in ENTITY_SETS.values() if s.parent is not None]
    return f"""\
An in-memory mock of the Microsoft Graph beta dataClassification service, for contract tests:
the `dataClassification` singleton, the entity sets below it ({", ".join(top)}) and the ones
they contain ({", ".join(inner)}), `$batch` and `$metadata`. Bodies are validated strictly
(unknown properties, navigation properties, wrong JSON types and enum values are a 400
`invalidRequest` naming the property); values come back exactly as sent. Every error is Graph's
error envelope. Any bearer token is accepted; a JWT's `tid` claim selects the tenant."""


def _singleton_path(spec: APISpec) -> None:
    schema = concrete_schema(DATA_CLASSIFICATION_SERVICE)
    entity = json_content(ref(component_name(schema)), "The dataClassification singleton.")
    tags = [SINGLETON]
    body = {"required": True, "content": {"application/json": {"schema": schema}}}
    spec.path(
        path=SINGLETON_PATH,
        operations={
            "get": {
                "operationId": f"{SINGLETON}.get",
                "tags": tags,
                "summary": "The singleton every entity set is contained in: its id.",
                "parameters": operation_parameters(select_name(DATA_CLASSIFICATION_SERVICE)),
                "responses": responses(ANY, **{"200": entity}),
            },
            "patch": {
                "operationId": f"{SINGLETON}.update",
                "tags": tags,
                "summary": "Nothing on the singleton is writable: the entity, unchanged.",
                "description": "Only `@odata.type` (its own) and its own `id` may be sent.",
                "parameters": operation_parameters(),
                "requestBody": body,
                "responses": responses(ANY + WITH_BODY, **{"200": entity}),
            },
        },
    )


def _metadata_path(spec: APISpec) -> None:
    xml = {XML_CONTENT_TYPE: {"schema": {"type": "string"}}}
    spec.path(
        path=METADATA_PATH,
        operations={
            "get": {
                "operationId": "metadata.get",
                "tags": ["$metadata"],
                "summary": "The service's CSDL (OData 4.0 XML), served without a token.",
                "security": [],
                "parameters": operation_parameters(),
                "responses": responses(  # no token, no body: only a fault or the mock's own
                    (429, 500), **{"200": {"description": "The CSDL document.", "content": xml}}
                ),
            }
        },
    )


# The settings the document describes: only these change it.
LIMITS = ("MOCKGRAPH_PAGE_SIZE", "MOCKGRAPH_MAX_TOP", "MOCKGRAPH_MAX_FILTER_LENGTH")


def build_document(config: Mapping[str, Any] = DEFAULTS) -> dict[str, Any]:
    """A fresh OpenAPI document of an app with ``config``'s limits (``document_json`` caches it)."""
    spec = APISpec(
        title="mockgraph: Microsoft Graph beta dataClassification",
        version=__version__,
        openapi_version=OPENAPI_VERSION,
        plugins=[GraphMarshmallowPlugin()],
        info={"description": _description()},
        security=[{BEARER: []}],
    )
    spec.components.security_scheme(
        BEARER,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "Any token; a JWT's `tid` is the tenant.",
        },
    )
    for name, schema in ERROR_SCHEMAS.items():
        spec.components.schema(name, schema)
    for status, classes in error_classes().items():
        spec.components.response(f"error{status}", error_response(status, classes))
    for name, parameter in {**parameters(config), **named_parameters()}.items():
        spec.components.parameter(name, parameter["in"], parameter)
    _singleton_path(spec)
    for action in ACTIONS.values():
        for bound in action.bindings:
            add_action_path(spec, action, bound)
    for entity_set in ENTITY_SETS.values():
        add_set_paths(spec, entity_set)
    add_batch_path(spec, BATCH_PATH, responses(ANY + WITH_BODY))
    _metadata_path(spec)
    return spec.to_dict()


def document_json(config: Mapping[str, Any] = DEFAULTS) -> bytes:
    """The document of an app with ``config`` as JSON bytes, built once per set of limits."""
    return _document_json(tuple(config[name] for name in LIMITS))


@cache
def _document_json(limits: tuple[Any, ...]) -> bytes:
    document = build_document(dict(zip(LIMITS, limits, strict=True)))
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def document(config: Mapping[str, Any] = DEFAULTS) -> dict[str, Any]:
    """A private copy of the document of an app with ``config``."""
    result: dict[str, Any] = json.loads(document_json(config))
    return result
