"""Durable state for ``mockgraph serve --state FILE``: an append-only log of store changes.

Every write the store acknowledges is appended (and flushed to the kernel) before the client
is answered, so killing the process between two requests loses nothing acknowledged; with
``fsync=True`` it also survives the machine losing power, at a cost per write. On start the
log is replayed, a torn last record (the process died mid-write) is dropped with a warning,
and the log is compacted to one record per live job: written to a temporary file, synced,
then renamed over the old one, so a crash during compaction leaves the old log whole.
A lock on the file keeps a second server from sharing it. No Flask imports.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from mockgraph.core.model.collections import is_job_container, item_key

log = logging.getLogger("mockgraph.core.persistence")

State = dict[str, dict[str, dict[str, Any]]]  # tenant -> id -> {"collection", "job"}


class StateFileError(Exception):
    """The state file cannot be used (locked by another server, unreadable, not a log)."""


class StateLog:
    """The open, locked log file; ``append`` writes one record per store change."""

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self._file: IO[bytes] | None = None
        self._lock_file: IO[bytes] | None = None

    def open(self) -> dict[str, list[dict[str, Any]]]:
        """Lock, replay and compact the log; return the state it holds (``JobStore.restore``)."""
        self._lock()
        try:
            state = self._replay()
            self._compact(state)
            self._file = open(self.path, "ab")  # noqa: SIM115 - kept open for appends
        except BaseException:
            self.close()
            raise
        return {
            tenant: [
                {"collection": i["collection"], item_key(i["collection"]): i["job"]}
                for i in items.values()
            ]
            for tenant, items in state.items()
        }

    def append(self, *records: bytes) -> None:
        """Write records (JSON objects, without newline) in one write, durably enough to
        acknowledge. A crash mid-write leaves a prefix of them: the replay drops a torn last one."""
        if self._file is None:
            raise StateFileError("the state log is not open")
        self._file.write(b"".join(record + b"\n" for record in records))
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())

    def close(self) -> None:
        """Close the log and release the lock."""
        for handle in (self._file, self._lock_file):
            if handle is not None:
                handle.close()
        self._file = self._lock_file = None

    def _lock(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(f"{self.path}.lock", "ab")  # noqa: SIM115 - held while open
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            self._lock_file.close()
            self._lock_file = None
            raise StateFileError(f"{self.path} is in use by another mockgraph server") from error

    def _replay(self) -> State:
        state: State = {}
        if not self.path.exists():
            return state
        for number, record in _records(self.path):
            try:
                _apply(state, record)
            except (KeyError, TypeError, ValueError) as error:
                raise StateFileError(f"{self.path}:{number}: not a mockgraph record") from error
        return state

    def _compact(self, state: State) -> None:
        temporary = self.path.with_name(self.path.name + ".compacting")
        with open(temporary, "wb") as out:
            for tenant, jobs in state.items():
                for item in jobs.values():
                    out.write(put_record(tenant, item["collection"], item["job"]) + b"\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        _sync_directory(self.path.parent)


def _records(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    data = path.read_bytes()
    lines = data.split(b"\n")
    # A log written whole ends with a newline; anything after the last one is a torn write.
    complete, torn = lines[:-1], lines[-1]
    if torn:
        log.warning("%s: dropped a torn last record (%d bytes)", path, len(torn))
    for number, line in enumerate(complete, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            if number == len(complete):  # the last record, cut short
                log.warning("%s:%d: dropped a torn last record", path, number)
                return
            raise StateFileError(f"{path}:{number}: corrupt record") from error
        yield number, record


def _apply(state: State, record: Mapping[str, Any]) -> None:
    op = record["op"]
    if op == "clear":  # of one tenant, or of all (tenant null)
        if record["tenant"] is None:
            state.clear()
        else:
            state.pop(str(record["tenant"]), None)
        return
    tenant = str(record["tenant"])
    if op == "put":
        job, collection = record["job"], record["collection"]
        key = _key(collection, job["id"])
        state.setdefault(tenant, {})[key] = {"collection": collection, "job": job}
    elif op == "delete":
        state.get(tenant, {}).pop(_key(record.get("collection"), record["id"]), None)
    else:
        raise ValueError(f"unknown op {op!r}")


def _exported(item: Mapping[str, Any]) -> dict[str, Any]:
    # As the store exports it: a job under "job", any other item under "entity".
    return {"collection": item["collection"], item_key(item["collection"]): item["job"]}


def _key(collection: str | None, item_id: str) -> str:
    # A job's id is unique in its tenant; any other item's, in its container.
    if collection is None or is_job_container(collection):
        return item_id
    return f"{collection}/{item_id}"


def _sync_directory(directory: Path) -> None:
    # The rename itself is durable only once the directory entry is synced.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def put_record(tenant: str, collection: str, job: Mapping[str, Any] | bytes) -> bytes:
    """A record storing ``job`` (its JSON bytes may be passed as they are, to save an encode)."""
    body = job if isinstance(job, bytes) else json.dumps(job, ensure_ascii=False).encode()
    head = json.dumps({"op": "put", "tenant": tenant, "collection": collection})
    return head[:-1].encode() + b',"job":' + body + b"}"


def delete_record(tenant: str, job_id: str, collection: str | None = None) -> bytes:
    """A record removing one item (a job: wherever it is)."""
    record = {"op": "delete", "tenant": tenant, "id": job_id}
    if collection is not None and _key(collection, job_id) != job_id:
        record["collection"] = collection
    return json.dumps(record).encode()


def clear_record(tenant: str | None) -> bytes:
    """A record removing one tenant's jobs (or every tenant's, for None)."""
    return json.dumps({"op": "clear", "tenant": tenant}).encode()
