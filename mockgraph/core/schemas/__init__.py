"""Validation of Graph payloads: the polymorphic marshmallow schemas and their error paths."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError

from mockgraph.core.model.actions import ACTIONS
from mockgraph.core.schemas.build import (
    ODATA_TYPE,
    concrete_schema,
    parameters_schema,
    polymorphic_schema,
    restricted_schema,
)

__all__ = [
    "ODATA_TYPE",
    "ValidationError",
    "concrete_schema",
    "error_paths",
    "load_entity",
    "load_parameters",
    "parameters_schema",
    "polymorphic_schema",
    "restricted_schema",
]


def load_entity(data: Any, default: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """Validate a request body; return the wire-form dict to store. Raises ValidationError."""
    result: dict[str, Any] = restricted_schema(default, allowed).load(data)
    return result


def load_parameters(data: Any, action_name: str) -> dict[str, Any]:
    """Validate an action's body: its parameters as sent, each one given that must be (and not
    null). Raises ValidationError naming each bad or missing parameter."""
    if not isinstance(data, dict):
        raise ValidationError(["Not a valid JSON object."])
    loaded: dict[str, Any] = parameters_schema(action_name).load(data)
    missing = [p for p in ACTIONS[action_name].required if loaded.get(p) is None]
    if missing:
        raise ValidationError({p: ["The parameter is required."] for p in missing})
    return loaded


def error_paths(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Flatten marshmallow's nested messages to ``("error.details[0].code", "Not a ...")``."""
    if isinstance(messages, list):
        return [(prefix or "(body)", str(m)) for m in messages if not isinstance(m, dict)] + [
            pair for m in messages if isinstance(m, dict) for pair in error_paths(m, prefix)
        ]
    if not isinstance(messages, dict):
        return [(prefix or "(body)", str(messages))]
    found: list[tuple[str, str]] = []
    for key, value in messages.items():
        if isinstance(key, int):
            path = f"{prefix}[{key}]"
        elif key == "_schema":
            path = prefix
        else:
            path = f"{prefix}.{key}" if prefix else str(key)
        found.extend(error_paths(value, path))
    return found
