"""Graph's paths (everything under ``/beta``) as a WSGI app; every other path goes to Flask.

The Graph routes are few and fixed, and Flask's dispatch (request context, URL map, hooks,
response object) cost more than a GET's own work (bench/README.md). So they are matched here,
from one table (``ROUTES``), and each call runs one fixed sequence: its ids, the test features
(``instrument``: faults, latency, the journal), the bearer token, the view, and Graph's error
envelope for whatever it raised. The admin API stays on Flask (``app.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from werkzeug.http import HTTP_STATUS_CODES

from mockgraph.core.answers import Answer, error_answer, id_headers
from mockgraph.core.auth import check_scopes, read_claims, tenant_of
from mockgraph.core.errors import GraphError, method_not_allowed, not_found
from mockgraph.core.model.actions import ACTIONS, Action
from mockgraph.core.model.collections import (
    AT_COLLECTION,
    AT_COUNT,
    AT_ITEM,
    COUNT,
    CREATE,
    DELETE,
    ENTITY_SETS,
    GET,
    LIST,
    UPDATE,
    EntitySet,
)
from mockgraph.http import actions, batch, browsers, entities, instrument, metadata, singleton
from mockgraph.http.call import GraphCall
from mockgraph.http.failures import as_graph_error
from mockgraph.paths import BATCH_PATH, METADATA_PATH, SINGLETON_PATH, graph_path

View = Callable[..., Answer]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

ID = "{id}"  # a route's parameter: any non-empty segment
CALL = "(...)"  # a route's function segment: ``name(...)`` takes ``name(<its parameters>)``


@dataclass(frozen=True)
class Route:
    """A path template (``/beta/dataClassification/sensitivityLabels/{id}/sublabels``) and its
    views; a route of an entity set hands its views the set and the store's container key."""

    template: str
    views: Mapping[str, View]  # by HTTP method
    anonymous: bool = False  # served without a bearer token ($metadata, as Graph serves it)
    entity_set: EntitySet | None = None
    item: bool = False  # the last {id} names an item of the set, not a parent
    action: str | None = None  # the action (or function) it calls, bound to the set
    parts: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.template.split("/")))

    def match(self, parts: list[str]) -> list[Any] | None:
        """The parameters ``parts`` (a path split at "/") give this route's views, or None."""
        ids, call = [], []
        for want, part in zip(self.parts, parts, strict=True):
            if want == ID:
                if not part:
                    return None
                ids.append(part)
            elif want.endswith(CALL):  # a function: name(parameters), its text handed on
                name = want.removesuffix(CALL)
                if not (part.startswith(name + "(") and part.endswith(")")):
                    return None
                call.append(part[len(name) + 1 : -1])
            elif want != part:
                return None
        if self.entity_set is None:
            return ids + call
        parents = ids[:-1] if self.item else ids
        container = self.entity_set.container(parents)
        return [self.entity_set, container, *ids[len(parents) :], *call]


def _template(entity_set: EntitySet) -> str:
    """The path of a set's collection, each parent's id a parameter."""
    names = entity_set.path.split("/")
    path = "/".join(f"{ID}/{name}" if index else name for index, name in enumerate(names))
    return f"{SINGLETON_PATH}/{path}"


_ITEM_VIEWS = {GET: entities.get_item, UPDATE: entities.update_item, DELETE: entities.delete_item}
_SINGLE_VIEWS = {
    GET: entities.get_single,
    UPDATE: entities.update_single,
    DELETE: entities.delete_single,
}


def _set_routes(entity_set: EntitySet) -> list[Route]:
    """The routes of a set, from what may be done on it."""
    base, ops = _template(entity_set), entity_set.operations

    def views(at: Mapping[str, str], by_operation: Mapping[str, View]) -> dict[str, View]:
        return {method: by_operation[op] for method, op in at.items() if op in ops}

    if not entity_set.many:
        single = views(AT_ITEM, _SINGLE_VIEWS)
        return [Route(base, single, entity_set=entity_set)]
    collection = views(AT_COLLECTION, {LIST: entities.list_items, CREATE: entities.create_item})
    count = views(AT_COUNT, {COUNT: entities.count_items})
    item = views(AT_ITEM, _ITEM_VIEWS)
    return [
        Route(base, collection, entity_set=entity_set),
        Route(f"{base}/$count", count, entity_set=entity_set),
        Route(f"{base}/{ID}", item, entity_set=entity_set, item=True),
    ]


def _action_routes(action: Action) -> list[Route]:
    """An action's routes: below each set (or item of a set) of its binding type, ahead of
    the item routes, which would read its name as an id."""
    view = {action.method: actions.VIEWS[action.name]}
    segment = action.name + (CALL if action.function else "")
    found = []
    for bound in action.bindings:
        if bound is None:
            found.append(Route(f"{SINGLETON_PATH}/{segment}", view))
            continue
        base = _template(bound) + ("" if action.binding_many else f"/{ID}")
        item = not action.binding_many
        found.append(
            Route(f"{base}/{segment}", view, entity_set=bound, item=item, action=action.name)
        )
    return found


