"""The OpenAPI document: served and printed alike, valid, and true to the app it describes."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from mockgraph import cli, create_app
from mockgraph.core.model.collections import COLLECTIONS, JobCollection
from mockgraph.core.model.types import (
    DATA_CLASSIFICATION_SERVICE,
    JOB_TYPES,
    TYPES,
    Kind,
    all_props,
    derived_types,
    qualified,
)
from mockgraph.http.service import COLLECTION, ROUTES
from mockgraph.specs.openapi import document
from tests.support import payloads
from tests.support.graph import BASE

DOC = document()
SCHEMAS = DOC["components"]["schemas"]
ERROR = "microsoft.graph.ODataErrors.ODataError"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


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


def test_every_graph_route_and_method_is_an_operation_and_nothing_else() -> None:
    served = set()
    for route in ROUTES:
        paths = {route.template.replace(COLLECTION, c) for c in COLLECTIONS}
        served |= {(path, method.lower()) for path in paths for method in route.views}
    documented = {(path, method) for path, method, _ in operations()}
    assert documented == served
    # The singleton's get and update; six collections, each with create, list, count, get,
    # update and delete; $batch and $metadata.
    assert len(documented) == 2 + 6 * 6 + 2


def test_every_operation_has_a_unique_id_a_summary_and_a_success_response() -> None:
    ids = [operation["operationId"] for _, _, operation in operations()]
    assert len(ids) == len(set(ids))
    for path, method, operation in operations():
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


def _ref(name: str) -> str:
    return f"#/components/schemas/{name}"


@pytest.mark.parametrize(
    "collection", list(COLLECTIONS.values()), ids=lambda collection: collection.name
)
def test_each_collection_takes_its_job_types_told_apart_by_odata_type(
    collection: JobCollection,
) -> None:
    base = f"{BASE}/{collection.name}"
    created = DOC["paths"][base]["post"]["requestBody"]["content"]["application/json"]["schema"]
    patched = DOC["paths"][f"{base}/{{id}}"]["patch"]["requestBody"]["content"]
    for schema, keyword in ((created, "oneOf"), (patched["application/json"]["schema"], "anyOf")):
        polymorphic = resolve(schema)
        mapping = _mapping(polymorphic)
        assert set(mapping) == {qualified(name) for name in collection.accepted_types}
        assert [branch["$ref"] for branch in polymorphic[keyword]] == list(mapping.values())
    # A body without @odata.type is the collection's own type: only that branch may omit it.
    optional = [b["$ref"] for b in resolve(created)["oneOf"] if "required" not in b]
    assert optional == [_ref(f"microsoft.graph.{collection.default_type}")]
    item = {"$ref": created["$ref"]}
    get = DOC["paths"][f"{base}/{{id}}"]["get"]["responses"]["200"]["content"]
    assert get["application/json"]["schema"] == item
    page = resolve(DOC["paths"][base]["get"]["responses"]["200"]["content"]["application/json"])
    assert resolve(page["schema"])["properties"]["value"]["items"] == item


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
    """Every type the service serves: the singleton's, the job types, their complex
    properties' types, and every type derived from those."""
    found: set[str] = set()
    pending = [DATA_CLASSIFICATION_SERVICE, *JOB_TYPES]
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
    properties = SCHEMAS[f"microsoft.graph.{type_name}"]["properties"]
    assert properties["@odata.type"]["examples"] == [qualified(type_name)]
    for prop in all_props(type_name):
        if prop.kind is not Kind.COMPLEX:
            continue
        schema = properties[prop.name]
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
    base = f"{BASE}/{payloads.HOME[type_name]}"
    body = payloads.job(type_name)
    operation = DOC["paths"][base]["post"]
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    validator(request_schema).validate(body)
    created = client.post(base, json=body)
    assert created.status_code == 201
    answer_schema = operation["responses"]["201"]["content"]["application/json"]["schema"]
    validator(answer_schema).validate(created.get_json())
    listed = client.get(base, query_string={"$top": "1", "$count": "true"})
    page_schema = DOC["paths"][base]["get"]["responses"]["200"]["content"]["application/json"]
    validator(page_schema["schema"]).validate(listed.get_json())


def test_a_patch_without_odata_type_may_hold_the_jobs_own_properties(client: FlaskClient) -> None:
    created = client.post(f"{BASE}/jobs", json=payloads.job("classificationJobResponse"))
    change = {"result": payloads.CLASSIFICATION_RESULT}
    operation = DOC["paths"][f"{BASE}/jobs/{{id}}"]["patch"]
    validator(operation["requestBody"]["content"]["application/json"]["schema"]).validate(change)
    patched = client.patch(f"{BASE}/jobs/{created.get_json()['id']}", json=change)
    assert patched.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", f"{BASE}/jobs/nothing", None, 404),
        ("GET", f"{BASE}/jobs?$top=x", None, 400),
        ("POST", f"{BASE}/jobs", {"status": 5, "error": {"code": 1}}, 400),
        ("POST", f"{BASE}/jobs", "text", 415),
        ("PUT", f"{BASE}/jobs", None, 405),
        ("GET", "/beta/nowhere", None, 404),
    ],
    ids=["item-not-found", "bad-query", "invalid-body", "not-json", "method", "no-route"],
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
