"""The paths of the service's actions, from ``core/model/actions.py``: a POST below what each is
bound to, its parameters as the request body, its return type as the answer."""

from __future__ import annotations

from typing import Any

from apispec import APISpec

from mockgraph.core.model.actions import Action
from mockgraph.core.model.collections import ENTITY_SETS
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


def add_action_path(spec: APISpec, action: Action) -> None:
    """POST ``.../{action}``: its parameters' schema, and what it answers."""
    bound = ENTITY_SETS.get(action.bound_to)
    path, keys = SINGLETON_PATH, []
    missing: tuple[int, ...] = ()
    if bound is not None:
        path, parents, key = set_path(bound)
        keys = [*parents, key] if action.on_item else parents
        path += f"/{{{key['name']}}}" if action.on_item else ""
        missing = NOT_FOUND if keys else ()
    body = parameters_schema(action.name)
    name = component_name(body)
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=body)
    success: dict[str, Any] = {"204": {"description": "Done."}}
    if action.returns is not None:
        answer = concrete_schema(action.returns)
        success = {"200": json_content(ref(component_name(answer)), f"A {action.returns}.")}
    required = ", ".join(f"`{p}`" for p in action.required) or "none"
    spec.path(
        path=f"{path}/{action.name}",
        parameters=keys,
        operations={
            "post": {
                "operationId": f"{(bound.path if bound else SINGLETON).replace('/', '.')}."
                f"{action.name}",
                "tags": [bound.path.split("/")[0] if bound else SINGLETON],
                "summary": f"The `{action.name}` action.",
                "description": f"Required parameters: {required}; a bad one is a 400 naming it.",
                "parameters": operation_parameters(),
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref(name)}},
                },
                "responses": responses(ANY + WITH_BODY + missing, **success),
            }
        },
    )
