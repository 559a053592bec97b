"""Durable state for ``mockgraph serve --state FILE``: an append-only log of store changes.

Every write the store acknowledges is appended (and handed to the kernel) before the client
is answered, so killing the process between two requests loses nothing acknowledged; with
``fsync=True`` it also survives the machine losing power, at a cost per write. A change of
several items (a seed, an import, a delete and what it contains) is one line: kept whole or
not at all. A write the disk refuses (full, failing) is cut off again and raised as the Graph
error to answer, so the log stays readable and the store unchanged.

The file is the user's: on start only a regular file (or none) holding mockgraph records is
used; anything else (notes, an export, a device, a FIFO, a directory) is refused, left byte for
byte as it was. A torn last record (the process died mid-write: no newline, and it begins as a
record does) is dropped with a warning; every item is checked as a seed's is. The log is then
compacted to one record per live item: written to a temporary file, synced, renamed over the
old one (keeping its mode), so a crash during compaction leaves the old log whole. A symlink is
followed, never replaced: the real file is locked (a lock file beside it keeps a second server
off it, whatever name it is given), compacted and written. No Flask imports.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mockgraph.core.errors import GraphError, StorageError
from mockgraph.core.records import (
    RECORD_START,
    State,
    StateFileError,
    exported,
    key_of,
    read_log,
    starts_like_a_record,
)

__all__ = ["StateFileError", "StateLog", "clear_record", "delete_record", "put_record"]

log = logging.getLogger("mockgraph.core.persistence")
# Never a link's target (links are resolved first), never blocked opening a FIFO.
_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}  # answered as storage full (507)


class StateLog:
    """The open, locked log file; ``append`` writes one line per store change."""

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = False) -> None:
        self.path = Path(path)  # as it was named: what messages say
        self.fsync = fsync
        self._real = self.path  # the file itself, links resolved (by open)
        self._fd: int | None = None
        self._lock_fd: int | None = None
        self._size = 0  # the log's length after its last whole write
        self._broken: str | None = None  # why no write can be trusted any more

    def open(self) -> dict[str, list[dict[str, Any]]]:
        """Check, lock, replay and compact the log; return the state it holds
        (``JobStore.restore``). A file that is not a log is refused before anything is made."""
        self._real = Path(os.path.realpath(self.path))
        self._check_head()
        self._real.parent.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            kept, state = self._replay()
            self._compact(state, kept)
            self._fd = _open_regular(self._shown, self._real, os.O_WRONLY | os.O_APPEND)
            self._size = os.fstat(self._fd).st_size
        except BaseException:
            self.close()
            raise
        return {tenant: [exported(i) for i in items.values()] for tenant, items in state.items()}

    def append(self, *records: bytes) -> None:
        """Write records (JSON objects, without newline) as one line, before a change is
        acknowledged. A write the disk refuses is cut off again and raised as a GraphError
        (507 for a full disk, 503 otherwise); a crash mid-write leaves a torn line, dropped."""
        if self._fd is None:
            raise StateFileError("the state log is not open")
        if not records:
            return
        if self._broken is not None:
            raise StorageError(self._broken)
        line = (records[0] if len(records) == 1 else _batch(records)) + b"\n"
        try:
            _write_all(self._fd, line)
            if self.fsync:
                os.fsync(self._fd)
        except OSError as error:
            self._roll_back()
            raise _write_error(error) from error
        self._size += len(line)

    def close(self) -> None:
        """Close the log and release the lock."""
        for fd in (self._fd, self._lock_fd):
            if fd is not None:
                os.close(fd)
        self._fd = self._lock_fd = None

    @property
    def _shown(self) -> str:
        # The file as the user named it, and where it leads when that is elsewhere.
        return (
            str(self.path) if self._real == self.path.absolute() else f"{self.path} ({self._real})"
        )

    def _roll_back(self) -> None:
        # Back to the last whole write, so the next one does not land on a torn record.
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, self._size)
        except OSError as error:
            self._broken = (
                f"The mock's state file could not be cut back after a failed write "
                f"({error.strerror}); restart the server (it drops the torn record)."
            )
            log.error("%s: %s", self.path, self._broken)

    def _check_head(self) -> None:
        # Before the lock is made beside it: a file that plainly is not a log is left alone.
        try:
            fd = _open_regular(self._shown, self._real, os.O_RDONLY)
        except (FileNotFoundError, NotADirectoryError):  # none yet (mkdir says why, if it cannot)
            return
        with open(fd, "rb") as file:
            head = file.read(len(RECORD_START))
        if not starts_like_a_record(head):
            hint = (
                "; an export of GET /_mockgraph/state is loaded with PUT /_mockgraph/state"
                if head.startswith(b"{")
                else ""
            )
            raise StateFileError(
                f"{self._shown} is not a mockgraph state log (it does not begin with a "
                f"record{hint}); it is left as it is"
            )

    def _lock(self) -> None:
        fd = os.open(f"{self._real}.lock", os.O_RDWR | os.O_CREAT | _OPEN, 0o666)
        try:
            _must_be_regular(f"{self._real}.lock", os.fstat(fd).st_mode)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                raise StateFileError(
                    f"{self._shown} is in use by another mockgraph server"
                ) from error
        except BaseException:
            os.close(fd)
            raise
        self._lock_fd = fd

    def _replay(self) -> tuple[os.stat_result | None, State]:
        try:  # read and write: a file the mock may not write is refused now, not replaced
            fd = _open_regular(self._shown, self._real, os.O_RDWR)
        except FileNotFoundError:
            return None, {}
        with open(fd, "rb") as file:
            kept = os.fstat(fd)
            return kept, read_log(self._shown, file)

    def _compact(self, state: State, kept: os.stat_result | None) -> None:
        temporary = self._real.with_name(self._real.name + ".compacting")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # left by a crash while compacting (the lock is ours)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _OPEN, 0o666)
        try:
            with open(fd, "wb") as out:
                for tenant, items in state.items():
                    for item in items.values():
                        out.write(put_record(tenant, item["collection"], item["job"]) + b"\n")
                out.flush()
                if kept is not None:
                    _keep_owner_and_mode(fd, kept)
                os.fsync(fd)
            os.replace(temporary, self._real)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(error, OSError) and error.errno in _NO_ROOM:
                raise StateFileError(
                    f"{self._shown}: no room to compact the log ({error.strerror}); it is left "
                    "as it was: free some space and start again"
                ) from error
            raise
        _sync_directory(self._real.parent)


def _open_regular(shown: str, real: Path, flags: int) -> int:
    """A descriptor on ``real``, a regular file: checked before it is opened (a FIFO or a
    device is never opened) and after (it cannot have been swapped in between)."""
    _must_be_regular(shown, os.stat(real).st_mode)
    fd = os.open(real, flags | _OPEN)
    try:
        _must_be_regular(shown, os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _must_be_regular(shown: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
        raise StateFileError(
            f"{shown} is {kind}, not a regular file: the state is kept only in a regular file "
            "(or a new one)"
        )


def _keep_owner_and_mode(fd: int, kept: os.stat_result) -> None:
    # The compacted log replaces the user's file: it keeps its owner (when we may) and mode.
    with contextlib.suppress(PermissionError):
        os.fchown(fd, kept.st_uid, kept.st_gid)
    os.fchmod(fd, stat.S_IMODE(kept.st_mode))


def _sync_directory(directory: Path) -> None:
    # The rename itself is durable only once the directory entry is synced.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "the write made no progress")
        view = view[written:]


def _write_error(error: OSError) -> GraphError:
    message = (
        f"The mock's state file could not keep the change ({error.strerror or error}); "
        "nothing was changed."
    )
    if error.errno in _NO_ROOM:
        return StorageError(message, status=507, code="quotaLimitReached")
    return StorageError(message)


def _batch(records: Iterable[bytes]) -> bytes:
    return b'{"op": "batch", "records": [' + b", ".join(records) + b"]}"


def put_record(tenant: str, collection: str, job: Mapping[str, Any] | bytes) -> bytes:
    """A record storing ``job`` (its JSON bytes may be passed as they are, to save an encode)."""
    body = job if isinstance(job, bytes) else json.dumps(job, ensure_ascii=False).encode()
    head = json.dumps({"op": "put", "tenant": tenant, "collection": collection})
    return head[:-1].encode() + b',"job":' + body + b"}"


def delete_record(tenant: str, job_id: str, collection: str | None = None) -> bytes:
    """A record removing one item (a job: wherever it is)."""
    record = {"op": "delete", "tenant": tenant, "id": job_id}
    if collection is not None and key_of(collection, job_id) != job_id:
        record["collection"] = collection
    return json.dumps(record).encode()


def clear_record(tenant: str | None) -> bytes:
    """A record removing one tenant's jobs (or every tenant's, for None)."""
    return json.dumps({"op": "clear", "tenant": tenant}).encode()
