"""The named repair rules: what generated Graph docs pages get wrong, and how a replay fixes it.

Every rule has a name (recorded in the fixture and printed by the importer's lint lines) and
does one thing. URLs are ``urls``' business; this module repairs values and messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import ValidationError

from mockgraph.core.model.types import (
    ENUMS,
    TYPES,
    Kind,
    Prop,
    all_navs,
    all_props,
    derived_types,
    resolve_type_name,
)
from mockgraph.core.schemas import ODATA_TYPE
from mockgraph.core.schemas import fields as graph_fields

# The rules, by name. A rule that only normalises how a replay compares (and changes nothing in
# the fixture) is marked so in its description.
RULES: dict[str, str] = {
    "service-root": "the URL's host and version segment (beta, v1.0, localtest, docs\\api) "
    "replaced by the service root the replay talks to",
    "entity-uri": "'** Entity URI for microsoft.graph.X not found' resolved to the type's "
    "collection and an {xId} placeholder",
    "collection-uri": "'** Collection URI for microsoft.graph.X not found' resolved to the "
    "type's collection",
    "create-ref": "POST .../$ref (a reference, not a create) replaced by POST to the collection",
    "id-placeholder": "an {xId} placeholder (or a literal id) bound at replay to the id of the "
    "entity the replay sets up first",
    "navigation-item": "PATCH or DELETE of a collection (the generator's update-X and delete-X "
    "navigation pages) read as of one item of it: /X/{xId}",
    "placeholder-value": "a value its property's type rejects ('String' in an enum, "
    "'String (timestamp)' in a DateTimeOffset, 'Guid') replaced by a valid one",
    "property-case": "a property spelled in another letter case than its type spells it "
    "(datastoreId) renamed as the type spells it (dataStoreId)",
    "gone-property": "a property the type does not have today (2020's labelActions on a "
    "sensitivityLabel) dropped from the request and the expected answer",
    "create-id": "an id sent on create dropped: the server assigns it (compared by shape)",
    "unwrap-value": 'a single entity wrapped as {"value": {...}}, or a single-valued '
    'navigation property answered as a collection of one ({"value": [{...}]}), unwrapped',
    "declared-type": "an @odata.type naming the type the URL declares, when no type derives from "
    "it, not expected in the answer (OData's minimal metadata leaves it out)",
    "content-length": "a Content-Length header that does not match its body dropped: the client "
    "computes it",
    "odata-type": "@odata.type written without '#' or in another letter case (compare only: "
    "values match modulo a leading '#' and case)",
    "timestamps-order": "creationDateTime, startDateTime, endDateTime out of order (reported, "
    "kept: the service stores them as sent)",
    "annotation-type": "the response annotation's @odata.type spelled unlike the body's (reported)",
    "duplicate-name": "an example name used by another example (reported; fixture names are "
    "page-qualified)",
    "schema": "a body the type model still rejects after the repairs (reported; the replay "
    "shows the service's answer)",
}

FIXED_DATETIME = "2017-01-01T00:00:00Z"
FIXED_GUID = "00000000-0000-0000-0000-000000000001"


@dataclass(frozen=True)
class ValueRepair:
    """A value replaced at ``path`` (``error.details[0].errorType``), by ``rule``: a new value
    (``placeholder-value``), a property renamed (``property-case``) or dropped
    (``gone-property``; ``new`` is None)."""

    path: str
    old: Any
    new: Any
    rule: str = "placeholder-value"


def _accepts(field: Any, value: Any) -> bool:
    try:
        field.deserialize(value)
    except ValidationError:
        return False
    return True


_PRIMITIVE_FIELDS: dict[Kind, Any] = {
    Kind.STRING: graph_fields.String(),
    Kind.INT32: graph_fields.Int32(),
    Kind.BOOL: graph_fields.Bool(),
    Kind.DATETIME: graph_fields.DateTimeOffset(),
    Kind.GUID: graph_fields.Guid(),
}
_PRIMITIVE_VALUES: dict[Kind, Any] = {
    Kind.STRING: "String",
    Kind.INT32: 0,
    Kind.BOOL: False,
    Kind.DATETIME: FIXED_DATETIME,
    Kind.GUID: FIXED_GUID,
}


def _valid_scalar(prop: Prop, value: Any) -> bool:
    if prop.kind in (Kind.ENUM, Kind.FLAGS):
        members = ENUMS[prop.target or ""]
        field_class = graph_fields.FlagsEnum if prop.kind is Kind.FLAGS else graph_fields.EnumMember
        return _accepts(field_class(prop.target or "", members), value)
    return _accepts(_PRIMITIVE_FIELDS[prop.kind], value)


def _valid_value(prop: Prop) -> Any:
    if prop.kind in (Kind.ENUM, Kind.FLAGS):
        return ENUMS[prop.target or ""][0]
    return _PRIMITIVE_VALUES[prop.kind]


def repair_values(body: Any, declared: str) -> tuple[Any, list[ValueRepair]]:
    """``body`` with every value its property's type rejects replaced by a valid one, property
    names in the type's letter case, and properties the type does not have dropped.

    The body is walked against the type model, following ``@odata.type`` where it names a known
    type; a value of a type the model does not know is left as it is.
    """
    found: list[ValueRepair] = []
    return _walk(body, declared, "", found.append), found


def _walk(value: Any, declared: str, path: str, report: Callable[[ValueRepair], None]) -> Any:
    if not isinstance(value, dict):
        return value
    sent = value.get(ODATA_TYPE)
    type_name = (resolve_type_name(sent) if isinstance(sent, str) else None) or declared
    if type_name not in TYPES:
        return value
    props = {prop.name: prop for prop in all_props(type_name)}
    navs = {nav.name for nav in all_navs(type_name)}
    by_lower = {name.lower(): name for name in [*props, *navs]}
    repaired = {}
    for key, item in value.items():
        where = f"{path}.{key}" if path else key
        name = key if key in props or key in navs or "@" in key else by_lower.get(key.lower())
        if name is None:
            report(ValueRepair(where, key, None, "gone-property"))
            continue
        if name != key:
            report(ValueRepair(where, key, name, "property-case"))
        prop = props.get(name)
        repaired[name] = item if prop is None else _walk_prop(prop, item, where, report)
    return repaired


def _walk_prop(prop: Prop, value: Any, path: str, report: Callable[[ValueRepair], None]) -> Any:
    if value is None:
        return None  # every Graph property but the key is nullable
    if prop.many and isinstance(value, list):
        single = Prop(prop.name, prop.kind, prop.target)
        return [_walk_prop(single, v, f"{path}[{i}]", report) for i, v in enumerate(value)]
    if prop.kind is Kind.COMPLEX:
        return _walk(value, prop.target or "", path, report)
    if prop.many or _valid_scalar(prop, value):
        return value
    new = _valid_value(prop)
    report(ValueRepair(path, value, new))
    return new


def unwrap_value(body: Any, single_valued: bool = False) -> Any | None:
    """The entity inside ``{"value": {...}}`` (annotations aside), or None when not wrapped;
    with ``single_valued``, also the one entity of ``{"value": [{...}]}``."""
    if not isinstance(body, dict) or any(
        not key.startswith("@odata.") for key in body if key != "value"
    ):
        return None
    inner = body.get("value")
    if single_valued and isinstance(inner, list) and len(inner) == 1:
        inner = inner[0]
    return inner if isinstance(inner, dict) else None


def without_declared_type(body: Any, declared: str) -> Any:
    """``body`` without an ``@odata.type`` naming ``declared``, when no type derives from it:
    OData's minimal metadata answers that type only when the type could vary."""
    if not isinstance(body, dict) or derived_types(declared) != (declared,):
        return body
    sent = body.get(ODATA_TYPE)
    if not isinstance(sent, str) or resolve_type_name(sent) != declared:
        return body
    return {k: v for k, v in body.items() if k != ODATA_TYPE}


