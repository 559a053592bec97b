"""`--state FILE` uses only a mockgraph state log (or a new file): anything else is refused,
byte for byte as it was, and so is a special file (a device, a FIFO, a directory)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mockgraph import create_app
from mockgraph.core.persistence import StateFileError, StateLog
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer
from tests.support.payloads import job

DEADLINE = 30  # seconds any start may take, even refused


def durable_app(path: Path, **config: object):
    return create_app({"MOCKGRAPH_STATE_FILE": str(path), **config})


def close(app) -> None:
    state_of(app).store.close()


def an_export() -> bytes:
    """What `curl .../_mockgraph/state > state.json` saves: the store as one JSON object."""
    app = create_app()
    app.test_client().post(f"{BASE}/jobs", json=job(), headers=bearer())
    data: bytes = app.test_client().get("/_mockgraph/state").data
    return data


GOOD = b'{"op": "put", "tenant": "t", "collection": "jobs", "job": {"id": "j1"}}\n'
NOT_STATE = {
    "notes": b"my notes",
    "export": an_export(),
    "export-with-newline": an_export() + b"\n",
    "empty-export": b"{}",
    "garbage-line": b"garbage\n",
    "nul-bytes": b"\0" * 64,
    "nul-line": b"\0" * 64 + b"\n",
    "blank-lines": b"\n\n",
    "last-complete-line-corrupt": GOOD + b'{"op": "put", "tenant": "t", "coll\n',
    "last-complete-line-corrupt-then-torn": GOOD + b"garbage\n" + b'{"op": "pu',
    "torn-tail-not-a-record": GOOD + b"my notes",
    "deeply-nested": b'{"op": ' + b"[" * 100_000 + b"\n",
    "a-record-without-op": b'{"tenant": "t"}\n',
    "a-json-list": b"[1, 2]\n",
}


@pytest.mark.parametrize("content", NOT_STATE.values(), ids=NOT_STATE.keys())
def test_a_file_that_is_not_a_state_log_is_refused_and_left_as_it_was(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "mine.txt"
    path.write_bytes(content)
    with pytest.raises(StateFileError, match=r"mine\.txt"):
        durable_app(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "mine.txt.lock") == ["mine.txt"]


@pytest.mark.parametrize(
    "content",
    [b"my notes", b"garbage\n" * 3, b'{"default": []}'],
    ids=["notes", "garbage", "export"],
)
def test_refusing_a_file_does_not_even_create_its_lock(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(StateFileError, match="not a mockgraph state log"):
        durable_app(path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_export_is_refused_with_a_hint_to_import_it(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(an_export())
    with pytest.raises(StateFileError, match=r"PUT /_mockgraph/state"):
        durable_app(path)


def test_serve_refuses_notes_in_one_line_and_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my notes")
    done = subprocess.run(
        [sys.executable, "-m", "mockgraph", "serve", "--port", "0", "--no-seed"]
        + ["--host", "127.0.0.1", "--state", str(path)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr.startswith(f"Error: --state {path}: {path} is not a mockgraph state log")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert path.read_bytes() == b"my notes"


@pytest.mark.parametrize(
    "torn", [b'{"op": "put", "tenant": "t", "coll', b'{"op', b"{", b'{"op":"pu'], ids=repr
)
def test_a_torn_record_that_starts_like_one_is_still_dropped(tmp_path: Path, torn: bytes) -> None:
    path = tmp_path / "state.jsonl"
    path.write_bytes(GOOD + torn)
    again = durable_app(path)
    assert state_of(again).store.count("t", "jobs") == 1
    close(again)
    assert path.read_bytes().count(b"\n") == 1 and not path.read_bytes().endswith(torn)


def test_a_torn_record_alone_is_dropped_too(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    path.write_bytes(b'{"op": "put", "ten')
    close(durable_app(path))
    assert path.read_bytes() == b""


# Special files: what is not a regular file is never opened, replaced or written.


def _kind(path: Path) -> str:
    mode = os.lstat(path).st_mode
    return "link" if stat.S_ISLNK(mode) else "chr" if stat.S_ISCHR(mode) else "other"


def test_a_link_to_a_device_is_refused_and_the_device_and_link_stay(tmp_path: Path) -> None:
    link = tmp_path / "state.log"
    link.symlink_to("/dev/null")
    with pytest.raises(StateFileError, match="character device"):
        durable_app(link)
    assert _kind(link) == "link" and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not Path("/dev/null.lock").exists()


def test_a_device_node_is_refused_not_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs privileges this test does not have")
    with pytest.raises(StateFileError, match="character device"):
        durable_app(device)
    assert _kind(device) == "chr"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "state.fifo"
    os.mkfifo(fifo)
    raised: list[BaseException] = []

    def start() -> None:
        try:
            close(durable_app(fifo))
        except BaseException as error:  # reported below
            raised.append(error)

    starting = threading.Thread(target=start, daemon=True)
    starting.start()
    starting.join(DEADLINE)
    if starting.is_alive():  # blocked opening the FIFO: let it go before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        starting.join(DEADLINE)
        pytest.fail("the start blocked on a FIFO")
    assert len(raised) == 1 and isinstance(raised[0], StateFileError), raised
    assert "FIFO" in str(raised[0])
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StateFileError, match="directory"):
        durable_app(tmp_path)


def test_a_link_is_followed_never_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real" / "jobs.log"
    real.parent.mkdir()
    link = tmp_path / "jobs.log"
    link.symlink_to(real)
    app = durable_app(link)
    app.test_client().post(f"{BASE}/jobs", json={"status": "kept"}, headers=bearer())
    close(app)
    close(durable_app(link))  # a restart compacts: through the link, into the real file
    assert _kind(link) == "link" and os.readlink(link) == str(real)
    assert json.loads(real.read_bytes())["job"]["status"] == "kept"
    assert (real.parent / "jobs.log.lock").exists() and not (tmp_path / "jobs.log.lock").exists()


def test_a_second_server_is_refused_through_a_link_to_the_locked_file(tmp_path: Path) -> None:
    real = tmp_path / "jobs.log"
    link = tmp_path / "other-name.log"
    link.symlink_to(real)
    first = durable_app(real)
    try:
        with pytest.raises(StateFileError, match="in use"):
            durable_app(link)
        assert _kind(link) == "link"
    finally:
        close(first)


def test_a_stale_compaction_file_that_is_a_link_is_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    (tmp_path / "jobs.log.compacting").symlink_to(victim)
    close(durable_app(tmp_path / "jobs.log"))
    assert victim.read_bytes() == b"precious"
    assert not (tmp_path / "jobs.log.compacting").exists()


def test_compacting_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "jobs.log"
    path.write_bytes(GOOD)
    path.chmod(0o600)
    close(durable_app(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _unprivileged() -> list[str]:
    """A command prefix that runs without root's right to write anything (or a skip)."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "--user", "true"], timeout=DEADLINE).returncode:
        pytest.skip("running as root, and no user namespace to drop its rights in")
    return [unshare, "--user"]  # root's files, seen from a user namespace: owner bits only


