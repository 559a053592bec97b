"""`--state FILE`: every acknowledged write survives a restart, even a kill -9."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from mockgraph import create_app
from mockgraph.core.persistence import StateFileError, StateLog
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer
from tests.support.payloads import job


def durable_app(path: Path, **config: object):
    return create_app({"MOCKGRAPH_STATE_FILE": str(path), **config})


def close(app) -> None:
    state_of(app).store.close()


def test_writes_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    app = durable_app(path)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
    kept = client.post(f"{BASE}/classifyFileJobs", json=job()).get_json()["id"]
    gone = client.post(f"{BASE}/jobs", json={"status": "x"}).get_json()["id"]
    client.patch(f"{BASE}/jobs/{kept}", json={"status": "patched"})
    client.delete(f"{BASE}/jobs/{gone}")
    other = app.test_client().post(f"{BASE}/jobs", json={}, headers=bearer("tenant-b"))
    before = state_of(app).store.export()
    close(app)

    again = durable_app(path)
    assert state_of(again).store.export() == before
    got = again.test_client().get(f"{BASE}/classifyFileJobs/{kept}", headers=bearer())
    assert got.get_json()["status"] == "patched"
    assert other.status_code == 201
    close(again)


def test_the_log_is_compacted_on_start(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    app = durable_app(path)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer x"
    job_id = client.post(f"{BASE}/jobs", json={}).get_json()["id"]
    for i in range(20):
        client.patch(f"{BASE}/jobs/{job_id}", json={"status": str(i)})
    close(app)
    assert len(path.read_bytes().splitlines()) == 21
    close(durable_app(path))
    lines = path.read_bytes().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["job"]["status"] == "19"


@pytest.mark.parametrize("torn", [b'{"op":"put","tenant":"t","coll', b'{"op": "delete"}\n{"op'])
def test_a_torn_last_record_is_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, torn: bytes
) -> None:
    path = tmp_path / "state.jsonl"
    app = durable_app(path)
    app.test_client().post(f"{BASE}/jobs", json={}, headers=bearer())
    close(app)
    with open(path, "ab") as log_file:
        log_file.write(torn.split(b"\n")[-1])
    with caplog.at_level(logging.WARNING, logger="mockgraph.core.persistence"):
        again = durable_app(path)
    assert "torn last record" in caplog.text
    assert state_of(again).store.count("default", "jobs") == 1
    close(again)


def test_a_corrupt_record_in_the_middle_refuses_to_start(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    path.write_bytes(b'{"op":"clear","tenant":null}\nnot json\n{"op":"clear","tenant":null}\n')
    with pytest.raises(StateFileError, match=":2: corrupt record"):
        durable_app(path)
    assert path.read_bytes().count(b"\n") == 3  # left as it was


def test_a_second_server_cannot_share_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    first = durable_app(path)
    with pytest.raises(StateFileError, match="in use"):
        durable_app(path)
    close(first)
    close(durable_app(path))


def test_reset_and_restore_are_durable(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    app = durable_app(path)
    store = state_of(app).store
    store.create("a", "jobs", {"@odata.type": "#microsoft.graph.jobResponseBase"})
    state = store.export()
    store.clear()
    store.restore({"b": state["a"]})
    close(app)
    again = durable_app(path)
    assert set(state_of(again).store.export()) == {"b"}
    close(again)


def test_admin_seeds_and_imports_are_durable(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    app = durable_app(path)
    client = app.test_client()
    seeded = {"jobs": [{"id": "s1"}, {"id": "s2"}], "tenant": "a"}
    assert client.post("/_mockgraph/seed", json=seeded).status_code == 201
    imported = {"b": [{"collection": "classifyTextJobs", "job": {"id": "i1"}}]}
    assert client.put("/_mockgraph/state", json=imported).status_code == 200  # replaces "a" too
    assert client.post("/_mockgraph/seed", json={**seeded, "tenant": "c"}).status_code == 201
    exported = client.get("/_mockgraph/state").get_json()
    close(app)
    again = durable_app(path)
    assert again.test_client().get("/_mockgraph/state").get_json() == exported
    assert set(exported) == {"b", "c"}
    close(again)


def test_fsync_mode_writes_too(tmp_path: Path) -> None:
    log = StateLog(tmp_path / "s.jsonl", fsync=True)
    assert log.open() == {}
    log.append(b'{"op":"clear","tenant":null}')
    log.close()
    assert (tmp_path / "s.jsonl").read_bytes() == b'{"op":"clear","tenant":null}\n'


def _start(path: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockgraph",
            "serve",
            "--port",
            "0",
            "--no-seed",
            "--state",
            str(path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert "serving" in first, process.stderr.read() if process.stderr else first
    return process, first.rsplit(" ", 1)[1].strip()


def test_kill_9_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    process, base_url = _start(path)
    acknowledged: dict[str, str] = {}
    try:
        with requests.Session() as http:
            http.headers.update(bearer())
            for i in range(60):
                response = http.post(f"{base_url}/dataClassification/jobs", json={"status": str(i)})
                assert response.status_code == 201
                acknowledged[response.json()["id"]] = str(i)
                if i % 3 == 0:
                    job_id = response.json()["id"]
                    http.patch(f"{base_url}/dataClassification/jobs/{job_id}", json={"status": "p"})
                    acknowledged[job_id] = "p"
                if i % 5 == 0:
                    job_id = response.json()["id"]
                    http.delete(f"{base_url}/dataClassification/jobs/{job_id}")
                    del acknowledged[job_id]
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=20)
    assert process.returncode == -signal.SIGKILL

    restarted, base_url = _start(path)
    try:
        listed = requests.get(
            f"{base_url}/dataClassification/jobs?$top=999", headers=bearer(), timeout=10
        ).json()["value"]
        assert {j["id"]: j["status"] for j in listed} == acknowledged
    finally:
        restarted.send_signal(signal.SIGINT)
        restarted.communicate(timeout=20)
