"""``/beta/dataClassification`` itself: the dataClassificationService singleton.

The singleton has one property of its own, ``id``; every collection under it is a containment
navigation property, read at its own path. GET answers the entity (``$select=id`` too).
PATCH takes what Graph's type allows: nothing is writable (``id`` is the key, read-only), so a
body of ``{}`` or only ``@odata.type`` changes nothing and answers the entity, as the docs'
example does; any other property is Graph's 400 naming it, and the id cannot change.
"""

from __future__ import annotations

import uuid

from mockgraph.core import envelope
from mockgraph.core.answers import Answer, json_answer
from mockgraph.core.errors import read_only
from mockgraph.core.model.types import DATA_CLASSIFICATION_SERVICE, TYPE_NAMESPACE
from mockgraph.core.odata import query as odata
from mockgraph.core.schemas import load_entity
from mockgraph.core.store import encode
from mockgraph.http.body import json_object
from mockgraph.http.call import GraphCall
from mockgraph.http.urls import service_root
from mockgraph.paths import SINGLETON

_PROPERTIES = {"id": "string"}
_TYPE_NAME = f"{TYPE_NAMESPACE}.{DATA_CLASSIFICATION_SERVICE}"
_ONLY = (DATA_CLASSIFICATION_SERVICE,)  # no type derives from it
# A tenant's singleton id: a GUID made from the tenant's name, the same on every call and run.
_IDS = uuid.UUID("6d6f636b-6772-6170-682d-736572766963")


def singleton_id(tenant: str) -> str:
    """The id the tenant's dataClassification singleton answers."""
    return str(uuid.uuid5(_IDS, tenant))


def _entity(call: GraphCall, select: tuple[str, ...] | None) -> Answer:
    suffix = odata.context_select_suffix(select)
    context = envelope.context_url(service_root(call.request), f"{SINGLETON}{suffix}")
    body = encode({"id": singleton_id(call.tenant)})
    return json_answer(envelope.entity_body(context, body))


def get_service(call: GraphCall) -> Answer:
    """The singleton."""
    args = call.request.args
    select = odata.parse_entity_select(args, _PROPERTIES, type_name=_TYPE_NAME) if args else None
    return _entity(call, select)


def update_service(call: GraphCall) -> Answer:
    """What Graph allows on the singleton: nothing changes; its id stays."""
    own = singleton_id(call.tenant)
    changes = load_entity(json_object(call), DATA_CLASSIFICATION_SERVICE, _ONLY)
    if changes.get("id", own) != own:
        raise read_only("id", "The property 'id' cannot be changed.")
    return _entity(call, None)
