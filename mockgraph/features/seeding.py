"""Items put in the store by a test (seeds, state imports): validated first, all or nothing.

A seed item is ``{"collection": ..., "job": {...}}`` or a bare job (its collection follows its
``@odata.type``); an item of any other set is ``{"collection": ..., "entity": {...}}``, its
collection the container's path (``sensitivityLabels/<id>/sublabels``). Ids are kept as given,
so tests can name items up front. Every item goes through the same schemas as Graph's POST
(``mockgraph.core.items``, as a state file's records do), so a store holds only what Graph
could have served. A seed
may ask for the tenant defaults too (``mockgraph.features.tenant_defaults``: Microsoft's built-in
sensitive types and a label taxonomy); ``mockgraph serve`` starts with them and the documented
jobs. No Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.errors import BadRequestError, InvalidRequestError, QuotaExceededError
from mockgraph.core.items import load_item
from mockgraph.core.model.collections import item_key
from mockgraph.core.store import Entry, JobStore, NewJob
from mockgraph.features.documented import documented_items, documented_jobs
from mockgraph.features.tenant_defaults import seed_items


def seed_tenant(scope: str | None, named: Any) -> str:
    """The tenant a seed goes to: the caller's token's, else the body's ``tenant``, else default."""
    if named is not None and (not isinstance(named, str) or not named):
        raise BadRequestError("'tenant' must be a non-empty string.")
    if scope is not None and named not in (None, scope):
        raise BadRequestError(f"The token's tenant is '{scope}'; it cannot seed '{named}'.")
    return scope or named or DEFAULT_TENANT


def seed_jobs(
    store: JobStore, tenant: str, fixtures: Any, jobs: Any, defaults: Any = False
) -> list[Entry]:
    """Store the tenant defaults (when ``defaults`` is true), documented fixtures (by name) and
    jobs, in that order and all at once; nothing if any is bad."""
    if defaults is not None and not isinstance(defaults, bool):  # null: not asked, as elsewhere
        raise BadRequestError("'defaults' must be true or false.")
    names = _names(fixtures)
    loaded = [load_item(item, f"jobs[{i}]", need_id=False) for i, item in enumerate(_list(jobs))]
    items: list[NewJob] = default_items() if defaults else []
    if names:
        try:
            items += documented_items(names)
        except KeyError as error:
            known = sorted({job.name for job in documented_jobs()})
            raise BadRequestError(
                f"{error.args[0]}. Documented fixtures: {', '.join(known) or 'none'}."
            ) from error
    items += [(collection, data, data.get("id")) for collection, data in loaded]
    return store.create_many(tenant, items)


def default_items() -> list[NewJob]:
    """The tenant defaults, validated as any seed is, for ``JobStore.create_many``."""
    loaded = (
        load_item(item, f"defaults[{i}]", need_id=True) for i, item in enumerate(seed_items())
    )
    return [(collection, data, data["id"]) for collection, data in loaded]


def seed_new_store(store: JobStore, tenant: str = DEFAULT_TENANT) -> int:
    """What ``mockgraph serve`` starts with: the tenant defaults and every documented item, in
    ``tenant``, when the store holds nothing yet; how many items were stored.

    A store restored from a state file is left as it is: seeding it again would bring back what
    was deleted before the restart.
    """
    if next(store.tenants(), None) is not None:
        return 0
    return len(store.create_many(tenant, default_items() + documented_items()))


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRequestError("'fixtures' and 'jobs' must be JSON arrays.")
    return value


def _names(fixtures: Any) -> list[str]:
    names = _list(fixtures)
    if not all(isinstance(name, str) for name in names):
        raise BadRequestError("'fixtures' must list fixture names (strings).")
    return names


def load_state(
    body: Any, scope: str | None, max_jobs: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """An exported store, validated: ``{tenant: [{"collection", "job"}, ...]}``, each tenant
    holding at most ``max_jobs`` (QuotaExceededError otherwise)."""
    if not isinstance(body, Mapping):
        raise BadRequestError("The state must be a JSON object: {tenant: [{collection, job}]}.")
    if scope is not None and set(body) - {scope}:
        raise BadRequestError(f"The token's tenant is '{scope}'; the state names others.")
    state: dict[str, list[dict[str, Any]]] = {}
    for tenant, items in body.items():
        if not isinstance(items, list):
            raise BadRequestError(f"The state of tenant '{tenant}' must be a JSON array.")

        state[tenant] = []
        for index, item in enumerate(items):
            if (
                not isinstance(item, Mapping)
                or "collection" not in item
                or not ("job" in item or "entity" in item)
            ):
                raise InvalidRequestError(f"{tenant}[{index}]: expected {{collection, job}}.")
            collection, data = load_item(item, f"{tenant}[{index}]", need_id=True)
            state[tenant].append({"collection": collection, item_key(collection): data})
        held = {
            (item["collection"], data["id"]) for item in state[tenant] for data in [_data(item)]
        }
        if max_jobs is not None and len(held) > max_jobs:
            raise QuotaExceededError(
                f"The state gives tenant '{tenant}' more than {max_jobs} jobs, the configured "
                "maximum."
            )
    return state


def _data(item: Mapping[str, Any]) -> Mapping[str, Any]:
    data: Mapping[str, Any] = item[item_key(item["collection"])]
    return data
