"""``mockgraph record`` as a user runs it: its help, its banner, its usage errors, and stopping
on Ctrl-C while a call waits on the upstream."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from mockgraph.cli import main
from mockgraph.serving.server import MockGraphServer
from tests.support.graph import bearer
from tests.support.stopping import spawn_command


@contextmanager
def recording(*args: str) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """``mockgraph record --port 0 ARGS`` running; its banner's lines. Killed if still running."""
    process = spawn_command(["record", "--port", "0", *args])
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline().rstrip("\n")]
        while banner[-1] and "Ctrl-C" not in banner[-1]:
            banner.append(process.stdout.readline().rstrip("\n"))
        yield process, banner
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)


def test_help_names_every_option() -> None:
    result = CliRunner().invoke(main, ["record", "--help"])
    assert result.exit_code == 0
    for option in (
        "--upstream",
        "--out",
        "--name",
        "--host",
        "--port",
        "--timeout",
        "--redact",
        "--redact-property",
        "--record-failures",
        "--quiet",
    ):
        assert option in result.output


@pytest.mark.parametrize("upstream", ["ftp://graph.example/beta", "graph.microsoft.com/beta"])
def test_an_upstream_that_is_not_http_is_a_usage_error(upstream: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["record", "--upstream", upstream, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not an http:// or https:// URL" in result.output


def test_a_recording_already_in_the_directory_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "session-0001-get-jobs.json").write_text("{}")
    args = ["record", "--upstream", "http://127.0.0.1:1/beta", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--name", "session"])
    assert result.exit_code == 2
    assert "already holds a recording named 'session'" in result.output


def test_the_banner_names_the_url_to_point_clients_at(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    upstream = "https://graph.microsoft.com/beta"
    with recording("--upstream", upstream, "--out", str(out)) as (process, banner):
        first = banner[0]
        assert first.startswith("mockgraph record: point clients at http://127.0.0.1:")
        assert first.endswith("/beta")
        assert f"  forwarding to {upstream}" in banner
        assert f"  recording 'demo' into {out}" in banner
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert f"0 exchanges recorded in {out}" in stdout


def test_ctrl_c_stops_it_while_a_call_waits_on_the_upstream(tmp_path: Path) -> None:
    with socket.socket() as stalled:  # accepts, never answers
        stalled.bind(("127.0.0.1", 0))
        stalled.listen(8)
        stalled.settimeout(20)
        upstream = f"http://127.0.0.1:{stalled.getsockname()[1]}/beta"
        args = ("--upstream", upstream, "--out", str(tmp_path / "s"), "--timeout", "600")
        with recording(*args) as (process, banner):
            base_url = banner[0].rsplit(" ", 1)[1]
            answers: list[int] = []

            def call() -> None:
                try:
                    url = f"{base_url}/dataClassification/jobs"
                    answers.append(requests.get(url, headers=bearer(), timeout=30).status_code)
                except requests.RequestException:
                    answers.append(0)  # the connection closed: the recorder went away

            client = threading.Thread(target=call)
            client.start()
            connection, _ = stalled.accept()  # the recorder is now waiting on the upstream
            with connection:
                process.send_signal(signal.SIGINT)
                stdout, _ = process.communicate(timeout=20)
                client.join(timeout=30)
    assert process.returncode == 0
    assert "0 exchanges recorded in" in stdout
    assert answers in ([0], [503])


def test_each_exchange_is_a_line_and_a_file(tmp_path: Path) -> None:
    out = tmp_path / "one"
    with MockGraphServer() as upstream:
        with recording("--upstream", upstream.base_url, "--out", str(out)) as (process, banner):
            base_url = banner[0].rsplit(" ", 1)[1]
            url = f"{base_url}/dataClassification/jobs?$top=1"
            assert requests.get(url, headers=bearer(), timeout=10).status_code == 200
            process.send_signal(signal.SIGINT)
            stdout, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "  0001 GET /dataClassification/jobs?$top=1 200" in stdout.splitlines()
    assert f"1 exchanges recorded in {out}" in stdout
    assert [path.name for path in out.iterdir()] == ["one-0001-get-jobs.json"]
