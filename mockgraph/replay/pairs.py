"""One documented request/response pair to a fixture: repaired, with the setup it needs.

What a replay must create first follows from the operation: the entity a GET, PATCH or DELETE
by id addresses (from the documented response body, so the compared answer matches), the items
a list documents; a create needs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockgraph.core.fixture import Expected, Fixture, Repair, Request, SetupEntity
from mockgraph.core.model.collections import COLLECTIONS
from mockgraph.core.model.types import qualified, resolve_type_name
from mockgraph.core.schemas import ODATA_TYPE, ValidationError, error_paths, load_entity
from mockgraph.replay import markdown as md
from mockgraph.replay import repairs, urls

_DROPPED_HEADERS = {"content-length", "authorization"}  # the client computes or supplies them


@dataclass(frozen=True)
class Note:
    """A defect found while building the fixture (``repaired`` when the fixture fixes it)."""

    line: int
    rule: str
    message: str
    repaired: bool


@dataclass
class _Builder:
    notes: list[Note] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def repaired(self, line: int, rule: str, detail: str) -> None:
        self.notes.append(Note(line, rule, detail, True))
        self.repairs.append(Repair(rule, detail))

    def reported(self, line: int, rule: str, message: str) -> None:
        # The request and the response often carry the same defect: one line says it.
        if not any(n.rule == rule and n.message == message for n in self.notes):
            self.notes.append(Note(line, rule, message, False))


@dataclass(frozen=True)
class Built:
    """The fixture and the defects met on the way."""

    fixture: Fixture
    notes: list[Note]


def build(name: str, page: str, request_block: md.Block, response_block: md.Block) -> Built:
    """The fixture for one pair; DocsError when the pair cannot be replayed."""
    request, response = md.parse_http(request_block), md.parse_http(response_block)
    builder = _Builder()
    method, raw_url = md.request_line(request)
    url = urls.resolve(method, raw_url)
    for rule, detail in url.repairs:
        builder.repaired(request.line, rule, detail)
    named_type = COLLECTIONS[url.collection].named_type
    entity_type = urls.type_of_placeholder(url.placeholder or "") or named_type
    url = _bind_literal_id(url, entity_type, request.line, builder)
    request_body = _request_body(method, url, md.json_body(request), request.line, builder)
    response_body = _response_body(url, md.json_body(response), response.line, builder)
    for message, body in ((request, request_body), (response, response_body)):
        _check_message(message, body, builder)
    setup = _setup(method, url, entity_type, request_body, response_body)
    _lint_annotation(response_block, response_body, response.line, builder)
    _lint_schema(url, setup, method, request_body, entity_type, request.line, builder)
    fixture = Fixture(
        name=name,
        source=_source(page, request_block, response_block),
        request=Request(method, url.path_and_query, _kept_headers(request), request_body),
        response=Expected(
            status=md.status_line(response),
            headers=_kept_headers(response),
            body=response_body,
            truncated=bool(response_block.annotation.get("truncated", False)),
            by_shape=("/id",) if _creates(method, url) and _documented_id(response_body) else (),
        ),
        setup=setup,
        repairs=tuple(builder.repairs),
    )
    return Built(fixture, builder.notes)


def _source(page: str, request_block: md.Block, response_block: md.Block) -> dict[str, Any]:
    return {
        "page": page,
        "request_line": request_block.line,
        "response_line": response_block.line,
        "request_annotation": request_block.annotation,
        "response_annotation": response_block.annotation,
    }


def _bind_literal_id(
    url: urls.ResolvedUrl, entity_type: str, line: int, builder: _Builder
) -> urls.ResolvedUrl:
    if url.segment is None or url.segment.startswith("$"):
        return url
    name = url.placeholder
    if name is None:  # a literal id: the replay creates the entity, so the id is its own
        name = urls.placeholder_for(entity_type)
        url.path = url.path.rsplit("/", 1)[0] + "/{" + name + "}"
        detail = f"literal id {url.segment!r} bound at replay to the id of the entity set up"
        url.segment = "{" + name + "}"
    else:
        detail = f"{{{name}}} bound at replay to the id of the entity set up"
    builder.repaired(line, "id-placeholder", detail)
    return url


def _request_body(
    method: str, url: urls.ResolvedUrl, body: Any, line: int, builder: _Builder
) -> Any:
    if not isinstance(body, dict):
        return body
    declared = COLLECTIONS[url.collection].named_type
    if _creates(method, url) and "id" in body:
        body = {k: v for k, v in body.items() if k != "id"}
        builder.repaired(line, "create-id", "the request's id dropped: the server assigns it")
    return _repair_values(body, declared, line, builder, "request")


def _response_body(url: urls.ResolvedUrl, body: Any, line: int, builder: _Builder) -> Any:
    declared = COLLECTIONS[url.collection].named_type
    if isinstance(body, dict) and isinstance(body.get("value"), list):  # a collection
        items = [
            _repair_values(item, declared, line, builder, "response") for item in body["value"]
        ]
        return {**body, "value": items}
    inner = repairs.unwrap_value(body)  # a collection's value is a list, never an object
    if inner is not None:
        builder.repaired(line, "unwrap-value", 'the single entity was wrapped in {"value": ...}')
        body = inner
    return _repair_values(body, declared, line, builder, "response")


def _repair_values(body: Any, declared: str, line: int, builder: _Builder, where: str) -> Any:
    repaired, changes = repairs.repair_values(body, declared)
    for change in changes:
        detail = f"{where} {change.path}: {change.old!r} replaced by {change.new!r}"
        builder.repaired(line, "placeholder-value", detail)
    return repaired


def _check_message(message: md.HttpMessage, body: Any, builder: _Builder) -> None:
    declared = message.header("Content-Length")
    if declared is not None and not repairs.content_length_matches(declared, message.body_text):
        size = len(message.body_text.encode())
        detail = f"Content-Length {declared} does not match the {size}-byte body; dropped"
        builder.repaired(message.line, "content-length", detail)
    without_hash = repairs.odata_types_without_hash(body)
    if without_hash:
        listed = ", ".join(without_hash)
        builder.reported(message.line, "odata-type", f"@odata.type without '#': {listed}")
    for entity in _entities(body):
        backwards = repairs.timestamps_out_of_order(entity)
        if backwards:
            builder.reported(message.line, "timestamps-order", backwards)


def _creates(method: str, url: urls.ResolvedUrl) -> bool:
    return method == "POST" and url.segment is None


def _entities(body: Any) -> list[Any]:
    """The entities a body documents: a collection's items, or the body itself."""
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        return list(body["value"])
    return [body] if body is not None else []


