"""The OpenAPI document: served and printed alike, valid, and true to the app it describes."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from mockgraph import cli, create_app
from mockgraph.core.model.actions import ACTIONS
from mockgraph.core.model.collections import (
    COLLECTIONS,
    CREATE,
    ENTITY_SETS,
    UPDATE,
    EntitySet,
    expandable,
    properties,
)
from mockgraph.core.model.types import (
    DATA_CLASSIFICATION_SERVICE,
    TYPES,
    Kind,
    all_props,
    derived_types,
    qualified,
)
from mockgraph.http.service import ROUTES, Route
from mockgraph.specs.openapi import document
from tests.support import payloads
from tests.support.fuzzing import SEEDED_IDS, entity, parents, reset_and_seed, seeded_url
from tests.support.graph import BASE

DOC = document()
SCHEMAS = DOC["components"]["schemas"]
ERROR = "microsoft.graph.ODataErrors.ODataError"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
# Every set but the job collections (whose polymorphism has tests of its own).
ENTITIES = [s for s in ENTITY_SETS.values() if not s.is_job]
ALL_SETS = list(ENTITY_SETS.values())


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """A schema, parameter or response with its ``$ref`` followed (siblings dropped)."""
    while "$ref" in node:
        _, kind, name = node["$ref"].removeprefix("#/").split("/")
        node = DOC["components"][kind][name]
    return node


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A JSON Schema validator for one of the document's schemas, its references resolvable."""
    return Draft202012Validator({**schema, "components": DOC["components"]})


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in DOC["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def as_route(path: str) -> str:
    """A documented path as the route table writes it: every named id as ``{id}``, a
    function's parameters as ``(...)``."""
    return re.sub(r"\{[^}]+\}", "{id}", re.sub(r"\(.*\)$", "(...)", path))


def route_of(entity_set: EntitySet, item: bool) -> Route:
    """The set's route: its collection (or a single-valued set's own path), or its items."""
    found = [r for r in ROUTES if r.entity_set == entity_set and r.item == item and not r.action]
    return next(r for r in found if not r.template.endswith("/$count"))


def documented(entity_set: EntitySet, item: bool = False) -> dict[str, Any]:
    """The path item the document has for the set's route."""
    template = route_of(entity_set, item).template
    matching = [path for path in DOC["paths"] if as_route(path) == template]
    assert len(matching) == 1, (template, matching)
    result: dict[str, Any] = DOC["paths"][matching[0]]
    return result


def json_schema(node: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of a request body or a response."""
    schema: dict[str, Any] = resolve(node)["content"]["application/json"]["schema"]
    return schema


def _ref(name: str) -> str:
    return f"#/components/schemas/{name}"


def test_the_served_document_is_the_one_mockgraph_openapi_prints(client: FlaskClient) -> None:
    served = client.get("/_mockgraph/openapi.json")
    assert served.status_code == 200
    assert served.mimetype == "application/json"
    printed = CliRunner().invoke(cli.main, ["openapi"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output) == served.get_json() == DOC


def test_the_document_is_valid_openapi_3_1() -> None:
    assert DOC["openapi"] == "3.1.0"
    validate(DOC)  # raises, naming the first problem


def test_the_description_names_every_entity_set() -> None:
    described = DOC["info"]["description"]
    assert "jobs API" not in described and "jobs" not in DOC["info"]["title"]
    for path in ENTITY_SETS:
        assert f"`{path}`" in described, path


def test_every_graph_route_and_method_is_an_operation_and_nothing_else() -> None:
    served = {(route.template, method.lower()) for route in ROUTES for method in route.views}
    documented_operations = {(as_route(path), method) for path, method, _ in operations()}
    assert documented_operations == served
    # The singleton's get and update; six job collections and six others, each with create,
    # list, count, get, update and delete; two read-only rights; the upload agent's get,
    # update and delete; each action where it is bound; $batch and $metadata.
    routes = sum(len(action.bindings) for action in ACTIONS.values())
    assert len(documented_operations) == 2 + 12 * 6 + 2 * 1 + 3 + routes + 2
    assert len(DOC["paths"]) == len({route.template for route in ROUTES})


def test_every_id_in_a_path_is_a_distinct_path_parameter_named_as_graph_names_it() -> None:
    for path, item in DOC["paths"].items():
        named = re.findall(r"\{([^}]+)\}", path)
        declared = [p for p in item.get("parameters", []) if p["in"] == "path"]
        declared += [p for p in item.get("get", {}).get("parameters", []) if p.get("in") == "path"]
        assert [p["name"] for p in declared] == named, path
        assert len(set(named)) == len(named), path
        keys = re.findall(r"\{([^}]+)\}", re.sub(r"\(.*\)$", "", path))
        for parameter in [p for p in declared if p["name"] in keys]:
            assert parameter["required"] is True and parameter["schema"]["type"] == "string"
            # The key's type and "-id", numbered from 1 when the type repeats in the path.
            assert re.fullmatch(rf"{parameter['x-ms-docs-key-type']}-id\d*", parameter["name"])
    rights = f"{BASE}/sensitivityLabels/{{sensitivityLabel-id}}/sublabels/{{sensitivityLabel-id1}}"
    assert f"{rights}/rights" in DOC["paths"]
    upload_agent = "exactMatchDataStores/{exactMatchDataStore-id}/sessions/{exactMatchSession-id}"
    assert f"{BASE}/{upload_agent}/uploadAgent" in DOC["paths"]
    assert f"{BASE}/jobs/{{jobResponseBase-id}}" in DOC["paths"]


def test_every_operation_has_a_unique_readable_id_a_summary_and_a_success_response() -> None:
    ids = [operation["operationId"] for _, _, operation in operations()]
    assert len(ids) == len(set(ids))
    assert "sensitivityLabels.sublabels.rights.get" in ids
    assert "exactMatchDataStores.sessions.uploadAgent.update" in ids
    for path, method, operation in operations():
        assert re.fullmatch(r"[A-Za-z$.]+", operation["operationId"]), operation["operationId"]
        assert operation["summary"], (path, method)
        assert any(code.startswith("2") for code in operation["responses"]), (path, method)


def test_every_error_response_is_graphs_error_envelope() -> None:
    statuses = set()
    for path, method, operation in operations():
        responses = operation["responses"].items()
        errors = {code: resolve(r) for code, r in responses if code[0] in "45"}
        # Every call may be throttled or fail; one that takes a token or options may be refused.
        anonymous = operation.get("security") == []
        expected = {"429", "500"} if anonymous else {"400", "401", "403", "429", "500"}
        assert expected <= set(errors), (path, method)
        for code, response in errors.items():
            assert response["content"] == {"application/json": {"schema": {"$ref": _ref(ERROR)}}}
            assert response["description"], (path, method, code)
            statuses.add(code)
    assert statuses == {"400", "401", "403", "404", "413", "415", "429", "500", "507"}


@pytest.mark.parametrize("route", [r for r in ROUTES if r.entity_set], ids=lambda r: r.template)
def test_a_404_is_documented_where_an_item_or_a_parent_may_be_missing(route: Route) -> None:
    entity_set = route.entity_set
    assert entity_set is not None
    names_an_item = route.item or not entity_set.many or entity_set.depth > 0
    for method in route.views:
        operation = DOC["paths"][_path_of(route)][method.lower()]
        assert ("404" in operation["responses"]) is names_an_item, method


def _path_of(route: Route) -> str:
    return next(path for path in DOC["paths"] if as_route(path) == route.template)


@pytest.mark.parametrize(
    "entity_set", [s for s in ALL_SETS if s.depth], ids=lambda s: s.path.replace("/", ".")
)
def test_a_missing_parent_is_a_documented_404(client: FlaskClient, entity_set: EntitySet) -> None:
    ids = [SEEDED_IDS[parent.path] for parent in parents(entity_set)]
    url = f"{BASE}/{entity_set.container([*ids[:-1], 'missing'])}"
    answered = client.get(url)
    assert answered.status_code == 404
    validator(json_schema(documented(entity_set)["get"]["responses"]["404"])).validate(
        answered.get_json()
    )


@pytest.mark.parametrize("collection", list(COLLECTIONS.values()), ids=lambda c: c.name)
def test_each_job_collection_takes_its_job_types_told_apart_by_odata_type(
    collection: EntitySet,
) -> None:
    base, item = documented(collection), documented(collection, item=True)
    created = json_schema(base["post"]["requestBody"])
    patched = json_schema(item["patch"]["requestBody"])
    for schema, keyword in ((created, "oneOf"), (patched, "anyOf")):
        polymorphic = resolve(schema)
        mapping = _mapping(polymorphic)
        assert set(mapping) == {qualified(name) for name in collection.accepted_types}
        assert [branch["$ref"] for branch in polymorphic[keyword]] == list(mapping.values())
    # A body without @odata.type is the collection's own type: only that branch may omit it.
    optional = [b["$ref"] for b in resolve(created)["oneOf"] if "required" not in b]
    assert optional == [_ref(f"microsoft.graph.{collection.default_type}")]
    one = {"$ref": created["$ref"]}
    assert json_schema(item["get"]["responses"]["200"]) == one
    page = resolve(json_schema(base["get"]["responses"]["200"]))
    assert page["properties"]["value"]["items"] == one


@pytest.mark.parametrize("entity_set", ENTITIES, ids=lambda s: s.path.replace("/", "."))
def test_each_other_set_takes_and_answers_exactly_its_type(entity_set: EntitySet) -> None:
    one = {"$ref": _ref(f"microsoft.graph.{entity_set.default_type}")}
    assert entity_set.accepted_types == (entity_set.default_type,)  # no type derives from it
    entity_path = documented(entity_set, item=entity_set.many)
    assert json_schema(entity_path["get"]["responses"]["200"]) == one
    if UPDATE in entity_set.operations:
        assert json_schema(entity_path["patch"]["requestBody"]) == one
    else:
        assert "patch" not in entity_path
    if entity_set.many:
        base = documented(entity_set)
        assert json_schema(base["post"]["requestBody"]) == one
        page = resolve(json_schema(base["get"]["responses"]["200"]))
        assert page["properties"]["value"]["items"] == one
    schema = resolve(one)
    assert re.search(
        schema["properties"]["@odata.type"]["pattern"], qualified(entity_set.default_type)
    )
    assert schema["properties"]["id"]["readOnly"] is True  # a create with an id is a 400
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    "entity_set", [s for s in ALL_SETS if expandable(s)], ids=lambda s: s.path.replace("/", ".")
)
def test_expand_is_documented_where_the_set_has_navigations_to_expand(
    entity_set: EntitySet,
) -> None:
    navs = expandable(entity_set)
    schema = resolve({"$ref": _ref(f"microsoft.graph.{entity_set.default_type}")})
    for name, inner in navs.items():
        declared = schema["properties"][name]
        assert declared["readOnly"] is True and declared["x-ms-navigationProperty"] is True
        target = {"$ref": _ref(f"microsoft.graph.{inner.default_type}")}
        if inner.many:
            assert declared["items"] == target
        else:
            assert declared["anyOf"] == [target, {"type": "null"}]
    for operation in (documented(entity_set)["get"], documented(entity_set, item=True)["get"]):
        (expand,) = [p for p in map(resolve, operation["parameters"]) if p["name"] == "$expand"]
        pattern = expand["schema"]["pattern"]
        for accepted in [*navs, "*", ", ".join(navs)]:
            assert re.search(pattern, accepted), accepted
        assert not re.search(pattern, "nope") and not re.search(pattern, "sublabels/rights")


def test_expand_is_not_documented_where_nothing_can_be_expanded() -> None:
    for path, method, operation in operations():
        names = [resolve(p)["name"] for p in operation.get("parameters", [])]
        if "$expand" not in names:
            continue
        route = next(r for r in ROUTES if r.template == as_route(path))
        assert route.entity_set is not None and expandable(route.entity_set), (path, method)


@pytest.mark.parametrize("entity_set", ALL_SETS, ids=lambda s: s.path.replace("/", "."))
def test_select_and_orderby_name_the_sets_own_properties(entity_set: EntitySet) -> None:
    operation = documented(entity_set, item=entity_set.many)["get"]
    (select,) = [p for p in map(resolve, operation["parameters"]) if p["name"] == "$select"]
    for name in properties(entity_set):
        assert re.search(select["schema"]["pattern"], name), name
    assert not re.search(select["schema"]["pattern"], "nope")
    if not entity_set.many:
        return
    listed = documented(entity_set)["get"]
    (orderby,) = [p for p in map(resolve, listed["parameters"]) if p["name"] == "$orderby"]
    for name, kind in properties(entity_set).items():
        assert bool(re.search(orderby["schema"]["pattern"], f"{name} desc")) is (kind != "complex")


def _mapping(polymorphic: dict[str, Any]) -> dict[str, str]:
    """The discriminator's mapping, after checking that each value names its own type."""
    assert polymorphic["discriminator"]["propertyName"] == "@odata.type"
    mapping: dict[str, str] = polymorphic["discriminator"]["mapping"]
    for odata_type, target in mapping.items():
        pattern = resolve({"$ref": target})["properties"]["@odata.type"]["pattern"]
        assert re.search(pattern, odata_type), (odata_type, target)
        assert target == _ref(f"microsoft.graph.{odata_type.removeprefix('#microsoft.graph.')}")
    return mapping


def _reachable() -> set[str]:
    """Every type the service serves: the singleton's, every type a set takes, the types of
    the actions' parameters and answers, their complex properties' types, and every type
    derived from those."""
    found: set[str] = set()
    pending = [DATA_CLASSIFICATION_SERVICE, *(t for s in ALL_SETS for t in s.accepted_types)]
    for action in ACTIONS.values():
        pending += [p.target for p in action.parameters if p.kind is Kind.COMPLEX and p.target]
        pending += [action.returns] if action.returns in TYPES else []
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        targets = [p.target for p in all_props(name) if p.kind is Kind.COMPLEX and p.target]
        pending += [derived for target in targets for derived in derived_types(target)]
    return found


def test_every_type_the_service_serves_is_a_component() -> None:
    concrete = {name.removeprefix("microsoft.graph.") for name in SCHEMAS} & set(TYPES)
    assert concrete == _reachable()


@pytest.mark.parametrize("type_name", sorted(_reachable()))
def test_a_complex_property_takes_every_type_derived_from_its_declared_one(
    type_name: str,
) -> None:
    properties_ = SCHEMAS[f"microsoft.graph.{type_name}"]["properties"]
    assert properties_["@odata.type"]["examples"] == [qualified(type_name)]
    for prop in all_props(type_name):
        if prop.kind is not Kind.COMPLEX:
            continue
        schema = properties_[prop.name]
        reference = schema["items"] if prop.many else schema["anyOf"][0]
        assert reference == {"$ref": _ref(f"microsoft.graph.{prop.target}.oneOf")}
        polymorphic = resolve(reference)
        mapping = _mapping(polymorphic)
        assert list(mapping) == [qualified(name) for name in derived_types(prop.target or "")]
        assert [branch["$ref"] for branch in polymorphic["oneOf"]] == list(mapping.values())


@pytest.mark.parametrize("type_name", payloads.JOB_TYPES)
def test_what_the_app_accepts_and_answers_fits_the_document(
    client: FlaskClient, type_name: str
) -> None:
    collection = COLLECTIONS[payloads.HOME[type_name]]
    base = f"{BASE}/{collection.name}"
    body = payloads.job(type_name)
    operation = documented(collection)["post"]
    validator(json_schema(operation["requestBody"])).validate(body)
    created = client.post(base, json=body)
    assert created.status_code == 201
    validator(json_schema(operation["responses"]["201"])).validate(created.get_json())
    listed = client.get(base, query_string={"$top": "1", "$count": "true"})
    page_schema = json_schema(documented(collection)["get"]["responses"]["200"])
    validator(page_schema).validate(listed.get_json())


@pytest.mark.parametrize(
    "entity_set", [s for s in ENTITIES if s.many], ids=lambda s: s.path.replace("/", ".")
)
def test_what_each_collection_takes_and_answers_fits_the_document(
    app: Flask, client: FlaskClient, entity_set: EntitySet
) -> None:
    reset_and_seed(app)  # the parents a contained set's items live in, with items in them
    base, item = documented(entity_set), documented(entity_set, item=True)
    url, body = seeded_url(entity_set, item=False), entity(entity_set.default_type)
    validator(json_schema(base["post"]["requestBody"])).validate(body)
    created = client.post(url, json=body)
    assert created.status_code == 201, created.get_json()
    assert created.headers["Location"] == f"http://localhost{url}/{created.get_json()['id']}"
    validator(json_schema(base["post"]["responses"]["201"])).validate(created.get_json())
    expand = {"$expand": "*"} if expandable(entity_set) else {}
    listed = client.get(url, query_string={"$count": "true", **expand})
    assert listed.status_code == 200 and listed.get_json()["@odata.count"] == 2
    validator(json_schema(base["get"]["responses"]["200"])).validate(listed.get_json())
    got = client.get(seeded_url(entity_set), query_string=expand)
    assert got.status_code == 200
    validator(json_schema(item["get"]["responses"]["200"])).validate(got.get_json())
    change = {"@odata.type": qualified(entity_set.default_type), "id": SEEDED_IDS[entity_set.path]}
    validator(json_schema(item["patch"]["requestBody"])).validate(change)
    patched = client.patch(seeded_url(entity_set), json=change)
    assert patched.status_code == 200
    validator(json_schema(item["patch"]["responses"]["200"])).validate(patched.get_json())


@pytest.mark.parametrize(
    "entity_set", [s for s in ENTITIES if not s.many], ids=lambda s: s.path.replace("/", ".")
)
def test_what_each_single_valued_set_answers_fits_the_document(
    app: Flask, client: FlaskClient, entity_set: EntitySet
) -> None:
    reset_and_seed(app)
    path, url = documented(entity_set), seeded_url(entity_set)
    got = client.get(url)
    assert got.status_code == 200
    validator(json_schema(path["get"]["responses"]["200"])).validate(got.get_json())
    if UPDATE not in entity_set.operations:
        assert client.patch(url, json={}).status_code == 405
        return
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    body = entity(entity_set.default_type)
    validator(json_schema(path["patch"]["requestBody"])).validate(body)
    created = client.patch(url, json=body)  # no value: the PATCH creates it
    assert created.status_code == 201
    assert created.headers["Location"] == f"http://localhost{url}"
    validator(json_schema(path["patch"]["responses"]["201"])).validate(created.get_json())
    again = client.patch(url, json={"@odata.type": qualified(entity_set.default_type)})
    assert again.status_code == 200 and again.get_json()["id"] == created.get_json()["id"]
    validator(json_schema(path["patch"]["responses"]["200"])).validate(again.get_json())


def test_a_patch_without_odata_type_may_hold_the_jobs_own_properties(client: FlaskClient) -> None:
    created = client.post(f"{BASE}/jobs", json=payloads.job("classificationJobResponse"))
    change = {"result": payloads.CLASSIFICATION_RESULT}
    operation = documented(COLLECTIONS["jobs"], item=True)["patch"]
    validator(json_schema(operation["requestBody"])).validate(change)
    patched = client.patch(f"{BASE}/jobs/{created.get_json()['id']}", json=change)
    assert patched.status_code == 200


@pytest.mark.parametrize(
    ("entity_set", "nav"),
    [(s, name) for s in ALL_SETS if s.many and CREATE in s.operations for name in expandable(s)],
    ids=lambda v: v.path.replace("/", ".") if isinstance(v, EntitySet) else v,
)
def test_a_navigation_property_the_document_marks_read_only_is_refused_in_a_body(
    app: Flask, client: FlaskClient, entity_set: EntitySet, nav: str
) -> None:
    reset_and_seed(app)
    body = {**entity(entity_set.default_type), nav: [] if expandable(entity_set)[nav].many else {}}
    created = client.post(seeded_url(entity_set, item=False), json=body)
    assert created.status_code == 400
    error = created.get_json()["error"]
    assert error["code"] == "invalidRequest"
    assert [detail["target"] for detail in error["details"]] == [nav]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", f"{BASE}/jobs/nothing", None, 404),
        ("GET", f"{BASE}/jobs?$top=x", None, 400),
        ("POST", f"{BASE}/jobs", {"status": 5, "error": {"code": 1}}, 400),
        ("POST", f"{BASE}/jobs", "text", 415),
        ("PUT", f"{BASE}/jobs", None, 405),
        ("GET", "/beta/nowhere", None, 404),
        ("GET", f"{BASE}/sensitivityLabels/nothing/sublabels", None, 404),
        ("POST", f"{BASE}/exactMatchDataStores", {"columns": [{"name": 1}]}, 400),
        ("GET", f"{BASE}/sensitivityLabels?$expand=nope", None, 400),
        ("GET", f"{BASE}/sensitiveTypes?$search=card", None, 400),
    ],
    ids=[
        "item-not-found",
        "bad-query",
        "invalid-body",
        "not-json",
        "method",
        "no-route",
        "parent-not-found",
        "invalid-nested-body",
        "bad-expand",
        "search",
    ],
)
def test_the_apps_errors_fit_the_error_envelope_schema(
    client: FlaskClient, method: str, path: str, body: Any, status: int
) -> None:
    kwargs = {"json": body} if isinstance(body, dict) else {"data": body}
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status
    validator({"$ref": _ref(ERROR)}).validate(response.get_json())


