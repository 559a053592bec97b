"""The tenant defaults: Microsoft's built-in sensitive types and a label taxonomy, seeded like a
tenant's and read back through Graph's routes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.errors import BadRequestError
from mockgraph.core.store import JobStore
from mockgraph.features import tenant_defaults as td
from mockgraph.features.documented import documented_items
from mockgraph.features.seeding import default_items, seed_jobs, seed_new_store
from tests.support.docs_blocks import ROOT
from tests.support.graph import BASE

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TOP_LEVEL = [row for row in td.LABELS if row.parent is None]

# A few ids as Microsoft's entity definitions publish them (sit-defn-<page>.md), by name.
PUBLISHED = {
    "Credit Card Number": "50842eb7-edc8-4019-85dd-5a5c1f2bb085",
    "U.S. Social Security Number (SSN)": "a44669fe-0d48-453d-a9b1-2cc83f2cba77",
    "ABA Routing Number": "cb353f78-2b72-4c3c-8827-92ebe4f69fdf",
    "International Banking Account Number (IBAN)": "e7dc4711-11b7-4cb0-b88b-2c394a771f0e",
    "U.K. National Insurance Number (NINO)": "16c07343-c26f-49d2-a987-3daf717e94cc",
    "IP Address": "1daa4ad5-e2dd-4ca4-a788-54722c09efb2",
    "Azure Storage Account Key": "c7bc98e8-551a-4c35-a92d-d2c8cda714a7",
    "Philippines Unified Multi-Purpose ID Number": "019b39dd-8c25-4765-91a3-d9c6baf3c3b3",
}


def get(client: FlaskClient, path: str) -> Any:
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_data_names_every_item_once_by_a_lowercase_guid() -> None:
    ids = [row.id for row in td.SENSITIVE_TYPES] + [row.id for row in td.LABELS]
    ids += [row.rights_id for row in td.LABELS]
    assert all(GUID.match(item_id) for item_id in ids)
    assert len(set(ids)) == len(ids) == 21 + 2 * 9
    assert len(td.SENSITIVE_TYPE_IDS) == 21 and len(td.LABEL_IDS) == 9  # names are unique
    assert td.SENSITIVE_TYPE_IDS.items() >= PUBLISHED.items()
    assert td.SENSITIVE_TYPE_IDS["Credit Card Number"] == td.CREDIT_CARD_NUMBER
    assert {row.parent for row in td.LABELS} == {None, td.CONFIDENTIAL, td.HIGHLY_CONFIDENTIAL}


def test_seeded_sensitive_types_list_with_their_published_ids_and_names(
    store: JobStore, client: FlaskClient
) -> None:
    seed_jobs(store, DEFAULT_TENANT, None, None, defaults=True)
    listed = get(client, "sensitiveTypes")["value"]
    assert [(t["id"], t["name"]) for t in listed] == [
        (row.id, row.name) for row in td.SENSITIVE_TYPES
    ]
    card = get(client, f"sensitiveTypes/{td.CREDIT_CARD_NUMBER}")
    assert {k: v for k, v in card.items() if k != "@odata.context"} == {
        "@odata.type": "#microsoft.graph.sensitiveType",
        "id": "50842eb7-edc8-4019-85dd-5a5c1f2bb085",
        "name": "Credit Card Number",
        "description": td.SENSITIVE_TYPES[0].description,
        "rulePackageId": "00000000-0000-0000-0000-000000000000",
        "rulePackageType": "OutOfBox",
        "publisherName": "Microsoft Corporation",
        "sensitiveTypeSource": "outOfBox",
        "classificationMethod": "patternMatch",
        "scope": "fullDocument,partialDocument",
        "state": "Enabled",
    }
    query = "sensitiveTypes?$filter=name eq 'IP Address'&$select=id"
    assert [t["id"] for t in get(client, query)["value"]] == [td.IP_ADDRESS]


def test_seeded_labels_have_priorities_colours_sublabels_and_rights(
    store: JobStore, client: FlaskClient
) -> None:
    seed_jobs(store, DEFAULT_TENANT, None, None, defaults=True)
    labels = get(client, "sensitivityLabels?$orderby=priority")["value"]
    assert [(label["name"], label["priority"], label["color"]) for label in labels] == [
        ("Public", 0, "#107C10"),
        ("General", 1, "#0078D4"),
        ("Confidential", 2, "#FF8C00"),
        ("Highly Confidential", 6, "#E81123"),
    ]
    assert [label["id"] for label in labels if label["isDefault"]] == [td.GENERAL]
    sublabels = get(client, f"sensitivityLabels/{td.CONFIDENTIAL}/sublabels")["value"]
    assert [(s["id"], s["displayName"], s["priority"]) for s in sublabels] == [
        (td.CONFIDENTIAL_ALL_EMPLOYEES, "All Employees", 3),
        (td.CONFIDENTIAL_SPECIFIC_PEOPLE, "Specific People", 4),
        (td.CONFIDENTIAL_RECIPIENTS_ONLY, "Recipients Only", 5),
    ]
    assert all(s["hasProtection"] and s["color"] == "#FF8C00" for s in sublabels)
    assert get(client, f"sensitivityLabels/{td.PUBLIC}/sublabels")["value"] == []

    rights = get(client, f"sensitivityLabels/{td.PUBLIC}/rights")
    assert (rights["value"], rights["userEmail"]) == ("owner", td.USER_EMAIL)
    path = f"sensitivityLabels/{td.HIGHLY_CONFIDENTIAL}/sublabels/"
    path += f"{td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE}/rights"
    assert get(client, path)["value"] == "view"


def test_seeding_again_replaces_the_defaults_and_keeps_the_rest(
    store: JobStore, client: FlaskClient
) -> None:
    seed_jobs(store, DEFAULT_TENANT, None, None, defaults=True)
    patched = client.patch(f"{BASE}/sensitivityLabels/{td.PUBLIC}", json={"color": "#000000"})
    assert patched.status_code == 200
    extra = {"id": "extra", "name": "Contoso project"}
    seed_jobs(store, DEFAULT_TENANT, None, [{"collection": "sensitivityLabels", "entity": extra}])
    before = store.export(DEFAULT_TENANT)[DEFAULT_TENANT]

    seed_jobs(store, DEFAULT_TENANT, None, None, defaults=True)

    assert len(store.export(DEFAULT_TENANT)[DEFAULT_TENANT]) == len(before) == 39 + 1
    assert get(client, f"sensitivityLabels/{td.PUBLIC}")["color"] == "#107C10"
    assert get(client, "sensitivityLabels/extra")["name"] == "Contoso project"


def test_a_seed_may_put_its_own_items_inside_the_default_labels(
    store: JobStore, client: FlaskClient
) -> None:
    own = {"id": "interns", "name": "Confidential - Interns", "priority": 9}
    where = f"sensitivityLabels/{td.CONFIDENTIAL}/sublabels"
    seed_jobs(store, "contoso", None, [{"collection": where, "entity": own}], defaults=True)
    assert store.count("contoso", where) == 4
    assert store.count(DEFAULT_TENANT, "sensitiveTypes") == 0  # another tenant's seed


def test_the_defaults_go_through_the_seed_validation() -> None:
    items = default_items()
    assert len(items) == 39
    assert {collection for collection, _, _ in items} >= {
        "sensitiveTypes",
        "sensitivityLabels",
        f"sensitivityLabels/{td.CONFIDENTIAL}/sublabels",
        f"sensitivityLabels/{td.CONFIDENTIAL}/sublabels/{td.CONFIDENTIAL_ALL_EMPLOYEES}/rights",
        f"sensitivityLabels/{td.GENERAL}/rights",
    }
    assert all(data["@odata.type"].startswith("#microsoft.graph.") for _, data, _ in items)


@pytest.mark.parametrize("defaults", ["yes", 1, []], ids=["string", "number", "list"])
def test_defaults_must_be_a_boolean(store: JobStore, defaults: Any) -> None:
    with pytest.raises(BadRequestError, match="'defaults' must be true or false"):
        seed_jobs(store, DEFAULT_TENANT, None, None, defaults=defaults)
    assert next(store.tenants(), None) is None


def test_a_new_store_gets_the_defaults_and_the_documented_items(store: JobStore) -> None:
    expected = default_items() + documented_items()
    assert seed_new_store(store) == len(expected)
    for collection, _, item_id in expected:  # each is there (NotFoundError otherwise)
        assert store.get(DEFAULT_TENANT, collection, str(item_id)).id == item_id


def test_a_store_that_holds_anything_is_left_as_it_is(store: JobStore) -> None:
    store.create("someone", "jobs", {"@odata.type": "#microsoft.graph.jobResponseBase"})
    assert seed_new_store(store) == 0
    assert store.count(DEFAULT_TENANT, "sensitiveTypes") == 0


def test_the_docs_page_lists_every_default_as_the_data_has_it() -> None:
    page = (ROOT / "docs" / "tenant.md").read_text(encoding="utf-8")
    for row in td.SENSITIVE_TYPES:
        link = f"https://learn.microsoft.com/en-us/purview/sit-defn-{row.page})"
        assert f"| {row.name} | " in page and f"[`{row.id}`]({link}" in page, row.name
    for priority, label in enumerate(td.LABELS):
        cells = [f"`{label.id}`", str(priority), f"`{label.color}`"]
        cells += ["yes" if label.protected else "no", f"`{label.applicable_to}`"]
        cells += [f"`{label.rights}`"]
        assert f"| {label.name} | " in page, label.name
        assert f"| {' | '.join(cells)} |" in page, label.name
