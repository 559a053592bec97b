"""The service's actions (and its one function), as data: what each is bound to, what it takes
and what it answers. The routes, the parameters' schemas, ``$metadata`` and OpenAPI are built
from this table.

Read from the CSDL (``<Action>``/``<Function>``) and the official SDK's request builders. An
action is bound to a type, as the CSDL binds it: to the singleton, to an entity of a type (an
item of every set of it: ``.../sessions/{id}/commit``) or to a collection of a type (every set
of it: ``sensitivityLabels/evaluate`` and ``sensitivityLabels/{id}/sublabels/evaluate``). Its
parameters are properties, written as the type model writes any property.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockgraph.core.model import types as t
from mockgraph.core.model.collections import ENTITY_SETS, EntitySet
from mockgraph.core.model.types import Kind, Prop


@dataclass(frozen=True)
class Action:
    """One bound action (or function): its name, its binding, its parameters, its answer."""

    name: str
    binding_type: str  # the type of its binding parameter, as the CSDL names it
    binding_many: bool  # bound to a collection of that type, not to one entity
    parameters: tuple[Prop, ...]
    required: tuple[str, ...] = ()  # the parameters a call must give
    returns: str | None = None  # a type name ("Edm.String": a primitive); None: 204 No Content
    returns_many: bool = False
    function: bool = False  # a GET with its parameters in the URL, not a POST with a body

    @property
    def bindings(self) -> tuple[EntitySet | None, ...]:
        """Where it is reached: each set of its binding type (None: the singleton)."""
        if self.binding_type == t.DATA_CLASSIFICATION_SERVICE:
            return (None,)
        return tuple(
            s for s in ENTITY_SETS.values() if s.default_type == self.binding_type and s.many
        )

    @property
    def method(self) -> str:
        return "GET" if self.function else "POST"


def _strings(*names: str) -> tuple[Prop, ...]:
    return tuple(Prop(n, Kind.STRING) for n in names)


def _lists(*names: str) -> tuple[Prop, ...]:
    return tuple(Prop(n, Kind.STRING, many=True) for n in names)


def _complex(name: str, target: str, many: bool = False) -> Prop:
    return Prop(name, Kind.COMPLEX, target, many)


CLASSIFY_FILE = "classifyFile"
CLASSIFY_EXACT_MATCHES = "classifyExactMatches"
LOOKUP = "lookup"
COMMIT = "commit"
CANCEL = "cancel"
RENEW = "renew"
EVALUATE = "evaluate"
COMPUTE_RIGHTS_AND_INHERITANCE = "computeRightsAndInheritance"
COMPUTE_INHERITANCE = "computeInheritance"

_SERVICE, _LABEL = t.DATA_CLASSIFICATION_SERVICE, t.SENSITIVITY_LABEL

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            CLASSIFY_FILE,
            _SERVICE,
            False,
            (Prop("file", Kind.STREAM), *_lists("sensitiveTypeIds")),
            required=("file",),
            returns=t.CLASSIFICATION_JOB_RESPONSE,
        ),
        Action(
            CLASSIFY_EXACT_MATCHES,
            _SERVICE,
            False,
            (
                *_strings("text", "timeoutInMs"),
                *_lists("sensitiveTypeIds"),
                _complex("contentClassifications", "contentClassification", many=True),
            ),
            required=("text",),
            returns="exactMatchClassificationResult",
        ),
        Action(
            LOOKUP,
            t.EXACT_MATCH_DATA_STORE,
            False,
            (*_strings("key"), *_lists("values", "resultColumnNames")),
            required=("key", "values"),
            returns="Edm.String",
            returns_many=True,
        ),
        Action(COMMIT, t.EXACT_MATCH_SESSION, False, ()),
        Action(CANCEL, t.EXACT_MATCH_SESSION, False, ()),
        Action(RENEW, t.EXACT_MATCH_SESSION, False, (), returns=t.EXACT_MATCH_SESSION),
        Action(
            EVALUATE,
            _LABEL,
            True,
            (
                _complex("discoveredSensitiveTypes", "discoveredSensitiveType", many=True),
                _complex("currentLabel", "currentLabel"),
            ),
            returns=t.EVALUATE_LABEL_JOB_RESPONSE,
        ),
        Action(
            COMPUTE_RIGHTS_AND_INHERITANCE,
            _LABEL,
            True,
            (
                *_strings("delegatedUserEmail", "locale"),
                _complex("protectedContents", "protectedContent", many=True),
                *_lists("supportedContentFormats"),
            ),
            required=("protectedContents",),
            returns="computeRightsAndInheritanceResult",
        ),
        Action(
            COMPUTE_INHERITANCE,
            _LABEL,
            True,
            (*_lists("labelIds"), *_strings("locale"), *_lists("contentFormats")),
            required=("labelIds",),
            returns=_LABEL,
            function=True,
        ),
    )
}