def test_a_401_fits_the_error_envelope_schema() -> None:
    anonymous = create_app().test_client().get(f"{BASE}/jobs")
    assert anonymous.status_code == 401
    validator({"$ref": _ref(ERROR)}).validate(anonymous.get_json())


def test_the_served_document_shows_the_apps_own_limits() -> None:
    app = create_app({"MOCKGRAPH_MAX_TOP": 50, "MOCKGRAPH_MAX_FILTER_LENGTH": 80})
    served = app.test_client().get("/_mockgraph/openapi.json").get_json()
    top, filter_ = (
        served["components"]["parameters"]["top"],
        served["components"]["parameters"]["filter"],
    )
    assert top["schema"]["maximum"] == 50
    assert filter_["schema"]["maxLength"] == 80
    default = create_app().test_client().get("/_mockgraph/openapi.json").get_json()
    assert default["components"]["parameters"]["top"]["schema"]["maximum"] == 999


def test_an_actions_body_is_its_parameters_and_its_answer_is_its_return_type() -> None:
    post = DOC["paths"]["/beta/dataClassification/classifyFile"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    parameters = DOC["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert parameters["required"] == ["file"]
    assert parameters["properties"]["file"] == {"type": "string", "format": "byte"}
    assert parameters["additionalProperties"] is False
    answer = post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert answer.endswith("microsoft.graph.classificationJobResponse")
