"""Auto-labeling rules: which sensitive type makes which label applied or recommended. No Flask.

A rule is one condition of a Purview auto-labeling (or recommendation) policy: at least
``min_count`` instances of one sensitive type at ``min_confidence`` or above. ``DEFAULT_RULES``
fit the seeded taxonomy (``tenant_defaults``); a test replaces a tenant's with ``rules_from_wire``
and ``LabelingRules.set``. ``mockgraph.features.labeling`` evaluates them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mockgraph.core.schemas import ValidationError
from mockgraph.features import tenant_defaults as td

AUTOMATIC = "automatic"
RECOMMENDED = "recommended"
MODES = (AUTOMATIC, RECOMMENDED)
# Purview's confidence levels: low 65, medium 75, high 85
# (https://learn.microsoft.com/purview/sit-sensitive-information-type-learn-about#more-on-confidence-levels).
HIGH, MEDIUM, LOW = 85, 75, 65


@dataclass(frozen=True)
class LabelingRule:
    """One auto-labeling condition; ``id`` and ``name`` are its policy's (responsiblePolicy)."""

    id: str
    name: str
    sensitive_type_id: str
    label_id: str
    mode: str  # "automatic" | "recommended"
    min_count: int = 1  # instances of the type needed
    min_confidence: int = HIGH  # the level an instance needs to count

    def to_dict(self) -> dict[str, Any]:
        """The rule as the admin API shows and takes it."""
        return {
            "id": self.id,
            "name": self.name,
            "sensitiveTypeId": self.sensitive_type_id,
            "labelId": self.label_id,
            "mode": self.mode,
            "minCount": self.min_count,
            "minConfidence": self.min_confidence,
        }


# Several rules may share an id: they are one policy's conditions. Confidence: medium for the
# types whose entity definition recommends medium (recommendedConfidence 75, as
# detection/rules.py has it), high otherwise; high levels go with low counts, as the
# confidence-levels page advises ("say five to ten").
DEFAULT_RULES: tuple[LabelingRule, ...] = (
    # One payment card number: suggest Confidential, the user decides
    *(
        LabelingRule("auto-labeling-pci", "PCI: payment cards", type_id, td.CONFIDENTIAL,
                     RECOMMENDED)
        for type_id in (td.CREDIT_CARD_NUMBER, td.EU_DEBIT_CARD_NUMBER)
    ),
    # Ten or more is a card list, a breach waiting to happen: labelled without asking
    LabelingRule("auto-labeling-pci-bulk", "PCI: card lists", td.CREDIT_CARD_NUMBER,
                 td.HIGHLY_CONFIDENTIAL, AUTOMATIC, min_count=10),
    # An SSN is enough for identity theft: encrypted for employees at once
    LabelingRule("auto-labeling-us-ssn", "U.S. PII: Social Security numbers",
                 td.US_SOCIAL_SECURITY_NUMBER, td.HIGHLY_CONFIDENTIAL_ALL_EMPLOYEES, AUTOMATIC,
                 min_confidence=MEDIUM),
    # Bank accounts: encrypted for employees, only suggested since invoices quote them
    *(
        LabelingRule("auto-labeling-banking", "Financial: bank accounts", type_id,
                     td.CONFIDENTIAL_ALL_EMPLOYEES, RECOMMENDED, min_confidence=level)
        for type_id, level in (
            (td.IBAN, HIGH),
            (td.US_BANK_ACCOUNT_NUMBER, MEDIUM),
            (td.ABA_ROUTING_NUMBER, MEDIUM),
        )
    ),
    # Passports and national ids: suggest Highly Confidential
    *(
        LabelingRule("auto-labeling-national-ids", "Privacy: passports and national ids",
                     type_id, td.HIGHLY_CONFIDENTIAL, RECOMMENDED, min_confidence=level)
        for type_id, level in (
            (td.US_UK_PASSPORT_NUMBER, MEDIUM),
            (td.GERMANY_PASSPORT_NUMBER, HIGH),
            (td.GERMANY_IDENTITY_CARD_NUMBER, HIGH),
            (td.FRANCE_NATIONAL_ID_CARD, HIGH),
            (td.UK_NATIONAL_INSURANCE_NUMBER, MEDIUM),
            (td.US_INDIVIDUAL_TAXPAYER_ID, HIGH),
            (td.CANADA_SOCIAL_INSURANCE_NUMBER, MEDIUM),
            (td.AUSTRALIA_TAX_FILE_NUMBER, HIGH),
            (td.INDIA_PERMANENT_ACCOUNT_NUMBER, HIGH),
            (td.JAPAN_MY_NUMBER_PERSONAL, HIGH),
            (td.PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID, HIGH),
        )
    ),
    # A storage key is a credential: only the people chosen may even view it
    LabelingRule("auto-labeling-secrets", "Secrets: Azure storage keys",
                 td.AZURE_STORAGE_ACCOUNT_KEY, td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE, AUTOMATIC),
)  # fmt: skip
# Left without a rule: SWIFT codes and IP addresses name banks and hosts, not people; an NHS
# number is health data, which a tenant labels by a policy of its own.