def _kept_headers(message: md.HttpMessage) -> dict[str, str]:
    return {k: v for k, v in message.headers.items() if k.lower() not in _DROPPED_HEADERS}


def _without_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("id", "@odata.context")}


def _documented_id(body: Any) -> str | None:
    value = body.get("id") if isinstance(body, dict) else None
    return value if isinstance(value, str) else None


def _setup(
    method: str, url: urls.ResolvedUrl, entity_type: str, request_body: Any, response_body: Any
) -> tuple[SetupEntity, ...]:
    if url.segment is None:
        items = response_body.get("value") if isinstance(response_body, dict) else None
        if method != "GET" or not isinstance(items, list):
            return ()
        return tuple(
            SetupEntity(url.collection, _without_id(item), _documented_id(item))
            for item in items
            if isinstance(item, dict)
        )
    if url.placeholder is None:
        return ()  # $count and the like address no entity
    source = response_body if method in ("GET", "PATCH") else None
    if not isinstance(source, dict) and method == "PATCH" and isinstance(request_body, dict):
        source = request_body
    if isinstance(source, dict):
        body, documented = _without_id(source), _documented_id(source)
    else:
        body, documented = {ODATA_TYPE: qualified(entity_type)}, None
    return (SetupEntity(url.collection, body, documented, url.placeholder),)


def _lint_annotation(block: md.Block, body: Any, line: int, builder: _Builder) -> None:
    named = block.annotation.get(ODATA_TYPE)
    first = next(iter(_entities(body)), None)
    actual = first.get(ODATA_TYPE) if isinstance(first, dict) else None
    if not isinstance(named, str) or not isinstance(actual, str):
        return
    inner = named[len("collection(") : -1] if named.lower().startswith("collection(") else named
    if inner.lstrip("#") != actual.lstrip("#"):
        message = f"the annotation says {named!r}, the body {actual!r}"
        builder.reported(line, "annotation-type", message)


def _lint_schema(
    url: urls.ResolvedUrl,
    setup: tuple[SetupEntity, ...],
    method: str,
    request_body: Any,
    entity_type: str,
    line: int,
    builder: _Builder,
) -> None:
    spec = COLLECTIONS[url.collection]
    accepted = (spec.default_type, spec.accepted_types)
    checks = [(f"setup of {s.collection}", s.body, accepted) for s in setup]
    if _creates(method, url):
        checks.append(("request", request_body, accepted))
    elif method == "PATCH" and setup:  # the request changes the entity set up, of its type
        sent = setup[0].body.get(ODATA_TYPE)
        patched = (resolve_type_name(sent) if isinstance(sent, str) else None) or entity_type
        checks.append(("request", request_body, (patched, (patched,))))
    for label, body, (default, allowed) in checks:
        try:
            load_entity(body, default, allowed)
        except ValidationError as error:
            listed = "; ".join(f"{p}: {m}" for p, m in error_paths(error.messages))
            builder.reported(line, "schema", f"{label} body rejected: {listed}")
