"""OData query options for collections and entities: parsing, sorting, projection, skiptokens."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast, overload

from mockgraph.config import DEFAULTS
from mockgraph.core.errors import BadRequestError
from mockgraph.core.model.collections import COLLECTION_KIND
from mockgraph.core.model.types import JOB_RESPONSE_BASE, TYPE_NAMESPACE
from mockgraph.core.odata.filtering import (
    MAX_FILTER_LENGTH,
    MAX_FILTER_NODES,
    FilterLimits,
    compile_filter,
    normalize,
)

__all__ = [
    "DEFAULT_TYPE_NAME",
    "MAX_FILTER_LENGTH",
    "MAX_FILTER_NODES",
    "MAX_ORDERBY_KEYS",
    "CollectionQuery",
    "FilterLimits",
    "apply_orderby",
    "context_select_suffix",
    "make_skiptoken",
    "parse_collection_query",
    "parse_count_query",
    "parse_entity_select",
    "project",
]

DEFAULT_TYPE_NAME = f"{TYPE_NAMESPACE}.{JOB_RESPONSE_BASE}"
MAX_ORDERBY_KEYS = 5
MAX_SKIP = 2**31 - 1  # OData's $skip is an Edm.Int32

Filter = Callable[[Mapping[str, Any]], bool]
M = TypeVar("M", bound=Mapping[str, Any])
T = TypeVar("T")

_SUPPORTED = ("top", "skip", "count", "select", "orderby", "filter", "skiptoken", "expand")
_UNSUPPORTED = ("search", "format", "apply", "compute", "levels", "deltatoken")
_COLLECTION_ONLY = ("filter", "orderby", "count", "skip", "top", "skiptoken")
_ALWAYS_SELECTED = ("@odata.type", "id")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Not a secret: the checksum only tells a token we wrote from one a client edited.
_TOKEN_KEY = b"mockgraph-skiptoken-v1"


@dataclass(frozen=True)
class CollectionQuery:
    """The query options of one collection GET, validated."""

    top: int | None
    skip: int
    count: bool
    select: tuple[str, ...] | None
    orderby: tuple[tuple[str, bool], ...]
    filter: Filter | None
    expand: tuple[str, ...] = ()


def _values(args: Mapping[str, str], name: str) -> list[str]:
    """Every value given for ``name``; a MultiDict-like mapping reveals repeats."""
    getlist = getattr(args, "getlist", None)
    return list(getlist(name)) if callable(getlist) else [args[name]]


def _collect_options(args: Mapping[str, str]) -> dict[str, str]:
    """The system query options by bare name; unknown, unsupported, repeated or empty -> 400."""
    found: dict[str, str] = {}
    for raw in args:
        name = raw[1:] if raw.startswith("$") else raw
        if name in _UNSUPPORTED:
            raise BadRequestError(f"Query option '${name}' is not supported on this resource.")
        if name not in _SUPPORTED:
            if raw.startswith("$"):
                raise BadRequestError(f"Query option '{raw}' is not a known OData query option.")
            continue  # a custom query parameter, which Graph ignores
        values = _values(args, raw)
        if name in found or len(values) > 1:
            raise BadRequestError(f"Query option '${name}' was specified more than once.")
        if not values[0].strip():
            raise BadRequestError(f"Query option '${name}' has an empty value.")
        found[name] = values[0]
    return found


def _integer(option: str, value: str, maximum: int) -> int:
    """A non-negative integer option no greater than ``maximum``."""
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        raise BadRequestError(f"Invalid {option} value '{value}': expected a non-negative integer.")
    # Strip leading zeros first so a huge value never reaches int()'s digit limit.
    if len(text.lstrip("0")) > len(str(maximum)) or int(text) > maximum:
        raise BadRequestError(f"Invalid {option} value '{value}': the maximum is {maximum}.")
    return int(text)


def _boolean(option: str, value: str) -> bool:
    text = value.strip().lower()
    if text not in ("true", "false"):
        raise BadRequestError(f"Invalid {option} value '{value}': expected 'true' or 'false'.")
    return text == "true"


def _check_property(option: str, name: str, properties: Mapping[str, str], type_name: str) -> str:
    """The kind of a property named in ``option``; unknown -> 400."""
    kind = properties.get(name)
    if kind is None:
        raise BadRequestError(
            f"Invalid {option} clause: Could not find a property named '{name}' "
            f"on type '{type_name}'."
        )
    return kind


def _parse_select(
    value: str, properties: Mapping[str, str], type_name: str
) -> tuple[str, ...] | None:
    names = [name.strip() for name in value.split(",")]
    if "" in names:
        raise BadRequestError(f"Invalid $select clause '{value}': empty property name.")
    if "*" in names:
        return None
    for name in names:
        _check_property("$select", name, properties, type_name)
    return tuple(dict.fromkeys(names))


def _parse_orderby_key(
    item: str, properties: Mapping[str, str], type_name: str
) -> tuple[str, bool]:
    parts = item.split()
    if not 1 <= len(parts) <= 2:
        raise BadRequestError(
            f"Invalid $orderby clause '{item.strip()}': expected 'property [asc|desc]'."
        )
    name, direction = parts[0], (parts[1] if len(parts) == 2 else "asc").lower()
    if direction not in ("asc", "desc"):
        raise BadRequestError(
            f"Invalid $orderby direction '{parts[1]}' for '{name}': expected 'asc' or 'desc'."
        )
    kind = _check_property("$orderby", name, properties, type_name)
    if kind in ("complex", COLLECTION_KIND):
        what = "a collection" if kind == COLLECTION_KIND else "of a complex type"
        raise BadRequestError(
            f"Invalid $orderby clause: property '{name}' is {what} and cannot be sorted."
        )
    return name, direction == "desc"


def _parse_orderby(
    value: str, properties: Mapping[str, str], type_name: str
) -> tuple[tuple[str, bool], ...]:
    items = value.split(",")
    if len(items) > MAX_ORDERBY_KEYS:
        raise BadRequestError(
            f"Invalid $orderby clause: at most {MAX_ORDERBY_KEYS} sort keys are allowed."
        )
    keys = [_parse_orderby_key(item, properties, type_name) for item in items]
    seen: set[str] = set()
    for name, _descending in keys:
        if name in seen:
            raise BadRequestError(f"Invalid $orderby clause: property '{name}' is repeated.")
        seen.add(name)
    return tuple(keys)


def _token_checksum(offset: int) -> str:
    return hashlib.blake2s(str(offset).encode(), digest_size=6, key=_TOKEN_KEY).hexdigest()


def make_skiptoken(offset: int) -> str:
    """An opaque, URL-safe token for the page starting at ``offset``."""
    if offset < 0:
        raise ValueError("offset must not be negative")
    payload = {"o": offset, "c": _token_checksum(offset)}
    data = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _read_skiptoken(token: str) -> int:
    """The offset of a token made by make_skiptoken; anything else -> 400."""
    error = BadRequestError(f"Invalid $skiptoken value '{token[:64]}': it was not issued here.")
    if not _TOKEN_CHARS.fullmatch(token):
        raise error
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, RecursionError):
        raise error from None
    if not isinstance(data, dict) or set(data) != {"o", "c"}:
        raise error
    offset = data["o"]
    # Re-encoding must give the same token: this catches edited numbers and checksums alike.
    # The checksum's key is no secret, so a token may be forged: an offset past any page this
    # mock could serve ($skip's own bound) was not issued here either.
    if type(offset) is not int or not 0 <= offset <= MAX_SKIP or make_skiptoken(offset) != token:
        raise error
    return offset


def _parse_expand(value: str | None, navs: Collection[str], type_name: str) -> tuple[str, ...]:
    """The navigation properties $expand names (``*``: all of them); nested options -> 400."""
    if value is None:
        return ()
    names = [name.strip() for name in value.split(",")]
    if "" in names:
        raise BadRequestError(f"Invalid $expand clause '{value}': empty property name.")
    if "*" in names:
        return tuple(navs)
    for name in names:
        if "(" in name or "/" in name:
            raise BadRequestError(
                f"Invalid $expand clause '{value}': options and paths inside $expand are not "
                "supported; expand the navigation property by name."
            )
        if name not in navs:
            raise BadRequestError(
                f"Invalid $expand clause: Could not find a navigation property named '{name}' "
                f"on type '{type_name}'."
            )
    return tuple(dict.fromkeys(names))


def _skip(options: Mapping[str, str]) -> int:
    """Where the page starts: from $skiptoken, else from $skip."""
    if "skiptoken" not in options:
        skip = options.get("skip")
        return 0 if skip is None else _integer("$skip", skip, MAX_SKIP)
    if "skip" in options:
        raise BadRequestError("Query options '$skip' and '$skiptoken' cannot be combined.")
    return _read_skiptoken(options["skiptoken"].strip())


def parse_collection_query(
    args: Mapping[str, str],
    properties: Mapping[str, str],
    *,
    max_top: int = DEFAULTS["MOCKGRAPH_MAX_TOP"],
    type_name: str = DEFAULT_TYPE_NAME,
    limits: FilterLimits = FilterLimits(),  # noqa: B008 - frozen, shared safely
    navs: Collection[str] = (),
) -> CollectionQuery:
    """The validated query options of a collection GET; any bad option -> BadRequestError."""
    options = _collect_options(args)
    top = options.get("top")
    select = options.get("select")
    orderby = options.get("orderby")
    filter_text = options.get("filter")
    return CollectionQuery(
        top=None if top is None else _integer("$top", top, max_top),
        skip=_skip(options),
        count="count" in options and _boolean("$count", options["count"]),
        select=None if select is None else _parse_select(select, properties, type_name),
        orderby=() if orderby is None else _parse_orderby(orderby, properties, type_name),
        filter=None
        if filter_text is None
        else compile_filter(filter_text, properties, type_name, limits),
        expand=_parse_expand(options.get("expand"), navs, type_name),
    )


def parse_entity_select(
    args: Mapping[str, str], properties: Mapping[str, str], *, type_name: str = DEFAULT_TYPE_NAME
) -> tuple[str, ...] | None:
    """$select for a single-entity GET; collection options are a 400, as in ASP.NET OData."""
    return parse_entity_query(args, properties, type_name=type_name)[0]


def parse_entity_query(
    args: Mapping[str, str],
    properties: Mapping[str, str],
    *,
    type_name: str = DEFAULT_TYPE_NAME,
    navs: Collection[str] = (),
) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """$select and $expand for a single-entity GET; collection options are a 400."""
    options = _collect_options(args)
    for name in _COLLECTION_ONLY:
        if name in options:
            raise BadRequestError(
                f"Query option '${name}' is not allowed on a single entity: "
                "$filter, $orderby, $count, $skip, $skiptoken and $top apply only to collections."
            )
    select = options.get("select")
    chosen = None if select is None else _parse_select(select, properties, type_name)
    return chosen, _parse_expand(options.get("expand"), navs, type_name)


def parse_count_query(
    args: Mapping[str, str],
    properties: Mapping[str, str],
    *,
    type_name: str = DEFAULT_TYPE_NAME,
    limits: FilterLimits = FilterLimits(),  # noqa: B008 - frozen, shared safely
) -> Filter | None:
    """The $filter predicate for GET collection/$count; other known options are ignored."""
    filter_text = _collect_options(args).get("filter")
    if filter_text is None:
        return None
    return compile_filter(filter_text, properties, type_name, limits)


def _sort_key(
    name: str, kind: str, data: Callable[[T], Mapping[str, Any]]
) -> Callable[[T], tuple[Any, ...]]:
    def key(item: T) -> tuple[Any, ...]:
        value = normalize(data(item).get(name), kind)
        # Nulls first; a descending sort reverses this, putting them last.
        return (0,) if value is None else (1, value)

    return key


def _itself(item: Any) -> Mapping[str, Any]:
    return cast(Mapping[str, Any], item)


@overload
def apply_orderby(
    items: Iterable[M], orderby: tuple[tuple[str, bool], ...], properties: Mapping[str, str]
) -> list[M]: ...


@overload
def apply_orderby(
    items: Iterable[T],
    orderby: tuple[tuple[str, bool], ...],
    properties: Mapping[str, str],
    *,
    data: Callable[[T], Mapping[str, Any]],
) -> list[T]: ...


def apply_orderby(
    items: Iterable[T],
    orderby: tuple[tuple[str, bool], ...],
    properties: Mapping[str, str],
    *,
    data: Callable[[T], Mapping[str, Any]] | None = None,
) -> list[T]:
    """``items`` (or ``data(item)``) sorted by each key; stable, nulls first asc and last desc."""
    result = list(items)
    # Sorting by the least significant key first lets each stable pass keep the earlier ones.
    for name, descending in reversed(orderby):
        key = _sort_key(name, properties[name], data or _itself)
        result.sort(key=key, reverse=descending)
    return result


def project(item: Mapping[str, Any], select: tuple[str, ...]) -> dict[str, Any]:
    """The item cut down to ``select``; @odata.type and id stay so clients can deserialize it."""
    projected = {key: item[key] for key in _ALWAYS_SELECTED if key in item}
    wanted = set(select)
    projected.update((k, v) for k, v in item.items() if k in wanted and k not in projected)
    return projected


def context_select_suffix(select: tuple[str, ...] | None) -> str:
    """The ``(a,b)`` Graph appends to @odata.context for a $select, or ""."""
    return f"({','.join(select)})" if select else ""
