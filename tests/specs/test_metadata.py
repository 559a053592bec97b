"""``GET /beta/$metadata``: the CSDL says what the type model says, and every @odata.context
the mock writes resolves in it."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from flask.testing import FlaskClient

from mockgraph.core.model.actions import ACTIONS
from mockgraph.core.model.collections import ENTITY_SETS
from mockgraph.core.model.types import (
    DATA_CLASSIFICATION_SERVICE,
    ENUMS,
    TYPES,
    all_props,
    flags_enums,
    is_entity,
)
from mockgraph.core.store import JobStore
from mockgraph.specs.metadata import EDM, EDMX
from tests.support.graph import BASE
from tests.support.payloads import job

NS = {"edm": EDM, "edmx": EDMX}
METADATA = "/beta/$metadata"


@pytest.fixture
def schema(client: FlaskClient) -> ET.Element:
    answer = client.get(METADATA, headers={"Authorization": ""})  # no token needed
    assert answer.status_code == 200
    assert answer.content_type == "application/xml"
    root = ET.fromstring(answer.data)
    assert (root.tag, root.get("Version")) == (f"{{{EDMX}}}Edmx", "4.0")
    found = root.find("edmx:DataServices/edm:Schema", NS)
    assert found is not None
    assert (found.get("Namespace"), found.get("Alias")) == ("microsoft.graph", "graph")
    return found


def _types(schema: ET.Element) -> dict[str, ET.Element]:
    return {
        element.get("Name", ""): element
        for tag in ("EntityType", "ComplexType")
        for element in schema.findall(f"edm:{tag}", NS)
    }


def test_every_type_of_the_model_with_its_base_and_properties(schema: ET.Element) -> None:
    declared = _types(schema)
    assert set(declared) == set(TYPES) | {"entity"}
    for name, graph_type in TYPES.items():
        element = declared[name]
        assert element.tag == f"{{{EDM}}}{'EntityType' if is_entity(name) else 'ComplexType'}"
        base = graph_type.base or ("entity" if is_entity(name) else None)
        assert element.get("BaseType") == (f"graph.{base}" if base else None), name
        own = [p.get("Name") for p in element.findall("edm:Property", NS)]
        expected = [p.name for p in graph_type.props]
        if is_entity(name) and graph_type.base is None:
            expected.remove("id")  # the key, inherited from entity
        assert own == expected, name


def test_the_entity_base_holds_the_key(schema: ET.Element) -> None:
    entity = _types(schema)["entity"]
    assert entity.get("Abstract") == "true"
    key = entity.find("edm:Key/edm:PropertyRef", NS)
    assert key is not None and key.get("Name") == "id"


def test_every_enum_with_its_members_and_graphs_values(schema: ET.Element) -> None:
    enums = {e.get("Name"): e for e in schema.findall("edm:EnumType", NS)}
    assert set(enums) == set(ENUMS)
    for name, members in ENUMS.items():
        flags = name in flags_enums()
        assert (enums[name].get("IsFlags") == "true") is flags
        values = [(m.get("Name"), int(m.get("Value", "-1"))) for m in enums[name]]
        assert values == [(m, 1 << i if flags else i) for i, m in enumerate(members)]


def test_the_singleton_and_its_collections(schema: ET.Element) -> None:
    (singleton,) = schema.findall("edm:EntityContainer/edm:Singleton", NS)
    assert singleton.attrib == {
        "Name": "dataClassification",
        "Type": "microsoft.graph.dataClassificationService",
    }
    service = _types(schema)[DATA_CLASSIFICATION_SERVICE]
    navigation = {n.get("Name"): n for n in service.findall("edm:NavigationProperty", NS)}
    top = {s.name: s for s in ENTITY_SETS.values() if s.parent is None}
    assert set(navigation) == set(top)
    for name, element in navigation.items():
        assert element.get("Type") == f"Collection(graph.{top[name].default_type})"
        assert element.get("ContainsTarget") == "true"


def test_every_contained_set_is_a_navigation_property_of_its_parents_type(
    schema: ET.Element,
) -> None:
    types = _types(schema)
    for entity_set in ENTITY_SETS.values():
        if entity_set.parent is None:
            continue
        owner = ENTITY_SETS[entity_set.parent].default_type
        navigation = {n.get("Name"): n for n in types[owner].findall("edm:NavigationProperty", NS)}
        target = f"graph.{entity_set.default_type}"
        assert navigation[entity_set.name].get("Type") == (
            f"Collection({target})" if entity_set.many else target
        )
        assert navigation[entity_set.name].get("ContainsTarget") == "true"


_CONTEXT = re.compile(
    r"http://localhost/beta/\$metadata#(?P<set>\w+)(?P<path>(?:/\w+(?:\('[^']*'\))?)*)"
    r"(?:\((?P<select>[\w,]+)\))?(?P<entity>/\$entity)?\Z"
)
_SEGMENT = re.compile(r"/(?P<nav>\w+)(?P<key>\('[^']*'\))?")


def _resolve(schema: ET.Element, context: str) -> None:
    """The context names the singleton, a path of navigation properties from it (with keys
    where a collection is entered), and properties of the type there."""
    match = _CONTEXT.match(context)
    assert match, context
    container = schema.find("edm:EntityContainer", NS)
    assert container is not None
    (singleton,) = [s for s in container if s.get("Name") == match["set"]]
    type_name = singleton.get("Type", "").removeprefix("microsoft.graph.")
    segments = list(_SEGMENT.finditer(match["path"]))
    for index, segment in enumerate(segments):
        (navigation,) = [
            n
            for n in _types(schema)[type_name].findall("edm:NavigationProperty", NS)
            if n.get("Name") == segment["nav"]
        ]
        declared = navigation.get("Type", "")
        many = declared.startswith("Collection(")
        # A key enters a collection; only the last segment may be a collection left unkeyed.
        assert bool(segment["key"]) == (many and index < len(segments) - 1), context
        type_name = declared.removeprefix("Collection(").removesuffix(")")
        type_name = type_name.removeprefix("graph.")
    if not segments:
        assert not match["entity"], context  # a singleton's context has no /$entity
    if match["select"]:
        names = {p.name for p in all_props(type_name)}
        assert set(match["select"].split(",")) <= names, context


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", BASE, None),
        ("GET", f"{BASE}?$select=id", None),
        ("PATCH", BASE, {}),
        ("GET", f"{BASE}/jobs", None),
        ("GET", f"{BASE}/classifyFileJobs?$select=status,id", None),
        ("POST", f"{BASE}/evaluateLabelJobs", job()),
        ("GET", f"{BASE}/jobs/{{id}}", None),
        ("GET", f"{BASE}/jobs/{{id}}?$select=status", None),
        ("GET", f"{BASE}/sensitiveTypes?$select=name", None),
        ("POST", f"{BASE}/sensitivityLabels/{{label}}/sublabels", {}),
        ("GET", f"{BASE}/sensitivityLabels/{{label}}/sublabels?$select=priority", None),
        ("GET", f"{BASE}/sensitivityLabels/{{label}}/rights", None),
        ("GET", f"{BASE}/exactMatchDataStores/{{store}}/sessions/{{session}}", None),
        ("PATCH", f"{BASE}/exactMatchDataStores/{{store}}/sessions/{{session}}/uploadAgent", {}),
        ("GET", f"{BASE}/exactMatchUploadAgents", None),
    ],
)
def test_every_context_the_mock_writes_resolves_in_it(
    client: FlaskClient, store: JobStore, schema: ET.Element, method: str, path: str, body: Any
) -> None:
    ids = {"id": client.post(f"{BASE}/jobs", json=job()).get_json()["id"]}
    ids["label"] = client.post(f"{BASE}/sensitivityLabels", json={}).get_json()["id"]
    ids["store"] = client.post(f"{BASE}/exactMatchDataStores", json={}).get_json()["id"]
    sessions = f"{BASE}/exactMatchDataStores/{ids['store']}/sessions"
    ids["session"] = client.post(sessions, json={}).get_json()["id"]
    rights = {"@odata.type": "#microsoft.graph.usageRightsIncluded", "value": "view"}
    store.create("default", f"sensitivityLabels/{ids['label']}/rights", rights)
    answer = client.open(path.format(**ids), method=method, json=body)
    assert answer.status_code < 300
    _resolve(schema, answer.get_json()["@odata.context"])


def test_only_get_and_it_is_journaled(client: FlaskClient) -> None:
    answer = client.post(METADATA, headers={"Authorization": ""})
    assert (answer.status_code, answer.headers["Allow"]) == (405, "GET, HEAD, OPTIONS")
    head = client.head(METADATA, headers={"Authorization": ""})
    assert (head.status_code, head.data) == (200, b"")
    journal = client.get("/_mockgraph/requests", query_string={"path": "/beta/*"}).get_json()
    calls = [(e["method"], e["path"]) for e in journal["value"]]
    assert calls == [("POST", METADATA), ("HEAD", METADATA)]


# Graph's own declarations, from its CSDL (microsoftgraph/msgraph-metadata, beta-USNat.csdl at
# f54f11b6, MIT): kind, binding and parameters (name, type), return type.
CSDL_OPERATIONS = {
    "cancel": ("Action", [("bindingParameter", "graph.exactMatchSession")], None),
    "classifyExactMatches": (
        "Action",
        [
            ("bindingParameter", "graph.dataClassificationService"),
            ("text", "Edm.String"),
            ("timeoutInMs", "Edm.String"),
            ("sensitiveTypeIds", "Collection(Edm.String)"),
            ("contentClassifications", "Collection(graph.contentClassification)"),
        ],
        "graph.exactMatchClassificationResult",
    ),
    "classifyFile": (
        "Action",
        [
            ("bindingParameter", "graph.dataClassificationService"),
            ("file", "Edm.Stream"),
            ("sensitiveTypeIds", "Collection(Edm.String)"),
        ],
        "graph.classificationJobResponse",
    ),
    "commit": ("Action", [("bindingParameter", "graph.exactMatchSession")], None),
    "computeRightsAndInheritance": (
        "Action",
        [
            ("bindingParameter", "Collection(graph.sensitivityLabel)"),
            ("delegatedUserEmail", "Edm.String"),
            ("locale", "Edm.String"),
            ("protectedContents", "Collection(graph.protectedContent)"),
            ("supportedContentFormats", "Collection(Edm.String)"),
        ],
        "graph.computeRightsAndInheritanceResult",
    ),
    "evaluate": (
        "Action",
        [
            ("bindingParameter", "Collection(graph.sensitivityLabel)"),
            ("discoveredSensitiveTypes", "Collection(graph.discoveredSensitiveType)"),
            ("currentLabel", "graph.currentLabel"),
        ],
        "graph.evaluateLabelJobResponse",
    ),
    "lookup": (
        "Action",
        [
            ("bindingParameter", "graph.exactMatchDataStore"),
            ("key", "Edm.String"),
            ("values", "Collection(Edm.String)"),
            ("resultColumnNames", "Collection(Edm.String)"),
        ],
        "Collection(Edm.String)",
    ),
    "renew": (
        "Action",
        [("bindingParameter", "graph.exactMatchSession")],
        "graph.exactMatchSession",
    ),
    "computeInheritance": (
        "Function",
        [
            ("bindingParameter", "Collection(graph.sensitivityLabel)"),
            ("labelIds", "Collection(Edm.String)"),
            ("locale", "Edm.String"),
            ("contentFormats", "Collection(Edm.String)"),
        ],
        "graph.sensitivityLabel",
    ),
}


@pytest.mark.parametrize("name", sorted(CSDL_OPERATIONS))
def test_each_action_and_function_is_declared_as_graphs_csdl_declares_it(
    schema: ET.Element, name: str
) -> None:
    kind, parameters, returns = CSDL_OPERATIONS[name]
    (declared,) = [a for a in schema.findall(f"edm:{kind}", NS) if a.get("Name") == name]
    assert declared.get("IsBound") == "true"
    found = [(p.get("Name"), p.get("Type")) for p in declared.findall("edm:Parameter", NS)]
    assert found == parameters
    answer = [r.get("Type") for r in declared.findall("edm:ReturnType", NS)]
    assert answer == ([returns] if returns else [])


def test_the_mock_declares_no_other_operation(schema: ET.Element) -> None:
    names = [
        a.get("Name") for kind in ("Action", "Function") for a in schema.findall(f"edm:{kind}", NS)
    ]
    assert sorted(names) == sorted(CSDL_OPERATIONS) == sorted(ACTIONS)
