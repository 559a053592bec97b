"""The service's other actions over HTTP: exact data match (classifyExactMatches, lookup),
upload sessions (commit, cancel, renew), and the labels' evaluate, computeRightsAndInheritance
and computeInheritance; each answered from the tenant's data, each bad call Graph's error and
no change."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.store import JobStore
from mockgraph.features import tenant_defaults as td
from mockgraph.features.lifecycle import Plan
from mockgraph.features.seeding import seed_jobs
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer, error_code

STORES = f"{BASE}/exactMatchDataStores"
LABELS = f"{BASE}/sensitivityLabels"
ADMIN = "/_mockgraph"
COLUMNS = [
    {"name": "ssn", "isSearchable": True, "ignoredDelimiters": ["-"]},
    {"name": "name", "isSearchable": True, "isCaseInsensitive": True},
    {"name": "birthdate", "isSearchable": False},
]
ROWS = [
    {"ssn": "123-45-6789", "name": "Ada Lovelace", "birthdate": "1815-12-10"},
    {"ssn": "987654321", "name": "Alan Turing", "birthdate": "1912-06-23"},
]


@pytest.fixture
def data_store(client: FlaskClient) -> str:
    made = client.post(STORES, json={"displayName": "Employees", "columns": COLUMNS})
    store_id: str = made.get_json()["id"]
    loaded = client.put(f"{ADMIN}/exactMatchDataStores/{store_id}/rows", json={"rows": ROWS})
    assert loaded.get_json() == {"count": 2}
    return store_id


@pytest.fixture
def seeded(store: JobStore) -> JobStore:
    seed_jobs(store, "default", None, None, defaults=True)
    return store


def test_classify_exact_matches_finds_the_loaded_rows(client: FlaskClient, data_store: str) -> None:
    text = "Payroll: 123456789 (born 1815-12-10), and alan turing."
    answer = client.post(f"{BASE}/classifyExactMatches", json={"text": text})
    assert answer.status_code == 200
    result = answer.get_json()
    assert result["@odata.context"].endswith(
        "$metadata#microsoft.graph.exactMatchClassificationResult"
    )
    (found,) = result["classification"]
    assert (found["id"], found["displayName"], found["uniqueCount"]) == (data_store, "Employees", 2)
    first, second = found["matches"]
    assert (first["idMatch"], first["offset"], first["confidence"]) == ("123456789", 9, 95)
    assert [e["match"] for e in first["evidences"]] == ["1815-12-10"]
    assert (second["idMatch"], second["confidence"]) == ("alan turing", 85)


def test_classify_exact_matches_is_limited_to_the_given_classifications(
    client: FlaskClient, data_store: str
) -> None:
    text = "😀 123456789 and 987654321"
    where = {
        "sensitiveTypeId": td.US_SOCIAL_SECURITY_NUMBER,
        "matches": [{"offset": 17, "length": 9}],
    }
    body = {"text": text, "contentClassifications": [where]}
    (found,) = client.post(f"{BASE}/classifyExactMatches", json=body).get_json()["classification"]
    assert [m["idMatch"] for m in found["matches"]] == ["987654321"]


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ({}, "text"),
        ({"text": 3}, "text"),
        ({"text": "x", "sensitiveTypeIds": ["nope"]}, "sensitiveTypeIds[0]"),
        (
            {"text": "x", "contentClassifications": [{"offset": 1}]},
            "contentClassifications[0].offset",
        ),
    ],
)
def test_bad_exact_match_parameters_are_a_400_naming_them(
    client: FlaskClient, data_store: str, body: dict[str, Any], target: str
) -> None:
    answer = client.post(f"{BASE}/classifyExactMatches", json=body)
    assert answer.status_code == 400
    assert [d["target"] for d in answer.get_json()["error"]["details"]] == [target]


def test_lookup_answers_the_result_columns_of_matching_rows(
    client: FlaskClient, data_store: str
) -> None:
    body = {"key": "ssn", "values": ["123456789", "000000000"], "resultColumnNames": ["name"]}
    answer = client.post(f"{STORES}/{data_store}/lookup", json=body)
    assert answer.status_code == 200
    assert answer.get_json() == {
        "@odata.context": "http://localhost/beta/$metadata#Collection(Edm.String)",
        "value": ["Ada Lovelace"],
    }


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ({"key": "birthdate", "values": ["1815-12-10"]}, "key"),
        ({"key": "nope", "values": ["x"]}, "key"),
        (
            {"key": "ssn", "values": ["x"], "resultColumnNames": ["name", "nope"]},
            "resultColumnNames[1]",
        ),
        ({"key": "ssn"}, "values"),
    ],
)
def test_a_bad_lookup_is_a_400_naming_the_parameter(
    client: FlaskClient, data_store: str, body: dict[str, Any], target: str
) -> None:
    answer = client.post(f"{STORES}/{data_store}/lookup", json=body)
    assert answer.status_code == 400
    assert [d["target"] for d in answer.get_json()["error"]["details"]] == [target]


def test_lookup_on_a_missing_store_is_a_404(client: FlaskClient) -> None:
    answer = client.post(f"{STORES}/nope/lookup", json={"key": "ssn", "values": ["1"]})
    assert (answer.status_code, error_code(answer)) == (404, "itemNotFound")


def test_rows_must_fit_the_stores_columns(client: FlaskClient, data_store: str) -> None:
    path = f"{ADMIN}/exactMatchDataStores/{data_store}/rows"
    answer = client.post(path, json={"rows": [{"ssn": "1"}, {"salary": "2"}]})
    assert answer.status_code == 400
    assert client.get(path).get_json() == {"rows": ROWS}
    assert client.post(path, json={"rows": [{"ssn": "111-11-1111"}]}).get_json() == {"count": 3}


def _session(client: FlaskClient, store_id: str) -> str:
    made = client.post(f"{STORES}/{store_id}/sessions", json={"totalBlockCount": 4})
    assert made.status_code == 201
    session = made.get_json()
    assert (session["state"], session["dataStoreId"], session["remainingBlockCount"]) == (
        "uploading",
        store_id,
        4,
    )
    return str(session["id"])


def test_commit_completes_the_session(client: FlaskClient, data_store: str) -> None:
    path = f"{STORES}/{data_store}/sessions/{_session(client, data_store)}"
    answer = client.post(f"{path}/commit")
    assert (answer.status_code, answer.data) == (204, b"")
    session = client.get(path).get_json()
    assert (session["state"], session["remainingBlockCount"], session["remainingJobCount"]) == (
        "completed",
        0,
        0,
    )
    assert session["uploadCompletionDateTime"] and session["processingCompletionDateTime"]
    again = client.post(f"{path}/commit")
    assert (again.status_code, error_code(again)) == (409, "conflict")
    assert client.get(path).get_json() == session


def test_with_a_lifecycle_a_committed_session_processes_until_polled(
    client: FlaskClient, app: Flask, data_store: str
) -> None:
    state_of(app).lifecycle.default = Plan(polls=2)
    session_id = _session(client, data_store)
    path = f"{STORES}/{data_store}/sessions/{session_id}"
    client.post(f"{path}/commit")
    assert [client.get(path).get_json()["state"] for _ in range(2)] == ["processing", "completed"]


def test_a_session_is_advanced_by_a_tick(client: FlaskClient, app: Flask, data_store: str) -> None:
    state_of(app).lifecycle.default = Plan(polls=100)
    session_id = _session(client, data_store)
    path = f"{STORES}/{data_store}/sessions/{session_id}"
    tick = f"{ADMIN}/exactMatchDataStores/{data_store}/sessions/{session_id}/advance"
    assert client.post(tick).status_code == 409  # still uploading
    client.post(f"{path}/commit")
    failed = client.post(tick, json={"outcome": "failed"}).get_json()
    assert failed["state"] == "failed" and failed["completionDateTime"]


def test_cancel_and_renew_follow_the_state(client: FlaskClient, data_store: str) -> None:
    path = f"{STORES}/{data_store}/sessions/{_session(client, data_store)}"
    renewed = client.post(f"{path}/renew")
    assert renewed.status_code == 200
    assert renewed.get_json()["@odata.context"].endswith("/sessions/$entity")
    assert renewed.get_json()["state"] == "uploading"
    assert client.post(f"{path}/cancel").status_code == 204
    assert client.get(path).get_json()["state"] == "canceled"
    for action in ("renew", "commit", "cancel"):
        refused = client.post(f"{path}/{action}")
        assert (refused.status_code, error_code(refused)) == (409, "conflict")
    assert client.post(f"{STORES}/{data_store}/sessions/nope/commit").status_code == 404


def test_evaluate_chooses_the_label_the_rules_name(client: FlaskClient, seeded: JobStore) -> None:
    found = [{"id": td.CREDIT_CARD_NUMBER, "count": 12, "confidence": 85}]
    answer = client.post(f"{LABELS}/evaluate", json={"discoveredSensitiveTypes": found})
    assert answer.status_code == 200
    job = answer.get_json()
    assert (job["type"], job["status"]) == ("evaluate", "completed")
    automatic = job["result"]["automatic"]
    assert automatic["sensitivityLabel"]["id"] == td.HIGHLY_CONFIDENTIAL
    assert [t["name"] for t in automatic["responsibleSensitiveTypes"]] == ["Credit Card Number"]
    assert client.get(f"{BASE}/evaluateLabelJobs/{job['id']}").get_json()["result"] == job["result"]
    assert client.get(f"{BASE}/jobs/{job['id']}").status_code == 200


def test_evaluate_follows_rules_a_test_sets(client: FlaskClient, seeded: JobStore) -> None:
    rule = {
        "id": "r1",
        "name": "IBANs are public",
        "sensitiveTypeId": td.IBAN,
        "labelId": td.PUBLIC,
        "mode": "automatic",
    }
    assert client.put(f"{ADMIN}/labelingRules", json={"rules": [rule]}).status_code == 200
    found = [{"id": td.IBAN, "count": 1, "confidence": 85}]
    job = client.post(f"{LABELS}/evaluate", json={"discoveredSensitiveTypes": found}).get_json()
    assert job["result"]["automatic"]["sensitivityLabel"]["id"] == td.PUBLIC
    assert job["result"]["automatic"]["responsiblePolicy"] == {
        "@odata.type": "#microsoft.graph.responsiblePolicy",
        "id": "r1",
        "name": "IBANs are public",
    }
    bad = client.put(f"{ADMIN}/labelingRules", json={"rules": [{**rule, "mode": "sometimes"}]})
    assert bad.status_code == 400
    assert client.get(f"{ADMIN}/labelingRules").get_json()["rules"][0]["id"] == "r1"


def test_compute_inheritance_picks_the_highest_priority(
    client: FlaskClient, seeded: JobStore
) -> None:
    ids = f"['{td.GENERAL}','{td.CONFIDENTIAL}']"
    call = f"computeInheritance(labelIds={ids},locale='en-US',contentFormats=['file'])"
    answer = client.get(f"{LABELS}/{call}")
    assert answer.status_code == 200
    label = answer.get_json()
    assert (label["id"], label["@odata.context"]) == (
        td.CONFIDENTIAL,
        "http://localhost/beta/$metadata#microsoft.graph.sensitivityLabel",
    )
    aliased = client.get(
        f"{LABELS}/computeInheritance(labelIds=@ids)", query_string={"@ids": f'["{td.PUBLIC}"]'}
    )
    assert aliased.get_json()["id"] == td.PUBLIC


@pytest.mark.parametrize(
    ("call", "code"),
    [
        # what the SDK sends today: its URI-template library drops the commas
        ("computeInheritance(labelIds=['x']locale='en-US'contentFormats=['file'])", "BadRequest"),
        ("computeInheritance(labelIds='x')", "invalidRequest"),
        ("computeInheritance(labelIds=['nope'])", "invalidRequest"),
        ("computeInheritance(locale='en-US')", "invalidRequest"),
        ("computeInheritance(labelIds=['x'],labelIds=['y'])", "BadRequest"),
        ("computeInheritance(labelIds=@missing)", "BadRequest"),
        ("computeInheritance(labelIds=[])", "invalidRequest"),
        ("computeInheritance(labelIds=[1])", "invalidRequest"),
        ("computeInheritance(labelIds=['a'],)", "BadRequest"),
        ("computeInheritance(labelIds=['a)", "BadRequest"),
        ('computeInheritance(labelIds=["a"x])', "BadRequest"),
        ("computeInheritance(colour='red')", "invalidRequest"),
    ],
)
def test_a_malformed_function_call_is_a_400(
    client: FlaskClient, seeded: JobStore, call: str, code: str
) -> None:
    answer = client.get(f"{LABELS}/{call}")
    assert (answer.status_code, error_code(answer)) == (400, code)


def test_compute_rights_and_inheritance(client: FlaskClient, seeded: JobStore) -> None:
    contents = [
        {"cid": "a", "format": "file", "labelId": td.GENERAL},
        {"cid": "b", "format": "file", "labelId": td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE},
    ]
    body = {"protectedContents": contents, "supportedContentFormats": ["file"]}
    answer = client.post(f"{LABELS}/computeRightsAndInheritance", json=body)
    assert answer.status_code == 200
    result = answer.get_json()
    assert result["inheritedLabel"]["id"] == td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE
    assert [r["cid"] for r in result["contentRights"]] == ["a", "b"]
    bad = client.post(
        f"{LABELS}/computeRightsAndInheritance",
        json={"protectedContents": [{"cid": "a", "labelId": "nope"}]},
    )
    assert bad.status_code == 400
    assert [d["target"] for d in bad.get_json()["error"]["details"]] == [
        "protectedContents[0].labelId"
    ]


def test_an_unknown_current_label_is_a_400_naming_it(client: FlaskClient, seeded: JobStore) -> None:
    body = {"currentLabel": {"id": "nope", "applicationMode": "manual"}}
    answer = client.post(f"{LABELS}/evaluate", json=body)
    assert answer.status_code == 400
    assert [d["target"] for d in answer.get_json()["error"]["details"]] == ["currentLabel.id"]
    assert client.get(f"{BASE}/evaluateLabelJobs/$count").data == b"0"


def test_the_sublabels_actions_see_only_that_labels_sublabels(
    client: FlaskClient, seeded: JobStore
) -> None:
    sublabels = f"{LABELS}/{td.CONFIDENTIAL}/sublabels"
    call = f"computeInheritance(labelIds=['{td.CONFIDENTIAL_ALL_EMPLOYEES}'])"
    assert client.get(f"{sublabels}/{call}").get_json()["id"] == td.CONFIDENTIAL_ALL_EMPLOYEES
    outside = client.get(f"{sublabels}/computeInheritance(labelIds=['{td.PUBLIC}'])")
    assert outside.status_code == 400
    # the content's current label may be any of the tenant's: here above every sublabel
    current = {"id": td.HIGHLY_CONFIDENTIAL, "applicationMode": "automatic"}
    found = [{"id": td.IBAN, "count": 1, "confidence": 85}]
    body = {"discoveredSensitiveTypes": found, "currentLabel": current}
    job = client.post(f"{sublabels}/evaluate", json=body).get_json()
    assert (job["result"]["automatic"], job["result"]["recommended"]) == (None, None)
    body["currentLabel"] = {"id": td.PUBLIC, "applicationMode": "manual"}
    job = client.post(f"{sublabels}/evaluate", json=body).get_json()
    recommended = job["result"]["recommended"]["sensitivityLabel"]["id"]
    assert recommended == td.CONFIDENTIAL_ALL_EMPLOYEES
    missing = client.post(f"{LABELS}/nope/sublabels/evaluate", json={})
    assert (missing.status_code, error_code(missing)) == (404, "itemNotFound")


def test_scripted_detection_finds_a_tenants_own_type(client: FlaskClient, store: JobStore) -> None:
    store.create("default", "sensitiveTypes", {"name": "Contoso project"}, "contoso")
    script = {"sensitiveTypeId": "contoso", "pattern": r"PRJ-\d{4}", "confidence": 75}
    assert client.post(f"{ADMIN}/detections", json=script).status_code == 201
    file = base64.b64encode(b"Project PRJ-1234 and PRJ-9999").decode()
    job = client.post(f"{BASE}/classifyFile", json={"file": file}).get_json()
    (found,) = job["result"]["classification"]
    assert (found["id"], found["displayName"], found["uniqueCount"], found["confidence"]) == (
        "contoso",
        "Contoso project",
        2,
        75,
    )
    assert [m["offset"] for m in found["matches"]] == [8, 21]
    assert client.delete(f"{ADMIN}/detections").status_code == 204
    again = client.post(f"{BASE}/classifyFile", json={"file": file}).get_json()
    assert again["result"]["classification"] == []


@pytest.mark.parametrize(
    "script",
    [
        {"pattern": "x"},
        {"sensitiveTypeId": "t"},
        {"sensitiveTypeId": "t", "pattern": "(", "confidence": 50},
        {"sensitiveTypeId": "t", "pattern": "x", "confidence": 101},
        {"sensitiveTypeId": "t", "result": {"uniqueCount": "many"}},
        {"sensitiveTypeId": "t", "pattern": "x", "colour": "red"},
    ],
)
def test_a_bad_script_is_refused(client: FlaskClient, script: dict[str, Any]) -> None:
    assert client.post(f"{ADMIN}/detections", json=script).status_code == 400
    assert client.get(f"{ADMIN}/detections").get_json() == {"value": []}


def test_jobs_made_by_evaluate_are_jobs_in_every_feature(tmp_path: Path) -> None:
    def started() -> tuple[Flask, FlaskClient]:
        made = create_app({"MOCKGRAPH_STATE_FILE": str(tmp_path / "state.jsonl")})
        client = made.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
        return made, client

    first, client = started()
    seed_jobs(state_of(first).store, "default", None, None, defaults=True)
    found = [{"id": td.US_SOCIAL_SECURITY_NUMBER, "count": 1, "confidence": 85}]
    job = client.post(f"{LABELS}/evaluate", json={"discoveredSensitiveTypes": found}).get_json()
    # query options on the jobs it joins
    query = {"$filter": "type eq 'evaluate'", "$select": "status", "$count": "true"}
    listed = client.get(f"{BASE}/evaluateLabelJobs", query_string=query).get_json()
    assert (listed["@odata.count"], listed["value"][0]["id"]) == (1, job["id"])
    # the journal, and the inspector's summaries
    (call,) = client.get(f"{ADMIN}/requests", query_string={"path": "*/evaluate"}).get_json()[
        "value"
    ]
    assert (call["method"], call["status"]) == ("POST", 200)
    (summary,) = client.get(f"{ADMIN}/jobs").get_json()["value"][0]["jobs"]
    assert (summary["id"], summary["collection"]) == (job["id"], "evaluateLabelJobs")
    # the state file: it is there after a restart
    state_of(first).store.close()
    again, reader = started()
    read = reader.get(f"{BASE}/jobs/{job['id']}").get_json()
    assert read["result"] == job["result"]
    assert read["result"]["automatic"]["sensitivityLabel"]["id"] == (
        td.HIGHLY_CONFIDENTIAL_ALL_EMPLOYEES
    )
    state_of(again).store.close()


def test_actions_through_batch_and_faults(client: FlaskClient, data_store: str) -> None:
    path = f"/dataClassification/exactMatchDataStores/{data_store}/lookup"
    requests = [
        {"id": "1", "method": "POST", "url": path, "headers": {"Content-Type": "application/json"},
         "body": {"key": "ssn", "values": ["987654321"], "resultColumnNames": ["name"]}},
    ]  # fmt: skip
    (answer,) = client.post("/beta/$batch", json={"requests": requests}).get_json()["responses"]
    assert (answer["status"], answer["body"]["value"]) == (200, ["Alan Turing"])
    fault = {"method": "POST", "path": "*/lookup", "status": 503, "count": 1}
    assert client.post(f"{ADMIN}/faults", json=fault).status_code == 201
    failed = client.post(f"/beta{path}", json=requests[0]["body"])
    assert (failed.status_code, error_code(failed)) == (503, "serviceNotAvailable")
    assert client.post(f"/beta{path}", json=requests[0]["body"]).status_code == 200


def test_each_tenant_has_its_own_test_data(client: FlaskClient, data_store: str) -> None:
    other = bearer("fabrikam")
    body = {"key": "ssn", "values": ["987654321"]}
    missing = client.post(f"{STORES}/{data_store}/lookup", json=body, headers=other)
    assert (missing.status_code, error_code(missing)) == (404, "itemNotFound")
    theirs = client.post(STORES, json={"displayName": "Theirs", "columns": COLUMNS}, headers=other)
    rows = f"{ADMIN}/exactMatchDataStores/{theirs.get_json()['id']}/rows"
    assert client.get(rows, headers=other).get_json() == {"rows": []}
    assert client.get(rows).status_code == 404  # the default tenant has no such store
    rule = {"id": "r", "name": "R", "sensitiveTypeId": td.IBAN, "labelId": "x", "mode": "automatic"}
    client.put(f"{ADMIN}/labelingRules", json={"rules": [rule]}, headers=other)
    assert len(client.get(f"{ADMIN}/labelingRules").get_json()["rules"]) > 1
    assert client.post(f"{ADMIN}/reset", headers=other).status_code == 204
    assert client.get(f"{ADMIN}/exactMatchDataStores/{data_store}/rows").get_json() == {
        "rows": ROWS
    }
    assert len(client.get(f"{ADMIN}/labelingRules", headers=other).get_json()["rules"]) > 1
