"""Graph's job routes: the dataClassification job collections under ``/beta``.

Each view takes the call (``call.py``) and the route's parameters, and answers
``(status, headers, body)``; ``service.py`` routes calls to them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from werkzeug.urls import iri_to_uri
from werkzeug.wrappers import Request

from mockgraph.core import envelope
from mockgraph.core.answers import Answer, json_answer, no_content, text_answer
from mockgraph.core.errors import read_only
from mockgraph.core.model.collections import COLLECTIONS, JOB_PROPERTIES
from mockgraph.core.model.types import resolve_type_name
from mockgraph.core.odata import query as odata
from mockgraph.core.schemas import ODATA_TYPE, load_entity
from mockgraph.core.store import Entry, encode
from mockgraph.http.body import json_object
from mockgraph.http.call import GraphCall
from mockgraph.http.urls import base_url, service_root
from mockgraph.paths import SINGLETON

Select = tuple[str, ...] | None  # the properties $select names, or None for all


def _context(call: GraphCall, collection: str, select: Select, entity: bool) -> str:
    path = f"{SINGLETON}/{collection}{odata.context_select_suffix(select)}"
    return envelope.context_url(service_root(call.request), path + ("/$entity" if entity else ""))


def _filter_limits(config: Any) -> odata.FilterLimits:
    return odata.FilterLimits(
        config["MOCKGRAPH_MAX_FILTER_LENGTH"], config["MOCKGRAPH_MAX_FILTER_NODES"]
    )


# Characters werkzeug's iri_to_uri leaves as they are: a Location of only these is a URI already.
_PLAIN_URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")


def _entity(
    call: GraphCall, collection: str, entry: Entry, select: Select = None, status: int = 200
) -> Answer:
    body = encode(odata.project(entry.data, select)) if select else entry.body
    context = _context(call, collection, select, True)
    return json_answer(envelope.entity_body(context, body), status)


def create_job(call: GraphCall, collection: str) -> Answer:
    """Create a job; the server assigns its id."""
    spec = COLLECTIONS[collection]
    data = load_entity(json_object(call), spec.default_type, spec.accepted_types)
    if "id" in data:
        raise read_only(
            "id", "The property 'id' is assigned by the server; do not send it when creating a job."
        )
    entry = call.state.store.create(call.tenant, collection, data)
    location = f"{base_url(call.request)}/{entry.id}"
    if not _PLAIN_URI.match(location):  # an IRI (a host name not in ASCII)
        location = iri_to_uri(location)
    status, headers, body = _entity(call, collection, entry, status=201)
    headers.append(("Location", location))
    return status, headers, body


def list_jobs(call: GraphCall, collection: str) -> Answer:
    """One page of the collection, with the query options applied."""
    config, args = call.config, call.request.args
    query = odata.parse_collection_query(
        args, JOB_PROPERTIES, max_top=config["MOCKGRAPH_MAX_TOP"], limits=_filter_limits(config)
    )
    size = query.top if query.top is not None else config["MOCKGRAPH_PAGE_SIZE"]
    entries, total = _page(call, collection, query, size)
    if query.select:
        items = [encode(odata.project(e.data, query.select)) for e in entries]
    else:
        items = [e.body for e in entries]
    next_offset = query.skip + size
    more = size and next_offset < total
    next_link = _next_link(call.request, next_offset, size) if more else None
    context = _context(call, collection, query.select, False)
    return json_answer(
        envelope.collection_body(context, items, total if query.count else None, next_link)
    )


def _page(
    call: GraphCall, collection: str, query: odata.CollectionQuery, size: int
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
            entries, query.orderby, JOB_PROPERTIES, data=lambda entry: entry.fields
        )
    return entries[query.skip : query.skip + size], len(entries)


def _next_link(served: Request, offset: int, size: int) -> str:
    # Keep the client's options but its paging ones; the skiptoken says where to go on.
    paging = {"$skip", "skip", "$top", "top", "$skiptoken", "skiptoken"}
    kept = [(k, v) for k, v in served.args.items(multi=True) if k not in paging]
    kept += [("$top", str(size)), ("$skiptoken", odata.make_skiptoken(offset))]
    return f"{base_url(served)}?{urlencode(kept, safe='$,')}"


def count_jobs(call: GraphCall, collection: str) -> Answer:
    """The number of jobs, as plain text."""
    limits = _filter_limits(call.config)
    predicate = odata.parse_count_query(call.request.args, JOB_PROPERTIES, limits=limits)
    return text_answer(str(call.state.store.count(call.tenant, collection, predicate)))


def get_job(call: GraphCall, collection: str, job_id: str) -> Answer:
    """One job."""
    served = call.request
    query = served.environ.get("QUERY_STRING")
    select = odata.parse_entity_select(served.args, JOB_PROPERTIES) if query else None
    state = call.state
    if state.lifecycle.active:  # a served GET is a poll: it may move the job on first
        state.lifecycle.poll(state.store, call.tenant, collection, job_id)
    entry = state.store.get(call.tenant, collection, job_id)
    return _entity(call, collection, entry, select)


def update_job(call: GraphCall, collection: str, job_id: str) -> Answer:
    """Change the properties sent; the job's id and type stay."""
    body = json_object(call)
    store = call.state.store
    current = store.get(call.tenant, collection, job_id)
    data = current.data
    job_type = resolve_type_name(data[ODATA_TYPE]) or ""
    changes: dict[str, Any] = load_entity(body, job_type, (job_type,))
    if changes.pop("id", job_id) != job_id:
        raise read_only("id", "The property 'id' cannot be changed.")
    del changes[ODATA_TYPE]
    entry = store.update(call.tenant, collection, job_id, changes, read=(current.body, data))
    return _entity(call, collection, entry)


def delete_job(call: GraphCall, collection: str, job_id: str) -> Answer:
    """Delete a job; a second delete is a 404."""
    call.state.store.delete(call.tenant, collection, job_id)
    return no_content()
