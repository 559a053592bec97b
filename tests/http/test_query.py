"""Query options on collections and entities, through the API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from tests.support.graph import BASE, bearer, error_code
from tests.support.payloads import job

STATUSES = ["running", "completed", "failed", "completed", "notStarted"]
CREATED = [
    "2017-01-01T00:00:59.0982804+03:00",  # 2016-12-31T21:00:59Z
    "2016-12-31T22:00:00Z",
    "2017-01-01T00:00:00.5+00:00",
    "2016-12-31T23:30:00-01:00",  # 2017-01-01T00:30:00Z
    "2015-06-01T00:00:00Z",
]


@pytest.fixture
def ids(client: FlaskClient) -> list[str]:
    made = []
    for i, (status, created) in enumerate(zip(STATUSES, CREATED, strict=True)):
        body = job("jobResponseBase", status=status, creationDateTime=created, userId=f"user-{i}")
        made.append(client.post(f"{BASE}/jobs", json=body).get_json()["id"])
    return made


def listed(client: FlaskClient, query: str, path: str = "jobs") -> dict:
    response = client.get(f"{BASE}/{path}?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_top_and_skip(client: FlaskClient, ids: list[str]) -> None:
    assert [j["id"] for j in listed(client, "$top=2")["value"]] == ids[:2]
    assert [j["id"] for j in listed(client, "$skip=3")["value"]] == ids[3:]
    assert [j["id"] for j in listed(client, "top=1&skip=1")["value"]] == ids[1:2]


def test_count_is_a_number_and_counts_the_filtered_total(
    client: FlaskClient, ids: list[str]
) -> None:
    body = listed(client, "$count=true&$top=1&$filter=status eq 'completed'")
    assert body["@odata.count"] == 2
    assert len(body["value"]) == 1
    assert "@odata.count" not in listed(client, "$count=false")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status eq 'completed'", [1, 3]),
        ("status ne 'completed'", [0, 2, 4]),
        ("status eq 'completed' and userId eq 'user-3'", [3]),
        ("status eq 'failed' or status eq 'running'", [0, 2]),
        ("not (status eq 'completed')", [0, 2, 4]),
        ("startswith(status, 'comp')", [1, 3]),
        ("endswith(userId, '4')", [4]),
        ("contains(status, 'unn')", [0]),
        ("status in ('failed', 'notStarted')", [2, 4]),
        ("creationDateTime gt 2016-12-31T22:00:00Z", [2, 3]),
        ("creationDateTime ge 2016-12-31T22:00:00Z", [1, 2, 3]),
        ("creationDateTime lt 2016-12-31T21:30:00Z", [0, 4]),
        ("creationDateTime le 2015-06-01T00:00:00Z", [4]),
        ("endDateTime eq null", []),
        ("endDateTime ne null", [0, 1, 2, 3, 4]),
    ],
)
def test_filter(client: FlaskClient, ids: list[str], query: str, expected: list[int]) -> None:
    got = [j["id"] for j in listed(client, f"$filter={query}")["value"]]
    assert got == [ids[i] for i in expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("creationDateTime", [4, 0, 1, 2, 3]),
        ("creationDateTime desc", [3, 2, 1, 0, 4]),
        ("status asc,userId desc", [3, 1, 2, 4, 0]),
        ("status desc, creationDateTime", [0, 4, 2, 1, 3]),
    ],
)
def test_orderby(client: FlaskClient, ids: list[str], query: str, expected: list[int]) -> None:
    got = [j["id"] for j in listed(client, f"$orderby={query}")["value"]]
    assert got == [ids[i] for i in expected]


def test_select_on_collections_and_entities(client: FlaskClient, ids: list[str]) -> None:
    body = listed(client, "$select=status,userId&$top=1")
    assert body["@odata.context"].endswith("#dataClassification/jobs(status,userId)")
    assert body["value"] == [
        {"@odata.type": "#microsoft.graph.jobResponseBase", "id": ids[0],
         "status": "running", "userId": "user-0"}
    ]  # fmt: skip
    entity = client.get(f"{BASE}/jobs/{ids[1]}?$select=status").get_json()
    assert entity["@odata.context"].endswith("#dataClassification/jobs(status)/$entity")
    assert {k: v for k, v in entity.items() if k != "@odata.context"} == {
        "@odata.type": "#microsoft.graph.jobResponseBase", "id": ids[1], "status": "completed"
    }  # fmt: skip


def test_server_driven_paging_follows_next_links(ids: list[str], app: Flask) -> None:
    paged = create_app({"MOCKGRAPH_PAGE_SIZE": 2})
    client = paged.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
    for i in range(5):
        client.post(f"{BASE}/jobs", json={"userId": f"u{i}", "status": "s"})
    seen: list[str] = []
    url = f"{BASE}/jobs?$filter=status eq 's'&$select=userId&$count=true"
    pages = 0
    while url:
        body = client.get(url).get_json()
        assert body["@odata.count"] == 5
        seen += [item["userId"] for item in body["value"]]
        url = body.get("@odata.nextLink", "")
        pages += 1
        if url:
            assert "$skiptoken=" in url and url.startswith("http://localhost/beta/")
            assert parse_qs(urlsplit(url).query)["$select"] == ["userId"]
    assert seen == [f"u{i}" for i in range(5)]
    assert pages == 3


def test_top_sets_the_page_size_and_next_link_continues(
    client: FlaskClient, ids: list[str]
) -> None:
    first = listed(client, "$top=3")
    assert len(first["value"]) == 3
    second = client.get(first["@odata.nextLink"]).get_json()
    assert [j["id"] for j in second["value"]] == ids[3:]
    assert "@odata.nextLink" not in second


def test_no_next_link_when_everything_fits(client: FlaskClient, ids: list[str]) -> None:
    assert "@odata.nextLink" not in listed(client, "$top=5")


@pytest.mark.parametrize(
    "query",
    [
        "$expand=error", "$search=foo", "$top=abc", "$top=-1", "$top=100000", "$skip=x",
        "$count=yes", "$select=nope", "$orderby=nope", "$orderby=status sideways",
        "$orderby=error", "$filter=status eq", "$filter=nope eq 'a'", "$filter=error eq null",
        "$filter=status eq 1", "$filter=creationDateTime gt 'yesterday'", "$bogus=1",
        "$skiptoken=garbage", "$top=", "$filter=" + "(" * 1500 + "status eq 'a'" + ")" * 1500,
    ],
)  # fmt: skip
def test_bad_query_options_are_400(client: FlaskClient, ids: list[str], query: str) -> None:
    response = client.get(f"{BASE}/jobs?{query}")
    assert response.status_code == 400, query
    assert error_code(response) == "BadRequest"


def test_bad_select_on_an_entity_is_400(client: FlaskClient, ids: list[str]) -> None:
    response = client.get(f"{BASE}/jobs/{ids[0]}?$select=nope")
    assert response.status_code == 400
    assert error_code(response) == "BadRequest"


def test_query_on_typed_collection(client: FlaskClient) -> None:
    for status in ("a", "b"):
        client.post(f"{BASE}/classifyTextJobs", json={"status": status}, headers=bearer())
    client.post(f"{BASE}/jobs", json={"status": "a"})
    body = listed(client, "$filter=status eq 'a'&$count=true", "classifyTextJobs")
    assert body["@odata.count"] == 1
