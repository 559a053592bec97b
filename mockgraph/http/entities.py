"""The entity sets under ``/beta/dataClassification``: the job collections, sensitive types,
sensitivity labels and their sublabels and rights, exact-match data stores, their sessions and
upload agents; all served by these views, from the set's line in the model.

Each view takes the call (``call.py``), the set, the container the route's path names (the
store's key: ``sensitivityLabels/<id>/sublabels``) and, for an item, its id; it answers
``(status, headers, body)``. ``service.py`` routes calls to them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from werkzeug.urls import iri_to_uri
from werkzeug.wrappers import Request

from mockgraph.core import envelope
from mockgraph.core.answers import Answer, json_answer, no_content, text_answer
from mockgraph.core.errors import NotFoundError, read_only
from mockgraph.core.model.collections import EntitySet, container_of, expandable, properties
from mockgraph.core.model.types import EXACT_MATCH_SESSION, TYPE_NAMESPACE, resolve_type_name
from mockgraph.core.odata import query as odata
from mockgraph.core.schemas import ODATA_TYPE, load_entity
from mockgraph.core.store import Entry, encode
from mockgraph.features import sessions
from mockgraph.http.body import json_object
from mockgraph.http.call import GraphCall
from mockgraph.http.urls import base_url, service_root
from mockgraph.paths import SINGLETON

Select = tuple[str, ...] | None  # the properties $select names, or None for all
Expand = tuple[str, ...]  # the navigation properties $expand names


def odata_path(container: str) -> str:
    """A container key as OData writes its path: ``a/<id>/b`` -> ``a('<id>')/b``."""
    parts = container.split("/")
    for index in range(1, len(parts), 2):
        parts[index - 1] += "('" + parts[index].replace("'", "''") + "')"
    return "/".join(parts[::2])


def _context(call: GraphCall, container: str, select: Select, entity: bool) -> str:
    path = f"{SINGLETON}/{odata_path(container)}{odata.context_select_suffix(select)}"
    return envelope.context_url(service_root(call.request), path + ("/$entity" if entity else ""))


def _type_name(entity_set: EntitySet) -> str:
    return f"{TYPE_NAMESPACE}.{entity_set.default_type}"


def _require_parent(call: GraphCall, container: str) -> None:
    # An item of a contained set exists only inside its parent: a missing parent is a 404.
    parent = container_of(container)
    if parent is not None:
        call.state.store.get(call.tenant, *parent)


def _served(
    call: GraphCall, entity_set: EntitySet, entry: Entry, select: Select, expand: Expand
) -> bytes:
    """An item's JSON as served: cut to $select, with what $expand names inside it."""
    if not select and not expand:
        return entry.body
    data = odata.project(entry.data, select) if select else entry.data
    store, tenant = call.state.store, call.tenant
    for name in expand:
        inner = expandable(entity_set)[name]
        found = [e.data for e in store.select(tenant, f"{entry.collection}/{entry.id}/{name}")]
        data[name] = found if inner.many else (found[0] if found else None)
    return encode(data)


def _filter_limits(config: Any) -> odata.FilterLimits:
    return odata.FilterLimits(
        config["MOCKGRAPH_MAX_FILTER_LENGTH"], config["MOCKGRAPH_MAX_FILTER_NODES"]
    )


# Characters werkzeug's iri_to_uri leaves as they are: a Location of only these is a URI already.
_PLAIN_URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")


def entity_answer(
    call: GraphCall,
    entity_set: EntitySet,
    container: str,
    entry: Entry,
    select: Select = None,
    status: int = 200,
    expand: Expand = (),
) -> Answer:
    """An item as Graph answers it: its JSON (cut to $select, $expand inside) with its context."""
    body = _served(call, entity_set, entry, select, expand)
    context = _context(call, container, select, True)
    return json_answer(envelope.entity_body(context, body), status)


def _new_item(body: Any, entity_set: EntitySet) -> dict[str, Any]:
    data = load_entity(body, entity_set.default_type, entity_set.accepted_types)
    if "id" in data:
        raise read_only(
            "id", "The property 'id' is assigned by the server; do not send it when creating it."
        )
    return data