def content_length_matches(declared: str, body_text: str) -> bool:
    """Whether a Content-Length header states the body's size.

    HTTP lines end in CRLF; a page's lines end in LF. Either count is the body's size: the
    generated pages count CRLF.
    """
    sizes = {len(body_text.encode()), len(body_text.replace("\n", "\r\n").encode())}
    return declared.strip().isdigit() and int(declared) in sizes


def odata_types_without_hash(body: Any) -> list[str]:
    """The distinct ``@odata.type`` values written without a leading '#', in body order."""
    found: list[str] = []
    stack = [body]
    while stack:
        current = stack.pop(0)
        if isinstance(current, dict):
            sent = current.get(ODATA_TYPE)
            if isinstance(sent, str) and not sent.startswith("#") and sent not in found:
                found.append(sent)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


_TIMESTAMPS = ("creationDateTime", "startDateTime", "endDateTime")


def timestamps_out_of_order(job: Any) -> str | None:
    """A description of a job's lifecycle timestamps going backwards, or None."""
    if not isinstance(job, dict):
        return None
    present = []
    for name in _TIMESTAMPS:
        text = job.get(name)
        moment = graph_fields.parse_datetime_offset(text) if isinstance(text, str) else None
        if moment is not None:
            present.append((name, moment, text))
    backwards = [
        f"{later} {later_text} is before {earlier} {earlier_text}"
        for (earlier, first, earlier_text), (later, second, later_text) in zip(
            present, present[1:], strict=False
        )
        if second < first
    ]
    return "; ".join(backwards) or None