def test_a_read_only_file_is_refused_in_one_line_not_replaced(tmp_path: Path) -> None:
    tmp_path.chmod(0o777)
    path = tmp_path / "jobs.log"
    path.write_bytes(GOOD)
    path.chmod(0o444)
    _assert_denied_in_one_line(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o444 and path.read_bytes() == GOOD


def test_an_unwritable_directory_is_refused_in_one_line(tmp_path: Path) -> None:
    where = tmp_path / "closed"
    where.mkdir(mode=0o500)
    _assert_denied_in_one_line(where / "jobs.log")
    assert list(where.iterdir()) == []


def _assert_denied_in_one_line(state: Path) -> None:
    # serve, without root's rights, refuses the state file with one line and exit 1.
    done = subprocess.run(
        [*_unprivileged(), sys.executable, "-m", "mockgraph", "serve", "--port", "0"]
        + ["--no-seed", "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        stdin=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 1, done.stdout
    assert done.stderr.count("\n") == 1 and "Permission denied" in done.stderr, done.stderr


# Records are checked as a seed or an import checks its items.

BAD_RECORDS = {
    "status-not-a-string": {"collection": "jobs", "job": {"id": "j2", "status": 5}},
    "unknown-property": {"collection": "jobs", "job": {"id": "j2", "bogus": 1}},
    "unknown-type": {"collection": "jobs", "job": {"id": "j2", "@odata.type": "#x.nope"}},
    "unknown-collection": {"collection": "nope", "job": {"id": "j2"}},
    "empty-id": {"collection": "jobs", "job": {"id": ""}},
    "numeric-id": {"collection": "jobs", "job": {"id": 7}},
    "job-not-an-object": {"collection": "jobs", "job": "text"},
    "empty-tenant": {"tenant": "", "collection": "jobs", "job": {"id": "j2"}},
    "numeric-tenant": {"tenant": 5, "collection": "jobs", "job": {"id": "j2"}},
}


@pytest.mark.parametrize("bad", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_a_record_a_seed_would_refuse_refuses_the_file_naming_its_line(
    tmp_path: Path, bad: dict[str, object]
) -> None:
    record = json.dumps({"op": "put", "tenant": "t", **bad}).encode()
    _assert_refused_at_line_2(tmp_path / "jobs.log", GOOD + record + b"\n" + GOOD)


def test_a_bad_record_in_a_batch_refuses_the_file(tmp_path: Path) -> None:
    inner = b'{"op": "put", "tenant": "t", "collection": "jobs", "job": {"id": "j", "status": 1}}'
    _assert_refused_at_line_2(
        tmp_path / "jobs.log", GOOD + b'{"op": "batch", "records": [' + inner + b"]}\n"
    )


def _assert_refused_at_line_2(path: Path, content: bytes) -> None:
    # The file is refused, naming its second line, and left as it was.
    path.write_bytes(content)
    with pytest.raises(StateFileError, match=r"jobs\.log:2: "):
        durable_app(path)
    assert path.read_bytes() == content


def test_a_record_superseded_by_a_good_one_is_not_held_against_the_file(tmp_path: Path) -> None:
    path = tmp_path / "jobs.log"
    bad = b'{"op": "put", "tenant": "t", "collection": "jobs", "job": {"id": "j1", "status": 5}}'
    path.write_bytes(bad + b"\n" + GOOD)
    app = durable_app(path)
    assert state_of(app).store.count("t", "jobs") == 1
    close(app)


def test_what_the_log_restores_can_be_patched_and_its_export_imported(tmp_path: Path) -> None:
    path = tmp_path / "jobs.log"
    first = durable_app(path)
    client = first.test_client()
    created = client.post(f"{BASE}/classifyFileJobs", json=job(), headers=bearer())
    assert created.status_code == 201
    close(first)
    again = durable_app(path)
    client = again.test_client()
    job_id = created.get_json()["id"]
    patched = client.patch(f"{BASE}/jobs/{job_id}", json={"status": "p"}, headers=bearer())
    assert patched.status_code == 200
    exported = client.get("/_mockgraph/state").get_json()
    assert client.put("/_mockgraph/state", json=exported).status_code == 200
    close(again)


def test_the_lock_is_the_real_files(tmp_path: Path) -> None:
    real = tmp_path / "jobs.log"
    link = tmp_path / "link.log"
    link.symlink_to(real)
    log = StateLog(link)
    assert log.open() == {}
    log.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jobs.log", "jobs.log.lock", "link.log"]
