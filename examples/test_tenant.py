"""A tenant seeded as `mockgraph serve` starts one: Microsoft's built-in sensitive types and a
label taxonomy, named by the constants of mockgraph.features.tenant_defaults."""

import requests

from mockgraph.features.tenant_defaults import (
    CONFIDENTIAL,
    CONFIDENTIAL_RECIPIENTS_ONLY,
    CREDIT_CARD_NUMBER,
    SENSITIVE_TYPE_IDS,
)


def test_the_built_in_sensitive_types(mockgraph_tenant):
    types = f"{mockgraph_tenant.base_url}/dataClassification/sensitiveTypes"
    auth = mockgraph_tenant.headers()
    card = requests.get(f"{types}/{CREDIT_CARD_NUMBER}", headers=auth, timeout=10).json()
    assert (card["name"], card["publisherName"]) == ("Credit Card Number", "Microsoft Corporation")
    ssn = SENSITIVE_TYPE_IDS["U.S. Social Security Number (SSN)"]  # or by name
    assert requests.get(f"{types}/{ssn}", headers=auth, timeout=10).status_code == 200


def test_the_labels_their_sublabels_and_rights(mockgraph_tenant):
    confidential = (
        f"{mockgraph_tenant.base_url}/dataClassification/sensitivityLabels/{CONFIDENTIAL}"
    )
    auth = mockgraph_tenant.headers()
    sublabels = requests.get(f"{confidential}/sublabels", headers=auth, timeout=10).json()
    assert [label["displayName"] for label in sublabels["value"]] == [
        "All Employees",
        "Specific People",
        "Recipients Only",
    ]
    rights_url = f"{confidential}/sublabels/{CONFIDENTIAL_RECIPIENTS_ONLY}/rights"
    rights = requests.get(rights_url, headers=auth, timeout=10).json()
    assert rights["value"] == "view,reply,replyAll"  # read and answer, never forward


def test_a_plain_mockgraph_starts_empty_and_seeds_on_request(mockgraph):
    types = f"{mockgraph.base_url}/dataClassification/sensitiveTypes"
    assert requests.get(types, headers=mockgraph.headers(), timeout=10).json()["value"] == []
    mockgraph.seed_defaults()  # what mockgraph_tenant does; seeding again replaces them
    listed = requests.get(types, headers=mockgraph.headers(), timeout=10).json()["value"]
    assert len(listed) == len(SENSITIVE_TYPE_IDS)
