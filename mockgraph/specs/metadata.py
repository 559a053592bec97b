"""``GET /beta/$metadata``: the service's CSDL (OData 4.0 XML), built from the type model.

What Graph's own document says of this service, as far as the mock serves it: the
``dataClassification`` singleton and its containment navigation properties (the collections),
the service's actions (bound, with their parameters and return types), the entity and
complex types they hold with their base types, properties and navigation
properties (contained ones with ``ContainsTarget``), and the enums (flags ones with ``IsFlags``
and power-of-two values, as Graph numbers them). Every
``@odata.context`` the mock writes (``$metadata#dataClassification/jobs/$entity``) resolves in
it. Built once, with the standard library's ElementTree (which escapes every name and value).
"""

from __future__ import annotations

from functools import cache
from xml.etree import ElementTree as ET

from mockgraph.core.model.actions import ACTIONS, Action
from mockgraph.core.model.types import (
    DATA_CLASSIFICATION_SERVICE,
    ENUMS,
    TYPE_NAMESPACE,
    TYPES,
    Kind,
    Prop,
    flags_enums,
    is_entity,
)
from mockgraph.paths import SINGLETON

EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
EDM = "http://docs.oasis-open.org/odata/ns/edm"
ALIAS = "graph"  # Graph's alias for its namespace: "graph.entity"
CONTAINER = "GraphService"  # Graph's entity container
ENTITY = "entity"  # Graph's abstract base of every entity type; its id is the key

_EDM = {
    Kind.STRING: "Edm.String",
    Kind.INT32: "Edm.Int32",
    Kind.BOOL: "Edm.Boolean",
    Kind.DATETIME: "Edm.DateTimeOffset",
    Kind.GUID: "Edm.Guid",
    Kind.STREAM: "Edm.Stream",
}


def _type_of(prop: Prop) -> str:
    named = _EDM.get(prop.kind) or f"{ALIAS}.{prop.target}"
    return f"Collection({named})" if prop.many else named


def _enum(schema: ET.Element, name: str, flags: bool) -> None:
    element = ET.SubElement(schema, "EnumType", Name=name)
    if flags:
        element.set("IsFlags", "true")
    for index, member in enumerate(ENUMS[name]):
        value = 1 << index if flags else index
        ET.SubElement(element, "Member", Name=member, Value=str(value))


def _structured(schema: ET.Element, name: str) -> None:
    graph_type = TYPES[name]
    entity = is_entity(name)
    element = ET.SubElement(schema, "EntityType" if entity else "ComplexType", Name=name)
    base = graph_type.base or (ENTITY if entity else None)
    if base is not None:
        element.set("BaseType", f"{ALIAS}.{base}")
    for prop in graph_type.props:
        if entity and graph_type.base is None and prop.name == "id":
            continue  # the key, inherited from entity
        ET.SubElement(element, "Property", Name=prop.name, Type=_type_of(prop))
    for nav in graph_type.navs:
        target = f"{ALIAS}.{nav.target}"
        navigation = ET.SubElement(
            element,
            "NavigationProperty",
            Name=nav.name,
            Type=f"Collection({target})" if nav.many else target,
        )
        if nav.contained:
            navigation.set("ContainsTarget", "true")


def _action(schema: ET.Element, action: Action) -> None:
    kind = "Function" if action.function else "Action"
    element = ET.SubElement(schema, kind, Name=action.name, IsBound="true")
    binding = f"{ALIAS}.{action.binding_type}"
    binding = f"Collection({binding})" if action.binding_many else binding
    ET.SubElement(element, "Parameter", Name="bindingParameter", Type=binding)
    for prop in action.parameters:
        ET.SubElement(element, "Parameter", Name=prop.name, Type=_type_of(prop))
    if action.returns is not None:
        returned = action.returns
        returned = returned if returned.startswith("Edm.") else f"{ALIAS}.{returned}"
        returned = f"Collection({returned})" if action.returns_many else returned
        ET.SubElement(element, "ReturnType", Type=returned)


def _entity_base(schema: ET.Element) -> None:
    element = ET.SubElement(schema, "EntityType", Name=ENTITY, Abstract="true")
    ET.SubElement(ET.SubElement(element, "Key"), "PropertyRef", Name="id")
    ET.SubElement(element, "Property", Name="id", Type="Edm.String", Nullable="false")


@cache
def metadata_xml() -> bytes:
    """The CSDL document, as UTF-8 XML bytes."""
    root = ET.Element("edmx:Edmx", {"xmlns:edmx": EDMX, "Version": "4.0"})
    services = ET.SubElement(root, "edmx:DataServices")
    schema = ET.SubElement(services, "Schema", xmlns=EDM, Namespace=TYPE_NAMESPACE, Alias=ALIAS)
    flags = flags_enums()
    for name in sorted(ENUMS):
        _enum(schema, name, name in flags)
    _entity_base(schema)
    for name in sorted(TYPES):
        _structured(schema, name)
    for name in sorted(ACTIONS):
        _action(schema, ACTIONS[name])
    container = ET.SubElement(schema, "EntityContainer", Name=CONTAINER)
    singleton = f"{TYPE_NAMESPACE}.{DATA_CLASSIFICATION_SERVICE}"
    ET.SubElement(container, "Singleton", Name=SINGLETON, Type=singleton)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