# In order: where two routes match a path, the first that takes the method serves it
# ("GET .../jobs/$count" counts; "PATCH .../jobs/$count" is a job that does not exist).
ROUTES = (
    Route(SINGLETON_PATH, {"GET": singleton.get_service, "PATCH": singleton.update_service}),
    *(r for action in ACTIONS.values() for r in _action_routes(action)),
    *(r for entity_set in ENTITY_SETS.values() for r in _set_routes(entity_set) if r.views),
    Route(BATCH_PATH, {"POST": batch.run_batch}),
    Route(METADATA_PATH, {"GET": metadata.get_metadata}, anonymous=True),
)


def _resolves(prefix: str) -> bool:
    """Whether some route's path begins with ``prefix``'s segments (a 404 names the first
    segment past them): the prefix, ended with the route's own template, matches it."""
    parts = prefix.split("/")
    return any(
        len(parts) <= len(candidate.parts)
        and candidate.match([*parts, *candidate.parts[len(parts) :]]) is not None
        for candidate in ROUTES
    )


def _route_key(parts: Sequence[str]) -> tuple[int, str]:
    # Routes are looked up by length and by the segment naming a top-level set.
    return len(parts), parts[3] if len(parts) > 3 else ""


_BY_KEY: dict[tuple[int, str], list[Route]] = {}
for _route in ROUTES:
    _BY_KEY.setdefault(_route_key(_route.parts), []).append(_route)

_STATUS_LINES = {code: f"{code} {name.upper()}" for code, name in HTTP_STATUS_CODES.items()}


def _allowed(routes: Iterable[Route]) -> list[str]:
    methods = {method for route in routes for method in route.views}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods | {"OPTIONS"})


def _authenticate(call: GraphCall) -> None:
    # Graph answers 401 before it looks at anything else of the call.
    config = call.config
    claims = read_claims(call.environ.get("HTTP_AUTHORIZATION"), required=config["MOCKGRAPH_AUTH"])
    if config["MOCKGRAPH_REQUIRED_SCOPES"]:
        check_scopes(claims, tuple(config["MOCKGRAPH_REQUIRED_SCOPES"]))
    call.tenant = tenant_of(claims)


def route(call: GraphCall, path: str) -> Answer:
    """Serve ``call`` by the route its method and path name: 404 for no route, 405 for a route
    that takes other methods; OPTIONS lists them, HEAD is GET without the body."""
    parts = path.split("/")
    matched = []
    for candidate in _BY_KEY.get(_route_key(parts), ()):
        params = candidate.match(parts)
        if params is not None:
            matched.append((candidate, params))
    if not matched:
        raise not_found(path, resolves=_resolves)
    method = call.request.method
    wanted = "GET" if method == "HEAD" else method
    for candidate, params in matched:
        view = candidate.views.get(wanted)
        if view is not None:
            if not candidate.anonymous:
                _authenticate(call)
            return view(call, *params)
    allowed = _allowed(candidate for candidate, _ in matched)
    if method == "OPTIONS":  # what a browser's preflight asks; it sends no token
        return 200, [("Allow", ", ".join(allowed)), ("Content-Length", "0")], b""
    raise method_not_allowed(method, path, allowed)


class GraphService:
    """WSGI: Graph's paths served by ``route``; any other path by ``other`` (Flask's app)."""

    def __init__(self, app: Flask, other: WSGIApp) -> None:
        self.app = app
        self.other = other

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = graph_path(environ)
        if path is None:
            return self.other(environ, start_response)
        status, headers, body = self.serve(environ, path)
        start_response(_STATUS_LINES.get(status) or f"{status} UNKNOWN", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def serve(self, environ: dict[str, Any], path: str) -> Answer:
        """One Graph call, answered whatever it raises."""
        if browsers.is_preflight(environ):  # the browser asks first: never faulted or journaled
            return browsers.preflight(environ)
        call = GraphCall(self.app, environ)
        try:
            instrument.begin(call)
            answer = route(call, path)
        except Exception as error:  # noqa: BLE001  every failure gets Graph's envelope
            answer = self._error(call, path, error)
        answer[1].extend(id_headers(call.request_id, call.client_request_id))
        answer[1].extend(browsers.answer_headers(environ))
        try:
            instrument.finish(call, answer)
        except Exception as error:  # noqa: BLE001  a failing journal is the mock's 500
            answer = self._error(call, path, error)
            answer[1].extend(id_headers(call.request_id, call.client_request_id))
            answer[1].extend(browsers.answer_headers(environ))
        return answer

    def _error(self, call: GraphCall, path: str, error: Exception) -> Answer:
        graph_error: GraphError = as_graph_error(error, call.request.method, path, call.state)
        return error_answer(graph_error, call.request_id, call.client_request_id)
