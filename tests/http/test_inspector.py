"""The request inspector: its page and files, their guard, and the JSON it polls, per tenant.

The page itself is driven in a real browser by tests/browser/ (``tox -e browser``).
"""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.core.auth import ADMIN_TOKEN_HEADER
from mockgraph.http.current import state_of
from mockgraph.http.summaries import MAX_TAIL
from mockgraph.paths import ADMIN_PREFIX, SINGLETON_PATH
from tests.support.graph import BASE, bearer

PAGE = f"{ADMIN_PREFIX}/"
FILES = {
    PAGE: "text/html",
    f"{ADMIN_PREFIX}/ui/inspector.js": "text/javascript",
    f"{ADMIN_PREFIX}/ui/inspector.css": "text/css",
}
# Everything the page fetches (GET), to check the guard and the tenant scope on each.
DATA = ("requests/tail", "requests", "jobs", "faults", "lifecycle", "state")


def admin(client: FlaskClient, path: str, tenant: str | None = None, **headers: str) -> Any:
    """GET an admin path, scoped to ``tenant`` by a bearer JWT when given."""
    return client.get(
        f"{ADMIN_PREFIX}/{path}", headers={**(bearer(tenant) if tenant else {}), **headers}
    )


@pytest.mark.parametrize("path", list(FILES), ids=["page", "script", "style"])
def test_the_page_and_its_files_are_served_under_a_strict_policy(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.content_type.startswith(FILES[path])
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"__" not in response.data.replace(b"__proto__", b"")  # every placeholder filled


def test_the_page_names_what_its_script_needs(client: FlaskClient) -> None:
    html = client.get(PAGE).get_data(as_text=True)
    assert f'name="mockgraph-admin-token-header" content="{ADMIN_TOKEN_HEADER}"' in html
    assert f'name="mockgraph-singleton-path" content="{SINGLETON_PATH}"' in html
    assert '<script src="ui/inspector.js" defer></script>' in html
    assert "<script>" not in html and "style=" not in html  # nothing inline: the policy forbids it


def test_the_admin_root_leads_to_the_page(client: FlaskClient) -> None:
    response = client.get(ADMIN_PREFIX)
    assert response.status_code == 308
    assert response.headers["Location"].endswith(PAGE)


@pytest.mark.parametrize(
    "name",
    ["index.html", "inspector.py", "..%2fapi%2finspector.py", "%2e%2e", "", "INSPECTOR.JS"],
    ids=["the-page-again", "a-module", "encoded-climb", "dot-dot", "empty", "other-case"],
)
def test_only_the_pages_own_files_are_served(client: FlaskClient, name: str) -> None:
    response = client.get(f"{ADMIN_PREFIX}/ui/{name}")
    assert response.status_code == 404
    assert response.is_json


def _calls_with_markers(client: FlaskClient) -> None:
    client.post(f"{BASE}/jobs", json={"status": "alpha-marker"}, headers=bearer("alpha"))
    client.post(f"{BASE}/jobs/bravo-path", json={"status": 5}, headers=bearer("bravo"))


def test_the_page_loads_without_the_token_and_holds_no_data() -> None:
    client = create_app({"MOCKGRAPH_ADMIN_TOKEN": "s3cret"}).test_client()
    _calls_with_markers(client)
    with_token = {ADMIN_TOKEN_HEADER: "s3cret"}
    for path in FILES:
        shell = client.get(path)
        assert shell.status_code == 200
        assert shell.data == client.get(path, headers=with_token).data
        for marker in (b"alpha", b"bravo", b"s3cret"):
            assert marker not in shell.data
    for path in DATA:
        assert admin(client, path).status_code == 401, path
        assert admin(client, path, **with_token).status_code == 200, path
    assert client.delete(f"{ADMIN_PREFIX}/requests").status_code == 401


def test_with_the_admin_api_off_the_page_is_off_too() -> None:
    client = create_app({"MOCKGRAPH_ADMIN_REQUIRES_TOKEN": True}).test_client()
    for path in FILES:
        assert client.get(path).status_code == 403


@pytest.fixture
def two_tenants(app: Flask, client: FlaskClient) -> dict[str, Any]:
    """Calls, jobs, a fault rule and a lifecycle plan in each of alpha and bravo."""
    made: dict[str, Any] = {}
    for tenant in ("alpha", "bravo"):
        job = client.post(
            f"{BASE}/jobs", json={"status": "notStarted"}, headers=bearer(tenant)
        ).get_json()
        client.post(f"{BASE}/jobs", json={"status": 5, "tenantId": f"{tenant}-sent"}, **_as(tenant))
        rule = {"method": "DELETE", "path": f"jobs/{tenant}-rule", "status": 503}
        client.post(f"{ADMIN_PREFIX}/faults", json=rule, headers=bearer(tenant))
        client.put(f"{ADMIN_PREFIX}/jobs/{job['id']}/lifecycle", json={"polls": 3}, **_as(tenant))
        client.get(f"{BASE}/jobs/{job['id']}", headers=bearer(tenant))
        made[tenant] = {"job": job["id"], "seq": _last_seq(app)}
    return made


def _as(tenant: str) -> dict[str, Any]:
    return {"headers": bearer(tenant)}


def _last_seq(app: Flask) -> int:
    seq: int = state_of(app).journal.entries()[-1].seq
    return seq


@pytest.mark.parametrize("path", DATA)
def test_a_tenant_scoped_view_never_sees_another_tenants_data(
    client: FlaskClient, two_tenants: dict[str, Any], path: str
) -> None:
    scoped = admin(client, path, "alpha")
    assert scoped.status_code == 200
    assert b"alpha" in scoped.data
    bravo = two_tenants["bravo"]
    for marker in ("bravo", bravo["job"]):
        assert marker.encode() not in scoped.data
    every = admin(client, path).data
    assert b"alpha" in every and b"bravo" in every


def test_a_tenant_scoped_view_cannot_open_another_tenants_call_or_job(
    client: FlaskClient, two_tenants: dict[str, Any]
) -> None:
    bravo = two_tenants["bravo"]
    asked = [
        f"requests/{bravo['seq']}",
        f"jobs/{bravo['job']}",
        f"jobs/{bravo['job']}?tenant=bravo",
        "jobs/no-such-job?tenant=bravo",  # the same answer whether bravo holds it or not
    ]
    answers = [admin(client, path, "alpha") for path in asked]
    assert [a.status_code for a in answers] == [404] * 4
    assert answers[2].get_json()["error"]["message"] == (
        f"The job '{bravo['job']}' was not found in tenant 'bravo'."
    )
    assert admin(client, f"requests/{bravo['seq']}", "bravo").status_code == 200
    assert admin(client, f"jobs/{bravo['job']}?tenant=bravo").status_code == 200


def test_the_tail_is_what_was_added_since_as_summaries(client: FlaskClient) -> None:
    client.post(f"{BASE}/jobs", json={"status": 5})
    first = admin(client, "requests/tail").get_json()
    (call,) = first["value"]
    assert (call["method"], call["status"], call["errorCode"]) == ("POST", 400, "invalidRequest")
    assert call["position"] == first["cursor"] == first["first"] == 1
    assert not {"headers", "body", "responseHeaders", "responseBody"} & set(call)
    assert (first["size"], first["dropped"]) == (1000, 0)
    since = f"requests/tail?after={first['cursor']}"
    assert admin(client, since).get_json()["value"] == []
    client.get(f"{BASE}/jobs")
    (new,) = admin(client, since).get_json()["value"]
    assert (new["method"], new["status"], new["errorCode"]) == ("GET", 200, None)
    client.delete(f"{ADMIN_PREFIX}/requests")
    cleared = admin(client, since).get_json()
    assert cleared["epoch"] != first["epoch"] and cleared["value"] == []


@pytest.mark.parametrize(
    "query",
    ["after=-1", "after=x", "after=²", "after=1e3", "limit=0", f"limit={MAX_TAIL + 1}"],
    ids=["negative", "not-a-number", "superscript", "exponent", "limit-zero", "limit-over"],
)
def test_tail_arguments_are_checked(client: FlaskClient, query: str) -> None:
    response = admin(client, f"requests/tail?{query}")
    assert response.status_code == 400
    assert "must be an integer" in response.get_json()["error"]["message"]


def test_one_call_in_full(app: Flask, client: FlaskClient) -> None:
    sent = client.post(f"{BASE}/jobs", json={"status": 5}, headers={"client-request-id": "c1"})
    seq = _last_seq(app)
    entry = admin(client, f"requests/{seq}").get_json()
    assert entry["headers"]["client-request-id"] == "c1"
    assert entry["body"] == '{"status": 5}'
    assert entry["responseHeaders"]["request-id"] == sent.headers["request-id"]
    assert entry["responseBody"] == sent.get_data(as_text=True)
    assert admin(client, f"requests/{seq + 1}").status_code == 404


TYPE = "#microsoft.graph.classificationJobResponse"


def test_jobs_per_tenant_newest_first(client: FlaskClient) -> None:
    ids = [
        client.post(f"{BASE}/classifyFileJobs", json={"@odata.type": TYPE, "status": s}).get_json()[
            "id"
        ]
        for s in ("notStarted", "running", "completed")
    ]
    (tenant,) = admin(client, "jobs?top=2").get_json()["value"]
    assert (tenant["tenant"], tenant["count"]) == ("default", 3)
    assert tenant["jobs"] == [
        {
            "id": job_id,
            "collection": "classifyFileJobs",
            "type": "#microsoft.graph.classificationJobResponse",
            "status": status,
        }
        for job_id, status in zip(ids[:0:-1], ("completed", "running"), strict=True)
    ]
    job = admin(client, f"jobs/{ids[0]}?tenant=default").get_json()
    assert (job["id"], job["status"]) == (ids[0], "notStarted")
    assert admin(client, "jobs?top=-1").status_code == 400


def test_lifecycle_plans_with_their_counted_gets(client: FlaskClient) -> None:
    job = client.post(f"{BASE}/jobs", json={"status": "notStarted"}).get_json()["id"]
    client.put(f"{ADMIN_PREFIX}/jobs/{job}/lifecycle", json={"polls": 3, "outcome": "failed"})
    client.get(f"{BASE}/jobs/{job}")
    plans = admin(client, "lifecycle").get_json()
    assert plans == {
        "default": {"polls": 0, "outcome": "completed"},
        "value": [
            {"tenant": "default", "jobId": job, "polls": 3, "outcome": "failed", "pollsSeen": 1}
        ],
    }


STARTUP_SECONDS = 30.0


def _lines(stream: Any, into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def test_serve_prints_the_inspectors_url() -> None:
    serve = [sys.executable, "-m", "mockgraph", "serve", "--port", "0", "--no-seed"]
    with subprocess.Popen(serve, stdout=subprocess.PIPE, text=True) as process:
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
        deadline = time.monotonic() + STARTUP_SECONDS
        printed = ""
        try:
            while "Ctrl-C to stop" not in printed:
                printed += lines.get(timeout=max(0.0, deadline - time.monotonic()))
            found = re.search(r"inspector: (http://127\.0\.0\.1:\d+/_mockgraph/) ", printed)
            assert found, printed
            page = requests.get(found.group(1), timeout=10)
            assert page.status_code == 200
            assert page.headers["Content-Type"].startswith("text/html")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=15)
