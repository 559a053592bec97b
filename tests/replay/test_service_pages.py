"""The whole dataClassification service's pages (fixtures/pages/graph-docs/service/api/): each
imports to fixtures that replay green, or is declined with its reason in one line; pages of the
family never seen before (other sets, contained and single-valued ones) import and replay too;
the items they document are seeded, inside their parents, and served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.fixture import Fixture, packaged_fixtures
from mockgraph.core.model.collections import ENTITY_SETS, EntitySet
from mockgraph.core.model.types import qualified
from mockgraph.core.store import JobStore
from mockgraph.features.documented import parent_id, seed_documented
from mockgraph.replay.compare import compare_body
from mockgraph.replay.engine import replay
from mockgraph.replay.importer import import_pages, import_text
from mockgraph.replay.targets import FlaskTransport
from tests.support import docs_pages as docs
from tests.support.graph import BASE, bearer

SERVICE = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "graph-docs" / "service"
IMPORTS = import_pages(sorted((SERVICE / "api").glob("*.md")))
FIXTURES = [fixture for page in IMPORTS for fixture in page.fixtures]

ROOT = "/dataClassification"
ACTION = "is an action; its documented example is a stub (placeholder parameters), not a fixture"
STORE = f"{ROOT}/exactMatchDataStores/{{exactMatchDataStoreId}}"
SESSION = f"{STORE}/sessions/{{exactMatchSessionId}}"
USERS_LABEL = "/users/{usersId}/informationProtection/sensitivityLabels/{sensitivityLabelId}"
SUBLABELS = (
    "is not under /dataClassification, the one API the mock serves (the service has sublabels "
    f"at {ROOT}/sensitivityLabels/{{sensitivityLabelId}}/sublabels)"
)


# Every page the importer declines, and why: nothing else is declined, nothing fails.
DECLINED = {
    f"dataclassificationservice-{operation}-classify{kind}.md": (
        f"{method} {ROOT}/classify{name}: dataClassification has no collection 'classify{name}' "
        f"(the nearest it has is classify{name}Jobs)"
    )
    for operation, method in (("list", "GET"), ("post", "POST"), ("update", "PATCH"),
                              ("delete", "DELETE"))
    for kind, name in (("file", "File"), ("text", "Text"))
} | {
    "dataclassificationservice-classifyexactmatches.md": (
        f"POST {ROOT}/classifyExactMatches {ACTION}"
    ),
    "exactmatchdatastore-lookup.md": f"POST {STORE}/lookup {ACTION}",
    "exactmatchsession-cancel.md": f"POST {SESSION}/cancel {ACTION}",
    "exactmatchsession-commit.md": f"POST {SESSION}/commit {ACTION}",
    "exactmatchsession-renew.md": f"POST {SESSION}/renew {ACTION}",
    "sensitivitylabel-evaluate.md": f"POST {ROOT}/sensitivityLabels/evaluate {ACTION}",
    "exactmatchsession-post-uploadagent.md": f"POST {SESSION}/uploadAgent: the service answers "
    "only GET, PATCH, DELETE here (uploadAgent is single-valued: a PATCH creates it when it "
    "has none)",
    "sensitivitylabel-delete-sublabels.md": f"DELETE {USERS_LABEL}/sublabels {SUBLABELS}",
    "sensitivitylabel-list-sublabels.md": f"GET {USERS_LABEL}/sublabels {SUBLABELS}",
    "sensitivitylabel-post-sublabels.md": f"POST {USERS_LABEL}/sublabels {SUBLABELS}",
    "sensitivitylabel-update-sublabels.md": f"PATCH {USERS_LABEL}/sublabels {SUBLABELS}",
}  # fmt: skip


def test_every_page_imports_or_is_declined_with_its_reason() -> None:
    assert len(IMPORTS) == 73
    assert [page.page for page in IMPORTS if page.error] == []
    declined = {page.page: page.declined for page in IMPORTS if page.declined}
    assert declined == DECLINED
    assert all(page.fixtures for page in IMPORTS if not page.declined)
    assert len(FIXTURES) == 73 - len(DECLINED) == 54


def test_the_generators_own_defects_are_repaired() -> None:
    rules = {repair.rule for fixture in FIXTURES for repair in fixture.repairs}
    assert rules >= {
        "navigation-item", "unwrap-value", "declared-type", "gone-property", "property-case",
        "placeholder-value", "id-placeholder",
    }  # fmt: skip
    by_name = {fixture.name: fixture for fixture in FIXTURES}
    delete = by_name["exactmatchdatastore-delete-sessions.delete_sessions_from_exactmatchdatastore"]
    assert delete.request.path == f"{SESSION}"
    assert [(s.collection, s.bind) for s in delete.setup] == [
        ("exactMatchDataStores", "exactMatchDataStoreId"),
        ("exactMatchDataStores/{exactMatchDataStoreId}/sessions", "exactMatchSessionId"),
    ]
    service = by_name["dataclassificationservice-get.get_dataclassificationservice"]
    assert service.response.by_shape == ("/id",)  # the singleton's id is the service's own


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_every_imported_page_replays_green(fixture: Fixture) -> None:
    assert replay(fixture, FlaskTransport()).problems == []


def imported_one(request_line: str, request: Any, status: str, response: Any) -> Fixture:
    result = import_text(docs.page(docs.pair(request_line, request, status, response)), "p", "p")
    [fixture] = result.fixtures
    assert replay(fixture, FlaskTransport()).problems == []
    return fixture


LABEL = {"@odata.type": "#microsoft.graph.sensitivityLabel", "id": docs.DOCUMENTED_ID}


def test_a_sublabel_read_by_id_sets_up_its_parent_label_first() -> None:
    # No page documents GET of one sublabel; the generator would name both ids alike.
    url = f"{docs.GRAPH}/beta{ROOT}/sensitivityLabels/{{sensitivityLabelId}}/sublabels/"
    url += "{sensitivityLabelId}"
    label = {**LABEL, "name": "String", "priority": "Integer", "labelActions": []}
    fixture = imported_one(f"GET {url}", None, "HTTP/1.1 200 OK", {"value": label})
    assert fixture.request.path == (
        f"{ROOT}/sensitivityLabels/{{sensitivityLabelId}}/sublabels/{{sensitivityLabelId2}}"
    )
    assert [(s.collection, s.bind) for s in fixture.setup] == [
        ("sensitivityLabels", "sensitivityLabelId"),
        ("sensitivityLabels/{sensitivityLabelId}/sublabels", "sensitivityLabelId2"),
    ]
    rules = [repair.rule for repair in fixture.repairs]
    assert rules == [
        "id-placeholder", "id-placeholder", "unwrap-value", "placeholder-value", "gone-property",
        "declared-type",
    ]  # fmt: skip


def test_a_single_valued_property_under_literal_ids_is_set_up_by_patch() -> None:
    url = f"{ROOT}/exactMatchDataStores/store-1/sessions/session-1/uploadAgent"
    agent = {"@odata.type": "#microsoft.graph.exactMatchUploadAgent", "id": "a", "description": "d"}
    fixture = imported_one(f"GET {url}", None, "HTTP/1.1 200 OK", {"value": [agent]})
    assert fixture.request.path == f"{SESSION}/uploadAgent"
    assert fixture.setup[-1].collection == (
        "exactMatchDataStores/{exactMatchDataStoreId}/sessions/{exactMatchSessionId}/uploadAgent"
    )


def test_an_entity_uri_of_a_contained_type_resolves_with_its_parents() -> None:
    session = {"@odata.type": "#microsoft.graph.exactMatchSession", "id": "s", "fileName": "f"}
    body = {k: v for k, v in session.items() if k != "id"}
    url = docs.entity_url("exactMatchSession", "localtest")
    fixture = imported_one(f"PATCH {url}", body, "HTTP/1.1 200 OK", session)
    assert fixture.request.path == SESSION


def test_a_delete_navigation_page_of_a_contained_set_deletes_one_item() -> None:
    url = f"{docs.GRAPH}/beta{ROOT}/sensitivityLabels/{{sensitivityLabelId}}/sublabels"
    fixture = imported_one(f"DELETE {url}", None, "HTTP/1.1 204 No Content", None)
    assert fixture.request.path == (
        f"{ROOT}/sensitivityLabels/{{sensitivityLabelId}}/sublabels/{{sensitivityLabelId2}}"
    )
    assert fixture.repairs[-1].rule == "navigation-item"


def placeholder_path(entity_set: EntitySet) -> str:
    names = entity_set.path.split("/")
    parts = [part for index, name in enumerate(names) for part in (f"{{p{index}}}", name)][1:]
    return f"{ROOT}/" + "/".join(parts)


LISTED = [s for s in ENTITY_SETS.values() if s.many and {"list", "create"} <= s.operations]


@pytest.mark.parametrize("entity_set", LISTED, ids=[s.path for s in LISTED])
@pytest.mark.parametrize("operation", ["list", "get", "create", "update", "delete"])
def test_every_set_and_operation_imports_and_replays(entity_set: EntitySet, operation: str) -> None:
    collection = placeholder_path(entity_set)
    item = {"@odata.type": qualified(entity_set.named_type), "id": docs.DOCUMENTED_ID}
    sent = {"@odata.type": item["@odata.type"]}
    line, request, status, response = {
        "list": (f"GET {collection}", None, "HTTP/1.1 200 OK", {"value": [item]}),
        "get": (f"GET {collection}/{{id}}", None, "HTTP/1.1 200 OK", {"value": item}),
        "create": (f"POST {collection}", sent, "HTTP/1.1 201 Created", item),
        "update": (f"PATCH {collection}", sent, "HTTP/1.1 200 OK", item),
        "delete": (f"DELETE {collection}", None, "HTTP/1.1 204 No Content", None),
    }[operation]
    fixture = imported_one(line, request, status, response)
    assert len(fixture.setup) == entity_set.depth + (operation != "create")


SESSION_GET = "exactmatchsession-get.get_exactmatchsession"
AGENT_GET = "exactmatchsession-list-uploadagent.get_exactmatchuploadagent"


def test_a_documented_session_is_seeded_inside_a_parent_made_for_it(
    store: JobStore, client: FlaskClient
) -> None:
    entries = seed_documented(store, DEFAULT_TENANT, [SESSION_GET])
    parent = parent_id("exactMatchDataStoreId")
    assert [(e.collection, e.id) for e in entries] == [
        ("exactMatchDataStores", parent),
        (f"exactMatchDataStores/{parent}/sessions", "79517a47-7a47-7951-477a-5179477a5179"),
    ]
    [fixture] = [f for f in packaged_fixtures() if f.name == SESSION_GET]
    path = fixture.request.path.replace("{exactMatchDataStoreId}", parent)
    path = path.replace("{exactMatchSessionId}", entries[-1].id)
    answer = client.get(f"{BASE}{path.removeprefix(ROOT)}", headers=bearer())
    assert answer.status_code == 200
    assert compare_body(fixture.response.body, answer.get_json(), truncated=True) == []


def test_a_documented_single_valued_property_is_seeded_with_its_parents(
    store: JobStore, client: FlaskClient
) -> None:
    entries = seed_documented(store, DEFAULT_TENANT, [AGENT_GET])
    store_id, session_id = parent_id("exactMatchDataStoreId"), parent_id("exactMatchSessionId")
    agent = f"exactMatchDataStores/{store_id}/sessions/{session_id}/uploadAgent"
    assert [e.collection for e in entries][-1] == agent
    answer = client.get(f"{BASE}/{agent}", headers=bearer())
    assert answer.status_code == 200
    assert answer.get_json()["id"] == "1fb64f64-4f64-1fb6-644f-b61f644fb61f"


def test_every_documented_item_seeds_once_where_its_fixture_puts_it(store: JobStore) -> None:
    entries = seed_documented(store, DEFAULT_TENANT)
    where = [(e.collection, e.id) for e in entries]
    assert len(where) == len(set(where))
    # The documented upload agent is both in exactMatchUploadAgents and a session's value.
    agents = [e.collection for e in entries if e.id == "1fb64f64-4f64-1fb6-644f-b61f644fb61f"]
    assert agents[0] == "exactMatchUploadAgents" and agents[1].endswith("/uploadAgent")
