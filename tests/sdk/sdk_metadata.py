"""``$metadata`` against the official SDK's own models (msgraph-beta-sdk 1.66.0): every type
the mock's CSDL declares is a model of the SDK, with the same base type and the same
properties, every enum has the SDK's members, and an enum property is read as the SDK reads it
(a list for a flags enum); and every type the SDK reaches from its dataClassificationService is
declared."""

from __future__ import annotations

import importlib
import inspect
import re
from enum import Enum
from typing import Any
from unittest.mock import Mock
from xml.etree import ElementTree as ET

import pytest
from kiota_abstractions.serialization import Parsable
from msgraph_beta.generated.models.data_classification_service import DataClassificationService

from mockgraph.specs.metadata import EDM, metadata_xml

NS = {"edm": EDM}
SCHEMA = ET.fromstring(metadata_xml()).find("*/edm:Schema", NS)
assert SCHEMA is not None
STRUCTURED = [
    element for tag in ("EntityType", "ComplexType") for element in SCHEMA.findall(f"edm:{tag}", NS)
]
ENUMS = SCHEMA.findall("edm:EnumType", NS)
# Graph's documented labelsAndPoliciesEvaluationJobs, which the mock keeps (docs/collections.md):
# in the US-national-cloud CSDL, not in the public cloud's SDK. The only differences there are.
NOT_IN_THE_SDK = {"evaluateLabelsAndPoliciesJobResponse", "evaluateLabelsAndPoliciesResult"}
NAVIGATION_NOT_IN_THE_SDK = {"labelsAndPoliciesEvaluationJobs"}


def _model(name: str) -> Any:
    """The SDK's class for a Graph type or enum (``classificationJobResponse`` in
    ``msgraph_beta.generated.models.classification_job_response``)."""
    module_name = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    module = importlib.import_module(f"msgraph_beta.generated.models.{module_name}")
    class_name = name[0].upper() + name[1:]
    return getattr(module, class_name)


def _declared(element: ET.Element) -> set[str]:
    """The properties the CSDL gives a type, inherited ones included, and @odata.type."""
    names = {p.get("Name", "") for p in element.findall("edm:Property", NS)}
    names |= {n.get("Name", "") for n in element.findall("edm:NavigationProperty", NS)}
    base = element.get("BaseType")
    if base is not None:
        (parent,) = [e for e in STRUCTURED if e.get("Name") == base.removeprefix("graph.")]
        names |= _declared(parent)
    return (names - NAVIGATION_NOT_IN_THE_SDK) | {"@odata.type"}


@pytest.mark.parametrize("element", STRUCTURED, ids=lambda e: e.get("Name"))
def test_every_type_is_the_sdks_with_its_base_and_properties(element: ET.Element) -> None:
    name = element.get("Name", "")
    if name in NOT_IN_THE_SDK:
        with pytest.raises(ModuleNotFoundError):
            _model(name)
        return
    model = _model(name)
    base = element.get("BaseType")
    if base is not None:
        assert model.__mro__[1] is _model(base.removeprefix("graph."))
    sdk = set(model().get_field_deserializers()) if not inspect.isabstract(model) else set()
    assert _declared(element) == sdk


def _read_by(model: type) -> list[type]:
    """The models and enums the SDK's deserializers of ``model`` read (called on a parse node
    that records what it is asked for)."""
    found = []
    for deserialize in model().get_field_deserializers().values():
        node = Mock()
        deserialize(node)
        for call in node.method_calls:
            found += [a for a in call[1] if inspect.isclass(a) and issubclass(a, Parsable | Enum)]
    return found


def _derived(model: type) -> list[type]:
    """The types the SDK's discriminator of ``model`` makes (it imports them as it reads)."""
    source = inspect.getsource(model.create_from_discriminator_value)
    return [_model(name) for name in re.findall(r'"#microsoft\.graph\.(\w+)"', source)]


def _graph_name(model: type) -> str:
    return model.__name__[0].lower() + model.__name__[1:]


def test_every_type_the_sdk_reaches_from_the_service_is_declared() -> None:
    # The other way round from the tests above: what the SDK's dataClassificationService leads
    # to (its properties' types, the types derived from them, their base types) is in the CSDL.
    reached: dict[str, type] = {}
    todo: list[type] = [DataClassificationService]
    while todo:
        model = todo.pop()
        if _graph_name(model) in reached:
            continue
        reached[_graph_name(model)] = model
        if issubclass(model, Parsable) and not inspect.isabstract(model):
            todo += _read_by(model) + _derived(model)
    bases = {
        _graph_name(base)
        for model in reached.values()
        for base in model.__mro__[1:]
        if issubclass(base, Parsable) and base.__module__.startswith("msgraph_beta")
    }
    declared = {e.get("Name") for e in [*STRUCTURED, *ENUMS]}
    assert len(reached) > 50
    assert set(reached) | bases <= declared


FLAGS = {e.get("Name") for e in ENUMS if e.get("IsFlags") == "true"}
ENUM_PROPERTIES = [
    (element, prop)
    for element in STRUCTURED
    if element.get("Name") not in NOT_IN_THE_SDK
    for prop in element.findall("edm:Property", NS)
    if re.sub(r"^Collection\((.*)\)$", r"\1", prop.get("Type", "")).removeprefix("graph.")
    in {e.get("Name") for e in ENUMS}
]


@pytest.mark.parametrize(
    ("element", "prop"),
    ENUM_PROPERTIES,
    ids=[f"{e.get('Name')}.{p.get('Name')}" for e, p in ENUM_PROPERTIES],
)
def test_every_enum_property_is_read_as_the_sdk_reads_it(
    element: ET.Element, prop: ET.Element
) -> None:
    # A flags value ("email,site") and a collection both come to the SDK as a list of members.
    declared = prop.get("Type", "")
    enum = re.sub(r"^Collection\((.*)\)$", r"\1", declared).removeprefix("graph.")
    node = Mock()
    _model(element.get("Name", ""))().get_field_deserializers()[prop.get("Name")](node)
    ((reader, args, _),) = node.method_calls
    many = enum in FLAGS or declared.startswith("Collection(")
    assert (reader, args) == (
        "get_collection_of_enum_values" if many else "get_enum_value",
        (_model(enum),),
    )


@pytest.mark.parametrize("element", ENUMS, ids=lambda e: e.get("Name"))
def test_every_enum_has_the_sdks_members(element: ET.Element) -> None:
    model = _model(element.get("Name", ""))
    assert issubclass(model, Enum)
    assert [m.get("Name") for m in element] == [member.value for member in model]
