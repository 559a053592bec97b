"""An item put in the store other than through Graph's routes: validated as Graph's POST is.

A seed, a state import (``mockgraph.features.seeding``) and a state file's record
(``mockgraph.core.persistence``) all go through ``load_item``, so a store holds only what Graph
could have served, however it was filled. No Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockgraph.core.errors import InvalidRequestError
from mockgraph.core.model.collections import (
    ALL_JOBS,
    COLLECTIONS,
    ENTITY_SETS,
    HOME_COLLECTION,
    EntitySet,
    set_of,
)
from mockgraph.core.model.types import resolve_type_name
from mockgraph.core.schemas import ODATA_TYPE, ValidationError, error_paths, load_entity

Loaded = tuple[str, dict[str, Any]]  # (collection, the item's wire form, id included)


def load_item(item: Any, where: str, need_id: bool) -> Loaded:
    """One item validated: its collection and its wire form; InvalidRequestError names ``where``.

    ``{"collection": ..., "job": {...}}``, ``{"collection": ..., "entity": {...}}``, or a bare
    job (its collection follows its ``@odata.type``)."""
    if not isinstance(item, Mapping):
        raise InvalidRequestError(f"{where}: a job must be a JSON object.")
    wrapped = [key for key in ("job", "entity") if key in item]
    if wrapped:
        extra = sorted(set(item) - {"collection", *wrapped[:1]})
        if extra:
            raise InvalidRequestError(f"{where}: unknown properties {', '.join(extra)}.")
        job, collection = item[wrapped[0]], item.get("collection")
    else:
        job, collection = item, None
    if not isinstance(job, Mapping):
        raise InvalidRequestError(f"{where}.job: a job must be a JSON object.")
    if collection is None:
        odata_type = job.get(ODATA_TYPE)
        named = resolve_type_name(odata_type) if isinstance(odata_type, str) else None
        collection = HOME_COLLECTION.get(named or "", ALL_JOBS)
    spec = _set_of(collection)
    if spec is None:
        raise InvalidRequestError(
            f"{where}: unknown collection {collection!r}; one of {', '.join(COLLECTIONS)}, or "
            f"a container's path in {', '.join(_OTHER_SETS)} (sensitivityLabels/<id>/sublabels)."
        )
    job_id = job.get("id")
    if (need_id or job_id is not None) and (not isinstance(job_id, str) or not job_id):
        raise InvalidRequestError(f"{where}: the job needs an 'id', a non-empty string.")
    try:
        data = load_entity(dict(job), spec.default_type, spec.accepted_types)
    except ValidationError as error:
        paths = error_paths(error.messages, f"{where}.job")
        listed = "; ".join(f"{path}: {message}" for path, message in paths)
        details = [{"code": "invalidRequest", "message": m, "target": p} for p, m in paths]
        raise InvalidRequestError(f"Invalid seed. {listed}", details=details) from error
    return collection, data


_OTHER_SETS = [path for path, spec in ENTITY_SETS.items() if not spec.is_job]


def _set_of(collection: Any) -> EntitySet | None:
    # The set a container's path names, if it names one: ids where the set's parents are.
    if not isinstance(collection, str):
        return None
    parts = collection.split("/")
    spec = ENTITY_SETS.get(set_of(collection))
    if spec is None or len(parts) != 2 * spec.depth + 1 or "" in parts:
        return None
    return spec