def _location(call: GraphCall, item_id: str | None) -> str:
    location = base_url(call.request) + (f"/{item_id}" if item_id is not None else "")
    if not _PLAIN_URI.match(location):  # an IRI (a host name not in ASCII)
        location = iri_to_uri(location)
    return location


# What the service sets on an item it creates, by the set's type: (fields, container) -> fields.
_ON_CREATE = {EXACT_MATCH_SESSION: lambda data, where: sessions.created(data, where.split("/")[1])}


def _create(
    call: GraphCall, entity_set: EntitySet, container: str, sent: Any, at_own_path: bool = False
) -> Answer:
    data = _new_item(sent, entity_set)
    if (server := _ON_CREATE.get(entity_set.default_type)) is not None:
        data = server(data, container)
    entry = call.state.store.create(call.tenant, container, data)  # 404 if no parent holds it
    status, headers, body = entity_answer(call, entity_set, container, entry, status=201)
    headers.append(("Location", _location(call, None if at_own_path else entry.id)))
    return status, headers, body


def create_item(call: GraphCall, entity_set: EntitySet, container: str) -> Answer:
    """Create an item in the collection; the server assigns its id."""
    return _create(call, entity_set, container, json_object(call))


def list_items(call: GraphCall, entity_set: EntitySet, container: str) -> Answer:
    """One page of the collection, with the query options applied."""
    config, args = call.config, call.request.args
    query = odata.parse_collection_query(
        args,
        properties(entity_set),
        max_top=config["MOCKGRAPH_MAX_TOP"],
        type_name=_type_name(entity_set),
        limits=_filter_limits(config),
        navs=expandable(entity_set),
    )
    if entity_set.depth:
        _require_parent(call, container)
    size = query.top if query.top is not None else config["MOCKGRAPH_PAGE_SIZE"]
    entries, total = _page(call, entity_set, container, query, size)
    if query.select or query.expand:
        items = [_served(call, entity_set, e, query.select, query.expand) for e in entries]
    else:
        items = [e.body for e in entries]
    next_offset = query.skip + size
    more = size and next_offset < total
    next_link = _next_link(call.request, next_offset, size) if more else None
    context = _context(call, container, query.select, False)
    return json_answer(
        envelope.collection_body(context, items, total if query.count else None, next_link)
    )


def _page(
    call: GraphCall,
    entity_set: EntitySet,
    collection: str,
    query: odata.CollectionQuery,
    size: int,
) -> tuple[list[Entry], int]:
    store, tenant = call.state.store, call.tenant
    if query.filter is None and not query.orderby:
        return store.page(tenant, collection, query.skip, size)
    if not query.orderby and not query.count:
        # Only the page is wanted, and whether one job follows it (for @odata.nextLink): the
        # filter stops there instead of reading every job (measured: half a $filter call).
        enough = query.skip + size + 1
        entries = store.select(tenant, collection, query.filter, limit=enough)
        return entries[query.skip : query.skip + size], len(entries)
    entries = store.select(tenant, collection, query.filter)
    if query.orderby:
        entries = odata.apply_orderby(
            entries, query.orderby, properties(entity_set), data=lambda entry: entry.fields
        )
    return entries[query.skip : query.skip + size], len(entries)


def _next_link(served: Request, offset: int, size: int) -> str:
    # Keep the client's options but its paging ones; the skiptoken says where to go on.
    paging = {"$skip", "skip", "$top", "top", "$skiptoken", "skiptoken"}
    kept = [(k, v) for k, v in served.args.items(multi=True) if k not in paging]
    kept += [("$top", str(size)), ("$skiptoken", odata.make_skiptoken(offset))]
    return f"{base_url(served)}?{urlencode(kept, safe='$,')}"


def count_items(call: GraphCall, entity_set: EntitySet, container: str) -> Answer:
    """The number of items, as plain text."""
    limits = _filter_limits(call.config)
    predicate = odata.parse_count_query(
        call.request.args,
        properties(entity_set),
        type_name=_type_name(entity_set),
        limits=limits,
    )
    if entity_set.depth:
        _require_parent(call, container)
    return text_answer(str(call.state.store.count(call.tenant, container, predicate)))


