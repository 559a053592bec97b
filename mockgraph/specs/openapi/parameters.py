"""The document's parameters: the query options every collection shares, those named after a
set's own properties ($select, $orderby, $expand), and the path's ids, as Graph names them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from mockgraph.core.model.collections import ENTITY_SETS, EntitySet, expandable, properties
from mockgraph.core.model.types import DATA_CLASSIFICATION_SERVICE, all_props
from mockgraph.core.odata.query import MAX_ORDERBY_KEYS, MAX_SKIP


def _string(pattern: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "string", **({"pattern": pattern} if pattern else {}), **extra}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _names_pattern(names: list[str], item_suffix: str = "", most: int | None = None) -> str:
    item = rf"\s*(?:{'|'.join(names)}){item_suffix}\s*"
    repeat = "*" if most is None else f"{{0,{most - 1}}}"
    return rf"^{item}(?:,{item}){repeat}$"


_DIRECTION = r"(?:\s+(?:[aA][sS][cC]|[dD][eE][sS][cC]))?"

CLIENT_REQUEST_ID = "clientRequestId"


def operation_parameters(*names: str) -> list[str]:
    """An operation's parameters, by component name (apispec makes each a reference), and the
    ``client-request-id`` header every operation takes."""
    return [*names, CLIENT_REQUEST_ID]


def parameters(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The shared query and header parameters, with the limits of the app ``config`` describes."""
    return {
        "top": _query(
            "$top",
            f"The page size; without it, the server's page size ({config['MOCKGRAPH_PAGE_SIZE']}).",
            {"type": "integer", "minimum": 0, "maximum": config["MOCKGRAPH_MAX_TOP"]},
        ),
        "filter": _query(
            "$filter",
            "An OData filter: eq ne gt ge lt le and or not in, startswith, endswith, contains, "
            "tolower, toupper, length.",
            _string(minLength=1, maxLength=config["MOCKGRAPH_MAX_FILTER_LENGTH"]),
        ),
        **_FIXED_PARAMETERS,
    }


_FIXED_PARAMETERS: dict[str, dict[str, Any]] = {
    "skip": _query(
        "$skip",
        "How many matching items to skip.",
        {"type": "integer", "minimum": 0, "maximum": MAX_SKIP},
    ),
    "count": _query(
        "$count",
        "`true` adds `@odata.count`: the number of items matching `$filter`.",
        {"type": "boolean"},
    ),
    "skiptoken": _query(
        "$skiptoken",
        "Opaque; only as found in `@odata.nextLink`.",
        _string(r"^[A-Za-z0-9_-]{1,256}$"),
    ),
    CLIENT_REQUEST_ID: {
        "name": "client-request-id",
        "in": "header",
        "description": "Echoed in the `client-request-id` header and in errors' `innerError`.",
        "schema": _string(),
    },
}


# The sets' own parameters: $select and $orderby follow the set's type (``select.<type>``),
# $expand the set's place, since what it may expand depends on which sets are served below it.
def select_name(type_name: str) -> str:
    return f"select.{type_name}"


def orderby_name(entity_set: EntitySet) -> str:
    return f"orderby.{entity_set.default_type}"


def expand_name(entity_set: EntitySet) -> str | None:
    """The component name of the set's $expand, or None when it has nothing to expand."""
    return f"expand.{entity_set.path.replace('/', '.')}" if expandable(entity_set) else None


def _select(names: list[str]) -> dict[str, Any]:
    return _query(
        "$select",
        "Properties to return (`@odata.type` and `id` always are), or `*`.",
        _string(_names_pattern(["\\*", *names])),
    )


def named_parameters() -> dict[str, dict[str, Any]]:
    """The parameters that name properties: $select of the singleton, and $select, $orderby
    (of a collection) and $expand of every set, by component name."""
    singleton = [prop.name for prop in all_props(DATA_CLASSIFICATION_SERVICE)]
    found = {select_name(DATA_CLASSIFICATION_SERVICE): _select(singleton)}
    for entity_set in ENTITY_SETS.values():
        found[select_name(entity_set.default_type)] = _select(list(properties(entity_set)))
        if entity_set.many:
            found[orderby_name(entity_set)] = _orderby(entity_set)
        expand = expand_name(entity_set)
        if expand is not None:
            found[expand] = _expand(list(expandable(entity_set)))
    return found


def _orderby(entity_set: EntitySet) -> dict[str, Any]:
    sortable = [name for name, kind in properties(entity_set).items() if kind != "complex"]
    return _query(
        "$orderby",
        f"Up to {MAX_ORDERBY_KEYS} keys, each `property [asc|desc]`; nulls sort first.",
        _string(_names_pattern(sortable, _DIRECTION, MAX_ORDERBY_KEYS)),
    )


def _expand(navs: list[str]) -> dict[str, Any]:
    return _query(
        "$expand",
        f"Navigation properties to include, each with what it holds: {', '.join(navs)}, or "
        "`*` for all; by name only (no options or paths inside).",
        _string(_names_pattern(["\\*", *navs])),
    )


def noun(entity_set: EntitySet) -> str:
    """What one item of the set is called in a description: a job, or its type's name."""
    return "job" if entity_set.is_job else entity_set.default_type


def lineage(entity_set: EntitySet) -> list[EntitySet]:
    """The sets from the top down to ``entity_set``: for ``sensitivityLabels/sublabels/rights``,
    ``sensitivityLabels``, its ``sublabels``, their ``rights``."""
    chain = [entity_set]
    while chain[0].parent is not None:
        chain.insert(0, ENTITY_SETS[chain[0].parent])
    return chain


def key_parameters(entity_set: EntitySet, item: bool) -> list[dict[str, Any]]:
    """The path parameters of the parents' ids (and the item's, for an item path), named as
    Graph's own OpenAPI names them: the type and ``-id``, numbered from 1 when the type repeats
    (``sensitivityLabel-id``, ``sensitivityLabel-id1``)."""
    keyed = lineage(entity_set)[: None if item else -1]
    seen: Counter[str] = Counter()
    found = []
    for holder in keyed:
        name = f"{holder.default_type}-id"
        seen[name] += 1
        found.append(
            {
                "name": name if seen[name] == 1 else f"{name}{seen[name] - 1}",
                "in": "path",
                "required": True,
                "description": f"The id of one {noun(holder)} in `{holder.name}`.",
                "schema": _string(),
                "x-ms-docs-key-type": holder.default_type,
            }
        )
    return found
