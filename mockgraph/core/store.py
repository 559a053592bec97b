"""The thread-safe in-memory job store: tenants never see each other's jobs. No Flask imports.

A job is kept as its JSON encoding alone, immutable once stored: a GET serves it as it is (a
lookup, not a serialisation), and a job is two objects to free, its id and its bytes, so a
reset of 10k jobs is fast and 100k jobs stay small (bench/README.md has the figures). Readers
get ``Entry`` objects, made as they read.
A job's top-level primitive properties (what ``$filter`` and ``$orderby`` read) are decoded the
first time a filter needs them, and kept while the job is unchanged.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from mockgraph.core.errors import NotFoundError, QuotaExceededError
from mockgraph.core.model.collections import (
    ALL_JOBS,
    container_of,
    is_job_container,
    item_key,
)
from mockgraph.core.persistence import StateLog, clear_record, delete_record, put_record

Predicate = Callable[[Mapping[str, Any]], bool]
NewJob = tuple[str, Mapping[str, Any], "str | None"]  # (collection, wire form, fixed id or None)
Fields = dict[str, Any]


# json.dumps builds an encoder per call when given options; this one is made once.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode(data: Mapping[str, Any]) -> bytes:
    """The compact JSON encoding the store serves."""
    return _ENCODER.encode(data).encode()


# Job ids are version 4 GUIDs, as Graph's. uuid.uuid4() reads os.urandom on every call (a
# system call, ~3% of a POST under load: bench/README.md); a mock's ids need to be unique, not
# secret, so they come from a generator seeded from os.urandom once.
_RANDOM_BITS = random.Random().getrandbits
_GUID_MASK = ~((0xF << 76) | (0xC << 60)) & ((1 << 128) - 1)  # version and variant bits
_GUID_V4 = (0x4 << 76) | (0x8 << 60)  # version 4, RFC 4122 variant


def new_id() -> str:
    """A new job id: a random version 4 GUID."""
    digits = "%032x" % ((_RANDOM_BITS(128) & _GUID_MASK) | _GUID_V4)
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def _primitives(body: bytes) -> Fields:
    return {k: v for k, v in json.loads(body).items() if not isinstance(v, (dict, list))}


@dataclass(slots=True)
class Entry:
    """One stored job: its id, the collection it was created through, its JSON encoding.

    Made as jobs are read (the store keeps only the bytes), and kept only for filters, so not
    frozen: a frozen dataclass sets each field through ``object.__setattr__``, a cost on every
    list page. Readers leave it as it is.
    """

    id: str
    collection: str
    body: bytes = field(repr=False)
    _fields: Fields | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def fields(self) -> Mapping[str, Any]:
        """The top-level primitive properties (``@odata.type``, ``id``, ``status``, the
        datetimes...): what ``$filter`` and ``$orderby`` read. Decoded on first use and kept."""
        found = self._fields
        if found is None:
            found = self._fields = _primitives(self.body)
        return found

    @property
    def data(self) -> dict[str, Any]:
        """The job's whole wire form, decoded afresh (a private, mutable copy)."""
        result: dict[str, Any] = json.loads(self.body)
        return result