def _entity_query(call: GraphCall, entity_set: EntitySet) -> tuple[Select, Expand]:
    served = call.request
    if not served.environ.get("QUERY_STRING"):
        return None, ()
    return odata.parse_entity_query(
        served.args,
        properties(entity_set),
        type_name=_type_name(entity_set),
        navs=expandable(entity_set),
    )


def get_item(call: GraphCall, entity_set: EntitySet, container: str, item_id: str) -> Answer:
    """One item."""
    select, expand = _entity_query(call, entity_set)
    state = call.state
    if state.lifecycle.active and entity_set.is_job:  # a served GET is a poll: it may move on
        state.lifecycle.poll(state.store, call.tenant, container, item_id)
    elif state.lifecycle.active and entity_set.default_type == EXACT_MATCH_SESSION:
        state.lifecycle.poll(state.store, call.tenant, container, item_id, sessions.advance)
    entry = state.store.get(call.tenant, container, item_id)
    return entity_answer(call, entity_set, container, entry, select, expand=expand)


def _changes(body: Any, current: Entry) -> tuple[dict[str, Any], dict[str, Any]]:
    # What a PATCH sends, validated as the item's own type: its id and type stay.
    data = current.data
    item_type = resolve_type_name(data[ODATA_TYPE]) or ""
    changes: dict[str, Any] = load_entity(body, item_type, (item_type,))
    if changes.pop("id", current.id) != current.id:
        raise read_only("id", "The property 'id' cannot be changed.")
    del changes[ODATA_TYPE]
    return changes, data


def update_item(call: GraphCall, entity_set: EntitySet, container: str, item_id: str) -> Answer:
    """Change the properties sent; the item's id and type stay."""
    body, store = json_object(call), call.state.store
    current = store.get(call.tenant, container, item_id)
    changes, data = _changes(body, current)
    entry = store.update(call.tenant, container, item_id, changes, read=(current.body, data))
    return entity_answer(call, entity_set, container, entry)


def delete_item(call: GraphCall, entity_set: EntitySet, container: str, item_id: str) -> Answer:
    """Delete an item and everything it contains; a second delete is a 404."""
    call.state.store.delete(call.tenant, container, item_id)
    return no_content()


def _single(call: GraphCall, entity_set: EntitySet, container: str) -> Entry:
    # The one item of a single-valued set, or a 404 (for its parent, if that is missing).
    _require_parent(call, container)
    found = call.state.store.page(call.tenant, container, 0, 1)[0]
    if not found:
        raise NotFoundError(f"'{entity_set.name}' has no value in '{container}'.")
    return found[0]


def get_single(call: GraphCall, entity_set: EntitySet, container: str) -> Answer:
    """A single-valued navigation property's entity (``.../uploadAgent``)."""
    select, expand = _entity_query(call, entity_set)
    entry = _single(call, entity_set, container)
    return entity_answer(call, entity_set, container, entry, select, expand=expand)


def update_single(call: GraphCall, entity_set: EntitySet, container: str) -> Answer:
    """PATCH a single-valued navigation property: change it, or create it if it has no value
    (201), as OData's upsert does."""
    store, tenant, sent = call.state.store, call.tenant, json_object(call)
    try:
        current = _single(call, entity_set, container)
    except NotFoundError:  # no value yet (the store refuses it if the parent is missing)
        return _create(call, entity_set, container, sent, at_own_path=True)
    changes, data = _changes(sent, current)
    entry = store.update(tenant, container, current.id, changes, read=(current.body, data))
    return entity_answer(call, entity_set, container, entry)


def delete_single(call: GraphCall, entity_set: EntitySet, container: str) -> Answer:
    """Remove a single-valued navigation property's entity; with none, a 404."""
    entry = _single(call, entity_set, container)
    call.state.store.delete(call.tenant, container, entry.id)
    return no_content()
