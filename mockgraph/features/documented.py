"""The documented items: the entities of the packaged fixtures, with their ids, for a store.

Each packaged fixture that documents an entity with an id (a GET, a PATCH, a list's items, a
create's answer) gives a ``SeededJob`` named after the fixture, in the fixture's container, in
any entity set. An item inside a parent the page names only by a placeholder
(``exactMatchDataStores/{exactMatchDataStoreId}/sessions``) is seeded inside a parent made for
it: the parent's id is derived from the placeholder's name, so every page naming
``{exactMatchDataStoreId}`` shares one parent, seeded with the item (nothing but its type).
``mockgraph serve`` seeds them all into the default tenant; tests seed some by name.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.fixture import Fixture, packaged_fixtures
from mockgraph.core.model.collections import ENTITY_SETS, is_job_container, set_of
from mockgraph.core.schemas import load_entity
from mockgraph.core.store import Entry, JobStore, NewJob
from mockgraph.paths import SINGLETON

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# The namespace of the ids given to parents named only by a placeholder.
_PARENTS = uuid.UUID("6d6f636b-6772-6170-682d-706172656e74")


@dataclass(frozen=True)
class SeededJob:
    """A documented item: the fixture it comes from, its container, its id and its body."""

    name: str
    collection: str  # the container's path, parents' ids in it (``a/<id>/b``)
    id: str
    body: dict[str, Any]  # the documented entity without its id, repaired


def parent_id(placeholder: str) -> str:
    """The id a seeded parent named only by ``{placeholder}`` is given."""
    return str(uuid.uuid5(_PARENTS, placeholder))


def _bound(path: str, ids: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: ids.get(m.group(1), m.group(0)), path)


def _jobs_of(fixture: Fixture) -> list[SeededJob]:
    ids = {e.bind: e.documented_id or parent_id(e.bind) for e in fixture.setup if e.bind}
    known: list[tuple[SeededJob, bool]] = []  # each set-up entity, and whether it is documented
    for entity in fixture.setup:
        item_id = entity.documented_id or (ids[entity.bind] if entity.bind else None)
        if item_id is not None:
            seeded = SeededJob(fixture.name, _bound(entity.collection, ids), item_id, entity.body)
            known.append((seeded, entity.documented_id is not None))
    body = fixture.response.body
    if "/id" in fixture.response.by_shape and isinstance(body, dict):  # a create's answer
        path = fixture.request.path.split("?")[0].rstrip("/")
        container = path.removeprefix(f"/{SINGLETON}/")
        if container != path:  # not the singleton, whose id is the service's
            job = {k: v for k, v in body.items() if k != "id"}
            created = SeededJob(fixture.name, _bound(container, ids), str(body["id"]), job)
            known.append((created, True))
    documented = [job for job, is_documented in known if is_documented]
    # The parents of what is documented come first, as the fixture sets them up.
    return [
        job
        for job, is_documented in known
        if is_documented or any(_inside(other, job) for other in documented)
    ]


def _inside(item: SeededJob, parent: SeededJob) -> bool:
    return item.collection.startswith(f"{parent.collection}/{parent.id}/")


def documented_jobs(fixtures: Iterable[Fixture] | None = None) -> list[SeededJob]:
    """Every documented item, by fixture name (the packaged fixtures unless given)."""
    chosen = packaged_fixtures() if fixtures is None else fixtures
    return [job for fixture in chosen for job in _jobs_of(fixture)]


def seed_documented(
    store: JobStore,
    tenant: str,
    names: Iterable[str] | None = None,
    fixtures: Iterable[Fixture] | None = None,
) -> list[Entry]:
    """Store the documented items of the fixtures ``names`` (all when None) in ``tenant``.

    A seeded id replaces any job holding it. KeyError names a fixture that documents no item.
    """
    return store.create_many(tenant, documented_items(names, fixtures))


def _where(job: SeededJob) -> tuple[str, str]:
    # Jobs are one set seen through every job collection; a single-valued property holds one.
    if is_job_container(job.collection):
        return ("jobs", job.id)
    if not ENTITY_SETS[set_of(job.collection)].many:
        return (job.collection, "")
    return (job.collection, job.id)


def documented_items(
    names: Iterable[str] | None = None, fixtures: Iterable[Fixture] | None = None
) -> list[NewJob]:
    """The documented items of the fixtures ``names`` (all when None), validated, for the store.

    An item documented by several fixtures comes once, as the first of them (in name order) has
    it. KeyError names a fixture that documents no item.
    """
    jobs = documented_jobs(fixtures)
    if names is not None:
        wanted = list(dict.fromkeys(names))
        known = {job.name for job in jobs}
        unknown = [name for name in wanted if name not in known]
        if unknown:
            raise KeyError(f"no documented job in fixture(s): {', '.join(unknown)}")
        jobs = [job for job in jobs if job.name in set(wanted)]
    items: list[NewJob] = []
    seen: set[tuple[str, str]] = set()
    for job in jobs:
        if _where(job) in seen:
            continue
        seen.add(_where(job))
        spec = ENTITY_SETS[set_of(job.collection)]
        data = load_entity(job.body, spec.default_type, spec.accepted_types)
        items.append((job.collection, data, job.id))
    return items


def seed_empty_store(store: JobStore, tenant: str = DEFAULT_TENANT) -> int:
    """Seed every documented item into ``tenant`` when the store holds nothing yet.

    A store restored from a state file is left as it is: seeding it again would bring back
    documented items deleted before the restart. Returns how many items were seeded.
    """
    if next(store.tenants(), None) is not None:
        return 0
    return len(seed_documented(store, tenant))
