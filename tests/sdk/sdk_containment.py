"""What the entity sets hold inside their items, through the official SDK: sublabels and rights of
sensitivity labels, sessions of exact-match data stores and each one's upload agent; $expand of
them, and deleting a parent deleting them. ``sdk_service.py`` drives the collections themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.exact_match_data_store import ExactMatchDataStore
from msgraph_beta.generated.models.exact_match_session import ExactMatchSession
from msgraph_beta.generated.models.exact_match_upload_agent import ExactMatchUploadAgent
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_beta.generated.models.sensitive_type_scope import SensitiveTypeScope
from msgraph_beta.generated.models.sensitivity_label import SensitivityLabel
from msgraph_beta.generated.models.sensitivity_label_target import SensitivityLabelTarget
from msgraph_beta.generated.models.usage_rights import UsageRights
from msgraph_beta.generated.models.usage_rights_included import UsageRightsIncluded

from tests.sdk.sets import WHEN, query
from tests.sdk.support import Admin, Run

LABEL = "#microsoft.graph.sensitivityLabel"
RIGHTS = "#microsoft.graph.usageRightsIncluded"


def assert_404(caught: pytest.ExceptionInfo[ODataError], message: str) -> None:
    assert caught.value.response_status_code == 404
    assert (caught.value.error.code, caught.value.error.message) == ("itemNotFound", message)


def new_label(
    graph: GraphServiceClient, run: Run[Any], name: str, parent: str | None = None
) -> Any:
    labels = graph.data_classification.sensitivity_labels
    builder = labels.by_sensitivity_label_id(parent).sublabels if parent else labels
    return run(builder.post(SensitivityLabel(display_name=name)))


def test_expand_sublabels(graph: GraphServiceClient, run: Run[Any]) -> None:
    labels = graph.data_classification.sensitivity_labels
    parent, lone = new_label(graph, run, "Confidential"), new_label(graph, run, "Public")
    subs = [new_label(graph, run, name, parent.id) for name in ("Finance", "Legal")]
    config = query(labels, expand=["sublabels"], select=["displayName"])
    listed = {label.id: label for label in run(labels.get(config)).value}
    assert listed[lone.id].sublabels == []
    assert [type(sub) for sub in listed[parent.id].sublabels] == [SensitivityLabel] * 2
    assert [sub.id for sub in listed[parent.id].sublabels] == [sub.id for sub in subs]
    assert listed[parent.id].display_name == "Confidential"
    item = labels.by_sensitivity_label_id(parent.id)
    got = run(item.get(query(item, expand=["sublabels"])))
    assert [(sub.id, sub.display_name) for sub in got.sublabels] == [
        (sub.id, sub.display_name) for sub in subs
    ]
    assert run(item.sublabels.count.get()) == 2


def test_deleting_a_label_deletes_its_sublabels(graph: GraphServiceClient, run: Run[Any]) -> None:
    parent = new_label(graph, run, "Confidential")
    sub = new_label(graph, run, "Finance", parent.id)
    item = graph.data_classification.sensitivity_labels.by_sensitivity_label_id(parent.id)
    run(item.delete())
    gone = f"The item '{parent.id}' was not found in 'sensitivityLabels'."
    inside = f"sensitivityLabels/{parent.id}/sublabels"
    calls: list[tuple[Callable[[], Any], str]] = [
        (item.sublabels.get, gone),
        (item.sublabels.count.get, gone),
        (lambda: item.sublabels.post(SensitivityLabel(display_name="Orphan")), gone),
        # An item's own path names it, in what held it: the message says so.
        (
            item.sublabels.by_sensitivity_label_id1(sub.id).get,
            f"The item '{sub.id}' was not found in '{inside}'.",
        ),
    ]
    for call, message in calls:
        with pytest.raises(ODataError) as caught:
            run(call())
        assert_404(caught, message)


def test_navigation_properties_are_not_accepted_in_a_body(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    body = SensitivityLabel(display_name="Nested", sublabels=[SensitivityLabel(display_name="In")])
    with pytest.raises(ODataError) as caught:
        run(graph.data_classification.sensitivity_labels.post(body))
    assert caught.value.response_status_code == 400
    assert caught.value.error.code == "invalidRequest"
    assert caught.value.error.message == "Invalid request body. sublabels: Unknown field."


def test_seeded_rights_are_typed(graph: GraphServiceClient, run: Run[Any], admin: Admin) -> None:
    label, sub = str(uuid.uuid4()), str(uuid.uuid4())
    at = f"sensitivityLabels/{label}"
    owner = {"@odata.type": RIGHTS, "id": "r2", "value": "owner", "ownerEmail": "a@contoso.com"}
    admin.seed(
        ("sensitivityLabels", {"@odata.type": LABEL, "id": label, "displayName": "Secret"}),
        (f"{at}/rights", {"@odata.type": RIGHTS, "id": "r1", "value": "view,edit"}),
        (f"{at}/sublabels", {"@odata.type": LABEL, "id": sub, "displayName": "HR"}),
        (f"{at}/sublabels/{sub}/rights", owner),
    )
    item = graph.data_classification.sensitivity_labels.by_sensitivity_label_id(label)
    rights = run(item.rights.get())
    assert type(rights) is UsageRightsIncluded
    assert (rights.id, rights.value) == ("r1", [UsageRights.View, UsageRights.Edit])
    sub_rights = run(item.sublabels.by_sensitivity_label_id1(sub).rights.get())
    assert type(sub_rights) is UsageRightsIncluded
    assert (sub_rights.value, sub_rights.owner_email) == ([UsageRights.Owner], "a@contoso.com")
    expanded = run(item.get(query(item, expand=["rights", "sublabels"])))
    assert (type(expanded.rights), expanded.rights.id) == (UsageRightsIncluded, "r1")
    assert [s.id for s in expanded.sublabels] == [sub]


def test_rights_not_seeded_are_an_odata_error_404(graph: GraphServiceClient, run: Run[Any]) -> None:
    parent = new_label(graph, run, "Confidential")
    sub = new_label(graph, run, "Finance", parent.id)
    item = graph.data_classification.sensitivity_labels.by_sensitivity_label_id(parent.id)
    with pytest.raises(ODataError) as caught:
        run(item.rights.get())
    assert_404(caught, f"'rights' has no value in 'sensitivityLabels/{parent.id}/rights'.")
    with pytest.raises(ODataError) as caught:
        run(item.sublabels.by_sensitivity_label_id1(sub.id).rights.get())
    where = f"sensitivityLabels/{parent.id}/sublabels/{sub.id}/rights"
    assert_404(caught, f"'rights' has no value in '{where}'.")


def test_flags_with_many_members_read_back_as_lists_of_enums(
    graph: GraphServiceClient, run: Run[Any], admin: Admin
) -> None:
    # The SDK types a flags property as one enum member, so it can send only one; what Graph
    # serves ("email,site") it reads back as a list of members.
    label, kind = str(uuid.uuid4()), str(uuid.uuid4())
    admin.seed(
        ("sensitivityLabels", {"@odata.type": LABEL, "id": label, "applicableTo": "email,site"}),
        ("sensitiveTypes", {"id": kind, "scope": "fullDocument,partialDocument"}),
    )
    dc = graph.data_classification
    got = run(dc.sensitivity_labels.by_sensitivity_label_id(label).get())
    assert got.applicable_to == [SensitivityLabelTarget.Email, SensitivityLabelTarget.Site]
    scope = run(dc.sensitive_types.by_sensitive_type_id(kind).get()).scope
    assert scope == [SensitiveTypeScope.FullDocument, SensitiveTypeScope.PartialDocument]


class Session(NamedTuple):
    """A data store and a session in it: their ids and item builders."""

    store_id: str
    id: str
    store: Any
    item: Any


def new_session(graph: GraphServiceClient, run: Run[Any]) -> Session:
    stores = graph.data_classification.exact_match_data_stores
    store_id = run(stores.post(ExactMatchDataStore())).id
    store = stores.by_exact_match_data_store_id(store_id)
    created = run(store.sessions.post(ExactMatchSession(file_name="people.csv")))
    return Session(
        store_id, created.id, store, store.sessions.by_exact_match_session_id(created.id)
    )


def test_upload_agent_is_created_changed_and_deleted_by_its_path(
    graph: GraphServiceClient, run: Run[Any], admin: Admin
) -> None:
    session = new_session(graph, run)
    agent = session.item.upload_agent
    where = f"exactMatchDataStores/{session.store_id}/sessions/{session.id}/uploadAgent"
    none = f"'uploadAgent' has no value in '{where}'."
    with pytest.raises(ODataError) as caught:
        run(agent.get())
    assert_404(caught, none)
    created = run(agent.patch(ExactMatchUploadAgent(description="first", creation_date_time=WHEN)))
    assert type(created) is ExactMatchUploadAgent
    assert created.creation_date_time == WHEN
    assert created.creation_date_time.utcoffset() == WHEN.utcoffset()
    changed = run(agent.patch(ExactMatchUploadAgent(description="second")))
    assert (changed.id, changed.description, changed.creation_date_time) == (
        created.id, "second", WHEN,
    )  # fmt: skip
    got = run(agent.get())
    assert (type(got), got.id, got.description) == (ExactMatchUploadAgent, created.id, "second")
    assert admin.statuses("PATCH", "*/uploadAgent") == [201, 200]  # upsert: created, then changed
    assert run(agent.delete()) is None
    for call in (agent.get, agent.delete):
        with pytest.raises(ODataError) as caught:
            run(call())
        assert_404(caught, none)


def test_deleting_a_store_deletes_its_sessions_and_agents(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    session = new_session(graph, run)
    run(session.item.upload_agent.patch(ExactMatchUploadAgent(description="agent")))
    run(session.store.delete())
    store_gone = f"The item '{session.store_id}' was not found in 'exactMatchDataStores'."
    inside = f"exactMatchDataStores/{session.store_id}/sessions"
    gone = f"The item '{session.id}' was not found in '{inside}'."  # the nearest missing parent
    agent = session.item.upload_agent
    calls: list[tuple[Callable[[], Any], str]] = [
        (session.store.sessions.get, store_gone),
        (session.item.get, gone),
        (agent.get, gone),
        (lambda: agent.patch(ExactMatchUploadAgent(description="again")), gone),
        (agent.delete, gone),
    ]
    for call, message in calls:
        with pytest.raises(ODataError) as caught:
            run(call())
        assert_404(caught, message)


def test_expand_sessions_and_their_upload_agent(graph: GraphServiceClient, run: Run[Any]) -> None:
    session = new_session(graph, run)
    store, item = session.store, session.item
    bare = run(store.sessions.post(ExactMatchSession(file_name="bare.csv")))
    agent = run(item.upload_agent.patch(ExactMatchUploadAgent(description="agent")))
    got = run(store.get(query(store, expand=["sessions"])))
    assert type(got) is ExactMatchDataStore
    assert [(type(s), s.id) for s in got.sessions] == [
        (ExactMatchSession, session.id), (ExactMatchSession, bare.id),
    ]  # fmt: skip
    listed = run(store.sessions.get(query(store.sessions, expand=["uploadAgent"])))
    agents = {s.id: s.upload_agent for s in listed.value}
    assert agents[bare.id] is None
    assert (type(agents[session.id]), agents[session.id].id) == (ExactMatchUploadAgent, agent.id)
    one = run(item.get(query(item, expand=["uploadAgent"])))
    assert one.upload_agent.description == "agent"
