"""The documented jobs: the entities of the packaged fixtures, with their ids, for a store.

Each packaged fixture that documents an entity with an id (a GET, a PATCH, a list's items, a
create's answer) gives a ``SeededJob`` named after the fixture, in the fixture's collection.
``mockgraph serve`` seeds them all into the default tenant; tests seed some by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.fixture import Fixture, packaged_fixtures
from mockgraph.core.model.collections import COLLECTIONS
from mockgraph.core.schemas import load_entity
from mockgraph.core.store import Entry, JobStore, NewJob


@dataclass(frozen=True)
class SeededJob:
    """A documented job: the fixture it comes from, where it lives, its id and its body."""

    name: str
    collection: str
    id: str
    body: dict[str, Any]  # the documented entity without its id, repaired


def _jobs_of(fixture: Fixture) -> list[SeededJob]:
    found = [
        SeededJob(fixture.name, entity.collection, entity.documented_id, entity.body)
        for entity in fixture.setup
        if entity.documented_id
    ]
    body = fixture.response.body
    if "/id" in fixture.response.by_shape and isinstance(body, dict):  # a create's answer
        collection = fixture.request.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        job = {k: v for k, v in body.items() if k != "id"}
        found.append(SeededJob(fixture.name, collection, str(body["id"]), job))
    return found


def documented_jobs(fixtures: Iterable[Fixture] | None = None) -> list[SeededJob]:
    """Every documented job, by fixture name (the packaged fixtures unless given)."""
    chosen = packaged_fixtures() if fixtures is None else fixtures
    return [job for fixture in chosen for job in _jobs_of(fixture)]


def seed_documented(
    store: JobStore,
    tenant: str,
    names: Iterable[str] | None = None,
    fixtures: Iterable[Fixture] | None = None,
) -> list[Entry]:
    """Store the documented jobs of the fixtures ``names`` (all when None) in ``tenant``.

    A seeded id replaces any job holding it. KeyError names a fixture that documents no job.
    """
    return store.create_many(tenant, documented_items(names, fixtures))


def documented_items(
    names: Iterable[str] | None = None, fixtures: Iterable[Fixture] | None = None
) -> list[NewJob]:
    """The documented jobs of the fixtures ``names`` (all when None), validated, for the store.

    A job documented by several fixtures comes once, as the first of them (in name order) has
    it. KeyError names a fixture that documents no job.
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
    seen: set[str] = set()
    for job in jobs:
        if job.id in seen:
            continue
        seen.add(job.id)
        spec = COLLECTIONS[job.collection]
        data = load_entity(job.body, spec.default_type, spec.accepted_types)
        items.append((job.collection, data, job.id))
    return items


def seed_empty_store(store: JobStore, tenant: str = DEFAULT_TENANT) -> int:
    """Seed every documented job into ``tenant`` when the store holds nothing yet.

    A store restored from a state file is left as it is: seeding it again would bring back
    documented jobs deleted before the restart. Returns how many jobs were seeded.
    """
    if next(store.tenants(), None) is not None:
        return 0
    return len(seed_documented(store, tenant))
