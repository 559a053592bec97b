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
from marshmallow import Schema

from mockgraph.config import DEFAULTS
from mockgraph.core.answers import XML_CONTENT_TYPE
from mockgraph.core.model.collections import COLLECTIONS, JobCollection
from mockgraph.core.model.types import DATA_CLASSIFICATION_SERVICE
from mockgraph.core.schemas import concrete_schema, restricted_schema
from mockgraph.paths import BATCH_PATH, METADATA_PATH, SINGLETON, SINGLETON_PATH
from mockgraph.specs.openapi.batch import add_batch_path
from mockgraph.specs.openapi.converter import GraphMarshmallowPlugin, component_name
from mockgraph.specs.openapi.responses import (
    ERROR_SCHEMAS,
    collection_schema,
    error_classes,
    error_response,
    parameters,
    ref,
)
from mockgraph.version import __version__

OPENAPI_VERSION = "3.1.0"
BEARER = "bearerAuth"

# The errors each kind of operation can answer, beyond those every operation can.
_ANY = (400, 401, 403, 429, 500)
_WITH_BODY = (413, 415)
_CREATE = (507,)
_ONE_JOB = (404,)

_DESCRIPTION = """\
An in-memory mock of the Microsoft Graph beta dataClassification jobs API, for contract tests.
Bodies are validated strictly (unknown properties, wrong JSON types and enum values are a 400
`invalidRequest`); values come back exactly as sent. Every error is Graph's error envelope.
Any bearer token is accepted; a JWT's `tid` claim selects the tenant."""


def _responses(statuses: tuple[int, ...], **success: Any) -> dict[str, Any]:
    known = error_classes()
    errors = {str(s): ref(f"error{s}", "responses") for s in sorted(statuses) if s in known}
    return {**success, **errors}


