"""What a careless or hostile client sends is not echoed back whole, nor silently resolved."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.support.graph import BASE

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ('{"status": 5, "status": "x"}', "status"),
        ('{"status": "running", "error": {"code": "a", "code": "b"}}', "code"),
    ],
    ids=["top-level", "nested"],
)
def test_a_repeated_property_name_is_a_400_naming_it(
    client: FlaskClient, body: str, name: str
) -> None:
    response = client.post(f"{BASE}/jobs", data=body, headers=JSON)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "BadRequest"
    assert f"'{name}'" in error["message"]
    assert client.get(f"{BASE}/jobs").get_json()["value"] == []


def test_a_huge_query_option_is_not_echoed_whole(client: FlaskClient) -> None:
    response = client.get(f"{BASE}/jobs?$orderby={'x' * 1_000_000}")
    assert response.status_code == 400
    assert len(response.data) < 5_000
    assert "more characters" in response.get_json()["error"]["message"]


def test_many_bad_properties_list_at_most_100_details(client: FlaskClient) -> None:
    body = "{" + ", ".join(f'"p{n}": 1' for n in range(5_000)) + "}"
    response = client.post(f"{BASE}/jobs", data=body, headers=JSON)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert len(error["details"]) == 100
    assert len(response.data) < 20_000
