"""The paths of every entity set, from its line in the model, as ``http/service.py`` routes them:
a collection, its ``$count`` and its items; a single-valued set at its own path. Only what the
set's operations allow is described."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apispec import APISpec
from marshmallow import Schema

from mockgraph.core.model.collections import (
    COUNT,
    CREATE,
    DELETE,
    ENTITY_SETS,
    GET,
    LIST,
    UPDATE,
    EntitySet,
)
from mockgraph.core.schemas.build import PolymorphicSchema
from mockgraph.paths import SINGLETON_PATH
from mockgraph.specs.openapi.converter import component_name, set_schema
from mockgraph.specs.openapi.parameters import (
    expand_name,
    key_parameters,
    lineage,
    noun,
    operation_parameters,
    orderby_name,
    select_name,
)
from mockgraph.specs.openapi.responses import (
    ANY,
    CREATES,
    NOT_FOUND,
    WITH_BODY,
    collection_schema,
    json_content,
    ref,
    responses,
)

_PAGING = ("top", "skip", "count")


def _where(entity_set: EntitySet) -> str:
    if entity_set.parent is None:
        return f"`{entity_set.name}`"
    return f"the `{entity_set.name}` of one {noun(ENTITY_SETS[entity_set.parent])}"


@dataclass(frozen=True)
class _SetDocument:
    """What the operations of one set share: its names, schemas and parameters."""

    entity_set: EntitySet
    item: Schema
    item_ref: dict[str, str]
    patch: dict[str, Any]  # the PATCH body's schema
    path: str  # the set's path, ids as named parameters
    parents: list[dict[str, Any]]  # the parents' id parameters
    key: dict[str, Any]  # the item's id parameter

    @property
    def tags(self) -> list[str]:  # a top-level set and everything it contains
        return [self.entity_set.path.split("/")[0]]

    def operation_id(self, action: str) -> str:
        return f"{self.entity_set.path.replace('/', '.')}.{action}"

    def expand(self) -> list[str]:
        expand = expand_name(self.entity_set)
        return [expand] if expand else []

    @property
    def parent_missing(self) -> tuple[int, ...]:
        # A contained collection is a 404 when the parent its path names is missing.
        return NOT_FOUND if self.parents else ()


def _body(schema: Any) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _patch_schema(spec: APISpec, item: Schema) -> dict[str, Any]:
    """A PATCH body: the properties of any type the set takes, ``@odata.type`` optional.

    Not the create body's ``oneOf``: without ``@odata.type`` a PATCH is read as the item's own
    type, which the path does not say, so ``{"result": ...}`` must be valid whenever one of the
    types has a ``result``. A set of one type takes that type's body.
    """
    if not isinstance(item, PolymorphicSchema):
        return ref(component_name(item))
    name = f"{component_name(item)}.patch"
    if name not in spec.components.schemas:
        created = spec.components.schemas[component_name(item)]
        listed = ", ".join(f"`{key}`" for key in created["discriminator"]["mapping"])
        spec.components.schema(
            name,
            {
                "description": (
                    f"Properties of {listed}: those of the item's own type. Without "
                    "`@odata.type` the body is read as that type; with it, it must name it."
                ),
                "anyOf": [{"$ref": branch["$ref"]} for branch in created["oneOf"]],
                "discriminator": created["discriminator"],
            },
        )
    return ref(name)


def set_path(entity_set: EntitySet) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """The path of a set's collection (parents' ids as named parameters), those parameters,
    and the item's own key parameter."""
    # The last is the item's key (a single-valued set's path has none: it is its parents').
    *parents, key = key_parameters(entity_set, item=True)
    names = [
        f"{{{p['name']}}}/{s.name}" for p, s in zip(parents, lineage(entity_set)[1:], strict=True)
    ]
    return "/".join([f"{SINGLETON_PATH}/{lineage(entity_set)[0].name}", *names]), parents, key


def _describe(spec: APISpec, entity_set: EntitySet) -> _SetDocument:
    item = set_schema(entity_set)
    item_ref = ref(component_name(item))
    if component_name(item) not in spec.components.schemas:
        spec.components.schema(component_name(item), schema=item)
    path, parents, key = set_path(entity_set)
    patch = _patch_schema(spec, item)
    return _SetDocument(entity_set, item, item_ref, patch, path, parents, key)


def _created(entity: dict[str, Any], description: str, location: str) -> dict[str, Any]:
    answer = json_content(entity, description)
    answer["headers"] = {"Location": {"description": location, "schema": {"type": "string"}}}
    return answer