class _Tenant:
    """One tenant's items: every job's JSON by id, and each container's by id.

    Jobs are seen through ``jobs`` and through the typed collection they were created in
    (``home``; none: through ``jobs``). Every other set's items are only in their container
    (``sensitivityLabels``, ``sensitivityLabels/<id>/sublabels``). ``filtered`` keeps the
    entries a filter or a sort made, their primitives decoded, for the next one: each with the
    bytes it was made from, so a changed item's is never used. Changed under the store's lock,
    but for ``filtered``, which readers fill as they filter (at worst a removed item's entry
    stays until the tenant is cleared).
    """

    def __init__(self) -> None:
        self.jobs: dict[str, bytes] = {}
        self.by_collection: dict[str, dict[str, bytes]] = {}
        self.home: dict[str, str] = {}
        self.filtered: dict[str, Entry] = {}
        self.others = 0  # how many items are held outside the job collections

    @property
    def size(self) -> int:
        return len(self.jobs) + self.others

    def view(self, collection: str) -> dict[str, bytes]:
        if collection == ALL_JOBS:
            return self.jobs
        return self.by_collection.get(collection, {})

    def holds(self, collection: str, item_id: str) -> bool:
        return item_id in self.view(collection)

    def entry(self, collection: str, job_id: str, body: bytes) -> Entry:
        """The item as read through ``collection`` (its view holds ``job_id``)."""
        home = collection if collection != ALL_JOBS else self.home.get(job_id, ALL_JOBS)
        return Entry(job_id, home, body)

    def homes(self, collection: str) -> Callable[[str], str]:
        """Where each job ``collection`` shows was created, as of now (call under the lock)."""
        if collection != ALL_JOBS:
            return lambda _: collection
        home = dict(self.home)
        return lambda job_id: home.get(job_id, ALL_JOBS)

    def put(self, job_id: str, collection: str, body: bytes) -> None:
        if not is_job_container(collection):
            held = self.by_collection.setdefault(collection, {})
            self.others += job_id not in held
            held[job_id] = body
            self.filtered.pop(job_id, None)
            return
        self.remove(ALL_JOBS, job_id)  # a fixed id replaces the job holding it, wherever it was
        self.jobs[job_id] = body
        if collection != ALL_JOBS:
            self.by_collection.setdefault(collection, {})[job_id] = body
            self.home[job_id] = collection

    def replace(self, collection: str, job_id: str, body: bytes) -> None:
        self.filtered.pop(job_id, None)
        if not is_job_container(collection):
            self.by_collection[collection][job_id] = body
            return
        self.jobs[job_id] = body
        home = self.home.get(job_id)
        if home is not None:
            self.by_collection[home][job_id] = body

    def contents(self, collection: str, item_id: str) -> list[str]:
        """The containers inside an item (and inside those), which go when it goes."""
        if is_job_container(collection):
            return []
        prefix = f"{collection}/{item_id}/"
        return [key for key in self.by_collection if key.startswith(prefix)]

    def remove(self, collection: str, job_id: str) -> None:
        if not is_job_container(collection):
            for key in self.contents(collection, job_id):
                self.others -= len(self.by_collection.pop(key))
            held = self.by_collection.get(collection, {})
            self.others -= held.pop(job_id, None) is not None
            self.filtered.pop(job_id, None)
            return
        if self.jobs.pop(job_id, None) is None:
            return
        home = self.home.pop(job_id, None)
        if home is not None:
            del self.by_collection[home][job_id]
        self.filtered.pop(job_id, None)


