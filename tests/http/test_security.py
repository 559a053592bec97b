"""Scope checks, the admin API's token, and where the server listens."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mockgraph import cli, create_app
from mockgraph.core.auth import ADMIN_TOKEN_HEADER
from mockgraph.http.current import state_of
from tests.support.graph import BASE, error_code, token_for


@pytest.fixture
def scoped_client():
    app = create_app({"MOCKGRAPH_REQUIRED_SCOPES": ("DataClassification.ReadWrite.All",)})
    return app.test_client()


@pytest.mark.parametrize(
    "claims",
    [{"scp": "User.Read DataClassification.ReadWrite.All"},
     {"roles": ["DataClassification.ReadWrite.All"]}],
    ids=["delegated-scp", "application-roles"],
)  # fmt: skip
def test_a_granted_scope_or_role_is_accepted(scoped_client, claims: dict) -> None:
    token = token_for("t", **claims)
    response = scoped_client.get(f"{BASE}/jobs", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "token",
    [token_for("t", scp="User.Read"), token_for("t", roles=["Other"]), token_for("t"), "opaque"],
    ids=["other-scope", "other-role", "no-claims", "opaque"],
)
def test_without_the_scope_it_is_403_and_changes_nothing(scoped_client, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    response = scoped_client.post(f"{BASE}/jobs", json={}, headers=headers)
    assert response.status_code == 403
    assert error_code(response) == "Authorization_RequestDenied"
    app = scoped_client.application
    assert state_of(app).store.export() == {}


def test_the_admin_api_wants_the_configured_token() -> None:
    client = create_app({"MOCKGRAPH_ADMIN_TOKEN": "s3cret"}).test_client()
    for headers in ({}, {ADMIN_TOKEN_HEADER: "wrong"}):
        response = client.get("/_mockgraph/health", headers=headers)
        assert response.status_code == 401
        assert error_code(response) == "InvalidAuthenticationToken"
    assert (
        client.get("/_mockgraph/health", headers={ADMIN_TOKEN_HEADER: "s3cret"}).status_code == 200
    )


def test_the_admin_api_is_off_beyond_loopback_without_a_token() -> None:
    client = create_app({"MOCKGRAPH_ADMIN_REQUIRES_TOKEN": True}).test_client()
    response = client.post("/_mockgraph/reset")
    assert response.status_code == 403
    assert error_code(response) == "Authorization_RequestDenied"


def test_graph_routes_do_not_take_the_admin_token() -> None:
    client = create_app({"MOCKGRAPH_ADMIN_TOKEN": "s3cret"}).test_client()
    response = client.get(f"{BASE}/jobs", headers={ADMIN_TOKEN_HEADER: "s3cret"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.com", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert cli.is_loopback(host) is loopback


class _NoSocketServer:
    """Stands in for MockGraphServer so the warning is checked without binding anywhere."""

    configs: list[dict] = []
    stopped_cleanly = True

    def __init__(self, host: str, port: int, config: dict) -> None:
        self.configs.append(config)
        self.url = f"http://{host}:{port}"
        self.base_url = f"{self.url}/beta"
        self.app = create_app()

    def prepare(self) -> None:
        pass

    def serve_until_signalled(self, signals: object = None) -> None:
        pass


def test_serving_beyond_loopback_warns_and_guards_the_admin_api(monkeypatch) -> None:
    monkeypatch.setattr(cli, "MockGraphServer", _NoSocketServer)
    result = CliRunner().invoke(cli.main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "warning: listening on 0.0.0.0" in result.output
    assert "admin API is off" in result.output
    assert _NoSocketServer.configs[-1]["MOCKGRAPH_ADMIN_REQUIRES_TOKEN"] is True
    quiet = CliRunner().invoke(cli.main, ["serve", "--host", "127.0.0.1"])
    assert "warning" not in quiet.output
    assert _NoSocketServer.configs[-1]["MOCKGRAPH_ADMIN_REQUIRES_TOKEN"] is False