_FIELDS = {
    "id": "id",
    "name": "name",
    "sensitiveTypeId": "sensitive_type_id",
    "labelId": "label_id",
    "mode": "mode",
    "minCount": "min_count",
    "minConfidence": "min_confidence",
}
_REQUIRED = ("id", "name", "sensitiveTypeId", "labelId", "mode")
_BOUNDS = {"minCount": (1, None), "minConfidence": (0, 100)}
_MISSING = {"rules": ["Missing data for required field."]}


def _field_errors(spec: Mapping[str, Any]) -> dict[str, list[str]]:
    errors = {key: ["Unknown field."] for key in spec if key not in _FIELDS}
    for key in _REQUIRED:
        value = spec.get(key)
        if key not in spec:
            errors[key] = ["Missing data for required field."]
        elif not isinstance(value, str) or not value:
            errors[key] = ["Not a valid non-empty string."]
    if isinstance(spec.get("mode"), str) and spec["mode"] not in MODES:
        errors["mode"] = [f"Must be one of: {', '.join(MODES)}."]
    for key, (low, high) in _BOUNDS.items():
        value = spec.get(key)
        if key not in spec:
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            errors[key] = ["Not a valid integer."]
        elif value < low or (high is not None and value > high):
            upper = "" if high is None else f" and less than or equal to {high}"
            errors[key] = [f"Must be greater than or equal to {low}{upper}."]
    return errors


def rules_from_wire(data: Any) -> tuple[LabelingRule, ...]:
    """The rules of ``{"rules": [...]}`` or a bare list, each in ``LabelingRule.to_dict`` form;
    ValidationError names each bad field as ``rules[index].field``, every one at once."""
    if isinstance(data, Mapping):
        extra = {key: ["Unknown field."] for key in data if key != "rules"}
        if "rules" not in data or extra:
            raise ValidationError({**extra, **({} if "rules" in data else _MISSING)})
        if not isinstance(data["rules"], list):
            raise ValidationError({"rules": ["Not a valid list."]})
        data = data["rules"]
    elif not isinstance(data, list):
        raise ValidationError({"_schema": ['Not {"rules": [...]} nor a list of rules.']})
    errors: dict[int, Any] = {}
    for index, spec in enumerate(data):
        if not isinstance(spec, Mapping):
            errors[index] = ["Not a valid JSON object."]
        elif found := _field_errors(spec):
            errors[index] = found
    if errors:
        raise ValidationError({"rules": errors})
    return tuple(
        LabelingRule(**{_FIELDS[key]: value for key, value in spec.items()}) for spec in data
    )


class LabelingRules:
    """Each tenant's rules, ``DEFAULT_RULES`` until a test sets them. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[str, tuple[LabelingRule, ...]] = {}

    def rules(self, tenant: str) -> tuple[LabelingRule, ...]:
        """The tenant's rules."""
        with self._lock:
            return self._rules.get(tenant, DEFAULT_RULES)

    def set(self, tenant: str, rules: Iterable[LabelingRule]) -> tuple[LabelingRule, ...]:
        """Replace the tenant's rules (none at all is allowed: no policy fires)."""
        kept = tuple(rules)
        with self._lock:
            self._rules[tenant] = kept
        return kept

    def reset(self, tenant: str | None = None) -> None:
        """Back to ``DEFAULT_RULES``: for ``tenant``, or for every tenant."""
        with self._lock:
            if tenant is None:
                self._rules.clear()
            else:
                self._rules.pop(tenant, None)
