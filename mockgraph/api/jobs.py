"""Graph's routes: the dataClassification job collections under ``/beta``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, request
from werkzeug.sansio.utils import get_current_url, get_host

from mockgraph import envelope, odata
from mockgraph.api.body import json_object
from mockgraph.api.current import current_flask, current_request
from mockgraph.auth import check_scopes, read_claims, tenant_of
from mockgraph.errors import InvalidRequestError
from mockgraph.model.collections import COLLECTIONS, JOB_PROPERTIES
from mockgraph.model.types import resolve_type_name
from mockgraph.paths import NAMESPACE, NAMESPACE_PATH, SERVICE_ROOT
from mockgraph.schemas import ODATA_TYPE, load_entity
from mockgraph.store import Entry, JobStore, encode

bp = Blueprint("jobs", __name__, url_prefix=NAMESPACE_PATH)

_COLLECTION = "<any({}):collection>".format(", ".join(COLLECTIONS))


def _store() -> JobStore:
    store: JobStore = current_app.extensions["mockgraph"].store
    return store


@lru_cache(maxsize=256)
def _url(
    scheme: str,
    host: str | None,
    server: tuple[str, int | None] | None,
    root_path: str | None = None,
    path: str | None = None,
) -> str:
    # What request.host_url and request.base_url compute, once per host and path: werkzeug
    # parses and re-quotes them on every request. (Flask checks TRUSTED_HOSTS before this.)
    return get_current_url(scheme, get_host(scheme, host, server), root_path, path)


def _service_root() -> str:
    served = current_request()
    host_url = _url(served.scheme, served.environ.get("HTTP_HOST"), served.server)
    return f"{host_url}{SERVICE_ROOT.lstrip('/')}/"


def _base_url() -> str:
    served = current_request()
    host = served.environ.get("HTTP_HOST")
    return _url(served.scheme, host, served.server, served.root_path, served.path)


def _context(collection: str, select: tuple[str, ...] | None, entity: bool) -> str:
    path = f"{NAMESPACE}/{collection}{odata.context_select_suffix(select)}"
    return envelope.context_url(_service_root(), path + ("/$entity" if entity else ""))


def _filter_limits() -> odata.FilterLimits:
    config = current_app.config
    return odata.FilterLimits(
        config["MOCKGRAPH_MAX_FILTER_LENGTH"], config["MOCKGRAPH_MAX_FILTER_NODES"]
    )


def _json(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status, headers, content_type=envelope.JSON_CONTENT_TYPE)


# Characters werkzeug's iri_to_uri leaves as they are: a Location of only these is a URI already.
_PLAIN_URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")


class _Created(Response):
    """A 201 whose Location is set after werkzeug's header pass when it is a plain URI already:
    werkzeug converts every Location with iri_to_uri (measured: 14 us, 5% of a POST)."""

    location = ""

    def get_wsgi_headers(self, environ: Any) -> Any:
        headers = super().get_wsgi_headers(environ)
        headers.add("Location", self.location)
        return headers


def _entity_response(
    collection: str, entry: Entry, select: tuple[str, ...] | None = None, status: int = 200
) -> Response:
    body = encode(odata.project(entry.data, select)) if select else entry.body
    return _json(envelope.entity_body(_context(collection, select, True), body), status)


@bp.post(f"/{_COLLECTION}")
def create_job(collection: str) -> Response:
    """Create a job; the server assigns its id."""
    spec = COLLECTIONS[collection]
    data = load_entity(json_object(), spec.default_type, spec.accepted_types)
    if "id" in data:
        raise InvalidRequestError(
            "The property 'id' is assigned by the server; do not send it when creating a job.",
            details=[{"code": "invalidRequest", "message": "Read-only property.", "target": "id"}],
        )
    entry = _store().create(g.tenant, collection, data)
    location = f"{_base_url()}/{entry.id}"
    if not _PLAIN_URI.match(location):  # an IRI (a host name not in ASCII): werkzeug's way
        response = _entity_response(collection, entry, status=201)
        response.headers["Location"] = location
        return response
    body = envelope.entity_body(_context(collection, None, True), entry.body)
    created = _Created(body, 201, content_type=envelope.JSON_CONTENT_TYPE)
    created.location = location
    return created


@bp.get(f"/{_COLLECTION}")
def list_jobs(collection: str) -> Response:
    """One page of the collection, with the query options applied."""
    config = current_app.config
    query = odata.parse_collection_query(
        request.args, JOB_PROPERTIES, max_top=config["MOCKGRAPH_MAX_TOP"], limits=_filter_limits()
    )
    size = query.top if query.top is not None else config["MOCKGRAPH_PAGE_SIZE"]
    entries, total = _page(collection, query, size)
    if query.select:
        items = [encode(odata.project(e.data, query.select)) for e in entries]
    else:
        items = [e.body for e in entries]
    next_offset = query.skip + size
    next_link = _next_link(next_offset, size) if size and next_offset < total else None
    context = _context(collection, query.select, False)
    body = envelope.collection_body(context, items, total if query.count else None, next_link)
    return _json(body)


def _page(collection: str, query: odata.CollectionQuery, size: int) -> tuple[list[Entry], int]:
    store = _store()
    if query.filter is None and not query.orderby:
        return store.page(g.tenant, collection, query.skip, size)
    if not query.orderby and not query.count:
        # Only the page is wanted, and whether one job follows it (for @odata.nextLink): the
        # filter stops there instead of reading every job (measured: half a $filter call).
        enough = query.skip + size + 1
        entries = store.select(g.tenant, collection, query.filter, limit=enough)
        return entries[query.skip : query.skip + size], len(entries)
    entries = store.select(g.tenant, collection, query.filter)
    if query.orderby:
        entries = odata.apply_orderby(
            entries, query.orderby, JOB_PROPERTIES, data=lambda entry: entry.fields
        )
    return entries[query.skip : query.skip + size], len(entries)


def _next_link(offset: int, size: int) -> str:
    # Keep the client's options but its paging ones; the skiptoken says where to go on.
    paging = {"$skip", "skip", "$top", "top", "$skiptoken", "skiptoken"}
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in paging]
    kept += [("$top", str(size)), ("$skiptoken", odata.make_skiptoken(offset))]
    return f"{_base_url()}?{urlencode(kept, safe='$,')}"


@bp.get(f"/{_COLLECTION}/$count")
def count_jobs(collection: str) -> Response:
    """The number of jobs, as plain text."""
    predicate = odata.parse_count_query(request.args, JOB_PROPERTIES, limits=_filter_limits())
    count = _store().count(g.tenant, collection, predicate)
    return Response(str(count), 200, content_type=envelope.TEXT_CONTENT_TYPE)


@bp.get(f"/{_COLLECTION}/<job_id>")
def get_job(collection: str, job_id: str) -> Response:
    """One job."""
    served = current_request()
    query = served.environ.get("QUERY_STRING")
    select = odata.parse_entity_select(served.args, JOB_PROPERTIES) if query else None
    state = current_app.extensions["mockgraph"]
    if state.lifecycle.active:  # a served GET is a poll: it may move the job on first
        state.lifecycle.poll(state.store, g.tenant, collection, job_id)
    entry = state.store.get(g.tenant, collection, job_id)
    return _entity_response(collection, entry, select)


@bp.patch(f"/{_COLLECTION}/<job_id>")
def update_job(collection: str, job_id: str) -> Response:
    """Change the properties sent; the job's id and type stay."""
    body = json_object()
    store = _store()
    current = store.get(g.tenant, collection, job_id)
    data = current.data
    job_type = resolve_type_name(data[ODATA_TYPE]) or ""
    changes: dict[str, Any] = load_entity(body, job_type, (job_type,))
    if changes.pop("id", job_id) != job_id:
        raise InvalidRequestError(
            "The property 'id' cannot be changed.",
            details=[{"code": "invalidRequest", "message": "Read-only property.", "target": "id"}],
        )
    del changes[ODATA_TYPE]
    entry = store.update(g.tenant, collection, job_id, changes, read=(current.body, data))
    return _entity_response(collection, entry)


@bp.delete(f"/{_COLLECTION}/<job_id>")
def delete_job(collection: str, job_id: str) -> Response:
    """Delete a job; a second delete is a 404."""
    _store().delete(g.tenant, collection, job_id)
    return Response(status=204)


@bp.before_request
def _authenticate() -> None:
    # Graph answers 401 before it looks at anything else.
    config = current_flask().config
    authorization = current_request().environ.get("HTTP_AUTHORIZATION")
    claims = read_claims(authorization, required=config["MOCKGRAPH_AUTH"])
    if config["MOCKGRAPH_REQUIRED_SCOPES"]:
        check_scopes(claims, tuple(config["MOCKGRAPH_REQUIRED_SCOPES"]))
    g.tenant = tenant_of(claims)
