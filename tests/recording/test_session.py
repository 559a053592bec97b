"""A session recorded through the proxy replays green against the upstream it came from, and
``mockgraph check`` against the mock reports each way the upstream answered differently."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from mockgraph.core.auth import token
from mockgraph.http.app import create_app
from mockgraph.paths import ADMIN_PREFIX, SINGLETON_PATH
from mockgraph.serving.server import MockGraphServer
from tests.recording.conftest import TIMEOUT, check, recorded, recorder, session

STEPS = ["create", "read", "patch", "list", "batch", "missing", "types", "delete"]


@pytest.fixture
def throttling_upstream() -> Iterable[MockGraphServer]:
    """A mock whose sensitive types answer 429 with Retry-After, every time."""
    with MockGraphServer() as upstream:
        rule = {"method": "GET", "path": "sensitiveTypes", "status": 429, "retryAfter": 5}
        added = requests.post(f"{upstream.url}{ADMIN_PREFIX}/faults", json=rule, timeout=TIMEOUT)
        assert added.status_code == 201
        yield upstream


def test_a_session_is_written_one_fixture_per_exchange_in_order(
    throttling_upstream: MockGraphServer, tmp_path: Path
) -> None:
    out = tmp_path / "crud"
    with recorder(throttling_upstream.base_url, out) as base_url:
        answers = session(base_url, {"Authorization": f"Bearer {token('tenant-a')}"})
    assert [answers[step].status_code for step in STEPS] == [201, 200, 200, 200, 200, 404, 429, 204]
    assert answers["types"].headers["Retry-After"] == "5"
    files = recorded(out)
    fixtures = [json.loads(path.read_text()) for path in files]
    assert [f["source"]["sequence"] for f in fixtures] == list(range(1, 9))
    assert {f["source"]["recording"] for f in fixtures} == {"crud"}
    assert [f["request"]["method"] for f in fixtures] == [
        *("POST", "GET", "PATCH", "GET", "POST", "GET", "GET", "DELETE")
    ]
    create, read, _, listed, batch, missing, throttled, delete = fixtures
    assert create["response"]["binds"] == {"job1": "/id"}
    assert create["response"]["by_shape"] == ["/id"]
    assert "@odata.context" not in create["response"]["body"]
    assert read["request"]["path"] == "/dataClassification/jobs/{job1}"
    assert read["response"]["body"]["id"] == "{job1}"
    assert listed["request"]["path"].startswith("/dataClassification/jobs?")
    assert batch["request"]["body"]["requests"][0]["url"] == "/dataClassification/jobs/{job1}"
    assert batch["response"]["binds"] == {"classifyFileJob1": "/responses/1/body/id"}
    assert missing["response"]["body"] == {"error": {"code": "itemNotFound"}}
    assert missing["response"]["truncated"] is True
    assert throttled["response"]["status"] == 429
    assert "Retry-After" in throttled["response"]["present"]
    assert delete["request"]["path"] == "/dataClassification/jobs/{job1}"
    assert delete["response"]["body"] is None
    assert files[0].name == "crud-0001-post-jobs.json"


def test_the_recording_replays_green_against_its_upstream_and_shows_the_429_against_the_mock(
    throttling_upstream: MockGraphServer, tmp_path: Path
) -> None:
    out = tmp_path / "crud"
    with recorder(throttling_upstream.base_url, out) as base_url:
        session(base_url, {"Authorization": f"Bearer {token('tenant-a')}"})

    again = check(out, throttling_upstream.base_url, token("tenant-replay"))
    assert again.exit_code == 0, again.output
    assert "8 passed, 0 failed" in again.output

    mock = check(out)
    assert mock.exit_code == 1, mock.output
    ((name, problems),) = mock.failures.items()
    assert name == "crud-0007-get-sensitiveTypes"
    assert len(problems) == 1 and problems[0].startswith("status: expected 429, got 200")
    assert "7 passed, 1 failed" in mock.output


# The fake upstream's planted differences: a change of the answer (its status and body) for
# each (method, a job's path or the jobs', status the mock answered).
Plant = Callable[[int, Any], tuple[int, Any]]


def _changed_value(status: int, body: Any) -> tuple[int, Any]:
    return status, {**body, "userId": "someone-else"}


def _extra_property(status: int, body: Any) -> tuple[int, Any]:
    return status, {**body, "plantedProperty": True}


def _other_type(status: int, body: Any) -> tuple[int, Any]:
    for item in body["value"][:1]:
        item["type"] = 7
    return status, body


def _other_code(status: int, body: Any) -> tuple[int, Any]:
    body["error"]["code"] = "ResourceNotFound"
    return status, body


def _other_status(status: int, body: Any) -> tuple[int, Any]:
    return 200, None


PLANTED: dict[tuple[str, str, int], Plant] = {
    ("GET", "id", 200): _changed_value,
    ("PATCH", "id", 200): _extra_property,
    ("GET", "jobs", 200): _other_type,
    ("GET", "id", 404): _other_code,
    ("DELETE", "id", 204): _other_status,
}
# Each exchange of the session that a plant changed: (its sequence and name, the one line
# check prints for it). The $batch reads the job as the fake answers a GET of it.
DIFFERENCES = [
    ("0002-get-jobs-job1", 'body.userId: expected "someone-else", got "user-1"'),
    ("0003-patch-jobs-job1", "body.plantedProperty: missing"),
    ("0004-get-jobs", "body.value[0].type: expected a number (7), got a string"),
    ("0005-post-batch", 'body.responses[0].body.userId: expected "someone-else", got "user-1"'),
    ("0006-get-jobs-", 'body.error.code: expected "ResourceNotFound", got "itemNotFound"'),
    ("0008-delete-jobs-job1", "status: expected 200, got 204"),
]


def planted_app() -> Flask:
    """The mock, its answers to a job's calls changed as PLANTED says."""
    app = create_app()
    inner = app.wsgi_app

    def changed(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        caught: dict[str, Any] = {}

        def catch(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            caught.update(status=int(status.split()[0]), headers=headers)
            return lambda data: None

        payload = b"".join(inner(environ, catch))
        status, headers = caught["status"], caught["headers"]
        path = environ["PATH_INFO"]
        kind = "jobs" if path == f"{SINGLETON_PATH}/jobs" else "id"
        plant = PLANTED.get((environ["REQUEST_METHOD"], kind, status))
        if plant is not None and path.startswith(f"{SINGLETON_PATH}/jobs"):
            status, body = plant(status, json.loads(payload) if payload else None)
            payload = b"" if body is None else json.dumps(body).encode()
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(payload))))
        start_response(f"{status} X", headers)
        return [payload]

    app.wsgi_app = changed  # type: ignore[method-assign]
    return app


def test_check_against_the_mock_reports_each_planted_difference_once(tmp_path: Path) -> None:
    out = tmp_path / "planted"
    with MockGraphServer(planted_app()) as upstream:
        with recorder(upstream.base_url, out) as base_url:
            answers = session(base_url, {"Authorization": f"Bearer {token('tenant-b')}"})
        assert answers["read"].json()["userId"] == "someone-else"  # the fake did answer so
        assert answers["delete"].status_code == 200

        again = check(out, upstream.base_url, token("tenant-replay"))
        assert again.exit_code == 0, again.output

    mock = check(out)
    assert mock.exit_code == 1, mock.output
    found = mock.failures
    assert len(found) == len(DIFFERENCES), mock.output
    for name, line in DIFFERENCES:  # the missing job's name ends with its random id
        (problems,) = [found[n] for n in found if n.startswith(f"planted-{name}")]
        assert len(problems) == 1 and problems[0].startswith(line), f"{name}: {problems}"
    assert "2 passed, 6 failed" in mock.output
