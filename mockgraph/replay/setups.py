"""What a replay creates before it sends a documented request, from what the request addresses.

The entities the path's ids name come first, outermost first (a session's data store, then the
session), each bound to its placeholder; a parent is created with nothing but its type. Then what
the operation needs: the entity a GET, PATCH or DELETE addresses (from the documented answer, so
the compared answer matches), the items a list documents, the value of a single-valued property;
a create and a count need nothing more.
"""

from __future__ import annotations

from typing import Any

from mockgraph.core.fixture import SetupEntity
from mockgraph.core.model.collections import CREATE, ENTITY_SETS, UPDATE, set_of
from mockgraph.core.model.types import qualified, resolve_type_name
from mockgraph.core.schemas import ODATA_TYPE
from mockgraph.replay.addresses import COLLECTION, ITEM, SINGLE, Address
from mockgraph.replay.markdown import DeclinedError


def entities_of(body: Any) -> list[Any]:
    """The entities a body documents: a collection's items, or the body itself."""
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        return list(body["value"])
    return [body] if body is not None else []


def documented_id(body: Any) -> str | None:
    """The id a documented entity shows, if it shows one."""
    value = body.get("id") if isinstance(body, dict) else None
    return value if isinstance(value, str) else None


def _without_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("id", "@odata.context")}


def setup(
    method: str, address: Address, request_body: Any, response_body: Any
) -> tuple[SetupEntity, ...]:
    """The entities to create first, in order; DeclinedError when one of them cannot be
    created through the API (a read-only set: the mock has its values from seeds only)."""
    entities = _entities(method, address, request_body, response_body)
    for entity in entities:
        entity_set = ENTITY_SETS[set_of(entity.collection)]
        if (CREATE if entity_set.many else UPDATE) not in entity_set.operations:
            raise DeclinedError(
                f"{method} {address.path}: a replay cannot set up {entity_set.path}, which the "
                "service does not let a client create"
            )
    return entities


def _entities(
    method: str, address: Address, request_body: Any, response_body: Any
) -> tuple[SetupEntity, ...]:
    parents = tuple(
        SetupEntity(p.container, {ODATA_TYPE: qualified(p.type_name)}, None, p.placeholder)
        for p in address.parents
    )
    if address.target == COLLECTION:
        items = response_body.get("value") if isinstance(response_body, dict) else None
        if method != "GET" or not isinstance(items, list):
            return parents
        listed = tuple(
            SetupEntity(address.container, _without_id(item), documented_id(item))
            for item in items
            if isinstance(item, dict)
        )
        return parents + listed
    if address.target not in (ITEM, SINGLE) or address.entity_set is None:
        return parents  # the singleton, $count: nothing else to set up
    item = address.item
    source = response_body if method in ("GET", "PATCH") else None
    if not isinstance(source, dict) and method == "PATCH" and isinstance(request_body, dict):
        source = request_body
    if isinstance(source, dict):
        body, known = _without_id(source), documented_id(source)
    else:
        type_name = item.type_name if item else address.entity_set.named_type
        body, known = {ODATA_TYPE: qualified(type_name)}, None
    bind = item.placeholder if item else None
    return (*parents, SetupEntity(address.container, body, known, bind))


def patched_type(setup_entities: tuple[SetupEntity, ...], fallback: str) -> str:
    """The type of the entity a PATCH changes: the last one set up, as it was sent."""
    sent = setup_entities[-1].body.get(ODATA_TYPE) if setup_entities else None
    return (resolve_type_name(sent) if isinstance(sent, str) else None) or fallback