class JobStore:
    """Jobs per tenant, in insertion order, behind one lock.

    With a ``StateLog``, every change is appended to it under the lock before it is applied,
    so the log's order is the store's order and a write that cannot be logged changes nothing.
    """

    def __init__(self, log: StateLog | None = None, max_jobs_per_tenant: int | None = None) -> None:
        self._lock = threading.Lock()
        self._tenants: dict[str, _Tenant] = {}
        self._log = log
        self._max_jobs = max_jobs_per_tenant

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> JobStore:
        """The store the settings ask for: in memory, or kept in a state file too."""
        store = cls(max_jobs_per_tenant=config["MOCKGRAPH_MAX_JOBS_PER_TENANT"])
        path = config["MOCKGRAPH_STATE_FILE"]
        if path:
            log = StateLog(path, fsync=config["MOCKGRAPH_STATE_FSYNC"])
            store.restore(log.open())
            store._log = log  # attached after the restore, which the log already holds
        return store

    def close(self) -> None:
        """Close the state file, if any (the store stays usable in memory)."""
        if self._log is not None:
            self._log.close()
            self._log = None

    def _write(self, *records: bytes) -> None:
        if self._log is not None:
            self._log.append(*records)

    def create(
        self, tenant: str, collection: str, data: Mapping[str, Any], job_id: str | None = None
    ) -> Entry:
        """Store a new job (``data`` must not be used by the caller afterwards)."""
        (entry,) = self.create_many(tenant, [(collection, data, job_id)])
        return entry

    def create_many(self, tenant: str, jobs: Sequence[NewJob]) -> list[Entry]:
        """Store jobs all at once: a reader sees all of them or none, a refusal stores none.

        A fixed id replaces the job holding it, wherever it was (seeding by id).
        """
        entries = [_make_entry(i or new_id(), c, data) for c, data, i in jobs]
        with self._lock:
            held = self._tenants.get(tenant) or _Tenant()  # kept once something is stored
            for entry in entries:
                _check_parent(held, entry.collection, entries)
            if self._max_jobs is not None:
                # Not `ids - held.jobs.keys()`: a set minus dict keys walks every key held.
                new = {(_seen_in(e), e.id) for e in entries}
                added = sum(not held.holds(where, item_id) for where, item_id in new)
                if held.size + added > self._max_jobs:
                    raise QuotaExceededError(
                        f"The tenant would hold more than {self._max_jobs} items, the "
                        "configured maximum."
                    )
            if self._log is not None:  # a record costs an encode: only with a state file
                self._write(*(put_record(tenant, e.collection, e.body) for e in entries))
            self._tenants[tenant] = held
            for entry in entries:
                held.put(entry.id, entry.collection, entry.body)
        return entries

    def get(self, tenant: str, collection: str, job_id: str) -> Entry:
        """The job, if it is visible through ``collection``; NotFoundError otherwise."""
        with self._lock:
            return self._get_locked(tenant, collection, job_id)

    def update(
        self,
        tenant: str,
        collection: str,
        job_id: str,
        changes: Mapping[str, Any],
        read: tuple[bytes, Mapping[str, Any]] | None = None,
    ) -> Entry:
        """Replace the top-level properties in ``changes``; the job keeps its id and type.

        ``read``: the job's body and its decoded data as the caller read it, used when the job
        has not changed since (spares decoding it again)."""
        with self._lock:
            old = self._get_locked(tenant, collection, job_id)
            data = read[1] if read is not None and read[0] is old.body else old.data
            entry = _make_entry(job_id, old.collection, {**data, **changes})
            if self._log is not None:
                self._write(put_record(tenant, old.collection, entry.body))
            self._tenants[tenant].replace(old.collection, job_id, entry.body)
        return entry

    def delete(self, tenant: str, collection: str, job_id: str) -> None:
        """Remove the item and everything it contains; NotFoundError when it is not there (a
        second delete)."""
        with self._lock:
            home = self._get_locked(tenant, collection, job_id).collection
            held = self._tenants[tenant]
            if self._log is not None:
                contained = [
                    delete_record(tenant, item, key)
                    for key in held.contents(home, job_id)
                    for item in held.view(key)
                ]
                self._write(*contained, delete_record(tenant, job_id, home))
            held.remove(home, job_id)

    def _get_locked(self, tenant: str, collection: str, job_id: str) -> Entry:
        held = self._tenants.get(tenant)
        body = held.view(collection).get(job_id) if held else None
        if held is None or body is None:
            kind = "job" if is_job_container(collection) else "item"
            raise NotFoundError(f"The {kind} '{job_id}' was not found in '{collection}'.")
        return held.entry(collection, job_id, body)

    def count(self, tenant: str, collection: str, predicate: Predicate | None = None) -> int:
        """How many jobs ``collection`` shows, optionally only those matching ``predicate``."""
        if predicate is None:
            with self._lock:
                held = self._tenants.get(tenant)
                return len(held.view(collection)) if held else 0
        return len(self.select(tenant, collection, predicate))

    def select(
        self,
        tenant: str,
        collection: str,
        predicate: Predicate | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """A snapshot of the jobs ``collection`` shows (those ``predicate`` accepts), in
        insertion order, the first ``limit`` of them when given; their top-level primitive
        properties (``Entry.fields``, what ``$filter`` and ``$orderby`` read) are decoded once
        while the job is unchanged."""
        with self._lock:
            held = self._tenants.get(tenant)
            if held is None:
                return []
            jobs, home = list(held.view(collection).items()), held.homes(collection)
        kept, chosen = held.filtered, []
        for job_id, body in jobs:  # outside the lock: the first filter decodes every job
            entry = kept.get(job_id)
            if entry is None or entry.body is not body:  # new, or changed since
                entry = kept[job_id] = Entry(job_id, home(job_id), body)  # racing: equal ones
            if predicate is None or predicate(entry.fields):
                chosen.append(entry)
                if len(chosen) == limit:
                    break
        return chosen

    def page(
        self, tenant: str, collection: str, offset: int, limit: int
    ) -> tuple[list[Entry], int]:
        """One page of the unfiltered, unsorted collection, and the collection's size.

        The fast path for the commonest list call: its cost does not grow with the store.
        """
        with self._lock:
            held = self._tenants.get(tenant)
            if held is None:
                return [], 0
            view = held.view(collection)
            shown = islice(view.items(), offset, offset + limit)
            return [held.entry(collection, i, body) for i, body in shown], len(view)

    def tenants(self) -> Iterator[str]:
        """The tenants that have ever stored a job."""
        with self._lock:
            return iter(list(self._tenants))

    def clear(self, tenant: str | None = None) -> None:
        """Forget every job of ``tenant``, or of every tenant."""
        with self._lock:
            if self._log is not None:
                self._write(clear_record(tenant))
            if tenant is None:
                forgotten: object = self._tenants
                self._tenants = {}
            else:
                forgotten = self._tenants.pop(tenant, None)
        del forgotten  # freed here, after the lock: 10k jobs take most of a millisecond

    def export(self, tenant: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """The store as JSON-ready data: ``{tenant: [{"collection", "job"}, ...]}`` (an item
        outside the job collections under ``entity``, not ``job``)."""
        with self._lock:
            chosen = [tenant] if tenant is not None else list(self._tenants)
            views = {t: _entries(self._tenants[t]) for t in chosen if t in self._tenants}
        return {
            t: [{"collection": e.collection, item_key(e.collection): e.data} for e in entries]
            for t, entries in views.items()
        }

    def restore(
        self, state: Mapping[str, Sequence[Mapping[str, Any]]], *, replace_all: bool = False
    ) -> int:
        """Replace the tenants named in ``state`` (every tenant, with ``replace_all``) with its
        jobs, validated by the caller, at once: a reader sees the old store or the new one."""
        rebuilt: dict[str, _Tenant] = {}
        for tenant, items in state.items():
            jobs = rebuilt[tenant] = _Tenant()
            for item in items:
                data = dict(item[item_key(item["collection"])])
                entry = _make_entry(str(data["id"]), item["collection"], data)
                jobs.put(entry.id, entry.collection, entry.body)
        with self._lock:
            if self._log is not None:  # records cost an encode each: only with a state file
                records = [clear_record(None)] if replace_all else []
                for tenant, jobs in rebuilt.items():
                    records.append(clear_record(tenant))
                    records += (put_record(tenant, e.collection, e.body) for e in _entries(jobs))
                self._write(*records)
            replaced = {t: self._tenants[t] for t in rebuilt if t in self._tenants}
            if replace_all:
                replaced, self._tenants = self._tenants, {}
            self._tenants.update(rebuilt)
        del replaced  # freed after the lock, as in clear()
        return sum(t.size for t in rebuilt.values())


def _entries(held: _Tenant) -> list[Entry]:
    jobs = [held.entry(ALL_JOBS, i, body) for i, body in held.jobs.items()]
    return jobs + [
        Entry(i, key, body)
        for key, items in held.by_collection.items()
        if not is_job_container(key)
        for i, body in items.items()
    ]


def _seen_in(entry: Entry) -> str:
    # Where an item with the entry's id would already be held: a job anywhere, else its container.
    return ALL_JOBS if is_job_container(entry.collection) else entry.collection


def _check_parent(held: _Tenant, collection: str, entries: Sequence[Entry]) -> None:
    parent = container_of(collection)
    if parent is None:
        return
    key, parent_id = parent
    if not held.holds(key, parent_id) and not any(
        e.collection == key and e.id == parent_id for e in entries
    ):
        raise NotFoundError(f"The item '{parent_id}' was not found in '{key}'.")


def _make_entry(job_id: str, collection: str, data: Mapping[str, Any]) -> Entry:
    # The id follows @odata.type, as Graph writes it.
    items = list(data.items())
    wire = dict(items[:1])
    wire["id"] = job_id
    wire.update((k, v) for k, v in items[1:] if k != "id")
    return Entry(job_id, collection, encode(wire))
