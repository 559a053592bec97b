"""``mockgraph.testing.MockGraph`` used directly, as a test without the pytest plugin would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from mockgraph import create_app
from mockgraph.features.tenant_defaults import (
    CREDIT_CARD_NUMBER,
    GENERAL,
    IBAN,
    US_SOCIAL_SECURITY_NUMBER,
)
from mockgraph.serving.server import MockGraphServer
from mockgraph.testing import AdminError, MockGraph

ADMIN_TOKEN = "s3cret"


@pytest.fixture
def helper() -> Iterator[MockGraph]:
    # An admin token is required: the helper's admin calls must send it, its reset needs none.
    with MockGraphServer(config={"MOCKGRAPH_ADMIN_TOKEN": ADMIN_TOKEN}) as server:
        yield MockGraph(server)


def _list(helper: MockGraph, tenant: str) -> requests.Response:
    url = f"{helper.base_url}/dataClassification/jobs"
    return requests.get(url, headers=helper.headers(tenant), timeout=10)


def test_reset_of_one_tenant_leaves_the_others(helper: MockGraph) -> None:
    helper.seed({"id": "kept"}, tenant="fabrikam")
    helper.seed({"id": "gone", "status": "notStarted"}, tenant="contoso")
    helper.advance_on_polls("gone", tenant="contoso")
    helper.add_fault("GET", "jobs", status=503, tenant="contoso")
    helper.add_fault("GET", "jobs", status=500, tenant="fabrikam")
    assert _list(helper, "contoso").status_code == 503
    assert _list(helper, "fabrikam").status_code == 500

    helper.reset("contoso")

    assert helper.jobs("contoso") == []
    assert helper.requests(tenant="contoso") == []
    assert helper.faults("contoso") == []
    assert [job["id"] for job in helper.jobs("fabrikam")] == ["kept"]
    assert len(helper.requests(tenant="fabrikam")) == 1
    assert [rule["status"] for rule in helper.faults("fabrikam")] == [500]
    assert _list(helper, "contoso").json()["value"] == []


def test_reset_of_everything(helper: MockGraph) -> None:
    helper.seed({"id": "a"}, tenant="contoso")
    helper.seed({"id": "b"})
    helper.add_fault("GET", "jobs", status=500)
    _list(helper, "contoso")

    helper.reset()

    assert helper.store.export() == {}
    assert helper.requests() == []
    assert helper.faults() == []
    assert _list(helper, "contoso").status_code == 200


def test_seed_defaults_stores_the_tenant_defaults_again_without_duplicates(
    helper: MockGraph,
) -> None:
    stored = helper.seed_defaults()
    assert [item["id"] for item in stored[:2]] == [CREDIT_CARD_NUMBER, US_SOCIAL_SECURITY_NUMBER]
    mixed = helper.seed({"id": "job-1"}, defaults=True)
    assert [item["id"] for item in mixed] == [item["id"] for item in stored] + ["job-1"]
    exported = helper.store.export()["default"]
    assert len(exported) == len(stored) + 1
    url = f"{helper.base_url}/dataClassification/sensitivityLabels/{GENERAL}/rights"
    rights = requests.get(url, headers=helper.headers(), timeout=10).json()
    assert rights["value"] == "owner"


def test_admin_calls_send_the_configured_token(helper: MockGraph) -> None:
    assert helper.admin("GET", "health")["status"] == "ok"
    over_http = requests.get(f"{helper.url}/_mockgraph/health", timeout=10)
    assert over_http.status_code == 401  # so the helper's call above did carry the token


def test_a_refused_admin_call_raises_with_graphs_error(helper: MockGraph) -> None:
    with pytest.raises(AdminError) as raised:
        helper.advance("no-such-job")
    assert raised.value.status == 404
    assert raised.value.body["error"]["code"] == "itemNotFound"


def test_the_apps_test_client_keeps_cookies_only_when_asked() -> None:
    app = create_app()
    with pytest.raises(TypeError, match="Cookies are disabled"):
        app.test_client().set_cookie("name", "value")  # Graph sets none: no jar by default
    jar = app.test_client(use_cookies=True)
    jar.set_cookie("name", "value")
    cookie = jar.get_cookie("name")
    assert cookie is not None and cookie.value == "value"


def test_the_helper_gives_the_actions_their_test_data(helper: MockGraph) -> None:
    mock = helper
    headers = mock.headers()
    made = requests.post(
        f"{mock.base_url}/dataClassification/exactMatchDataStores",
        json={
            "displayName": "Employees",
            "columns": [{"name": "ssn", "isSearchable": True}, {"name": "name"}],
        },
        headers=headers,
        timeout=10,
    ).json()
    assert mock.load_rows(made["id"], [{"ssn": "1", "name": "a"}, {"ssn": "2"}]) == 2
    assert mock.load_rows(made["id"], [{"ssn": "3"}], append=True) == 3
    mock.set_labeling_rules(
        [{"id": "p", "name": "P", "sensitiveTypeId": IBAN, "labelId": "l", "mode": "automatic"}]
    )
    assert [r["id"] for r in mock.labeling_rules()] == ["p"]
    mock.set_labeling_rules(None)
    assert len(mock.labeling_rules()) > 1
    script = mock.script_detection("t", pattern="x+", when="go")
    assert (script["pattern"], script["when"]) == ("x+", "go")
    mock.clear_detections()
    session = requests.post(
        f"{mock.base_url}/dataClassification/exactMatchDataStores/{made['id']}/sessions",
        json={},
        headers=headers,
        timeout=10,
    ).json()
    with pytest.raises(AdminError) as refused:
        mock.advance_session(made["id"], session["id"])
    assert refused.value.status == 409
