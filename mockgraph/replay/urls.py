"""Documented request URLs, repaired to a path under the service root.

``https://graph.microsoft.com/localtest** Entity URI for microsoft.graph.x not found`` becomes
``/dataClassification/<x's collection>/{xId}``; the rules applied are reported by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockgraph.core.model.collections import COLLECTIONS, HOME_COLLECTION
from mockgraph.core.model.types import TYPE_NAMESPACE, resolve_type_name
from mockgraph.replay.markdown import DocsError

SERVICE = "dataClassification"
GOOD_VERSION = "beta"  # the only version that serves these APIs (and the one the mock serves)

_HOST = re.compile(r"^https?://[^/\s]+", re.IGNORECASE)
_MISSING_URI = re.compile(
    r"\*\*\s*(Entity|Collection)\s+URI\s+for\s+([\w.#]+)\s+not\s+found", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"^\{(\w+)\}$")


@dataclass
class ResolvedUrl:
    """The path under the service root, its parts, and the rules applied to get there."""

    path: str
    collection: str
    segment: str | None  # what follows the collection: an id, a placeholder, $count
    query: str
    repairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def path_and_query(self) -> str:
        """The path with its query string, as the request sends it."""
        return self.path + (f"?{self.query}" if self.query else "")

    @property
    def placeholder(self) -> str | None:
        """The name in an ``{xId}`` segment, if the path has one."""
        match = _PLACEHOLDER.match(self.segment or "")
        return match.group(1) if match else None


def placeholder_for(type_name: str) -> str:
    """The placeholder the generator writes for an entity of ``type_name``: ``{xId}``."""
    return f"{type_name}Id"


def type_of_placeholder(name: str) -> str | None:
    """The type an ``xId`` placeholder names (``jobResponseBaseId``), if it names one."""
    stem = name[:-2] if name.lower().endswith("id") else name
    return resolve_type_name(f"{TYPE_NAMESPACE}.{stem}")


def resolve(method: str, url: str) -> ResolvedUrl:
    """The documented ``url`` as a path under the service root; DocsError when it names no
    dataClassification jobs collection."""
    repairs: list[tuple[str, str]] = []
    rest, query = _split_query(_HOST.sub("", url.strip()))
    rest = _strip_version(rest, repairs)
    rest = _resolve_missing_uri(rest, repairs)
    parts = [p for p in rest.split("/") if p]
    if parts and parts[-1] == "$ref" and method == "POST":
        parts.pop()
        repairs.append(("create-ref", f"POST {url} is a create: POST to the collection"))
    if len(parts) not in (2, 3) or parts[0] != SERVICE or parts[1] not in COLLECTIONS:
        raise DocsError(f"{url!r} is not a {SERVICE} jobs collection or entity")
    segment = parts[2] if len(parts) == 3 else None
    path = "/" + "/".join(parts)
    return ResolvedUrl(path, parts[1], segment, query, repairs)


def _split_query(url: str) -> tuple[str, str]:
    path, _, query = url.partition("?")
    return path, query


def _strip_version(rest: str, repairs: list[tuple[str, str]]) -> str:
    # Everything before the service segment or the generator's "**" placeholder is the version.
    marker = min(
        (i for i in (rest.find(f"/{SERVICE}"), rest.find("**")) if i >= 0), default=len(rest)
    )
    version = rest[:marker].strip("/").strip()
    if version and version != GOOD_VERSION:
        repairs.append(
            ("service-root", f"version segment '{version}' replaced by the service root")
        )
    return rest[marker:]


def _resolve_missing_uri(rest: str, repairs: list[tuple[str, str]]) -> str:
    match = _MISSING_URI.search(rest)
    if match is None:
        return rest
    kind, odata_type = match.group(1).lower(), match.group(2)
    type_name = resolve_type_name(odata_type)
    if type_name is None or type_name not in HOME_COLLECTION:
        raise DocsError(f"{match.group(0)!r}: {odata_type} is not a job type the API serves")
    target = f"/{SERVICE}/{HOME_COLLECTION[type_name]}"
    if kind == "entity":
        target += "/{" + placeholder_for(type_name) + "}"
    repairs.append((f"{kind}-uri", f"{match.group(0)!r} resolved to {target}"))
    return rest[: match.start()] + target + rest[match.end() :]
