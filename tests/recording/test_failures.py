"""An upstream that fails is answered as Graph would (502, 504, in its envelope) and recorded
only when asked; what the recorder refuses (a body over the limit, a path outside Graph) never
reaches the upstream."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask, request

from mockgraph.recording.proxy import BODY_LIMIT
from mockgraph.serving.server import MockGraphServer
from tests.recording.conftest import TIMEOUT, recorded, recorder
from tests.support.graph import bearer


def _error_code(response: requests.Response) -> str:
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["request-id"]
    error = response.json()["error"]
    assert set(error) == {"code", "message", "innerError"}
    code: str = error["code"]
    return code


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def stalled() -> Iterator[socket.socket]:
    """A listening socket that never answers: the kernel accepts connections for it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener


@pytest.mark.parametrize("record_failures", [False, True], ids=["default", "record-failures"])
def test_nothing_listening_upstream_is_a_502_recorded_only_when_asked(
    closed_port: int, tmp_path: Path, record_failures: bool
) -> None:
    out = tmp_path / "down"
    upstream = f"http://127.0.0.1:{closed_port}/beta"
    with recorder(upstream, out, record_failures=record_failures) as base_url:
        answer = requests.get(f"{base_url}/dataClassification/jobs", headers=bearer(), timeout=10)
    assert answer.status_code == 502
    assert _error_code(answer) == "badGateway"
    files = recorded(out)
    if not record_failures:
        assert files == []
        return
    (only,) = files
    fixture = json.loads(only.read_text())
    assert fixture["response"]["status"] == 502
    assert fixture["response"]["body"] == {"error": {"code": "badGateway"}}


def test_an_upstream_that_does_not_answer_in_time_is_a_504(
    stalled: socket.socket, tmp_path: Path
) -> None:
    out = tmp_path / "stalled"
    upstream = f"http://127.0.0.1:{stalled.getsockname()[1]}/beta"
    with recorder(upstream, out, timeout=0.2) as base_url:
        answer = requests.get(f"{base_url}/dataClassification/jobs", headers=bearer(), timeout=10)
    assert answer.status_code == 504
    assert _error_code(answer) == "gatewayTimeout"
    assert recorded(out) == []


@pytest.fixture
def counting() -> Iterator[tuple[MockGraphServer, list[str]]]:
    """An upstream that answers 200 {} and notes each path it was called with."""
    app = Flask("counting")
    calls: list[str] = []

    @app.route("/<path:path>", methods=["GET", "POST"])
    def any_call(path: str) -> dict[str, str]:
        calls.append(request.path)
        return {}

    with MockGraphServer(app) as server:
        yield server, calls


def test_a_body_over_the_limit_is_a_413_and_goes_nowhere(
    counting: tuple[MockGraphServer, list[str]], tmp_path: Path
) -> None:
    upstream, calls = counting
    out = tmp_path / "large"
    with recorder(upstream.base_url, out) as base_url:
        jobs = f"{base_url}/dataClassification/jobs"
        large = b'{"a": "' + b"x" * BODY_LIMIT + b'"}'
        headers = {**bearer(), "Content-Type": "application/json"}
        answer = requests.post(jobs, data=large, headers=headers, timeout=TIMEOUT)
        assert answer.status_code == 413
        assert _error_code(answer) == "RequestEntityTooLarge"
        assert requests.post(jobs, json={}, headers=bearer(), timeout=TIMEOUT).status_code == 200
    assert calls == ["/beta/dataClassification/jobs"]  # the second call only
    assert len(recorded(out)) == 1


def test_a_path_outside_the_service_root_is_a_404_and_goes_nowhere(
    counting: tuple[MockGraphServer, list[str]], tmp_path: Path
) -> None:
    upstream, calls = counting
    out = tmp_path / "outside"
    with recorder(upstream.base_url, out) as base_url:
        answer = requests.get(f"{base_url.removesuffix('/beta')}/v1.0/me", timeout=TIMEOUT)
    assert answer.status_code == 404
    assert _error_code(answer) == "ResourceNotFound"
    assert calls == []
    assert recorded(out) == []


def test_the_upstream_answer_goes_back_as_it_came(
    counting: tuple[MockGraphServer, list[str]], tmp_path: Path
) -> None:
    upstream, calls = counting
    with recorder(upstream.base_url, tmp_path / "plain") as base_url:
        answer = requests.get(
            f"{base_url}/dataClassification/jobs?$top=2", headers=bearer(), timeout=TIMEOUT
        )
    assert answer.status_code == 200
    assert answer.json() == {}
    assert calls == ["/beta/dataClassification/jobs"]
    fixture = json.loads(recorded(tmp_path / "plain")[0].read_text())
    assert fixture["request"]["path"] == "/dataClassification/jobs?$top=2"
    assert fixture["request"]["headers"] == {}  # never Authorization


def test_the_upstreams_own_urls_point_at_the_recorder(tmp_path: Path) -> None:
    app = Flask("paging")

    @app.route("/beta/dataClassification/jobs")
    def page() -> tuple[dict[str, object], int, dict[str, str]]:
        root = request.host_url + "beta"
        next_link = f"{root}/dataClassification/jobs?$skiptoken=abc"
        return {"value": [], "@odata.nextLink": next_link}, 200, {"Location": f"{root}/x"}

    with MockGraphServer(app) as upstream:
        with recorder(upstream.base_url, tmp_path / "paging") as base_url:
            answer = requests.get(f"{base_url}/dataClassification/jobs", timeout=TIMEOUT)
    assert answer.json()["@odata.nextLink"] == f"{base_url}/dataClassification/jobs?$skiptoken=abc"
    assert answer.headers["Location"] == f"{base_url}/x"
    fixture = json.loads(recorded(tmp_path / "paging")[0].read_text())
    assert fixture["response"]["by_shape"] == ["/@odata.nextLink"]
    assert fixture["response"]["present"] == ["Location"]
