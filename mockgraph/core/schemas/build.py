"""marshmallow schemas built from the type model: one concrete schema per type, and one
polymorphic (``@odata.type``-dispatching) schema per declared type.

The schemas read wire form and return wire form: field names are Graph's property names, and a
loaded value is the dict the store keeps and serves, with the canonical ``@odata.type`` first
and the other properties in the order the client sent them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from marshmallow import RAISE, Schema, ValidationError, fields
from marshmallow.error_store import ErrorStore
from marshmallow_oneofschema import OneOfSchema

from mockgraph.core.model.actions import ACTIONS
from mockgraph.core.model.types import (
    ENUMS,
    Kind,
    Prop,
    all_props,
    derived_types,
    is_derived,
    qualified,
)
from mockgraph.core.model.types import resolve_type_name as resolve
from mockgraph.core.schemas import fields as graph_fields
from mockgraph.core.schemas import pins

pins.check()  # the shortcuts below use marshmallow internals: fail here, not silently

ODATA_TYPE = "@odata.type"


class GraphSchema(Schema):
    """A concrete Graph type's properties; strict about unknown ones.

    Loaded through ``PolymorphicSchema``, which strips annotations before and restores
    ``@odata.type`` and the sent order after (cheaper there than as marshmallow processors:
    bench/README.md).
    """

    type_name: str = ""

    class Meta:
        unknown = RAISE

    def load(
        self, data: Any, *, many: bool | None = None, partial: Any = None, unknown: Any = None
    ) -> Any:
        """marshmallow's, for one object and without the hooks these schemas do not have."""
        if many or self.many or partial or self.partial or unknown not in (None, RAISE):
            return super().load(data, many=many, partial=partial, unknown=unknown)
        if any(self._hooks.values()):
            return super().load(data, many=many, partial=partial, unknown=unknown)
        errors = ErrorStore()
        result = self._deserialize(data, error_store=errors)
        if errors.errors:  # as Schema._do_load raises it
            raise ValidationError(errors.errors, data=data, valid_data=result)
        return result

    def _deserialize(
        self,
        data: Any,
        *,
        error_store: ErrorStore,
        many: bool = False,
        partial: Any = None,
        unknown: Any = RAISE,
        index: int | None = None,
    ) -> Any:
        """marshmallow's, for one object of these schemas: only the properties sent are visited.

        marshmallow visits every declared field, sent or not, through a closure per field; with
        no field required and none renamed (``data_key``, ``attribute``), skipping the absent
        ones changes nothing, and halves the cost. Errors are stored in the same order.
        """
        if many or partial or unknown != RAISE or not isinstance(data, Mapping):
            return super()._deserialize(
                data,
                error_store=error_store,
                many=many,
                partial=partial,
                unknown=unknown,
                index=index,
            )
        result = self.dict_class()
        for name, field in self.load_fields.items():  # declared order, as marshmallow
            if name not in data:
                continue
            try:
                result[name] = field.deserialize(data[name], name, data)
            except ValidationError as error:
                error_store.store_error(error.messages, name, index=index)
                if error.valid_data:
                    result[name] = error.valid_data
        for key in set(data) - set(self.load_fields):
            error_store.store_error([self.error_messages["unknown"]], key, index)
        return result


class PolymorphicSchema(OneOfSchema):
    """Dispatches on ``@odata.type`` among a declared type and the types derived from it."""

    type_field = ODATA_TYPE
    type_field_remove = True
    declared: str = ""

    def get_data_type(self, data: dict[str, Any]) -> str:
        sent = data.get(ODATA_TYPE)
        if sent is None:
            return self.declared  # a missing @odata.type means the declared type
        name = resolve(sent) if isinstance(sent, str) else None
        if name is None or name not in self.type_schemas:
            allowed = ", ".join(qualified(n) for n in self.type_schemas)
            raise ValidationError(
                {ODATA_TYPE: [f"{sent!r} is not a type accepted here; allowed: {allowed}."]}
            )
        return name

    def load(
        self,
        data: Any,
        *,
        many: Any = None,
        partial: Any = None,
        unknown: Any = None,
        **kwargs: Any,
    ) -> Any:
        """OneOfSchema's, for one object (it wraps every load for ``many`` lists)."""
        if many or (many is None and self.many):
            return super().load(data, many=many, partial=partial, unknown=unknown, **kwargs)
        partial = self.partial if partial is None else partial
        try:
            return self._load(data, partial=partial, unknown=unknown, **kwargs)
        except ValidationError as error:  # as OneOfSchema.load raises it
            messages = error.normalized_messages()
            raise ValidationError(messages, data=data, valid_data=[error.valid_data]) from None

    def _load(self, data: Any, *, partial: Any = None, unknown: Any = None, **kwargs: Any) -> Any:
        if not isinstance(data, dict):
            raise ValidationError(["Not a valid JSON object."])
        name = self.get_data_type(data)
        # OData instance annotations ("@odata.context", "x@odata.etag") are metadata a service
        # ignores on write; the SDK sends back the ones it read into additional_data.
        properties = {k: v for k, v in data.items() if "@" not in k}
        schema = cast(Schema, self.type_schemas[name])  # instances: built once in restricted_schema
        try:
            loaded = schema.load(properties, partial=partial, unknown=unknown)
        except ValidationError as error:
            raise self._hinted(error, name) from None
        wire = {ODATA_TYPE: qualified(name)}  # always echoed: the SDK picks subclasses by it
        wire.update((key, loaded[key]) for key in properties if key in loaded)
        return wire

    def _hinted(self, error: ValidationError, name: str) -> ValidationError:
        """``error``, each unknown property that a type derived from ``name`` (and accepted
        here) has saying which ``@odata.type`` to send with it."""
        owners = _derived_owners(name, tuple(self.type_schemas))
        if not isinstance(error.messages, dict) or not owners.keys() & error.messages.keys():
            return error
        messages = dict(error.messages)
        for prop, types in owners.items():
            if prop in messages:
                hint = _derived_hint(prop, name, types)
                messages[prop] = [f"{message} {hint}" for message in messages[prop]]
        return ValidationError(messages, data=error.data, valid_data=error.valid_data)


