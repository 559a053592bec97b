"""``/beta/dataClassification`` itself: the singleton's GET and PATCH, as a client sees them."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from mockgraph.core.store import JobStore
from tests.support.graph import BASE, bearer, error_code
from tests.support.payloads import job

CONTEXT = "http://localhost/beta/$metadata#dataClassification"


def test_get_answers_the_singleton_with_a_stable_id_per_tenant(client: FlaskClient) -> None:
    first = client.get(BASE)
    assert first.status_code == 200
    assert first.content_type.startswith("application/json")
    body = first.get_json()
    assert list(body) == ["@odata.context", "id"]
    assert body["@odata.context"] == CONTEXT
    assert client.get(BASE).get_json()["id"] == body["id"]
    other = client.get(BASE, headers=bearer("contoso")).get_json()["id"]
    assert other != body["id"]
    assert client.get(BASE, headers=bearer("contoso")).get_json()["id"] == other


def test_select_id_is_in_the_context(client: FlaskClient) -> None:
    body = client.get(BASE, query_string={"$select": "id"}).get_json()
    assert body["@odata.context"] == CONTEXT + "(id)"
    assert set(body) == {"@odata.context", "id"}


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"$select": "jobs"}, "jobs"),
        ({"$top": "1"}, "$top"),
        ({"$filter": "id eq 'x'"}, "$filter"),
        ({"$expand": "jobs"}, "$expand"),
    ],
    ids=["select-navigation", "top", "filter", "expand"],
)
def test_collection_options_and_unknown_properties_are_400(
    client: FlaskClient, query: dict[str, str], named: str
) -> None:
    answer = client.get(BASE, query_string=query)
    assert (answer.status_code, error_code(answer)) == (400, "BadRequest")
    assert named in answer.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "body",
    [{}, {"@odata.type": "#microsoft.graph.dataClassificationService"}],
    ids=["empty", "its-own-type"],
)
def test_patch_changes_nothing_and_answers_the_entity(
    client: FlaskClient, store: JobStore, body: dict[str, Any]
) -> None:
    created = client.post(f"{BASE}/jobs", json=job())
    before = client.get(BASE).get_json()
    answer = client.patch(BASE, json=body)
    assert answer.status_code == 200
    assert answer.get_json() == before
    assert client.get(f"{BASE}/jobs/{created.get_json()['id']}").status_code == 200
    assert store.count("default", "jobs") == 1


def test_patch_with_its_own_id_is_accepted(client: FlaskClient) -> None:
    own = client.get(BASE).get_json()["id"]
    assert client.patch(BASE, json={"id": own}).status_code == 200


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ({"id": "another"}, "id"),
        ({"displayName": "x"}, "displayName"),
        ({"jobs": []}, "jobs"),
        ({"@odata.type": "#microsoft.graph.jobResponseBase"}, "@odata.type"),
        ({"id": 7}, "id"),
    ],
    ids=["another-id", "unknown", "navigation", "other-type", "id-not-a-string"],
)
def test_patch_of_anything_else_is_graphs_400_naming_it(
    client: FlaskClient, body: dict[str, Any], target: str
) -> None:
    before = client.get(BASE).get_json()
    answer = client.patch(BASE, json=body)
    assert (answer.status_code, error_code(answer)) == (400, "invalidRequest")
    assert [d["target"] for d in answer.get_json()["error"]["details"]] == [target]
    assert client.get(BASE).get_json() == before


def test_only_get_and_patch_are_served(client: FlaskClient) -> None:
    for method in ("POST", "DELETE", "PUT"):
        answer = client.open(BASE, method=method, json={})
        assert (answer.status_code, error_code(answer)) == (405, "MethodNotAllowed")
        assert answer.headers["Allow"] == "GET, HEAD, OPTIONS, PATCH"


def test_without_a_token_it_is_401(client: FlaskClient) -> None:
    answer = client.get(BASE, headers={"Authorization": ""})
    assert (answer.status_code, error_code(answer)) == (401, "InvalidAuthenticationToken")


def test_it_is_journaled_and_faults_apply(client: FlaskClient) -> None:
    rule = {"path": BASE, "method": "GET", "status": 503, "count": 1}
    assert client.post("/_mockgraph/faults", json=rule).status_code == 201
    assert (client.get(BASE).status_code, client.get(BASE).status_code) == (503, 200)
    paths = client.get("/_mockgraph/requests").get_json()["value"]
    assert [(e["path"], e["status"]) for e in paths[-2:]] == [(BASE, 503), (BASE, 200)]
