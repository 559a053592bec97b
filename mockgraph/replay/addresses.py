"""A documented path read against the entity sets: what it addresses, and the ids in it.

The path's segments are walked from the singleton over the navigation properties of the type
model to the sets the mock serves (``ENTITY_SETS``), so a page for any set, contained or
single-valued, is read the same way. A path the mock does not serve (an action, a collection
the service does not have, an operation a set does not allow) raises ``DeclinedError`` with
the reason in one line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from mockgraph.core.model.collections import (
    AT_COLLECTION,
    AT_COUNT,
    AT_ITEM,
    ENTITY_SETS,
    HOME_COLLECTION,
    EntitySet,
)
from mockgraph.core.model.types import (
    DATA_CLASSIFICATION_SERVICE,
    TYPE_NAMESPACE,
    all_navs,
    resolve_type_name,
)
from mockgraph.paths import SINGLETON
from mockgraph.replay.markdown import DeclinedError

# Why an action page is declined: its examples are the generator's stubs ("text": "String").
ACTION_STUB = (
    "is an action; its documented example is a stub (placeholder parameters), not a fixture"
)
# What a path ends at.
SERVICE, COLLECTION, ITEM, SINGLE, COUNT_OF = "singleton", "collection", "item", "single", "count"

_PLACEHOLDER = re.compile(r"^\{(\w+)\}$")
# The operation each method is at each kind of address (a PATCH or DELETE of a collection is
# read as one of its items before this table is consulted: see ``navigation-item``).
_OPERATIONS = {COLLECTION: AT_COLLECTION, COUNT_OF: AT_COUNT, ITEM: AT_ITEM, SINGLE: AT_ITEM}


@dataclass(frozen=True)
class IdSegment:
    """An id in the path: the set it is in, that set's container (earlier ids as placeholders),
    the placeholder standing for it, and the type of the entity it names."""

    entity_set: EntitySet
    container: str
    placeholder: str
    type_name: str


@dataclass
class Address:
    """What a path under the singleton addresses; ``container`` is the addressed set's, with
    the ids in it as placeholders (a single-valued set's container is its own path)."""

    target: str
    entity_set: EntitySet | None = None
    container: str = ""
    ids: list[IdSegment] = field(default_factory=list)
    repairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The path below the service root, ids as ``{placeholders}``."""
        item = f"/{{{self.ids[-1].placeholder}}}" if self.target == ITEM else ""
        count = "/$count" if self.target == COUNT_OF else ""
        return f"/{SINGLETON}" + (f"/{self.container}" if self.container else "") + item + count

    @property
    def item(self) -> IdSegment | None:
        """The id of the item addressed (None unless the path ends at an item)."""
        return self.ids[-1] if self.target == ITEM else None

    @property
    def parents(self) -> list[IdSegment]:
        """The ids of the entities the addressed set is inside, outermost first."""
        return self.ids[:-1] if self.target == ITEM else list(self.ids)


def placeholder_for(type_name: str) -> str:
    """The placeholder the generator writes for an entity of ``type_name``: ``{xId}``."""
    return f"{type_name}Id"


def type_of_placeholder(name: str) -> str | None:
    """The type an ``xId`` placeholder names (``jobResponseBaseId``), if it names one."""
    stem = name[:-2] if name.lower().endswith("id") else name
    return resolve_type_name(f"{TYPE_NAMESPACE}.{stem}")


def walk(method: str, segments: list[str], status: int | None = None) -> Address:
    """The address of ``/dataClassification/<segments>``; ``status`` is the documented answer's
    (a POST answered 201 documents a create, any other POST to a non-collection an action)."""
    walker = _Walker(method, status)
    for index, segment in enumerate(segments):
        walker.step(segment, last=index == len(segments) - 1)
    return walker.finish()


class _Walker:
    def __init__(self, method: str, status: int | None) -> None:
        self.method, self.status = method, status
        self.address = Address(SERVICE)
        self.owner = DATA_CLASSIFICATION_SERVICE  # whose navigation properties come next
        self.set_path = ""

    def shown(self, *more: str) -> str:
        return f"{self.method} {'/'.join([self.address.path, *more])}"

    def step(self, segment: str, last: bool) -> None:
        target = self.address.target
        if target == COLLECTION:
            self.collection_step(segment, last)
        elif target == COUNT_OF:
            raise DeclinedError(f"{self.shown(segment)}: nothing follows $count")
        else:
            self.navigate(segment, last)

    def navigate(self, segment: str, last: bool) -> None:
        names = [nav.name for nav in all_navs(self.owner)]
        if segment not in names:
            raise DeclinedError(self.not_a_navigation(segment, names, last))
        set_path = f"{self.set_path}/{segment}" if self.set_path else segment
        entity_set = ENTITY_SETS.get(set_path)
        if entity_set is None:
            raise DeclinedError(f"{self.shown(segment)}: the mock does not serve {set_path}")
        address = self.address
        prefix = address.path.removeprefix(f"/{SINGLETON}").lstrip("/")
        address.container = f"{prefix}/{segment}" if prefix else segment
        address.target = COLLECTION if entity_set.many else SINGLE
        address.entity_set, self.set_path, self.owner = entity_set, set_path, entity_set.named_type

    def not_a_navigation(self, segment: str, names: list[str], last: bool) -> str:
        if last and self.method == "POST" and self.status != 201:
            return f"{self.shown(segment)} {ACTION_STUB}"
        owner = SINGLETON if self.owner == DATA_CLASSIFICATION_SERVICE else self.owner
        what = "collection" if owner == SINGLETON else "navigation property"
        nearest = difflib.get_close_matches(segment, names, n=1, cutoff=0.6)
        if nearest:
            has = f"the nearest it has is {nearest[0]}"
        else:
            has = f"it has {', '.join(names)}" if names else "it has none"
        return f"{self.shown(segment)}: {owner} has no {what} {segment!r} ({has})"

    def collection_step(self, segment: str, last: bool) -> None:
        if segment == "$count":
            self.address.target = COUNT_OF
            return
        match = _PLACEHOLDER.match(segment)
        if match is None and last and self.method == "POST":
            # A POST never addresses an item: a name after a collection is an action bound to it.
            raise DeclinedError(f"{self.shown(segment)} {ACTION_STUB}")
        self.add_id(segment, match.group(1) if match else None)

    def add_id(self, segment: str, name: str | None) -> None:
        address, entity_set = self.address, self.address.entity_set
        assert entity_set is not None
        named = type_of_placeholder(name) if name else None
        type_name = named if named in entity_set.accepted_types else entity_set.named_type
        if name is None:  # a literal id: the replay creates the entity, so the id is its own
            name = self.unused(placeholder_for(type_name))
            detail = f"literal id {segment!r} bound at replay to the id of the entity set up"
        elif name in {i.placeholder for i in address.ids}:
            fresh = self.unused(name)
            detail = f"{{{name}}} (a second time in the path) bound as {{{fresh}}} at replay to "
            detail += "the id of the entity set up"
            name = fresh
        else:
            detail = f"{{{name}}} bound at replay to the id of the entity set up"
        address.repairs.append(("id-placeholder", detail))
        address.ids.append(IdSegment(entity_set, address.container, name, type_name))
        address.target, self.owner = ITEM, type_name

    def unused(self, name: str) -> str:
        taken = {i.placeholder for i in self.address.ids}
        fresh, number = name, 1
        while fresh in taken:
            number += 1
            fresh = f"{name}{number}"
        return fresh

    def finish(self) -> Address:
        address = self.address
        if address.target == COLLECTION and self.method in ("PATCH", "DELETE"):
            # The generator's update-X / delete-X navigation pages document an item of X.
            assert address.entity_set is not None
            name = self.unused(placeholder_for(address.entity_set.named_type))
            before = self.shown()
            self.add_id(f"{{{name}}}", name)
            address.repairs[-1] = (
                "navigation-item",
                f"{before} documents an item of {address.entity_set.name}: {address.path}",
            )
        self.check_operation()
        return address

    def check_operation(self) -> None:
        address, method = self.address, self.method
        if address.target == SERVICE:
            if method in ("GET", "PATCH"):
                return
            only = "is read (GET) and updated (PATCH) only"
            raise DeclinedError(f"{self.shown()}: the {SINGLETON} singleton {only}")
        entity_set = address.entity_set
        assert entity_set is not None
        allowed = {
            m: op for m, op in _OPERATIONS[address.target].items() if op in entity_set.operations
        }
        if method in allowed:
            return
        reason = f"{self.shown()}: the service answers only {', '.join(allowed) or 'nothing'} here"
        if address.target == SINGLE and method == "POST" and "PATCH" in allowed:
            reason += f" ({entity_set.name} is single-valued: a PATCH creates it when it has none)"
        raise DeclinedError(reason)


def home_path(type_name: str, entity: bool) -> str | None:
    """The path of the set a type's entities live in (a job type's home collection, else the
    shortest set path named after the type), ids as placeholders; None when no set holds it."""
    path = HOME_COLLECTION.get(type_name)
    if path is None:
        candidates = [p for p, s in ENTITY_SETS.items() if s.named_type == type_name]
        path = min(candidates, key=lambda p: (p.count("/"), p), default=None)
    if path is None:
        return None
    names = path.split("/")
    parts: list[str] = []
    for depth, name in enumerate(names):
        if depth:
            parent = ENTITY_SETS["/".join(names[:depth])]
            parts.append("{" + placeholder_for(parent.named_type) + "}")
        parts.append(name)
    if entity and ENTITY_SETS[path].many:
        parts.append("{" + placeholder_for(type_name) + "}")
    return f"/{SINGLETON}/" + "/".join(parts)


def outside(method: str, path: str, segments: list[str]) -> str:
    """Why a path that is not under the singleton is declined, naming the set it may mean."""
    reason = f"{method} {path or '/'} is not under /{SINGLETON}, the one API the mock serves"
    for start in range(1, len(segments)):
        try:
            address = walk("GET", segments[start:])
        except DeclinedError:
            continue
        if address.entity_set is not None and address.target != SERVICE:
            name = address.entity_set.name
            return f"{reason} (the service has {name} at {address.path})"
    return reason
