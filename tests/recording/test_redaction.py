"""Nothing secret reaches the disk: a token, its identity claims, a cookie, a client secret,
the values given to --redact and --redact-property; and the recording still replays."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from mockgraph.core.auth import token
from mockgraph.recording.redaction import REDACTED, Redactor, claims_of, is_secret_name
from mockgraph.serving.server import MockGraphServer
from tests.recording.conftest import TIMEOUT, check, recorded, recorder
from tests.support import payloads

TENANT = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
CLAIMS = {
    "oid": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
    "upn": "alice.smith@contoso.example",
    "preferred_username": "alice.smith@contoso.example",
    "unique_name": "CONTOSO\\alice.smith",
    "appid": "1c9a0b6e-8f51-4f4e-9d4b-6a2c3e1f7a90",
    "name": "Alice Smith",
}
COOKIE = "fpc=AsEcReTcOoKiEvAlUe123"
SECRET = "hunter2~Client.Secret-0f9e8d"
USER = "alice-user-77"  # a --redact-property userId value
PROJECT = "Project-Falcon-Confidential"  # a --redact value


def _session(base_url: str, bearer: str) -> None:
    graph = requests.Session()
    graph.headers.update({"Authorization": f"Bearer {bearer}", "Cookie": COOKIE})
    jobs = f"{base_url}/dataClassification/jobs"
    body = payloads.job(tenantId=TENANT, userId=USER)
    body["error"]["target"] = f"{PROJECT} in {CLAIMS['upn']}"
    created = graph.post(jobs, json=body, timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    job = created.json()["id"]
    assert graph.get(f"{jobs}/{job}", timeout=TIMEOUT).status_code == 200
    listed = graph.get(jobs, params={"$filter": f"userId eq '{USER}'"}, timeout=TIMEOUT)
    assert [item["id"] for item in listed.json()["value"]] == [job]
    # A client secret in a body (the mock refuses the property, which is recorded too).
    refused = graph.post(jobs, json={**payloads.job(), "clientSecret": SECRET}, timeout=TIMEOUT)
    assert refused.status_code == 400
    assert graph.delete(f"{jobs}/{job}", timeout=TIMEOUT).status_code == 204
    graph.close()


def test_no_recorded_file_holds_a_secret_and_the_recording_still_replays(tmp_path: Path) -> None:
    bearer = token(TENANT, **CLAIMS)
    out = tmp_path / "redacted"
    with MockGraphServer() as upstream:
        with recorder(upstream.base_url, out, values=(PROJECT,), properties=("userId",)) as url:
            _session(url, bearer)
        files = recorded(out)
        assert len(files) == 5
        written = b"".join(path.read_bytes() for path in files)
        secrets = [bearer, TENANT, *CLAIMS.values(), COOKIE.split("=", 1)[1], SECRET, USER]
        for secret in [*secrets, PROJECT, "alice.smith"]:
            if secret in ("Alice Smith",):  # not an identity claim: kept
                continue
            assert secret.encode() not in written, secret
            assert secret.lower().encode() not in written.lower(), secret
        text = written.decode()
        assert "00000000-0000-4000-8000-000000000001" in text  # the tenant id, GUID-shaped
        assert "redacted-1@example.com" in text  # the upn in a longer string
        assert REDACTED in text  # the client secret

        again = check(out, upstream.base_url, token("tenant-replay"))
        assert again.exit_code == 0, again.output


def test_claims_are_read_from_a_bearer_jwt_only() -> None:
    assert claims_of(f"Bearer {token(TENANT, upn='a@b.example')}")["upn"] == "a@b.example"
    assert claims_of("Bearer opaque") == {}
    assert claims_of("Basic dXNlcjpwYXNz") == {}
    assert claims_of(None) == {}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Bearer abc.def-ghi", f"Bearer {REDACTED}"),
        ("x eyJhbGciOi.eyJ0aWQiOi.c2ln y", f"x {REDACTED} y"),
        (
            "https://a.blob.example/c?sv=1&sig=AbC%2Fd&se=2",
            f"https://a.blob.example/c?sv=1&sig={REDACTED}&se=2",
        ),
    ],
    ids=["bearer", "jwt", "sas"],
)
def test_token_shaped_text_is_replaced_anywhere(text: str, shown: str) -> None:
    assert Redactor().text(text) == shown


def test_a_learnt_value_keeps_one_placeholder_in_any_case_and_encoding() -> None:
    redactor = Redactor(values=("Bob@Contoso.example",))
    redactor.learn("9B1DEB4D-3B7D-4BAD-9BDD-2B0D7B3DCB6D")
    assert redactor.text("to bob@contoso.example") == "to redacted-1@example.com"
    assert redactor.text("?$filter=u eq 'Bob%40Contoso.example'") == (
        "?$filter=u eq 'redacted-1%40example.com'"
    )
    assert redactor.text("/users/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d") == (
        "/users/00000000-0000-4000-8000-000000000001"
    )


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("accessToken", True),
        ("client_secret", True),
        ("password", True),
        ("apiKey", True),
        ("key", False),  # an exact match data store's lookup column
        ("keyId", False),
        ("keywords", False),
        ("userId", False),
    ],
)
def test_properties_named_like_a_secret(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret
    redacted = Redactor().json({name: "value"})
    assert (redacted[name] == REDACTED) is secret
