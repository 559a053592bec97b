"""What an action answers: a value of a type, or a job. The job is stored in its job
collection (and seen through ``jobs``), with its datetimes; complete when answered, as the
SDK's typed answer expects, or, with an app-wide lifecycle (``MOCKGRAPH_LIFECYCLE_POLLS``),
``notStarted`` and advancing as polled."""

from __future__ import annotations

from typing import Any

from mockgraph.core import envelope
from mockgraph.core.answers import Answer, json_answer
from mockgraph.core.model.collections import ENTITY_SETS
from mockgraph.core.model.types import TYPE_NAMESPACE, qualified
from mockgraph.core.store import encode
from mockgraph.features.lifecycle import COMPLETED, NOT_STARTED, timestamp
from mockgraph.http.call import GraphCall
from mockgraph.http.entities import entity_answer
from mockgraph.http.urls import service_root

_STAMPS = ("creationDateTime", "startDateTime", "endDateTime")


def job_answer(
    call: GraphCall, collection: str, type_name: str, action: str, result: dict[str, Any]
) -> Answer:
    """Store the job ``action`` made (of ``type_name``, holding ``result``) in ``collection``
    and answer it."""
    now = timestamp()
    # It starts as a poller sees it start, and moves on with the GETs and ticks (which stamp
    # its start and end).
    polled = call.state.lifecycle.default.polls > 0
    times = {"creationDateTime": now} if polled else dict.fromkeys(_STAMPS, now)
    job = {
        "@odata.type": qualified(type_name),
        "type": action,
        "status": NOT_STARTED if polled else COMPLETED,
        "tenantId": call.tenant,
        **times,
        "result": result,
    }
    entry = call.state.store.create(call.tenant, collection, job)
    return entity_answer(call, ENTITY_SETS[collection], collection, entry)


def value_answer(call: GraphCall, type_name: str, value: Any) -> Answer:
    """A value an action returns, with its context: ``$metadata#microsoft.graph.<type>`` (a
    ``Collection(Edm.String)`` as OData wraps a collection: in ``value``)."""
    if type_name.startswith("Collection("):
        value = {"value": value}
    else:
        type_name = f"{TYPE_NAMESPACE}.{type_name}"
    context = envelope.context_url(service_root(call.request), type_name)
    return json_answer(envelope.entity_body(context, encode(value)))
