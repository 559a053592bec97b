"""`--state FILE`: a change the disk did not take is not acknowledged, and leaves the log whole.

A full disk is injected at the write (``os.write`` failing for the log's descriptor, after
writing part of what it was given), and, where this machine lets a test mount a small tmpfs in
a namespace of its own, made real.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from mockgraph import create_app
from mockgraph.core.persistence import StateFileError
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer, error_code

DEADLINE = 120  # seconds for the real full disk's whole scenario


def durable_app(path: Path, **config: object) -> Flask:
    return create_app({"MOCKGRAPH_STATE_FILE": str(path), **config})


def close(app: Flask) -> None:
    state_of(app).store.close()


class FailingDisk:
    """``os.write`` and ``os.fsync`` failing, for the state log's file only, once armed."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.write_error: int | None = None
        self.fsync_error: int | None = None
        self.partial = 0  # bytes a failing write still writes before its error
        self.failures = 0

    def _is_log(self, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except OSError:
            return False

    def write(self, real: Callable[[int, bytes], int]) -> Callable[[int, bytes], int]:
        def write(fd: int, data: bytes) -> int:
            if self.write_error is None or not self._is_log(fd):
                return real(fd, data)
            self.failures += 1
            if self.partial and len(data) > self.partial:
                written = real(fd, bytes(data)[: self.partial])
                self.partial = 0
                return written  # a short write: the next one reports the error
            raise OSError(self.write_error, os.strerror(self.write_error))

        return write

    def fsync(self, real: Callable[[int], None]) -> Callable[[int], None]:
        def fsync(fd: int) -> None:
            if self.fsync_error is not None and self._is_log(fd):
                self.failures += 1
                raise OSError(self.fsync_error, os.strerror(self.fsync_error))
            real(fd)

        return fsync


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FailingDisk]:
    failing = FailingDisk(tmp_path / "jobs.log")
    monkeypatch.setattr(os, "write", failing.write(os.write))
    monkeypatch.setattr(os, "fsync", failing.fsync(os.fsync))
    yield failing


def _post(app: Flask, status: str) -> tuple[int, dict]:
    answer = app.test_client().post(f"{BASE}/jobs", json={"status": status}, headers=bearer())
    return answer.status_code, answer.get_json()


def _statuses(app: Flask) -> set[str]:
    return {i["job"]["status"] for i in state_of(app).store.export().get("default", [])}


@pytest.mark.parametrize("partial", [0, 10], ids=["nothing-written", "part-written"])
def test_a_full_disk_is_507_and_the_next_write_and_the_restart_are_whole(
    tmp_path: Path, disk: FailingDisk, partial: int
) -> None:
    path = tmp_path / "jobs.log"
    app = durable_app(path)
    assert _post(app, "before")[0] == 201
    good = path.read_bytes()
    disk.write_error, disk.partial = errno.ENOSPC, partial
    status, body = _post(app, "lost")
    assert (status, body["error"]["code"]) == (507, "quotaLimitReached"), body
    assert "no space left on device" in body["error"]["message"].lower()
    assert disk.failures >= 1
    assert path.read_bytes() == good  # the part that was written is gone again
    assert _statuses(app) == {"before"}
    disk.write_error = None  # space returns
    assert _post(app, "after")[0] == 201
    close(app)
    assert _statuses_after_a_restart(path) == {"before", "after"}