def _collection(spec: APISpec, doc: _SetDocument) -> None:
    entity_set, ops = doc.entity_set, doc.entity_set.operations
    missing, one = doc.parent_missing, noun(doc.entity_set)
    page = f"{component_name(doc.item)}.collection"
    if page not in spec.components.schemas:
        spec.components.schema(page, collection_schema(doc.item_ref))
    select, orderby = select_name(entity_set.default_type), orderby_name(entity_set)
    query = [*_PAGING, select, orderby, "filter", "skiptoken", *doc.expand()]
    operations: dict[str, Any] = {}
    if CREATE in ops:
        created = _created(doc.item_ref, f"Created: the {one}, with its id.", "Its URL.")
        operations["post"] = {
            "operationId": doc.operation_id("create"),
            "tags": doc.tags,
            "summary": f"Create one {one} in {_where(entity_set)}; the server assigns its id.",
            "parameters": operation_parameters(),
            "requestBody": _body(doc.item),
            "responses": responses(ANY + WITH_BODY + CREATES + missing, **{"201": created}),
        }
    if LIST in ops:
        operations["get"] = {
            "operationId": doc.operation_id("list"),
            "tags": doc.tags,
            "summary": f"One page of {_where(entity_set)}, with the query options applied.",
            "parameters": operation_parameters(*query),
            "responses": responses(ANY + missing, **{"200": json_content(ref(page), "A page.")}),
        }
    if operations:
        spec.path(path=doc.path, parameters=doc.parents, operations=operations)
    if COUNT in ops:
        _count(spec, doc)


def _count(spec: APISpec, doc: _SetDocument) -> None:
    count = {"text/plain": {"schema": {"type": "string", "pattern": "^[0-9]+$"}}}
    summary = f"The number of items in {_where(doc.entity_set)} (matching `$filter`), as text."
    get = {
        "operationId": doc.operation_id("count"),
        "tags": doc.tags,
        "summary": summary,
        "parameters": operation_parameters("filter"),
        "responses": responses(
            ANY + doc.parent_missing, **{"200": {"description": "The count.", "content": count}}
        ),
    }
    spec.path(path=f"{doc.path}/$count", parameters=doc.parents, operations={"get": get})


def _entity(doc: _SetDocument, single: bool) -> dict[str, Any]:
    """GET, PATCH and DELETE of one item, as far as the set allows them."""
    entity_set = doc.entity_set
    ops, one, where = entity_set.operations, noun(entity_set), _where(entity_set)
    contains = any(inner.parent == entity_set.path for inner in ENTITY_SETS.values())
    found: dict[str, Any] = {}
    if GET in ops:
        found["get"] = {
            "operationId": doc.operation_id("get"),
            "tags": doc.tags,
            "summary": f"Read {where} (`{one}`)." if single else f"One {one} of {where}.",
            "parameters": operation_parameters(select_name(entity_set.default_type), *doc.expand()),
            "responses": responses(ANY + NOT_FOUND, **{"200": json_content(doc.item_ref, one)}),
        }
    if UPDATE in ops:
        found["patch"] = _update(doc, single)
    if DELETE in ops:
        gone = f"the {one} and everything it contains" if contains else f"the {one}"
        found["delete"] = {
            "operationId": doc.operation_id("delete"),
            "tags": doc.tags,
            "summary": f"Remove {gone}; a second delete is a 404.",
            "parameters": operation_parameters(),
            "responses": responses(ANY + NOT_FOUND, **{"204": {"description": "Deleted."}}),
        }
    return found


def _update(doc: _SetDocument, single: bool) -> dict[str, Any]:
    one = noun(doc.entity_set)
    success = {"200": json_content(doc.item_ref, f"The updated {one}.")}
    statuses: tuple[int, ...] = ANY + WITH_BODY + NOT_FOUND
    summary = "Replace the top-level properties sent; the id and type stay."
    if single:  # OData's upsert: a PATCH to a single-valued property with no value creates it
        success["201"] = _created(doc.item_ref, f"Created: the {one}.", "This path.")
        statuses += CREATES
        summary = f"Change the {one}, or create it (201) if there is none."
    operation = {
        "operationId": doc.operation_id("update"),
        "tags": doc.tags,
        "summary": summary,
        "parameters": operation_parameters(),
        "requestBody": _body(doc.patch),
        "responses": responses(statuses, **success),
    }
    if isinstance(doc.item, PolymorphicSchema):
        operation["description"] = f"Without `@odata.type`, the body is read as the {one}'s type."
    return operation


def add_set_paths(spec: APISpec, entity_set: EntitySet) -> None:
    """The paths and operations of one entity set."""
    doc = _describe(spec, entity_set)
    if not entity_set.many:
        operations = _entity(doc, single=True)
        if operations:
            spec.path(path=doc.path, parameters=doc.parents, operations=operations)
        return
    _collection(spec, doc)
    operations = _entity(doc, single=False)
    if operations:
        keys = [*doc.parents, doc.key]
        spec.path(path=f"{doc.path}/{{{doc.key['name']}}}", parameters=keys, operations=operations)
