"""Documented request URLs, repaired to a path under the service root, and read as an address.

``https://graph.microsoft.com/localtest** Entity URI for microsoft.graph.x not found`` becomes
``/dataClassification/<x's collection>/{xId}``; the rules applied are reported by name. What
the path addresses is ``addresses``' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockgraph.core.model.types import resolve_type_name
from mockgraph.paths import SINGLETON
from mockgraph.replay import addresses
from mockgraph.replay.addresses import Address
from mockgraph.replay.markdown import DeclinedError

GOOD_VERSION = "beta"  # the only version that serves these APIs (and the one the mock serves)

_HOST = re.compile(r"^https?://[^/\s]+", re.IGNORECASE)
_MISSING_URI = re.compile(
    r"\*\*\s*(Entity|Collection)\s+URI\s+for\s+([\w.#]+)\s+not\s+found", re.IGNORECASE
)


@dataclass
class ResolvedUrl:
    """The address a documented URL names, its query, and the rules applied to get there."""

    address: Address
    query: str
    repairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The path below the service root, ids as ``{placeholders}``."""
        return self.address.path

    @property
    def path_and_query(self) -> str:
        """The path with its query string, as the request sends it."""
        return self.path + (f"?{self.query}" if self.query else "")


def resolve(method: str, url: str, status: int | None = None) -> ResolvedUrl:
    """The documented ``url`` read as an address under the service root; DeclinedError when
    the mock does not serve what it names (``status``: the documented answer's)."""
    repairs: list[tuple[str, str]] = []
    relative, query = _split_query(url.strip())
    rest = _HOST.sub("", relative)
    rest = _strip_version(rest, repairs, absolute=rest != relative)
    rest = _resolve_missing_uri(rest, repairs)
    parts = [p for p in rest.split("/") if p]
    if parts and parts[-1] == "$ref" and method == "POST":
        parts.pop()
        repairs.append(("create-ref", f"POST {url} is a create: POST to the collection"))
    if not parts or parts[0] != SINGLETON:
        raise DeclinedError(addresses.outside(method, "/" + "/".join(parts), parts))
    address = addresses.walk(method, parts[1:], status)
    return ResolvedUrl(address, query, repairs + address.repairs)


def _split_query(url: str) -> tuple[str, str]:
    path, _, query = url.partition("?")
    return path, query


def _strip_version(rest: str, repairs: list[tuple[str, str]], absolute: bool) -> str:
    # Everything before the service segment or the generator's "**" placeholder is the version;
    # in a URL of another API, its first segment after the host.
    found = [i for i in (rest.find(f"/{SINGLETON}"), rest.find("**")) if i >= 0]
    if found:
        marker = min(found)
    else:
        second = rest.find("/", 1)
        marker = (second if second >= 0 else len(rest)) if absolute else 0
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
    target = addresses.home_path(type_name, kind == "entity") if type_name else None
    if target is None:
        raise DeclinedError(f"{match.group(0)!r}: no collection of the service holds {odata_type}")
    repairs.append((f"{kind}-uri", f"{match.group(0)!r} resolved to {target}"))
    return rest[: match.start()] + target + rest[match.end() :]
