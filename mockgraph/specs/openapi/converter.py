"""apispec's marshmallow plugin, taught Graph's strict fields and ``@odata.type`` dispatch.

The document is built from the very schema objects the app validates with, so the two cannot
drift: a concrete schema becomes ``microsoft.graph.<type>``, a dispatching schema becomes a
``oneOf`` over the concrete ones with an ``@odata.type`` discriminator. The document is
OpenAPI 3.1 (JSON Schema 2020-12), which lets a ``$ref`` carry siblings such as ``required``.
"""

from __future__ import annotations

import re
from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.field_converter import DEFAULT_FIELD_MAPPING
from marshmallow import Schema, fields

from mockgraph.core.model.actions import ACTIONS
from mockgraph.core.model.collections import ENTITY_SETS, EntitySet, expandable
from mockgraph.core.model.types import ENUMS, TYPE_NAMESPACE, derived_types, is_entity, qualified
from mockgraph.core.schemas import ODATA_TYPE, concrete_schema, restricted_schema
from mockgraph.core.schemas import fields as graph_fields
from mockgraph.core.schemas.build import GraphSchema, ParametersSchema, PolymorphicSchema
from mockgraph.core.schemas.fields import DATETIME_OFFSET, GUID_PATTERN, INT32_MAX, INT32_MIN

# Keys with an "@" are OData instance annotations, which the schemas ignore on write.
ANNOTATIONS: dict[str, dict[str, Any]] = {"@": {}}
NULL = {"type": "null"}


def component_name(schema: Schema | type[Schema]) -> str:
    """The component name of one of the app's schemas."""
    if isinstance(schema, PolymorphicSchema) or (
        isinstance(schema, type) and issubclass(schema, PolymorphicSchema)
    ):
        allowed = tuple(schema.type_schemas)
        if allowed == derived_types(schema.declared):
            return f"{TYPE_NAMESPACE}.{schema.declared}.oneOf"
        others = (name for name in allowed if name != schema.declared)
        return ".".join((TYPE_NAMESPACE, schema.declared, "or", *others))
    if isinstance(schema, ParametersSchema):
        return f"{TYPE_NAMESPACE}.{schema.action_name}.parameters"
    type_name = getattr(schema, "type_name", "")
    if not type_name:
        raise TypeError(f"{schema!r} is not one of mockgraph's Graph schemas")
    return f"{TYPE_NAMESPACE}.{type_name}"


def set_schema(entity_set: EntitySet) -> Schema:
    """The schema of a set's items: its type's own, or one dispatching on ``@odata.type``
    when the set takes derived types too (the job collections)."""
    if entity_set.accepted_types == (entity_set.default_type,):
        return concrete_schema(entity_set.default_type)
    return restricted_schema(entity_set.default_type, entity_set.accepted_types)


def expanded(type_name: str) -> dict[str, EntitySet]:
    """The navigation properties an item of ``type_name`` may show (``$expand``), with the set
    each leads to, wherever such an item is served."""
    found: dict[str, EntitySet] = {}
    for entity_set in ENTITY_SETS.values():
        if type_name in entity_set.accepted_types:
            for name, inner in expandable(entity_set).items():
                found.setdefault(name, inner)
    return found


def _ecma(pattern: re.Pattern[str]) -> str:
    """A Python regex used with ``match`` as an anchored JSON Schema (ECMA 262) pattern."""
    return "^" + pattern.pattern.removesuffix(r"\Z") + "$"


def _any_case(text: str) -> str:
    # resolve_type_name compares lower-cased text; the Kelvin sign lower-cases to "k".
    extra = {"k": "\u212a"}
    return "".join(
        f"[{c.lower()}{c.upper()}{extra.get(c.lower(), '')}]" if c.isalpha() else re.escape(c)
        for c in text
    )


def odata_type_property(type_name: str) -> dict[str, Any]:
    """``@odata.type`` of a concrete type: what resolve_type_name accepts for it, exactly."""
    return {
        "type": "string",
        "pattern": f"^#?{_any_case(f'{TYPE_NAMESPACE}.{type_name}')}$",
        "examples": [qualified(type_name)],
        "description": (
            f"Always written as `{qualified(type_name)}`; read without `#` and in any letter "
            "case too. Omitted, the value is of the declared type."
        ),
    }


def _flags(field: graph_fields.FlagsEnum) -> dict[str, Any]:
    members = list(ENUMS[field.enum_name])
    names = "|".join(members)
    forms: list[dict[str, Any]] = [
        {"type": "string", "pattern": rf"^\s*(?:{names})\s*(?:,\s*(?:{names})\s*)*$"},
        {"type": "array", "minItems": 1, "items": {"type": "string", "enum": members}},
    ]
    if field.allow_none:
        forms.append({"type": "null"})
    return {"oneOf": forms, "description": f"Flags of {field.enum_name}: `a,b` or `[a, b]`."}