@cache
def _derived_owners(name: str, accepted: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The properties ``name`` lacks that types derived from it (among ``accepted``) have, each
    with those types."""
    own = {prop.name for prop in all_props(name)}
    owners: dict[str, list[str]] = {}
    for other in accepted:
        if other != name and is_derived(other, name):
            for prop in all_props(other):
                if prop.name not in own:
                    owners.setdefault(prop.name, []).append(other)
    return {prop: tuple(types) for prop, types in owners.items()}


def _derived_hint(prop: str, name: str, types: tuple[str, ...]) -> str:
    # A body without @odata.type is read as the declared type, whose properties are fewer.
    others = " (or another of them)" if len(types) > 1 else ""
    return (
        f"'{prop}' is a property of {', '.join(types)}, derived from {name}: "
        f'send "{ODATA_TYPE}": "{qualified(types[0])}"{others} with it.'
    )


def _field(prop: Prop) -> fields.Field:
    if prop.kind is Kind.COMPLEX:
        target = prop.target or ""
        inner: fields.Field = graph_fields.Nested(lambda: polymorphic_schema(target))
    elif prop.kind in (Kind.ENUM, Kind.FLAGS):
        enum_name = prop.target or ""
        field_class = graph_fields.FlagsEnum if prop.kind is Kind.FLAGS else graph_fields.EnumMember
        inner = field_class(enum_name, ENUMS[enum_name])
    else:
        inner = _PRIMITIVES[prop.kind]()
    if prop.many:
        return graph_fields.List(inner, allow_none=True)
    inner.allow_none = True  # every Graph property but the key is nullable
    return inner


_PRIMITIVES: dict[Kind, type[fields.Field]] = {
    Kind.STRING: graph_fields.String,
    Kind.INT32: graph_fields.Int32,
    Kind.BOOL: graph_fields.Bool,
    Kind.DATETIME: graph_fields.DateTimeOffset,
    Kind.GUID: graph_fields.Guid,
    Kind.STREAM: graph_fields.Base64,
}


@cache
def concrete_schema(type_name: str) -> GraphSchema:
    """The schema of exactly this type (no dispatch)."""
    declared = {prop.name: _field(prop) for prop in all_props(type_name)}
    schema_class = type(
        f"{type_name[0].upper()}{type_name[1:]}Schema",
        (GraphSchema,),
        {**declared, "type_name": type_name},
    )
    return schema_class()


@cache
def polymorphic_schema(declared: str) -> PolymorphicSchema:
    """The schema for a property declared as ``declared``: accepts it and its derived types."""
    return restricted_schema(declared, derived_types(declared))


@cache
def restricted_schema(default: str, allowed: tuple[str, ...]) -> PolymorphicSchema:
    """A dispatching schema over ``allowed`` types, ``default`` when ``@odata.type`` is missing."""
    schema_class = type(
        f"{default[0].upper()}{default[1:]}OneOf",
        (PolymorphicSchema,),
        {"declared": default, "type_schemas": {n: concrete_schema(n) for n in allowed}},
    )
    return schema_class()


class ParametersSchema(GraphSchema):
    """An action's parameters (its JSON body): as strict as a type, but no type of its own."""

    action_name: str = ""


@cache
def parameters_schema(action_name: str) -> ParametersSchema:
    """The schema of an action's parameters."""
    action = ACTIONS[action_name]
    declared = {prop.name: _field(prop) for prop in action.parameters}
    for name in action.required:
        declared[name].allow_none = False
    schema_class = type(
        f"{action_name[0].upper()}{action_name[1:]}Parameters",
        (ParametersSchema,),
        {**declared, "action_name": action_name},
    )
    return schema_class()