def _json(schema: Any, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _params(*names: str) -> list[str]:
    # apispec turns a parameter's component name into a reference.
    return [*names, "clientRequestId"]


def _collection_paths(spec: APISpec, collection: JobCollection, item: Schema) -> None:
    name = collection.name
    item_ref = ref(component_name(item))
    page = f"{component_name(item)}.collection"
    if page not in spec.components.schemas:
        spec.components.schema(page, collection_schema(item_ref))
    base = f"{SINGLETON_PATH}/{name}"
    tags = [name]
    body = {"required": True, "content": {"application/json": {"schema": item}}}
    created = _json(item_ref, "Created: the job, with its id.")
    created["headers"] = {
        "Location": {"description": "The job's URL.", "schema": {"type": "string"}}
    }
    list_params = ("top", "skip", "count", "select", "orderby", "filter", "skiptoken")
    spec.path(
        path=base,
        operations={
            "post": {
                "operationId": f"{name}.create",
                "tags": tags,
                "summary": f"Create a job in {name}; the server assigns its id.",
                "parameters": _params(),
                "requestBody": body,
                "responses": _responses(_ANY + _WITH_BODY + _CREATE, **{"201": created}),
            },
            "get": {
                "operationId": f"{name}.list",
                "tags": tags,
                "summary": f"One page of {name}, with the query options applied.",
                "parameters": _params(*list_params),
                "responses": _responses(_ANY, **{"200": _json(ref(page), "A page.")}),
            },
        },
    )
    count = {"text/plain": {"schema": {"type": "string", "pattern": "^[0-9]+$"}}}
    spec.path(
        path=f"{base}/$count",
        operations={
            "get": {
                "operationId": f"{name}.count",
                "tags": tags,
                "summary": f"How many jobs {name} holds (matching `$filter`), as plain text.",
                "parameters": _params("filter"),
                "responses": _responses(
                    _ANY, **{"200": {"description": "The count.", "content": count}}
                ),
            }
        },
    )
    _item_path(spec, name, base, item, item_ref)


def _patch_schema(spec: APISpec, item: Schema) -> dict[str, Any]:
    """A PATCH body: the properties of any type the collection takes, ``@odata.type`` optional.

    Not the create body's ``oneOf``: without ``@odata.type`` a PATCH is read as the job's own
    type, which the path does not say, so ``{"result": ...}`` must be valid whenever one of the
    types has a ``result``.
    """
    name = f"{component_name(item)}.patch"
    if name not in spec.components.schemas:
        created = spec.components.schemas[component_name(item)]
        listed = ", ".join(f"`{key}`" for key in created["discriminator"]["mapping"])
        spec.components.schema(
            name,
            {
                "description": (
                    f"Properties of {listed}: those of the job's own type. Without "
                    "`@odata.type` the body is read as that type; with it, it must name it."
                ),
                "anyOf": [{"$ref": branch["$ref"]} for branch in created["oneOf"]],
                "discriminator": created["discriminator"],
            },
        )
    return ref(name)


def _item_path(spec: APISpec, name: str, base: str, item: Schema, item_ref: Any) -> None:
    tags = [name]
    patch = {
        "required": True,
        "content": {"application/json": {"schema": _patch_schema(spec, item)}},
    }
    spec.path(
        path=f"{base}/{{id}}",
        parameters=["id"],  # type: ignore[list-item]  # a ref to components.parameters.id
        operations={
            "get": {
                "operationId": f"{name}.get",
                "tags": tags,
                "summary": "One job.",
                "parameters": _params("select"),
                "responses": _responses(_ANY + _ONE_JOB, **{"200": _json(item_ref, "The job.")}),
            },
            "patch": {
                "operationId": f"{name}.update",
                "tags": tags,
                "summary": "Replace the top-level properties sent; the id and type stay.",
                "description": "Without `@odata.type`, the body is read as the job's own type.",
                "parameters": _params(),
                "requestBody": patch,
                "responses": _responses(
                    _ANY + _WITH_BODY + _ONE_JOB, **{"200": _json(item_ref, "The updated job.")}
                ),
            },
            "delete": {
                "operationId": f"{name}.delete",
                "tags": tags,
                "summary": "Delete the job; a second delete is a 404.",
                "parameters": _params(),
                "responses": _responses(_ANY + _ONE_JOB, **{"204": {"description": "Deleted."}}),
            },
        },
    )


def _singleton_path(spec: APISpec) -> None:
    schema = concrete_schema(DATA_CLASSIFICATION_SERVICE)
    entity = _json(ref(component_name(schema)), "The dataClassification singleton.")
    tags = [SINGLETON]
    body = {"required": True, "content": {"application/json": {"schema": schema}}}
    spec.path(
        path=SINGLETON_PATH,
        operations={
            "get": {
                "operationId": f"{SINGLETON}.get",
                "tags": tags,
                "summary": "The singleton every collection is contained in: its id.",
                "parameters": _params("select"),
                "responses": _responses(_ANY, **{"200": entity}),
            },
            "patch": {
                "operationId": f"{SINGLETON}.update",
                "tags": tags,
                "summary": "Nothing on the singleton is writable: the entity, unchanged.",
                "description": "Only `@odata.type` (its own) and its own `id` may be sent.",
                "parameters": _params(),
                "requestBody": body,
                "responses": _responses(_ANY + _WITH_BODY, **{"200": entity}),
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
                "parameters": _params(),
                "responses": _responses(  # no token, no body: only a fault or the mock's own
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
        title="mockgraph: Microsoft Graph beta dataClassification jobs",
        version=__version__,
        openapi_version=OPENAPI_VERSION,
        plugins=[GraphMarshmallowPlugin()],
        info={"description": _DESCRIPTION},
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
    for name, parameter in parameters(config).items():
        spec.components.parameter(name, parameter["in"], parameter)
    _singleton_path(spec)
    for collection in COLLECTIONS.values():
        item = restricted_schema(collection.default_type, collection.accepted_types)
        _collection_paths(spec, collection, item)
    add_batch_path(spec, BATCH_PATH, _responses(_ANY + _WITH_BODY))
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