def graph_field_properties(
    self: OpenAPIConverter, field: fields.Field, ret: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """What apispec cannot know about mockgraph's own fields: ranges, patterns, enum members."""
    if isinstance(field, graph_fields.FlagsEnum):
        return _flags(field)
    if isinstance(field, graph_fields.EnumMember):
        members: list[Any] = list(ENUMS[field.enum_name])
        return {"enum": members + [None] if field.allow_none else members}
    if isinstance(field, graph_fields.Int32):
        return {"minimum": INT32_MIN, "maximum": INT32_MAX}
    if isinstance(field, graph_fields.DateTimeOffset):
        return {"pattern": _ecma(DATETIME_OFFSET)}
    if isinstance(field, graph_fields.Guid):
        return {"pattern": _ecma(GUID_PATTERN)}
    return {}


class GraphConverter(OpenAPIConverter):
    """Converts concrete Graph schemas and ``@odata.type``-dispatching ones."""

    field_mapping = {
        **DEFAULT_FIELD_MAPPING,
        graph_fields.String: ("string", None),
        graph_fields.Int32: ("integer", "int32"),
        graph_fields.Bool: ("boolean", None),
        graph_fields.DateTimeOffset: ("string", "date-time"),
        graph_fields.Guid: ("string", "uuid"),
        graph_fields.Base64: ("string", "byte"),
        graph_fields.EnumMember: ("string", None),
        graph_fields.FlagsEnum: (None, None),  # a string or an array: see _flags
    }

    def init_attribute_functions(self) -> None:
        """apispec's attribute functions, then mockgraph's."""
        super().init_attribute_functions()
        self.add_attribute_function(graph_field_properties)

    def schema2jsonschema(self, schema: Any) -> dict[str, Any]:
        """A dispatching schema as ``oneOf``; a concrete one with its ``@odata.type``."""
        if isinstance(schema, PolymorphicSchema):
            return self._one_of(schema)
        converted: dict[str, Any] = super().schema2jsonschema(schema)
        if isinstance(schema, ParametersSchema):
            required = list(ACTIONS[schema.action_name].required)
            return {**converted, "required": required, "additionalProperties": False}
        if not isinstance(schema, GraphSchema):
            return converted
        properties = {ODATA_TYPE: odata_type_property(schema.type_name)}
        properties.update(converted.get("properties", {}))
        if is_entity(schema.type_name):
            properties["id"] = {
                "type": "string",
                "readOnly": True,
                "description": "Assigned by the server; a PATCH may repeat it unchanged.",
            }
        properties.update(self._navigation(schema.type_name))
        return {
            "type": "object",
            "description": f"`{qualified(schema.type_name)}`, exactly (no derived type).",
            "properties": properties,
            "patternProperties": ANNOTATIONS,
            "additionalProperties": False,
        }

    def _navigation(self, type_name: str) -> dict[str, Any]:
        # Only in an answer, and only when $expand names them: a body holding one is a 400.
        found = {}
        for name, inner in expanded(type_name).items():
            item = self.resolve_nested_schema(set_schema(inner))
            value = {"type": "array", "items": item} if inner.many else {"anyOf": [item, NULL]}
            found[name] = {
                **value,
                "readOnly": True,
                "description": f"Contained: only in an answer, when `$expand` names `{name}`.",
                "x-ms-navigationProperty": True,
            }
        return found

    def _one_of(self, schema: PolymorphicSchema) -> dict[str, Any]:
        alternatives, mapping = [], {}
        for name, concrete in schema.type_schemas.items():
            ref: dict[str, Any] = self.resolve_nested_schema(concrete)
            mapping[qualified(name)] = ref["$ref"]
            # Without @odata.type a value is the declared type: only that branch may match it.
            alternatives.append(
                ref if name == schema.declared else {**ref, "required": [ODATA_TYPE]}
            )
        listed = ", ".join(f"`{key}`" for key in mapping)
        return {
            "description": (
                f"One of {listed}, told apart by `@odata.type`; "
                f"without it, `{qualified(schema.declared)}`."
            ),
            "oneOf": alternatives,
            "discriminator": {"propertyName": ODATA_TYPE, "mapping": mapping},
        }


class GraphMarshmallowPlugin(MarshmallowPlugin):
    """The marshmallow plugin with GraphConverter and component names from the type model."""

    Converter = GraphConverter

    def __init__(self) -> None:
        super().__init__(schema_name_resolver=component_name)
