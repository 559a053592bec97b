"""The paths of the service's actions, from ``core/model/actions.py``: a POST below what each is
bound to, its parameters as the request body, its return type as the answer."""

from __future__ import annotations

from typing import Any

from apispec import APISpec

from mockgraph.core.model.actions import Action
from mockgraph.core.model.collections import EntitySet
from mockgraph.core.schemas import concrete_schema, parameters_schema
from mockgraph.paths import SINGLETON, SINGLETON_PATH
from mockgraph.specs.openapi.converter import component_name
from mockgraph.specs.openapi.operations import set_path
from mockgraph.specs.openapi.parameters import operation_parameters
from mockgraph.specs.openapi.responses import (
    ANY,
    NOT_FOUND,
    WITH_BODY,
    json_content,
    ref,
    responses,
)


def _function_segment(action: Action) -> tuple[str, list[dict[str, Any]]]:
    # As the SDK's template writes it: each parameter a path parameter, strings quoted.
    written, keys = [], []
    for prop in action.parameters:
        value = f"{{{prop.name}}}" if prop.many else f"'{{{prop.name}}}'"
        written.append(f"{prop.name}={value}")
        what = "a JSON array of strings" if prop.many else "a string"
        keys.append(
            {
                "name": prop.name,
                "in": "path",
                "required": True,
                "description": f"{what}, as OData writes a literal in a URL.",
                "schema": {"type": "string"},
            }
        )
    return f"{action.name}({','.join(written)})", keys


def _component(spec: APISpec, schema: Any) -> dict[str, Any]:
    # A reference to the schema's component, registered on first use.
    name = component_name(schema)
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=schema)
    return ref(name)


def _answer(spec: APISpec, action: Action) -> dict[str, Any]:
    if action.returns is None:
        return {"204": {"description": "Done."}}
    if action.returns_many:  # Collection(Edm.String), as OData wraps a collection
        items = {"type": "string"}
        schema = {"type": "object", "properties": {"value": {"type": "array", "items": items}}}
        return {"200": json_content(schema, "The strings it found.")}
    answer = _component(spec, concrete_schema(action.returns))
    return {"200": json_content(answer, f"A {action.returns}.")}


def add_action_path(spec: APISpec, action: Action, bound: EntitySet | None) -> None:
    """``.../{action}`` below ``bound`` (None: the singleton): its parameters, its answer."""
    path, keys = SINGLETON_PATH, []
    missing: tuple[int, ...] = ()
    if bound is not None:
        path, parents, key = set_path(bound)
        keys = parents if action.binding_many else [*parents, key]
        path += "" if action.binding_many else f"/{{{key['name']}}}"
        missing = NOT_FOUND if keys else ()
    operation: dict[str, Any] = {
        "operationId": f"{(bound.path if bound else SINGLETON).replace('/', '.')}.{action.name}",
        "tags": [bound.path.split("/")[0] if bound else SINGLETON],
        "summary": f"The `{action.name}` {'function' if action.function else 'action'}.",
        "parameters": operation_parameters(),
        "responses": responses(ANY + WITH_BODY + missing, **_answer(spec, action)),
    }
    required = ", ".join(f"`{p}`" for p in action.required) or "none"
    operation["description"] = f"Required parameters: {required}; a bad one is a 400 naming it."
    segment = action.name
    if action.function:
        segment, arguments = _function_segment(action)
        keys = [*keys, *arguments]
    elif action.parameters:
        content = {"application/json": {"schema": _component(spec, parameters_schema(action.name))}}
        operation["requestBody"] = {"required": True, "content": content}
    spec.path(
        path=f"{path}/{segment}", parameters=keys, operations={action.method.lower(): operation}
    )
