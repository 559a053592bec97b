"""The service's actions over HTTP: ``classifyFile`` finds what a file holds and answers a real
job; bad parameters are Graph's 400 naming them, and store nothing."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.store import JobStore
from mockgraph.features.tenant_defaults import CREDIT_CARD_NUMBER, IBAN
from mockgraph.http.actions.classify import file_text
from tests.support.graph import BASE, bearer, error_code

CLASSIFY = f"{BASE}/classifyFile"
DOCUMENT = "Paid by Visa card 4111 1111 1111 1111, expires 04/28."
CARD = "4111 1111 1111 1111"


def encoded(text: str, encoding: str = "utf-8") -> str:
    return base64.b64encode(text.encode(encoding)).decode()


def classify(client: FlaskClient, text: str, **extra: Any) -> Any:
    return client.post(CLASSIFY, json={"file": encoded(text), **extra})


def test_classify_file_answers_a_completed_job_with_what_was_found(
    client: FlaskClient,
) -> None:
    answer = classify(client, DOCUMENT)
    assert answer.status_code == 200
    job = answer.get_json()
    assert job["@odata.type"] == "#microsoft.graph.classificationJobResponse"
    assert job["@odata.context"].endswith("$metadata#dataClassification/classifyFileJobs/$entity")
    assert (job["status"], job["type"]) == ("completed", "classifyFile")
    assert job["creationDateTime"] and job["endDateTime"]
    (found,) = job["result"]["classification"]
    assert (found["id"], found["displayName"], found["uniqueCount"]) == (
        CREDIT_CARD_NUMBER,
        "Credit Card Number",
        1,
    )
    (match,) = found["matches"]
    assert (match["offset"], match["length"], match["idMatch"]) == (
        DOCUMENT.index(CARD),
        len(CARD),
        CARD,
    )


def test_the_job_is_a_real_job(client: FlaskClient) -> None:
    job = classify(client, DOCUMENT).get_json()
    for path in (f"{BASE}/classifyFileJobs/{job['id']}", f"{BASE}/jobs/{job['id']}"):
        read = client.get(path).get_json()
        assert read["result"] == job["result"]
    query = {"$filter": "type eq 'classifyFile'", "$count": "true"}
    assert client.get(f"{BASE}/jobs", query_string=query).get_json()["@odata.count"] == 1
    assert client.get(f"{BASE}/jobs", headers=bearer("fabrikam")).get_json()["value"] == []


def test_sensitive_type_ids_choose_what_is_looked_for(client: FlaskClient) -> None:
    only_iban = classify(client, DOCUMENT, sensitiveTypeIds=[IBAN]).get_json()
    assert only_iban["result"]["classification"] == []
    nothing = classify(client, "Nothing to see here.").get_json()
    assert nothing["result"]["classification"] == []


def test_a_tenants_own_sensitive_type_may_be_named(client: FlaskClient, store: JobStore) -> None:
    store.create("default", "sensitiveTypes", {"name": "Contoso id"}, "contoso-id")
    answer = classify(client, DOCUMENT, sensitiveTypeIds=["contoso-id", CREDIT_CARD_NUMBER])
    assert answer.status_code == 200
    assert [c["id"] for c in answer.get_json()["result"]["classification"]] == [CREDIT_CARD_NUMBER]


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ({}, "file"),
        ({"file": None}, "file"),
        ({"file": "not base64!"}, "file"),
        ({"file": 3}, "file"),
        ({"file": encoded("x"), "sensitiveTypeIds": ["nope"]}, "sensitiveTypeIds[0]"),
        ({"file": encoded("x"), "sensitiveTypeIds": "nope"}, "sensitiveTypeIds"),
        ({"file": encoded("x"), "extra": 1}, "extra"),
    ],
    ids=["missing", "null", "not-base64", "not-a-string", "unknown-type", "not-a-list", "unknown"],
)
def test_bad_parameters_are_a_400_naming_them_and_store_nothing(
    client: FlaskClient, store: JobStore, body: dict[str, Any], target: str
) -> None:
    answer = client.post(CLASSIFY, json=body)
    assert (answer.status_code, error_code(answer)) == (400, "invalidRequest")
    assert [d["target"] for d in answer.get_json()["error"]["details"]] == [target]
    assert store.export() == {}


def test_only_post(client: FlaskClient) -> None:
    answer = client.get(CLASSIFY)
    assert (answer.status_code, answer.headers["Allow"]) == (405, "OPTIONS, POST")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("café".encode(), "café"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "café"),
        ("café".encode("utf-16"), "café"),
        (b"caf\xe9", "café"),  # not UTF-8: every byte a Latin-1 character
        (b"", ""),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "latin1", "empty"],
)
def test_a_files_text(data: bytes, text: str) -> None:
    assert file_text(data) == text


def test_an_empty_file_finds_nothing(client: FlaskClient) -> None:
    answer = client.post(CLASSIFY, json={"file": ""})
    assert answer.status_code == 200
    assert answer.get_json()["result"]["classification"] == []


def test_classify_file_through_batch(client: FlaskClient) -> None:
    requests = [
        {"id": "1", "method": "POST", "url": "/dataClassification/classifyFile",
         "headers": {"Content-Type": "application/json"}, "body": {"file": encoded(DOCUMENT)}},
    ]  # fmt: skip
    (answer,) = client.post("/beta/$batch", json={"requests": requests}).get_json()["responses"]
    assert answer["status"] == 200
    assert answer["body"]["result"]["classification"][0]["id"] == CREDIT_CARD_NUMBER


def test_with_an_app_wide_lifecycle_the_job_starts_and_advances_as_polled() -> None:
    app = create_app({"MOCKGRAPH_LIFECYCLE_POLLS": 1})
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
    job = classify(client, DOCUMENT).get_json()
    assert job["status"] == "notStarted"
    assert "startDateTime" not in job and "endDateTime" not in job
    assert job["result"]["classification"][0]["id"] == CREDIT_CARD_NUMBER
    polled = [client.get(f"{BASE}/jobs/{job['id']}").get_json() for _ in range(3)]
    assert [p["status"] for p in polled] == ["running", "completed", "completed"]
    assert polled[-1]["startDateTime"] and polled[-1]["endDateTime"]
