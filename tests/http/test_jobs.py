"""Every operation on every collection, through the Flask test client."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from mockgraph.core.model.collections import COLLECTIONS as MODEL_COLLECTIONS
from mockgraph.core.store import JobStore
from tests.support.graph import BASE, error_code
from tests.support.payloads import COLLECTIONS, HOME, JOB_TYPES, job

TYPED = [(t, HOME[t]) for t in JOB_TYPES]


def create(client: FlaskClient, collection: str, body: dict) -> dict:
    response = client.post(f"{BASE}/{collection}", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(("type_name", "collection"), TYPED, ids=[t for t, _ in TYPED])
def test_create_returns_the_stored_entity(client: FlaskClient, store: JobStore,
                                          type_name: str, collection: str) -> None:  # fmt: skip
    body = job(type_name)
    response = client.post(f"{BASE}/{collection}", json=body)
    assert response.status_code == 201
    created = response.get_json()
    job_id = created["id"]
    assert response.headers["Location"] == f"http://localhost{BASE}/{collection}/{job_id}"
    assert created["@odata.context"] == (
        f"http://localhost/beta/$metadata#dataClassification/{collection}/$entity"
    )
    assert {k: v for k, v in created.items() if k not in ("id", "@odata.context")} == body
    assert store.get("default", collection, job_id).data == {
        k: v for k, v in created.items() if k != "@odata.context"
    }


@pytest.mark.parametrize(("type_name", "collection"), TYPED, ids=[t for t, _ in TYPED])
def test_get_returns_what_was_created(client: FlaskClient, type_name: str, collection: str) -> None:
    created = create(client, collection, job(type_name))
    for path in (collection, "jobs"):
        response = client.get(f"{BASE}/{path}/{created['id']}")
        assert response.status_code == 200
        got = response.get_json()
        assert got["@odata.context"].endswith(f"#dataClassification/{path}/$entity")
        del got["@odata.context"], created["@odata.context"]
        assert got == created
        created["@odata.context"] = ""


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_body_without_odata_type_is_the_declared_type_everywhere(
    client: FlaskClient, store: JobStore, collection: str
) -> None:
    # Graph declares every job collection Collection(jobResponseBase): that is what OData
    # reads an untyped body as, whatever the collection is named after.
    created = create(client, collection, {"status": "running"})
    assert created["@odata.type"] == "#microsoft.graph.jobResponseBase"
    stored = store.get("default", collection, created["id"]).data
    assert stored["@odata.type"] == "#microsoft.graph.jobResponseBase"


@pytest.mark.parametrize("collection", COLLECTIONS[1:])
def test_an_untyped_body_with_a_result_is_rejected(
    client: FlaskClient, store: JobStore, collection: str
) -> None:
    # jobResponseBase has no result: a derived type's property needs its @odata.type.
    sent = {
        k: v for k, v in job(MODEL_COLLECTIONS[collection].named_type).items() if k != "@odata.type"
    }
    response = client.post(f"{BASE}/{collection}", json=sent)
    assert response.status_code == 400
    assert error_code(response) == "invalidRequest"
    assert [d["target"] for d in response.get_json()["error"]["details"]] == ["result"]
    assert store.select("default", "jobs") == []


ANY_TYPE_ANYWHERE = [(t, c) for c in COLLECTIONS for t in JOB_TYPES]


@pytest.mark.parametrize(
    ("type_name", "collection"),
    ANY_TYPE_ANYWHERE,
    ids=[f"{t}-in-{c}" for t, c in ANY_TYPE_ANYWHERE],
)
def test_every_collection_takes_every_job_type(
    client: FlaskClient, store: JobStore, type_name: str, collection: str
) -> None:
    body = job(type_name)
    created = create(client, collection, body)
    assert {k: v for k, v in created.items() if k not in ("id", "@odata.context")} == body
    # Visible through /jobs and the collection it was created in, nowhere else.
    for path in COLLECTIONS:
        response = client.get(f"{BASE}/{path}/{created['id']}")
        assert response.status_code == (200 if path in ("jobs", collection) else 404), path
    assert store.get("default", "jobs", created["id"]).collection == collection


def test_a_type_outside_the_job_hierarchy_is_rejected(client: FlaskClient, store: JobStore) -> None:
    sent = {"@odata.type": "#microsoft.graph.classificationError", "code": "x"}
    response = client.post(f"{BASE}/evaluateDlpPoliciesJobs", json=sent)
    assert response.status_code == 400
    assert error_code(response) == "invalidRequest"
    detail = response.get_json()["error"]["details"][0]
    assert detail["target"] == "@odata.type"
    assert "#microsoft.graph.classificationJobResponse" in detail["message"]
    assert store.select("default", "jobs") == []


def test_create_rejects_a_client_id(client: FlaskClient, store: JobStore) -> None:
    response = client.post(f"{BASE}/jobs", json={"id": "mine"})
    assert response.status_code == 400
    assert error_code(response) == "invalidRequest"
    assert store.select("default", "jobs") == []


def test_jobs_lists_every_job_and_typed_collections_their_own(client: FlaskClient) -> None:
    ids = {t: create(client, c, job(t))["id"] for t, c in TYPED}
    listed = client.get(f"{BASE}/jobs").get_json()
    assert [item["id"] for item in listed["value"]] == list(ids.values())
    assert listed["@odata.context"] == "http://localhost/beta/$metadata#dataClassification/jobs"
    file_jobs = client.get(f"{BASE}/classifyFileJobs").get_json()["value"]
    assert [item["id"] for item in file_jobs] == [ids["classificationJobResponse"]]
    assert client.get(f"{BASE}/classifyTextJobs").get_json()["value"] == []


def test_a_job_is_not_found_through_another_typed_collection(client: FlaskClient) -> None:
    job_id = create(client, "classifyFileJobs", job())["id"]
    response = client.get(f"{BASE}/classifyTextJobs/{job_id}")
    assert response.status_code == 404
    assert error_code(response) == "itemNotFound"


def test_jobs_created_through_jobs_are_not_in_typed_collections(client: FlaskClient) -> None:
    job_id = create(client, "jobs", job())["id"]
    assert client.get(f"{BASE}/classifyFileJobs/{job_id}").status_code == 404
    assert client.get(f"{BASE}/jobs/{job_id}").status_code == 200


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_get_unknown_id_is_item_not_found(client: FlaskClient, collection: str) -> None:
    response = client.get(f"{BASE}/{collection}/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert error_code(response) == "itemNotFound"


@pytest.mark.parametrize(("type_name", "collection"), TYPED, ids=[t for t, _ in TYPED])
def test_patch_changes_only_what_was_sent(client: FlaskClient, store: JobStore,
                                          type_name: str, collection: str) -> None:  # fmt: skip
    created = create(client, collection, job(type_name))
    response = client.patch(f"{BASE}/{collection}/{created['id']}", json={"status": "failed"})
    assert response.status_code == 200
    updated = response.get_json()
    assert updated == {**created, "status": "failed"}
    assert store.get("default", "jobs", created["id"]).data["status"] == "failed"


def test_patch_through_jobs_is_seen_through_the_typed_collection(client: FlaskClient) -> None:
    created = create(client, "classifyFileJobs", job())
    client.patch(f"{BASE}/jobs/{created['id']}", json={"userId": "u2"})
    got = client.get(f"{BASE}/classifyFileJobs/{created['id']}").get_json()
    assert got["userId"] == "u2"


def test_patch_replaces_complex_values_and_validates_them(client: FlaskClient) -> None:
    created = create(client, "classifyFileJobs", job())
    new_error = {"code": "c2", "details": [{"@odata.type": "#microsoft.graph.processingError"}]}
    updated = client.patch(f"{BASE}/classifyFileJobs/{created['id']}", json={"error": new_error})
    assert updated.get_json()["error"] == {
        "@odata.type": "#microsoft.graph.classificationError",
        "code": "c2",
        "details": [{"@odata.type": "#microsoft.graph.processingError"}],
    }


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ({"@odata.type": "#microsoft.graph.evaluateLabelJobResponse"}, "@odata.type"),
        ({"@odata.type": "#microsoft.graph.jobResponseBase"}, "@odata.type"),
        ({"id": "another-id"}, "id"),
        ({"status": 3}, "status"),
        ({"result": {"classification": "x"}}, "result.classification"),
    ],
    ids=["other-type", "base-type", "id", "wrong-type", "nested"],
)
def test_bad_patch_is_rejected_and_changes_nothing(client: FlaskClient, store: JobStore,
                                                   body: dict, target: str) -> None:  # fmt: skip
    created = create(client, "classifyFileJobs", job())
    before = store.get("default", "jobs", created["id"]).body
    response = client.patch(f"{BASE}/classifyFileJobs/{created['id']}", json=body)
    assert response.status_code == 400
    assert error_code(response) == "invalidRequest"
    assert [d["target"] for d in response.get_json()["error"]["details"]] == [target]
    assert store.get("default", "jobs", created["id"]).body == before


def test_patch_with_the_same_id_and_type_is_accepted(client: FlaskClient) -> None:
    created = create(client, "classifyFileJobs", job())
    same = {"id": created["id"], "@odata.type": "microsoft.graph.classificationJobResponse"}
    assert client.patch(f"{BASE}/jobs/{created['id']}", json=same).status_code == 200


def test_patch_unknown_id_is_item_not_found(client: FlaskClient) -> None:
    response = client.patch(f"{BASE}/jobs/nope", json={"status": "x"})
    assert response.status_code == 404
    assert error_code(response) == "itemNotFound"


@pytest.mark.parametrize(("type_name", "collection"), TYPED, ids=[t for t, _ in TYPED])
def test_delete_then_delete_again(client: FlaskClient, store: JobStore,
                                  type_name: str, collection: str) -> None:  # fmt: skip
    job_id = create(client, collection, job(type_name))["id"]
    response = client.delete(f"{BASE}/{collection}/{job_id}")
    assert response.status_code == 204
    assert response.data == b""
    assert store.select("default", "jobs") == []
    again = client.delete(f"{BASE}/{collection}/{job_id}")
    assert again.status_code == 404
    assert error_code(again) == "itemNotFound"
    assert client.get(f"{BASE}/jobs/{job_id}").status_code == 404


def test_delete_through_jobs_removes_it_from_its_typed_collection(client: FlaskClient) -> None:
    job_id = create(client, "classifyFileJobs", job())["id"]
    assert client.delete(f"{BASE}/jobs/{job_id}").status_code == 204
    assert client.get(f"{BASE}/classifyFileJobs").get_json()["value"] == []


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_count_endpoint_is_plain_text(client: FlaskClient, collection: str) -> None:
    create(client, collection, {"status": "a"})
    create(client, collection, {"status": "b"})
    response = client.get(f"{BASE}/{collection}/$count")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.data == b"2"
    filtered = client.get(f"{BASE}/{collection}/$count?$filter=status eq 'a'")
    assert filtered.data == b"1"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_a_body_is_read_in_any_encoding_json_allows(client: FlaskClient, encoding: str) -> None:
    body = {"status": "é ✓", "userId": "ü"}
    raw = json.dumps(body, ensure_ascii=False).encode(encoding)
    response = client.post(f"{BASE}/jobs", data=raw, content_type="application/json")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["status"] == "é ✓"
