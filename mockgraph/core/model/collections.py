"""The entity sets under ``/dataClassification``: each one a line of data.

A set is a path of navigation properties from the singleton (``sensitivityLabels/sublabels``)
and what may be done there; its type, whether it is a collection, and the types it accepts
follow from the type model (``types.py``). A set's items live in containers: the concrete path
of one parent's navigation property (``sensitivityLabels/<id>/sublabels``), so an item of a
contained set exists only inside its parent, and deleting the parent deletes what it contains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from mockgraph.core.model import types as t

# What may be done on a set: on the collection (list, create, count) and on an item (get,
# update, delete); a single-valued set is read, patched and deleted at its own path.
LIST, CREATE, COUNT, GET, UPDATE, DELETE = "list", "create", "count", "get", "update", "delete"
ALL_OPERATIONS = frozenset({LIST, CREATE, COUNT, GET, UPDATE, DELETE})
# The operation each HTTP method is at each kind of path: a collection, its ``$count``, one
# item (and a single-valued set at its own path, which is one item too).
AT_COLLECTION = {"GET": LIST, "POST": CREATE}
AT_COUNT = {"GET": COUNT}
AT_ITEM = {"GET": GET, "PATCH": UPDATE, "DELETE": DELETE}
READ_ONLY = frozenset({GET})


def _nav(path: str) -> t.Nav:
    owner = t.DATA_CLASSIFICATION_SERVICE
    nav: t.Nav | None = None
    for name in path.split("/"):
        nav = next((n for n in t.all_navs(owner) if n.name == name), None)
        if nav is None:
            raise KeyError(f"{owner} has no navigation property {name!r}")
        owner = nav.target
    assert nav is not None
    return nav


@dataclass(frozen=True)
class EntitySet:
    """A navigation property path below the singleton, and what may be done there."""

    path: str
    operations: frozenset[str] = ALL_OPERATIONS
    # The type the set is named after: what the docs' pages for it describe (the importer reads
    # a documented example's placeholders and values as this type). Its declared type if None.
    named: str | None = None
    name: str = field(init=False)
    parent: str | None = field(init=False)  # the set holding its parents; None: the singleton
    many: bool = field(init=False)
    # What a body without ``@odata.type`` is, and which types the set takes: its declared
    # type and every type derived from it, as OData has it.
    default_type: str = field(init=False)
    accepted_types: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        nav = _nav(self.path)
        parent, _, name = self.path.rpartition("/")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "parent", parent or None)
        object.__setattr__(self, "many", nav.many)
        object.__setattr__(self, "default_type", nav.target)
        object.__setattr__(self, "accepted_types", t.derived_types(nav.target))

    @property
    def named_type(self) -> str:
        return self.named or self.default_type

    @property
    def is_job(self) -> bool:
        """Whether it holds jobs (each also seen through ``/jobs``)."""
        return self.default_type == t.JOB_RESPONSE_BASE

    @property
    def depth(self) -> int:
        """How many parents' ids a path to one of its containers names."""
        return self.path.count("/")

    def container(self, parent_ids: Sequence[str]) -> str:
        """The store's key for the items inside these parents (``a/<id>/b``)."""
        if not parent_ids:
            return self.path
        parts: list[str] = []
        for index, name in enumerate(self.path.split("/")):
            parts += [parent_ids[index - 1], name] if index else [name]
        return "/".join(parts)


def container_of(key: str) -> tuple[str, str] | None:
    """The parent of a container key: ``a/<id>/b`` -> (``a``, ``<id>``); None at the top."""
    head, sep, _ = key.rpartition("/")
    if not sep:
        return None
    parent, _, parent_id = head.rpartition("/")
    return parent, parent_id


def set_of(key: str) -> str:
    """The set path of a container key: ``a/<id>/b`` -> ``a/b``."""
    return "/".join(key.split("/")[::2])


ALL_JOBS = "jobs"

ENTITY_SETS: dict[str, EntitySet] = {
    s.path: s
    for s in (
        EntitySet(ALL_JOBS),
        EntitySet("classifyFileJobs", named=t.CLASSIFICATION_JOB_RESPONSE),
        EntitySet("classifyTextJobs", named=t.CLASSIFICATION_JOB_RESPONSE),
        EntitySet("evaluateDlpPoliciesJobs", named=t.DLP_EVALUATE_POLICIES_JOB_RESPONSE),
        EntitySet("evaluateLabelJobs", named=t.EVALUATE_LABEL_JOB_RESPONSE),
        EntitySet(
            "labelsAndPoliciesEvaluationJobs", named=t.EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE
        ),
        EntitySet("sensitiveTypes"),
        EntitySet("sensitivityLabels"),
        EntitySet("sensitivityLabels/rights", READ_ONLY),
        EntitySet("sensitivityLabels/sublabels"),
        EntitySet("sensitivityLabels/sublabels/rights", READ_ONLY),
        EntitySet("exactMatchDataStores"),
        EntitySet("exactMatchDataStores/sessions"),
        EntitySet("exactMatchDataStores/sessions/uploadAgent", READ_ONLY | {UPDATE, DELETE}),
        EntitySet("exactMatchUploadAgents"),
    )
}

# The job collections: any type derived from jobResponseBase is valid in any of them (the
# CSDL's rule); a job is found through /jobs and through the collection it was created in.
COLLECTIONS: dict[str, EntitySet] = {s.name: s for s in ENTITY_SETS.values() if s.is_job}
JobCollection = EntitySet

# The collection a job of each type naturally lives in, for the docs importer and seeding.
HOME_COLLECTION: dict[str, str] = {
    t.JOB_RESPONSE_BASE: ALL_JOBS,
    t.CLASSIFICATION_JOB_RESPONSE: "classifyFileJobs",
    t.DLP_EVALUATE_POLICIES_JOB_RESPONSE: "evaluateDlpPoliciesJobs",
    t.EVALUATE_LABEL_JOB_RESPONSE: "evaluateLabelJobs",
    t.EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE: "labelsAndPoliciesEvaluationJobs",
}


def is_job_container(key: str) -> bool:
    """Whether a container key is a job collection's (jobs are top-level, seen via /jobs)."""
    return key in COLLECTIONS


def item_key(collection: str) -> str:
    """The key an exported item's data is under: ``job`` in a job collection, else ``entity``."""
    return "job" if is_job_container(collection) else "entity"


# The kind ``properties`` gives a collection of primitives (``fields``): selectable, but
# neither compared nor sorted, as OData has it.
COLLECTION_KIND = "collection"


@cache
def properties(entity_set: EntitySet) -> dict[str, str]:
    """What $select, $filter and $orderby may name on the set's items, with each one's kind:
    the properties of every type the set accepts (``result`` is declared on each job type)."""
    found: dict[str, str] = {}
    for type_name in entity_set.accepted_types:
        for prop in t.all_props(type_name):
            kind = COLLECTION_KIND if prop.many and prop.kind is not t.Kind.COMPLEX else None
            found.setdefault(prop.name, kind or prop.kind.value)
    return found


JOB_PROPERTIES: dict[str, str] = properties(ENTITY_SETS[ALL_JOBS])


@cache
def expandable(entity_set: EntitySet) -> dict[str, EntitySet]:
    """What $expand may name on the set's items: the navigation properties of its types that
    lead to a set the mock serves, with that set."""
    found = {}
    for type_name in entity_set.accepted_types:
        for nav in t.all_navs(type_name):
            inner = ENTITY_SETS.get(f"{entity_set.path}/{nav.name}")
            if inner is not None:
                found[nav.name] = inner
    return found
