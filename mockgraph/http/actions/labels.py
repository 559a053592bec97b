"""The actions of sensitivity labels (and, the same, of a label's sublabels).

``evaluate`` answers which label the tenant's auto-labeling rules (``features/labeling.py``)
choose for the sensitive types a client found, as an ``evaluateLabelJobResponse`` job;
``computeRightsAndInheritance`` and the function ``computeInheritance`` answer from the labels'
priorities and rights. On ``sensitivityLabels`` every label of the tenant takes part (sublabels
too: rules often pick one); on ``sensitivityLabels/{id}/sublabels``, that label's sublabels.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError

from mockgraph.core.answers import Answer
from mockgraph.core.model.actions import (
    ACTIONS,
    COMPUTE_INHERITANCE,
    COMPUTE_RIGHTS_AND_INHERITANCE,
    EVALUATE,
)
from mockgraph.core.model.collections import EntitySet, container_of
from mockgraph.core.model.types import EVALUATE_LABEL_JOB_RESPONSE, SENSITIVITY_LABEL, qualified
from mockgraph.core.odata.calls import parse_call
from mockgraph.core.schemas import load_parameters
from mockgraph.features import labeling
from mockgraph.http.actions.jobs import job_answer, value_answer
from mockgraph.http.body import json_object
from mockgraph.http.call import GraphCall

SENSITIVE_TYPES = "sensitiveTypes"
ALL_LABELS = "sensitivityLabels"
RIGHTS_RESULT = ACTIONS[COMPUTE_RIGHTS_AND_INHERITANCE].returns or ""


def _labels(call: GraphCall, container: str) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The labels taking part (id -> wire form) and their rights (label id -> wire form)."""
    store, tenant = call.state.store, call.tenant
    if (parent := container_of(container)) is not None:
        store.get(tenant, *parent)  # the sublabels of a label that does not exist: a 404
    labels: dict[str, dict[str, Any]] = {}
    rights: dict[str, Any] = {}
    pending = [container]
    while pending:
        where = pending.pop(0)
        for entry in store.select(tenant, where):
            labels[entry.id] = entry.data
            for held in store.select(tenant, f"{where}/{entry.id}/rights", limit=1):
                rights[entry.id] = held.data
            if parent is None and where == container:  # the whole taxonomy: sublabels too
                pending.append(f"{where}/{entry.id}/sublabels")
    return labels, rights


def evaluate(call: GraphCall, entity_set: EntitySet, container: str) -> Answer:
    """``POST .../sensitivityLabels/evaluate``: the job, with the labels the rules choose."""
    sent = load_parameters(json_object(call), EVALUATE)
    labels, _ = _labels(call, container)
    current = sent.get("currentLabel")
    if current is not None and current.get("id") is not None:
        # The content's label may be any of the tenant's, not only one of these sublabels.
        every = labels if container == ALL_LABELS else _labels(call, ALL_LABELS)[0]
        labeling.unknown_labels(current["id"], every, "currentLabel", "id")
        labels = {
            **labels,
            **{k: v for k, v in every.items() if k.lower() == current["id"].lower()},
        }
    types = {e.id: e.data for e in call.state.store.select(call.tenant, SENSITIVE_TYPES)}
    rules = call.state.labeling.rules(call.tenant)
    group = labeling.evaluate(
        sent.get("discoveredSensitiveTypes") or [], current, labels, types, rules
    )
    result = {"@odata.type": qualified("evaluateLabelJobResultGroup"), **group}
    return job_answer(call, "evaluateLabelJobs", EVALUATE_LABEL_JOB_RESPONSE, EVALUATE, result)


def compute_rights_and_inheritance(
    call: GraphCall, entity_set: EntitySet, container: str
) -> Answer:
    """``POST .../sensitivityLabels/computeRightsAndInheritance``: each content's rights, and
    the label content made from them inherits."""
    sent = load_parameters(json_object(call), COMPUTE_RIGHTS_AND_INHERITANCE)
    labels, rights = _labels(call, container)
    contents = sent["protectedContents"]
    ids = [c.get("labelId") for c in contents]
    labeling.unknown_labels(ids, labels, "protectedContents", "labelId")
    result = labeling.compute_rights(
        sent.get("delegatedUserEmail"),
        contents,
        labels,
        rights,
        sent.get("supportedContentFormats") or [],
    )
    return value_answer(call, RIGHTS_RESULT, result)


def compute_inheritance(
    call: GraphCall, entity_set: EntitySet, container: str, arguments: str
) -> Answer:
    """``GET .../sensitivityLabels/computeInheritance(labelIds=[..],locale='..',
    contentFormats=[..])``: the label content made from those labels' content inherits."""
    aliases = {k: v for k, v in call.request.args.items() if k.startswith("@")}
    sent = load_parameters(parse_call(arguments, aliases), COMPUTE_INHERITANCE)
    if not sent["labelIds"]:  # content made from no labelled content inherits nothing
        raise ValidationError({"labelIds": ["Give at least one label id."]})
    labels, _ = _labels(call, container)
    labeling.unknown_labels(sent["labelIds"], labels, "labelIds")
    return value_answer(call, SENSITIVITY_LABEL, labeling.inherited(sent["labelIds"], labels))
