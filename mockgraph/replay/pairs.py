"""One documented request/response pair to a fixture: repaired, with the setup it needs.

The URL says what is addressed (``urls``, ``addresses``); the bodies are read and repaired as
the addressed set's type (``repairs``); what a replay must create first follows from the
address and the operation (``setups``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockgraph.core.fixture import Expected, Fixture, Repair, Request, SetupEntity
from mockgraph.core.model.collections import ENTITY_SETS, set_of
from mockgraph.core.model.types import DATA_CLASSIFICATION_SERVICE, qualified
from mockgraph.core.schemas import ODATA_TYPE, ValidationError, error_paths, load_entity
from mockgraph.replay import markdown as md
from mockgraph.replay import repairs, setups, urls
from mockgraph.replay.addresses import COLLECTION, SERVICE, SINGLE, Address

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
    """The fixture for one pair; DocsError when the pair cannot be replayed, DeclinedError when
    the mock does not serve what it documents."""
    request, response = md.parse_http(request_block), md.parse_http(response_block)
    builder = _Builder()
    method, raw_url = md.request_line(request)
    status = md.status_line(response)
    url = urls.resolve(method, raw_url, status)
    for rule, detail in url.repairs:
        builder.repaired(request.line, rule, detail)
    address = url.address
    request_body = _request_body(method, address, md.json_body(request), request.line, builder)
    response_body = _response_body(address, md.json_body(response), response.line, builder)
    for message, body in ((request, request_body), (response, response_body)):
        _check_message(message, body, builder)
    setup = setups.setup(method, address, request_body, response_body)
    _lint_annotation(response_block, response_body, response.line, builder)
    _lint_schema(address, setup, method, request_body, request.line, builder)
    expected = _expected_body(address, response_body, response.line, builder)
    fixture = Fixture(
        name=name,
        source=_source(page, request_block, response_block),
        request=Request(method, url.path_and_query, _kept_headers(request), request_body),
        response=Expected(
            status=status,
            headers=_kept_headers(response),
            body=expected,
            truncated=bool(response_block.annotation.get("truncated", False)),
            by_shape=_by_shape(method, address, expected),
        ),
        setup=setup,
        repairs=tuple(builder.repairs),
    )
    return Built(fixture, builder.notes)


def _declared(address: Address) -> str:
    """The type a documented body is read as: the set's, or the singleton's."""
    if address.entity_set is None:
        return DATA_CLASSIFICATION_SERVICE
    return address.entity_set.named_type


def _by_shape(method: str, address: Address, body: Any) -> tuple[str, ...]:
    # A create's id and the singleton's are the service's own: compared by shape.
    assigned = _creates(method, address) or address.target == SERVICE
    return ("/id",) if assigned and setups.documented_id(body) else ()


def _source(page: str, request_block: md.Block, response_block: md.Block) -> dict[str, Any]:
    return {
        "page": page,
        "request_line": request_block.line,
        "response_line": response_block.line,
        "request_annotation": request_block.annotation,
        "response_annotation": response_block.annotation,
    }


def _request_body(method: str, address: Address, body: Any, line: int, builder: _Builder) -> Any:
    if not isinstance(body, dict):
        return body
    if _creates(method, address) and "id" in body:
        body = {k: v for k, v in body.items() if k != "id"}
        builder.repaired(line, "create-id", "the request's id dropped: the server assigns it")
    return _repair_values(body, _declared(address), line, builder, "request")


def _response_body(address: Address, body: Any, line: int, builder: _Builder) -> Any:
    declared = _declared(address)
    if address.target != SINGLE and isinstance(body, dict) and isinstance(body.get("value"), list):
        items = [
            _repair_values(item, declared, line, builder, "response") for item in body["value"]
        ]
        return {**body, "value": items}  # a collection
    inner = repairs.unwrap_value(body, single_valued=address.target == SINGLE)
    if inner is not None:
        if isinstance(body["value"], list):
            detail = "the single-valued entity was answered as a collection of one: "
            detail += '{"value": [...]}'
        else:
            detail = 'the single entity was wrapped in {"value": ...}'
        builder.repaired(line, "unwrap-value", detail)
        body = inner
    return _repair_values(body, declared, line, builder, "response")


def _expected_body(address: Address, body: Any, line: int, builder: _Builder) -> Any:
    """The documented answer as compared: without the @odata.type the service may leave out."""
    declared = address.entity_set.default_type if address.entity_set else _declared(address)
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        items = [repairs.without_declared_type(item, declared) for item in body["value"]]
        dropped = items != body["value"]
        expected: Any = {**body, "value": items}
    else:
        expected = repairs.without_declared_type(body, declared)
        dropped = expected is not body
    if dropped:
        detail = f"@odata.type {qualified(declared)}, the type the URL declares, not expected"
        builder.repaired(line, "declared-type", detail)
    return expected


def _repair_values(body: Any, declared: str, line: int, builder: _Builder, where: str) -> Any:
    repaired, changes = repairs.repair_values(body, declared)
    for change in changes:
        if change.rule == "gone-property":
            detail = f"{where} {change.path}: dropped, the type has no such property today"
        elif change.rule == "property-case":
            detail = f"{where} {change.path}: renamed {change.new!r}, as the type spells it"
        else:
            detail = f"{where} {change.path}: {change.old!r} replaced by {change.new!r}"
        builder.repaired(line, change.rule, detail)
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
    for entity in setups.entities_of(body):
        backwards = repairs.timestamps_out_of_order(entity)
        if backwards:
            builder.reported(message.line, "timestamps-order", backwards)


def _creates(method: str, address: Address) -> bool:
    return method == "POST" and address.target == COLLECTION


def _kept_headers(message: md.HttpMessage) -> dict[str, str]:
    return {k: v for k, v in message.headers.items() if k.lower() not in _DROPPED_HEADERS}


def _lint_annotation(block: md.Block, body: Any, line: int, builder: _Builder) -> None:
    named = block.annotation.get(ODATA_TYPE)
    first = next(iter(setups.entities_of(body)), None)
    actual = first.get(ODATA_TYPE) if isinstance(first, dict) else None
    if not isinstance(named, str) or not isinstance(actual, str):
        return
    inner = named[len("collection(") : -1] if named.lower().startswith("collection(") else named
    if inner.lstrip("#") != actual.lstrip("#"):
        message = f"the annotation says {named!r}, the body {actual!r}"
        builder.reported(line, "annotation-type", message)


def _lint_schema(
    address: Address,
    setup: tuple[SetupEntity, ...],
    method: str,
    request_body: Any,
    line: int,
    builder: _Builder,
) -> None:
    checks = []
    for entity in setup:
        spec = ENTITY_SETS[set_of(entity.collection)]
        accepted = (spec.default_type, spec.accepted_types)
        checks.append((f"setup of {entity.collection}", entity.body, accepted))
    addressed = address.entity_set
    if addressed is None:  # the singleton
        only = DATA_CLASSIFICATION_SERVICE
        if method == "PATCH":
            checks.append(("request", request_body, (only, (only,))))
    elif _creates(method, address):
        accepted = (addressed.default_type, addressed.accepted_types)
        checks.append(("request", request_body, accepted))
    elif method == "PATCH" and setup:  # the request changes the entity set up, of its type
        patched = setups.patched_type(setup, _declared(address))
        checks.append(("request", request_body, (patched, (patched,))))
    for label, body, (default, allowed) in checks:
        try:
            load_entity(body, default, allowed)
        except ValidationError as error:
            listed = "; ".join(f"{p}: {m}" for p, m in error_paths(error.messages))
            builder.reported(line, "schema", f"{label} body rejected: {listed}")