def test_a_log_that_cannot_be_cut_back_takes_no_more_writes_until_a_restart(
    tmp_path: Path, disk: FailingDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "jobs.log"
    app = durable_app(path)
    assert _post(app, "before")[0] == 201

    def ftruncate(fd: int, length: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "ftruncate", ftruncate)
    disk.write_error, disk.partial = errno.ENOSPC, 10
    assert _post(app, "lost")[0] == 507
    disk.write_error = None  # space returns, but the torn record is still in the file
    status, body = _post(app, "refused")
    assert (status, body["error"]["code"]) == (503, "serviceNotAvailable")
    assert "restart" in body["error"]["message"]
    assert _statuses(app) == {"before"}
    close(app)
    # the torn record is the last line: dropped
    assert _statuses_after_a_restart(path) == {"before"}


def test_a_failing_disk_is_503(tmp_path: Path, disk: FailingDisk) -> None:
    app = durable_app(tmp_path / "jobs.log")
    disk.write_error = errno.EIO
    answer = app.test_client().post(f"{BASE}/jobs", json={}, headers=bearer())
    assert (answer.status_code, error_code(answer)) == (503, "serviceNotAvailable")
    assert state_of(app).store.export() == {}
    close(app)


def test_a_failed_fsync_is_not_acknowledged_and_is_rolled_back(
    tmp_path: Path, disk: FailingDisk
) -> None:
    path = tmp_path / "jobs.log"
    app = durable_app(path, MOCKGRAPH_STATE_FSYNC=True)
    assert _post(app, "before")[0] == 201
    good = path.read_bytes()
    disk.fsync_error = errno.EIO
    assert _post(app, "lost")[0] == 503
    disk.fsync_error = None
    assert path.read_bytes() == good
    assert _post(app, "after")[0] == 201
    close(app)
    assert _statuses_after_a_restart(path) == {"before", "after"}


def test_a_patch_and_a_delete_that_fail_on_disk_change_nothing(
    tmp_path: Path, disk: FailingDisk
) -> None:
    path = tmp_path / "jobs.log"
    app = durable_app(path)
    client = app.test_client()
    job_id = _post(app, "before")[1]["id"]
    disk.write_error, disk.partial = errno.ENOSPC, 5
    patched = client.patch(f"{BASE}/jobs/{job_id}", json={"status": "x"}, headers=bearer())
    deleted = client.delete(f"{BASE}/jobs/{job_id}", headers=bearer())
    assert (patched.status_code, deleted.status_code) == (507, 507)
    assert _statuses(app) == {"before"}
    close(app)
    disk.write_error = None
    again = durable_app(path)
    assert _statuses(again) == {"before"}
    close(again)


def test_an_import_the_disk_refuses_keeps_the_acknowledged_jobs_across_a_restart(
    tmp_path: Path, disk: FailingDisk
) -> None:
    path = tmp_path / "jobs.log"
    app = durable_app(path)
    assert _post(app, "acknowledged")[0] == 201
    before = state_of(app).store.export()
    imported = {"other": [{"collection": "jobs", "job": {"id": f"i{i}"}} for i in range(50)]}
    disk.write_error, disk.partial = errno.ENOSPC, 40  # the clear record reaches the file
    answer = app.test_client().put("/_mockgraph/state", json=imported)
    assert (answer.status_code, error_code(answer)) == (507, "quotaLimitReached")
    assert state_of(app).store.export() == before
    close(app)
    disk.write_error = None
    again = durable_app(path)
    assert state_of(again).store.export() == before
    close(again)


def test_a_seed_is_one_unit_on_disk_too(tmp_path: Path, disk: FailingDisk) -> None:
    path = tmp_path / "jobs.log"
    app = durable_app(path)
    seed = {"jobs": [{"id": f"s{i}"} for i in range(20)]}
    disk.write_error, disk.partial = errno.ENOSPC, 200  # a few records' worth
    assert app.test_client().post("/_mockgraph/seed", json=seed).status_code == 507
    close(app)
    disk.write_error = None
    again = durable_app(path)
    assert state_of(again).store.export() == {}
    close(again)


def test_an_import_killed_mid_write_is_dropped_whole(tmp_path: Path) -> None:
    """What a kill -9 (or a power cut) leaves of an import: a prefix of its one record."""
    path = tmp_path / "jobs.log"
    app = durable_app(path)
    assert _post(app, "acknowledged")[0] == 201
    before = state_of(app).store.export()
    kept = path.read_bytes()
    imported = {"other": [{"collection": "jobs", "job": {"id": f"i{i}"}} for i in range(50)]}
    assert app.test_client().put("/_mockgraph/state", json=imported).status_code == 200
    close(app)
    whole = path.read_bytes()
    assert whole.count(b"\n") == kept.count(b"\n") + 1  # the import is one line
    for cut in (len(kept) + 40, (len(kept) + len(whole)) // 2, len(whole) - 1):
        path.write_bytes(whole[:cut])
        again = durable_app(path)
        assert state_of(again).store.export() == before, cut
        close(again)


# A real full disk: a tmpfs of a few pages, mounted in a mount namespace of the test's own.


def full_disk_scenario(where: str) -> None:
    """Run inside the namespace (``python -c``): fill the disk, check, free it, check."""
    root = Path(where)
    filler = root / "filler"
    path = root / "jobs.log"
    app = durable_app(path)
    filler.write_bytes(b"x" * (48 * 1024))  # most of the 64 KiB, so a few jobs fill the rest
    acknowledged, answers = set(), []
    for i in range(400):
        status, body = _post(app, f"job-{i:04}-" + "p" * 200)
        answers.append((status, body.get("error", {}).get("code")))
        if status == 201:
            acknowledged.add(body["status"])
        elif len(answers) > 3 and answers[-3:] == [answers[-1]] * 3:
            break  # refused three times running: the disk is full
    assert answers[-1] == (507, "quotaLimitReached"), answers[-5:]
    assert _statuses(app) == acknowledged
    before = state_of(app).store.export()
    imported = {"other": [{"collection": "jobs", "job": {"id": f"i{i}"}} for i in range(200)]}
    assert app.test_client().put("/_mockgraph/state", json=imported).status_code == 507
    close(app)
    kept = path.read_bytes()
    with pytest.raises(StateFileError, match="no room to compact"):
        durable_app(path)  # compacting needs room for a copy: refused, the log left as it was
    assert path.read_bytes() == kept
    filler.unlink()  # space returns
    again = durable_app(path)  # the log is readable: every acknowledged job is in it
    assert state_of(again).store.export() == before
    assert _post(again, "after")[0] == 201
    close(again)
    last = durable_app(path)
    assert _statuses(last) == acknowledged | {"after"}
    close(last)
    print("full disk: ok", len(acknowledged))


def test_a_real_full_disk(tmp_path: Path) -> None:
    unshare, mount = shutil.which("unshare"), shutil.which("mount")
    if unshare is None or mount is None:
        pytest.skip("no unshare(1) or mount(8) here")
    namespace = [unshare, "--user", "--map-root-user", "--mount"]
    probe = subprocess.run(
        [*namespace, mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(tmp_path)],
        capture_output=True,
        timeout=DEADLINE,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs in a namespace here: {probe.stderr.decode().strip()}")
    script = (
        f'mount -t tmpfs -o size=64k tmpfs "$1" && exec "{sys.executable}" -c '
        '"import sys; from tests.core.test_persistence_writes import full_disk_scenario; '
        'full_disk_scenario(sys.argv[1])" "$1"'
    )
    done = subprocess.run(
        [*namespace, "sh", "-c", script, "sh", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "full disk: ok" in done.stdout


def _statuses_after_a_restart(path: Path) -> set[str]:
    again = durable_app(path)
    try:
        return _statuses(again)
    finally:
        close(again)
