"""The actions of exact-match data stores and their upload sessions.

``lookup`` answers the loaded rows (``features/exact_match.py``) whose key column holds one of
the values; ``commit``, ``cancel`` and ``renew`` move a session through its states
(``features/sessions.py``): a step its state does not allow is a 409 and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockgraph.core.answers import Answer, no_content
from mockgraph.core.model.actions import LOOKUP
from mockgraph.core.model.collections import EntitySet
from mockgraph.core.schemas import load_parameters
from mockgraph.features import exact_match, sessions
from mockgraph.http.actions.jobs import value_answer
from mockgraph.http.body import json_object
from mockgraph.http.call import GraphCall
from mockgraph.http.entities import entity_answer

STRINGS = "Collection(Edm.String)"


def lookup(call: GraphCall, entity_set: EntitySet, container: str, store_id: str) -> Answer:
    """``POST .../exactMatchDataStores/{id}/lookup``: the matching rows' result columns."""
    sent = load_parameters(json_object(call), LOOKUP)
    data_store = call.state.store.get(call.tenant, container, store_id)
    rows = call.state.exact_rows.rows(call.tenant, store_id)
    found = exact_match.lookup(
        exact_match.columns_of(data_store.data),
        rows,
        sent["key"],
        sent["values"],
        sent.get("resultColumnNames"),
    )
    return value_answer(call, STRINGS, found)


def _step(
    call: GraphCall, container: str, session_id: str, changes: Callable[[dict[str, Any]], Any]
) -> Any:
    # The session's state decides under the lifecycle's lock, so two steps never both pass.
    state = call.state
    with state.lifecycle.locked():
        current = state.store.get(call.tenant, container, session_id)
        return state.store.update(call.tenant, container, session_id, changes(dict(current.fields)))


def commit(call: GraphCall, entity_set: EntitySet, container: str, session_id: str) -> Answer:
    """``POST .../sessions/{id}/commit``: the upload is done; processing starts."""
    polled = call.state.lifecycle.default.polls > 0
    _step(call, container, session_id, lambda fields: sessions.commit(fields, polled))
    return no_content()


def cancel(call: GraphCall, entity_set: EntitySet, container: str, session_id: str) -> Answer:
    """``POST .../sessions/{id}/cancel``: the session stops for good."""
    _step(call, container, session_id, sessions.cancel)
    return no_content()


def renew(call: GraphCall, entity_set: EntitySet, container: str, session_id: str) -> Answer:
    """``POST .../sessions/{id}/renew``: an uploading session stays open; the session."""
    entry = _step(call, container, session_id, sessions.renew)
    return entity_answer(call, entity_set, container, entry)
