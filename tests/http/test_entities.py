"""The entity sets beside the jobs: sensitive types, sensitivity labels (their sublabels and
rights), exact-match data stores (their sessions and upload agents) and upload agents, as a
client sees them: CRUD, containment, single-valued navigation, $expand, tenants, $batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.model.collections import ENTITY_SETS, EntitySet
from mockgraph.core.store import JobStore
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer, error_code

CONTEXT = "http://localhost/beta/$metadata#dataClassification"

# A valid body of each collection's type, and a change a PATCH may make to it.
BODIES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "sensitiveTypes": (
        {
            "name": "Contoso Employee ID",
            "classificationMethod": "patternMatch",
            "scope": "fullDocument,partialDocument",
            "sensitiveTypeSource": "tenant",
            "lastModifiedDateTime": "2026-01-02T03:04:05Z",
        },
        {"state": "Disabled"},
    ),
    "sensitivityLabels": (
        {"displayName": "Confidential", "priority": 2, "applicableTo": "email,site"},
        {"color": "#FF8C00", "isEnabled": False},
    ),
    "sensitivityLabels/sublabels": (
        {"displayName": "All Employees", "priority": 3, "actionSource": "manual"},
        {"toolTip": "Only for employees"},
    ),
    "exactMatchDataStores": (
        {
            "displayName": "Patients",
            "columns": [
                {
                    "@odata.type": "#microsoft.graph.exactDataMatchStoreColumn",
                    "name": "ssn",
                    "isSearchable": True,
                    "ignoredDelimiters": ["-"],
                }
            ],
        },
        {"description": "Patient records"},
    ),
    "exactMatchDataStores/sessions": (
        {"fileName": "patients.csv", "fields": ["ssn", "name"], "rowsPerBlock": 100},
        {"state": "uploading", "remainingBlockCount": 3},
    ),
    "exactMatchUploadAgents": (
        {"description": "Upload agent on host-1", "creationDateTime": "2026-01-02T03:04:05Z"},
        {"description": "Upload agent on host-2"},
    ),
}
COLLECTIONS = [s for s in ENTITY_SETS.values() if s.many and not s.is_job]


def create(client: FlaskClient, container: str, body: dict[str, Any], **kw: Any) -> Any:
    answer = client.post(f"{BASE}/{container}", json=body, **kw)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def parent_of(client: FlaskClient, entity_set: EntitySet) -> str:
    """A container of the set, its parents created on the way."""
    ids: list[str] = []
    path = entity_set.path.split("/")
    for depth in range(len(path) - 1):
        outer = ENTITY_SETS["/".join(path[: depth + 1])]
        ids.append(create(client, outer.container(ids), BODIES[outer.path][0])["id"])
    return entity_set.container(ids)


def test_every_collection_beside_the_jobs_is_tested() -> None:
    assert {s.path for s in COLLECTIONS} == set(BODIES)


@pytest.mark.parametrize("entity_set", COLLECTIONS, ids=lambda s: s.path)
def test_create_read_update_list_count_delete(client: FlaskClient, entity_set: EntitySet) -> None:
    container = parent_of(client, entity_set)
    body, change = BODIES[entity_set.path]
    answer = client.post(f"{BASE}/{container}", json=body)
    assert answer.status_code == 201
    created = answer.get_json()
    item_id = created["id"]
    assert answer.headers["Location"] == f"http://localhost{BASE}/{container}/{item_id}"
    assert created["@odata.type"] == f"#microsoft.graph.{entity_set.default_type}"
    assert {k: created[k] for k in body} == body

    read = client.get(f"{BASE}/{container}/{item_id}").get_json()
    assert read == created
    patched = client.patch(f"{BASE}/{container}/{item_id}", json=change)
    assert patched.status_code == 200
    assert patched.get_json() == {**created, **change}
    listed = client.get(f"{BASE}/{container}", query_string={"$count": "true"}).get_json()
    assert [item["id"] for item in listed["value"]] == [item_id]
    assert listed["@odata.count"] == 1
    assert client.get(f"{BASE}/{container}/$count").get_data(as_text=True) == "1"

    assert client.delete(f"{BASE}/{container}/{item_id}").status_code == 204
    gone = client.get(f"{BASE}/{container}/{item_id}")
    assert (gone.status_code, error_code(gone)) == (404, "itemNotFound")
    assert client.get(f"{BASE}/{container}").get_json()["value"] == []


def test_contexts_name_the_containment_path(client: FlaskClient) -> None:
    label = create(client, "sensitivityLabels", {"displayName": "Confidential"})
    assert label["@odata.context"] == f"{CONTEXT}/sensitivityLabels/$entity"
    inner = f"sensitivityLabels/{label['id']}/sublabels"
    sublabel = create(client, inner, {"displayName": "All Employees"})
    path = f"sensitivityLabels('{label['id']}')/sublabels"
    assert sublabel["@odata.context"] == f"{CONTEXT}/{path}/$entity"
    listed = client.get(f"{BASE}/{inner}", query_string={"$select": "displayName"})
    assert listed.get_json()["@odata.context"] == f"{CONTEXT}/{path}(displayName)"


def test_a_contained_item_needs_its_parent(client: FlaskClient, store: JobStore) -> None:
    for call in (
        client.post(f"{BASE}/sensitivityLabels/missing/sublabels", json={"displayName": "x"}),
        client.get(f"{BASE}/sensitivityLabels/missing/sublabels"),
        client.get(f"{BASE}/sensitivityLabels/missing/sublabels/$count"),
        client.get(f"{BASE}/sensitivityLabels/missing/rights"),
        client.patch(f"{BASE}/exactMatchDataStores/missing/sessions/missing/uploadAgent", json={}),
    ):
        assert (call.status_code, error_code(call)) == (404, "itemNotFound")
        assert "'missing' was not found" in call.get_json()["error"]["message"]
    assert store.export() == {}


def test_a_contained_item_is_only_inside_its_own_parent(client: FlaskClient) -> None:
    first = create(client, "sensitivityLabels", {"displayName": "One"})["id"]
    second = create(client, "sensitivityLabels", {"displayName": "Two"})["id"]
    sublabel = create(client, f"sensitivityLabels/{first}/sublabels", {"displayName": "x"})["id"]
    elsewhere = client.get(f"{BASE}/sensitivityLabels/{second}/sublabels/{sublabel}")
    assert elsewhere.status_code == 404
    assert client.get(f"{BASE}/sensitivityLabels/{sublabel}").status_code == 404
    assert client.get(f"{BASE}/sensitivityLabels/$count").get_data(as_text=True) == "2"


def test_deleting_a_parent_deletes_what_it_contains(client: FlaskClient, store: JobStore) -> None:
    store_id = create(client, "exactMatchDataStores", {"displayName": "Patients"})["id"]
    sessions = f"exactMatchDataStores/{store_id}/sessions"
    session = create(client, sessions, {"fileName": "a.csv"})["id"]
    agent = client.patch(f"{BASE}/{sessions}/{session}/uploadAgent", json={"description": "a"})
    assert agent.status_code == 201
    kept = create(client, "exactMatchDataStores", {"displayName": "Kept"})["id"]
    create(client, f"exactMatchDataStores/{kept}/sessions", {"fileName": "b.csv"})

    assert client.delete(f"{BASE}/exactMatchDataStores/{store_id}").status_code == 204
    assert client.get(f"{BASE}/{sessions}/{session}").status_code == 404
    assert client.get(f"{BASE}/{sessions}/{session}/uploadAgent").status_code == 404
    held = [item["collection"] for item in store.export()["default"]]
    assert held == ["exactMatchDataStores", f"exactMatchDataStores/{kept}/sessions"]
    # A new store under the deleted one's id would not find the old sessions: they are gone.
    assert client.get(f"{BASE}/exactMatchDataStores/{kept}/sessions/$count").data == b"1"


def test_a_single_valued_navigation_is_read_patched_and_deleted_at_its_path(
    client: FlaskClient,
) -> None:
    store_id = create(client, "exactMatchDataStores", {"displayName": "Patients"})["id"]
    session = create(client, f"exactMatchDataStores/{store_id}/sessions", {})["id"]
    path = f"{BASE}/exactMatchDataStores/{store_id}/sessions/{session}/uploadAgent"
    empty = client.get(path)
    assert (empty.status_code, error_code(empty)) == (404, "itemNotFound")

    created = client.patch(path, json={"description": "agent 1"})
    assert created.status_code == 201
    agent = created.get_json()
    assert agent["@odata.type"] == "#microsoft.graph.exactMatchUploadAgent"
    context = f"exactMatchDataStores('{store_id}')/sessions('{session}')/uploadAgent/$entity"
    assert agent["@odata.context"] == f"{CONTEXT}/{context}"
    changed = client.patch(path, json={"description": "agent 2"})
    assert changed.status_code == 200
    assert changed.get_json() == {**agent, "description": "agent 2"}
    assert client.get(path).get_json() == changed.get_json()

    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404
    assert client.delete(path).status_code == 404


def test_rights_are_read_only(client: FlaskClient, store: JobStore) -> None:
    label = create(client, "sensitivityLabels", {"displayName": "Confidential"})["id"]
    rights = f"{BASE}/sensitivityLabels/{label}/rights"
    assert client.get(rights).status_code == 404  # none given to this label
    store.create(
        "default",
        f"sensitivityLabels/{label}/rights",
        {"@odata.type": "#microsoft.graph.usageRightsIncluded", "value": "view,print"},
        "r1",
    )
    got = client.get(rights).get_json()
    assert (got["id"], got["value"]) == ("r1", "view,print")
    for method in ("PATCH", "DELETE"):
        refused = client.open(rights, method=method, json={})
        assert (refused.status_code, error_code(refused)) == (405, "MethodNotAllowed")
        assert refused.headers["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    ("container", "body", "target"),
    [
        ("sensitiveTypes", {"scope": "wholeDocument"}, "scope"),
        ("sensitiveTypes", {"classificationMethod": 3}, "classificationMethod"),
        ("sensitivityLabels", {"priority": "high"}, "priority"),
        ("sensitivityLabels", {"sublabels": []}, "sublabels"),
        ("sensitivityLabels", {"rights": {"value": "view"}}, "rights"),
        ("sensitivityLabels", {"id": "chosen"}, "id"),
        ("exactMatchDataStores", {"columns": [{"isSearchable": "yes"}]}, "columns[0].isSearchable"),
        ("exactMatchDataStores", {"@odata.type": "#microsoft.graph.sensitiveType"}, "@odata.type"),
        ("exactMatchUploadAgents", {"creationDateTime": "yesterday"}, "creationDateTime"),
    ],
    ids=[
        "flags",
        "enum-type",
        "int",
        "collection-navigation",
        "single-navigation",
        "id",
        "nested",
        "other-type",
        "datetime",
    ],
)
def test_bad_input_is_a_400_naming_the_property_and_stores_nothing(
    client: FlaskClient, store: JobStore, container: str, body: dict[str, Any], target: str
) -> None:
    answer = client.post(f"{BASE}/{container}", json=body)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert target in error["message"] or target in {d.get("target") for d in error["details"]}
    assert store.export() == {}


def test_patch_cannot_write_a_navigation_property(client: FlaskClient) -> None:
    label = create(client, "sensitivityLabels", {"displayName": "Confidential"})
    answer = client.patch(f"{BASE}/sensitivityLabels/{label['id']}", json={"sublabels": []})
    assert answer.status_code == 400
    assert client.get(f"{BASE}/sensitivityLabels/{label['id']}").get_json() == label


def test_expand_puts_contained_items_inside_their_parent(client: FlaskClient) -> None:
    label = create(client, "sensitivityLabels", {"displayName": "Confidential"})["id"]
    sub = create(client, f"sensitivityLabels/{label}/sublabels", {"displayName": "Recipients"})
    bare = create(client, "sensitivityLabels", {"displayName": "Public"})["id"]
    listed = client.get(f"{BASE}/sensitivityLabels", query_string={"$expand": "sublabels"})
    by_id = {item["id"]: item for item in listed.get_json()["value"]}
    del sub["@odata.context"]
    assert by_id[label]["sublabels"] == [sub]
    assert by_id[bare]["sublabels"] == []

    one = client.get(
        f"{BASE}/sensitivityLabels/{label}",
        query_string={"$expand": "sublabels,rights", "$select": "displayName"},
    ).get_json()
    assert set(one) == {"@odata.context", "@odata.type", "id", "displayName", "sublabels", "rights"}
    assert (one["rights"], one["sublabels"]) == (None, [sub])


def test_expand_of_a_single_valued_navigation(client: FlaskClient) -> None:
    store_id = create(client, "exactMatchDataStores", {})["id"]
    sessions = f"exactMatchDataStores/{store_id}/sessions"
    session = create(client, sessions, {})["id"]
    agent = client.patch(f"{BASE}/{sessions}/{session}/uploadAgent", json={}).get_json()
    got = client.get(f"{BASE}/{sessions}/{session}", query_string={"$expand": "uploadAgent"})
    del agent["@odata.context"]
    assert got.get_json()["uploadAgent"] == agent
    deep = client.get(f"{BASE}/exactMatchDataStores/{store_id}", query_string={"$expand": "*"})
    assert [s["id"] for s in deep.get_json()["sessions"]] == [session]


@pytest.mark.parametrize(
    ("path", "query", "named"),
    [
        ("sensitiveTypes", {"$expand": "sublabels"}, "sublabels"),
        ("sensitivityLabels", {"$expand": "sublabels($top=1)"}, "$expand"),
        ("sensitivityLabels", {"$search": "secret"}, "$search"),
        ("sensitiveTypes", {"$filter": "bogus eq 1"}, "bogus"),
        ("exactMatchUploadAgents", {"$orderby": "nope"}, "nope"),
    ],
    ids=["expand-unknown", "expand-options", "search", "filter", "orderby"],
)
def test_query_options_are_checked_on_every_set(
    client: FlaskClient, path: str, query: dict[str, str], named: str
) -> None:
    answer = client.get(f"{BASE}/{path}", query_string=query)
    assert (answer.status_code, error_code(answer)) == (400, "BadRequest")
    assert named in answer.get_json()["error"]["message"]


def test_filter_orderby_and_paging_on_a_new_set(client: FlaskClient) -> None:
    for name, method in (("b", "patternMatch"), ("a", "fingerprint"), ("c", "patternMatch")):
        create(client, "sensitiveTypes", {"name": name, "classificationMethod": method})
    query = {"$filter": "classificationMethod eq 'patternMatch'", "$orderby": "name desc"}
    listed = client.get(f"{BASE}/sensitiveTypes", query_string=query).get_json()
    assert [item["name"] for item in listed["value"]] == ["c", "b"]
    first = client.get(f"{BASE}/sensitiveTypes", query_string={"$top": "2"}).get_json()
    assert len(first["value"]) == 2
    rest = client.get(first["@odata.nextLink"].removeprefix("http://localhost")).get_json()
    assert [item["name"] for item in rest["value"]] == ["c"]


def test_tenants_never_see_each_others_items(client: FlaskClient) -> None:
    label = create(client, "sensitivityLabels", {"displayName": "Ours"})["id"]
    theirs = bearer("fabrikam")
    assert client.get(f"{BASE}/sensitivityLabels", headers=theirs).get_json()["value"] == []
    inner = f"{BASE}/sensitivityLabels/{label}/sublabels"
    assert client.post(inner, json={}, headers=theirs).status_code == 404
    assert client.delete(f"{BASE}/sensitivityLabels/{label}", headers=theirs).status_code == 404
    assert client.get(f"{BASE}/sensitivityLabels/{label}").status_code == 200


def test_batch_reaches_the_new_sets(client: FlaskClient) -> None:
    label = create(client, "sensitivityLabels", {"displayName": "Confidential"})["id"]
    requests = [
        {"id": "1", "method": "POST", "url": "/dataClassification/exactMatchUploadAgents",
         "headers": {"Content-Type": "application/json"}, "body": {"description": "agent"}},
        {"id": "2", "method": "GET", "url": f"/dataClassification/sensitivityLabels/{label}"
         "?$expand=sublabels"},
        {"id": "3", "method": "GET", "url": "/dataClassification/sensitivityLabels/x/rights"},
    ]  # fmt: skip
    answer = client.post("/beta/$batch", json={"requests": requests}).get_json()
    statuses = {r["id"]: r["status"] for r in answer["responses"]}
    assert statuses == {"1": 201, "2": 200, "3": 404}
    assert client.get(f"{BASE}/exactMatchUploadAgents/$count").data == b"1"


def test_faults_match_contained_paths(client: FlaskClient) -> None:
    label = create(client, "sensitivityLabels", {"displayName": "Confidential"})["id"]
    rule = {"path": "sensitivityLabels/*/sublabels", "status": 503, "method": "GET"}
    assert client.post("/_mockgraph/faults", json=rule).status_code == 201
    assert client.get(f"{BASE}/sensitivityLabels/{label}/sublabels").status_code == 503
    assert client.get(f"{BASE}/sensitivityLabels/{label}").status_code == 200


def test_contained_items_survive_a_restart_and_so_do_their_deletions(tmp_path: Path) -> None:
    def app() -> Any:
        made = create_app({"MOCKGRAPH_STATE_FILE": str(tmp_path / "state.jsonl")})
        made.test_client().environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
        return made

    first = app()
    client = first.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
    gone = create(client, "sensitivityLabels", {"displayName": "Gone"})["id"]
    create(client, f"sensitivityLabels/{gone}/sublabels", {"displayName": "Inside"})
    kept = create(client, "sensitivityLabels", {"displayName": "Kept"})["id"]
    inside = create(client, f"sensitivityLabels/{kept}/sublabels", {"displayName": "Inside"})
    client.delete(f"{BASE}/sensitivityLabels/{gone}")
    before = state_of(first).store.export()
    state_of(first).store.close()

    again = app()
    assert state_of(again).store.export() == before
    read = again.test_client().get(
        f"{BASE}/sensitivityLabels/{kept}/sublabels/{inside['id']}", headers=bearer()
    )
    assert read.get_json()["displayName"] == "Inside"
    assert [item["collection"] for item in before["default"]] == [
        "sensitivityLabels",
        f"sensitivityLabels/{kept}/sublabels",
    ]
    state_of(again).store.close()


@pytest.mark.parametrize("query", [{"$filter": "fields eq 'a'"}, {"$orderby": "fields"}])
def test_a_collection_of_primitives_is_neither_compared_nor_sorted(
    client: FlaskClient, query: dict[str, str]
) -> None:
    store_id = create(client, "exactMatchDataStores", {})["id"]
    answer = client.get(f"{BASE}/exactMatchDataStores/{store_id}/sessions", query_string=query)
    assert (answer.status_code, error_code(answer)) == (400, "BadRequest")
    assert "'fields' is a collection" in answer.get_json()["error"]["message"]
    selected = client.get(
        f"{BASE}/exactMatchDataStores/{store_id}/sessions", query_string={"$select": "fields"}
    )
    assert selected.status_code == 200
