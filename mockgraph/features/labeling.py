"""Sensitivity labels as Purview applies them: auto-labeling, inheritance and rights. No Flask.

``evaluate`` answers ``sensitivityLabels/evaluate``: a tenant's auto-labeling rules
(``labeling_rules``) against the sensitive types a client found, given the content's current
label. ``inherited`` answers ``computeInheritance``, ``compute_rights`` answers
``computeRightsAndInheritance``. Labels, rights and sensitive types come as the store holds them
(wire form, by id; ids are GUIDs, matched in any case), and every answer is wire form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mockgraph.core.model.types import SENSITIVITY_LABEL, qualified
from mockgraph.core.schemas import ValidationError
from mockgraph.features.labeling_rules import (
    AUTOMATIC,
    DEFAULT_RULES,
    MODES,
    RECOMMENDED,
    LabelingRule,
    LabelingRules,
    rules_from_wire,
)

__all__ = [
    "AUTOMATIC",
    "DEFAULT_RULES",
    "MODES",
    "RECOMMENDED",
    "LabelingRule",
    "LabelingRules",
    "compute_rights",
    "evaluate",
    "inherited",
    "rules_from_wire",
    "unknown_labels",
]

Items = Mapping[str, Mapping[str, Any]]  # wire-form items by id
OWNER = "owner"  # usageRights: every right
ACCESS_DENIED = "accessDenied"
_TYPE_FIELDS = ("description", "id", "name", "publisherName", "rulePackageId", "rulePackageType")
# The mock's policy tips (a real policy's are its administrator's text).
_TIPS = {
    AUTOMATIC: "This content holds sensitive information, so it is labeled {} automatically.",
    RECOMMENDED: "This content holds sensitive information: we recommend the label {}.",
}


def _by_id(items: Items) -> dict[str, Mapping[str, Any]]:
    return {str(key).lower(): value for key, value in items.items()}


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _priority(label: Mapping[str, Any]) -> int:
    priority = label.get("priority")
    return priority if isinstance(priority, int) and not isinstance(priority, bool) else -1


def _label(label: Mapping[str, Any]) -> dict[str, Any]:
    return {"@odata.type": qualified(SENSITIVITY_LABEL), **label}


def _instances(found: Mapping[str, Any], level: int) -> int:
    """A discovered type's instances at ``level`` or above: counted by its
    classificationAttributes (a count per confidence) when it has them, else all or none."""
    attributes = [a for a in found.get("classificationAttributes") or () if isinstance(a, Mapping)]
    if attributes:
        return sum(_int(a.get("count")) for a in attributes if _int(a.get("confidence")) >= level)
    return _int(found.get("count")) if _int(found.get("confidence")) >= level else 0


# A rule that fired: the rule, its label, and the discovered type (its place in the list, its id)
Fired = list[tuple[LabelingRule, Mapping[str, Any], int, str]]


def _fired(
    discovered: Sequence[Mapping[str, Any]], held: Items, rules: Iterable[LabelingRule]
) -> Fired:
    fired: Fired = []
    for rule in rules:
        label = held.get(rule.label_id.lower())
        if label is None:  # the tenant deleted the label: its policy cannot apply it
            continue
        for index, found in enumerate(discovered):
            type_id = str(found.get("id", ""))
            if type_id.lower() == rule.sensitive_type_id.lower() and (
                _instances(found, rule.min_confidence) >= rule.min_count
            ):
                fired.append((rule, label, index, type_id))
    return fired


def _winner(fired: Fired, mode: str) -> tuple[LabelingRule, Mapping[str, Any]] | None:
    # Several labels match: the one with the highest priority wins; on a tie, the first rule.
    best: tuple[LabelingRule, Mapping[str, Any]] | None = None
    for rule, label, _, _ in fired:
        if rule.mode == mode and (best is None or _priority(label) > _priority(best[1])):
            best = (rule, label)
    return best


def _result(
    chosen: tuple[LabelingRule, Mapping[str, Any]], fired: Fired, types: Items
) -> dict[str, Any]:
    rule, label = chosen
    found: dict[str, str] = {}  # every type that fired a rule of this mode for this label
    for other, _, _, type_id in sorted(fired, key=lambda entry: entry[2]):
        if other.mode == rule.mode and other.label_id.lower() == rule.label_id.lower():
            found.setdefault(type_id.lower(), type_id)
    name = label.get("name")
    return {
        "@odata.type": qualified("evaluateLabelJobResult"),
        "responsiblePolicy": {
            "@odata.type": qualified("responsiblePolicy"),
            "id": rule.id,
            "name": rule.name,
        },
        "responsibleSensitiveTypes": [
            _responsible(type_id, types.get(key)) for key, type_id in found.items()
        ],
        "sensitivityLabel": {
            "@odata.type": qualified("matchingLabel"),
            "applicationMode": rule.mode,
            "description": label.get("description"),
            "displayName": label.get("displayName"),
            "id": label.get("id", rule.label_id),
            "name": name,
            "policyTip": _TIPS[rule.mode].format(name),
            "toolTip": label.get("toolTip"),
            "isEndpointProtectionEnabled": label.get("isEndpointProtectionEnabled"),
            "priority": label.get("priority"),
            "labelActions": [],
        },
    }


def _responsible(type_id: str, held: Mapping[str, Any] | None) -> dict[str, Any]:
    known = {key: held[key] for key in _TYPE_FIELDS if key in held} if held else {}
    return {"@odata.type": qualified("responsibleSensitiveType"), "id": type_id, **known}


def evaluate(
    discovered: Sequence[Mapping[str, Any]],
    current: Mapping[str, Any] | None,
    labels: Items,
    sensitive_types: Items,
    rules: Iterable[LabelingRule],
) -> dict[str, Any]:
    """The evaluateLabelJobResultGroup (wire) for the discovered types and the current label.

    A rule fires when a discovered type of its id has ``min_count`` instances at
    ``min_confidence`` or above; per mode the fired rule whose label has the highest priority
    wins (https://learn.microsoft.com/purview/apply-sensitivity-label-automatically#how-multiple-conditions-are-evaluated-when-they-apply-to-more-than-one-label).
    """
    held, types = _by_id(labels), _by_id(sensitive_types)
    fired = _fired(discovered, held, rules)
    automatic, recommended = _winner(fired, AUTOMATIC), _winner(fired, RECOMMENDED)
    # Purview never replaces a manually applied label automatically, nor applies or recommends
    # a label whose priority is not above the current one's (the page above: "Will an existing
    # label be overridden?", "How automatic or recommended labels are applied").
    # A current label the tenant does not hold has no priority to compare.
    if current:
        now = held.get(str(current.get("id", "")).lower())
        if str(current.get("applicationMode", "")).lower() == "manual":
            automatic = None
        if now is not None:
            floor = _priority(now)
            automatic = automatic if automatic and _priority(automatic[1]) > floor else None
            recommended = recommended if recommended and _priority(recommended[1]) > floor else None
    # Recommending what is applied anyway, or less, says nothing.
    if automatic and recommended and _priority(automatic[1]) >= _priority(recommended[1]):
        recommended = None
    return {
        "@odata.type": qualified("evaluateLabelJobResultGroup"),
        "automatic": _result(automatic, fired, types) if automatic else None,
        "recommended": _result(recommended, fired, types) if recommended else None,
    }


def inherited(label_ids: Sequence[str], labels: Items) -> dict[str, Any]:
    """The label content made from content so labelled inherits: the highest-priority one
    (https://learn.microsoft.com/purview/ai-microsoft-purview#copilot-protection-with-sensitivity-label-inheritance).
    Every id is the tenant's (``unknown_labels`` has checked), and there is at least one."""
    held = _by_id(labels)
    return _label(max((held[str(i).lower()] for i in label_ids), key=_priority))


def _rights(
    user_email: str | None,
    label: Mapping[str, Any],
    granted: Mapping[str, Any] | None,
    content_format: Any,
    supported: set[str],
) -> str:
    # A format the caller did not list is one it cannot open: nothing is granted on it.
    if supported and str(content_format).lower() not in supported:
        return ACCESS_DENIED
    # No encryption, no usage restriction: every right.
    if not label.get("hasProtection") or granted is None:
        return OWNER
    # The Rights Management owner has Full Control
    # (https://learn.microsoft.com/purview/rights-management-usage-rights#rights-management-issuer-and-rights-management-owner).
    owner = granted.get("ownerEmail")
    if user_email and isinstance(owner, str) and owner.lower() == user_email.lower():
        return OWNER
    value = granted.get("value")
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return str(value) if value else ACCESS_DENIED  # encrypted, and nothing granted


def compute_rights(
    user_email: str | None,
    contents: Sequence[Mapping[str, Any]],
    labels: Items,
    rights: Items,
    formats: Sequence[str],
) -> dict[str, Any]:
    """The computeRightsAndInheritanceResult (wire): per protected content
    (``{"cid", "format", "labelId"}``) its label and the user's usage rights on it, the label
    the contents inherit together, and their distinct labels in priority order.

    Rights: ``accessDenied`` for a format outside ``formats`` (when any are given); ``owner`` for
    a label without protection, or without a rights entry, and for the rights' owner; else the
    label's rights value (one entry per label: what every other user is granted), and
    ``accessDenied`` when that is empty. Inheritance counts every content, whatever its format,
    so leaving a format out never lowers the label."""
    held, granted = _by_id(labels), _by_id(rights)
    supported = {str(f).lower() for f in formats}
    entries: list[dict[str, Any]] = []
    used: dict[str, Mapping[str, Any]] = {}
    for content in contents:
        key = str(content.get("labelId", "")).lower()
        label = held[key]
        used.setdefault(key, label)
        entries.append(
            {
                "@odata.type": qualified("labelContentRight"),
                "id": content.get("cid"),
                "cid": content.get("cid"),
                "format": content.get("format"),
                "label": _label(label),
                "rights": _rights(
                    user_email, label, granted.get(key), content.get("format"), supported
                ),
            }
        )
    ids = [str(c.get("labelId", "")) for c in contents]
    return {
        "@odata.type": qualified("computeRightsAndInheritanceResult"),
        "contentRights": entries,
        "inheritedLabel": inherited(ids, labels) if ids else None,
        "sensitivityLabels": [_label(label) for label in sorted(used.values(), key=_priority)],
    }


def unknown_labels(
    label_ids: Sequence[str] | str, labels: Items, parameter: str, field: str | None = None
) -> None:
    """ValidationError naming each id that is not one of the tenant's labels, as
    ``parameter[index]`` (``parameter[index].field`` with a field; a single id: no index)."""
    held = {str(key).lower() for key in labels}
    single = isinstance(label_ids, str)
    unknown: dict[Any, Any] = {}
    for index, value in enumerate([label_ids] if single else label_ids):
        if str(value).lower() not in held:
            message = [f"'{value}' is not a sensitivity label of this tenant."]
            unknown[index] = {field: message} if field else message
    if not unknown:
        return
    first = unknown[0] if single else unknown
    raise ValidationError({parameter: first})
