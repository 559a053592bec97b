"""Over a real socket: the threaded server, `requests`, and the `mockgraph serve` command."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from mockgraph.serving.server import MockGraphServer
from tests.support.graph import bearer
from tests.support.payloads import job
from tests.support.sockets import read_answer


@pytest.fixture(scope="module")
def server() -> Iterator[MockGraphServer]:
    with MockGraphServer() as running:
        yield running


def test_full_lifecycle_over_http(server: MockGraphServer) -> None:
    jobs = f"{server.base_url}/dataClassification/classifyFileJobs"
    with requests.Session() as http:
        http.headers.update(bearer("socket-tenant"))
        created = http.post(jobs, json=job(), timeout=10)
        assert created.status_code == 201
        assert created.headers["Content-Type"].startswith("application/json;odata.metadata")
        location = created.headers["Location"]
        assert location == f"{jobs}/{created.json()['id']}"
        assert http.get(location, timeout=10).json()["result"] == job()["result"]
        patched = http.patch(location, json={"status": "failed"}, timeout=10)
        assert patched.json()["status"] == "failed"
        assert http.get(f"{jobs}?$top=1", timeout=10).json()["value"][0]["status"] == "failed"
        assert http.delete(location, timeout=10).status_code == 204
        gone = http.get(location, timeout=10)
        assert gone.status_code == 404
        assert gone.json()["error"]["code"] == "itemNotFound"


def test_errors_over_http_are_graph_json(server: MockGraphServer) -> None:
    response = requests.get(f"{server.url}/nowhere", timeout=10)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "ResourceNotFound"
    no_token = requests.get(f"{server.base_url}/dataClassification/jobs", timeout=10)
    assert no_token.status_code == 401
    assert no_token.headers["request-id"] == no_token.json()["error"]["innerError"]["request-id"]


def test_chunked_body_over_the_limit_is_413() -> None:
    with MockGraphServer(config={"MAX_CONTENT_LENGTH": 1000}) as small:

        def chunks() -> Iterator[bytes]:
            yield b'{"status": "'
            for _ in range(50):
                yield b"x" * 100
            yield b'"}'

        response = requests.post(
            f"{small.base_url}/dataClassification/jobs",
            data=chunks(),
            headers={**bearer(), "Content-Type": "application/json"},
            timeout=10,
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "RequestEntityTooLarge"
        listed = requests.get(
            f"{small.base_url}/dataClassification/jobs", headers=bearer(), timeout=10
        )
        assert listed.json()["value"] == []


def test_a_chunked_body_is_not_read_past_the_limit() -> None:
    # The client sends a little more than the limit and then waits, the body unfinished: the
    # answer comes from what was read, so the mock never held more than the limit of it.
    with MockGraphServer(config={"MAX_CONTENT_LENGTH": 1000}) as small:
        head = (
            "POST /beta/dataClassification/jobs HTTP/1.1\r\nHost: x\r\n"
            "Authorization: Bearer x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"400\r\n" + b"x" * 0x400 + b"\r\n"  # 1024 bytes: past the limit at once
        with socket.create_connection((small.host, small.port), timeout=10) as connection:
            connection.sendall(head.encode() + chunk)
            status, body = read_answer(connection)
            closed = connection.recv(1) == b""
        assert status == 413
        assert json.loads(body)["error"]["code"] == "RequestEntityTooLarge"
        assert closed  # the rest of the body was never read: the connection cannot go on
        listed = requests.get(
            f"{small.base_url}/dataClassification/jobs", headers=bearer(), timeout=10
        )
        assert listed.json()["value"] == []


@pytest.mark.parametrize(
    "body",
    [
        b"zz\r\n{}\r\n0\r\n\r\n",
        b"2\r\n{}\r\nzz\r\n",
        b"2\r\n{}XX0\r\n\r\n",
        b"2\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n",  # refused alike: docs/errors.md#badrequest
    ],
    ids=["bad-size", "bad-size-after-data", "no-crlf-after-data", "trailers"],
)
def test_a_chunked_body_broken_after_valid_json_changes_nothing(
    server: MockGraphServer, body: bytes
) -> None:
    token = bearer("broken-chunks")["Authorization"]
    head = (
        "POST /beta/dataClassification/jobs HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: {token}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((server.host, server.port), timeout=10) as connection:
        connection.sendall(head.encode() + body)
        status, answer = read_answer(connection)
    assert status == 400
    assert json.loads(answer)["error"]["code"] == "BadRequest"
    jobs = requests.get(
        f"{server.base_url}/dataClassification/jobs", headers=bearer("broken-chunks"), timeout=10
    )
    assert jobs.json()["value"] == []


@pytest.mark.parametrize("path", ["/beta/dataClassification/jobs", "/_mockgraph/seed"])
def test_a_malformed_chunked_body_is_a_graph_400(server: MockGraphServer, path: str) -> None:
    request = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
        "\r\nzz\r\n{}\r\n0\r\n\r\n"
    )
    with socket.create_connection((server.host, server.port), timeout=10) as connection:
        connection.sendall(request.encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert json.loads(body)["error"]["code"] == "BadRequest"
    jobs = requests.get(f"{server.base_url}/dataClassification/jobs", headers=bearer(), timeout=10)
    assert jobs.json()["value"] == []


def test_each_server_has_its_own_store() -> None:
    with MockGraphServer() as one, MockGraphServer() as two:
        url = "/dataClassification/jobs"
        requests.post(one.base_url + url, json={}, headers=bearer(), timeout=10)
        assert requests.get(two.base_url + url, headers=bearer(), timeout=10).json()["value"] == []
        assert one.port != two.port


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_command_prints_its_url_and_stops_cleanly(stop: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "mockgraph", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "serving Microsoft Graph beta at http://127.0.0.1:" in first
        base_url = first.rsplit(" ", 1)[1].strip()
        response = requests.get(f"{base_url}/dataClassification/jobs", headers=bearer(), timeout=10)
        assert response.status_code == 200
        process.send_signal(stop)
        out, _ = process.communicate(timeout=20)
        assert process.returncode == 0
        assert "mockgraph stopped" in out
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
