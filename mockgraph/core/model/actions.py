"""The service's actions (and functions), as data: where each is bound, what it takes and what
it answers. The routes, the parameters' schemas and ``$metadata`` are built from this table.

Read from the CSDL (``<Action>``/``<Function>``) and the official SDK's request builders.
An action is bound to the singleton, to an item of a set, or to a set's collection; its
parameters are properties, written as the type model writes any property.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockgraph.core.model import types as t
from mockgraph.core.model.collections import ENTITY_SETS
from mockgraph.core.model.types import Kind, Prop


@dataclass(frozen=True)
class Action:
    """One bound action: its name, where it is reached, its parameters and its return type."""

    name: str
    # The set path it is bound to ("" for the singleton), and whether to one of its items
    # (``.../sessions/{id}/commit``) or to the collection (``.../sensitivityLabels/evaluate``).
    bound_to: str
    on_item: bool
    parameters: tuple[Prop, ...]
    required: tuple[str, ...] = ()  # the parameters a call must give
    returns: str | None = None  # a type name; None: 204 No Content

    @property
    def binding_type(self) -> str:
        """The type of the binding parameter, as the CSDL names it."""
        return (
            ENTITY_SETS[self.bound_to].default_type
            if self.bound_to
            else t.DATA_CLASSIFICATION_SERVICE
        )

    @property
    def binding_many(self) -> bool:
        return bool(self.bound_to) and not self.on_item


CLASSIFY_FILE = "classifyFile"

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            CLASSIFY_FILE,
            "",
            True,
            (Prop("file", Kind.STREAM), Prop("sensitiveTypeIds", Kind.STRING, many=True)),
            required=("file",),
            returns=t.CLASSIFICATION_JOB_RESPONSE,
        ),
    )
}
