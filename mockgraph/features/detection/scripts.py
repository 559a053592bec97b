"""Detection results a test scripts: for a tenant's own sensitive types (which have no published
pattern) or to pin what a built-in type finds. No Flask.

A script names a sensitive type and either a ``pattern`` (a regular expression: each match is a
finding of that type, at ``confidence``) or a ``result`` (a ``detectedSensitiveContent`` item,
answered as given); ``when``, if set, limits it to files whose text contains that string. For a
file it applies to, a script replaces the built-in detection of its type.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from marshmallow import ValidationError

from mockgraph.core.model.types import qualified
from mockgraph.features.detection.engine import Utf16

_FIELDS = {"sensitiveTypeId", "pattern", "result", "confidence", "when"}


@dataclass(frozen=True)
class Script:
    """One scripted detection (see the module's docstring)."""

    sensitive_type_id: str
    pattern: re.Pattern[str] | None = None
    result: dict[str, Any] | None = None
    confidence: int = 85
    when: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The script as the admin API shows it."""
        return {
            "sensitiveTypeId": self.sensitive_type_id,
            "pattern": self.pattern.pattern if self.pattern else None,
            "result": self.result,
            "confidence": self.confidence,
            "when": self.when,
        }

    def applies(self, text: str) -> bool:
        return self.when is None or self.when in text

    def item(self, text: str, name: str | None) -> dict[str, Any] | None:
        """The detectedSensitiveContent item this script answers for ``text`` (None: none)."""
        if self.result is not None:
            return {**self.result, "id": self.sensitive_type_id}
        assert self.pattern is not None
        units = Utf16(text)
        hits = [m for m in self.pattern.finditer(text) if m.end() > m.start()]
        if not hits:
            return None
        location = qualified("sensitiveContentLocation")
        return {
            "@odata.type": qualified("detectedSensitiveContent"),
            "id": self.sensitive_type_id,
            "displayName": name,
            "confidence": self.confidence,
            "recommendedConfidence": self.confidence,
            "uniqueCount": len({m.group() for m in hits}),
            "classificationMethod": "patternMatch",
            "classificationAttributes": [
                {
                    "@odata.type": qualified("classificationAttribute"),
                    "confidence": self.confidence,
                    "count": len(hits),
                }
            ],
            "matches": [
                {
                    "@odata.type": location,
                    "idMatch": m.group(),
                    "offset": units.offset(m.start()),
                    "length": units.length(m.start(), m.end()),
                    "confidence": self.confidence,
                    "evidences": [],
                }
                for m in hits
            ],
        }


def _text(data: dict[str, Any], name: str, errors: dict[str, list[str]]) -> str | None:
    value = data.get(name)
    if value is not None and (not isinstance(value, str) or not value):
        errors[name] = ["Not a non-empty string."]
        return None
    return value


def script_from_wire(data: Any, result_check: Any) -> Script:
    """A script from what a test sends; ``result_check`` validates a ``result`` (the schema of
    detectedSensitiveContent). Raises ValidationError naming each bad field."""
    if not isinstance(data, dict):
        raise ValidationError(["A script is a JSON object."])
    errors: dict[str, list[str]] = {
        name: ["Unknown field."] for name in sorted(set(data) - _FIELDS)
    }
    type_id = _text(data, "sensitiveTypeId", errors)
    if data.get("sensitiveTypeId") is None:
        errors["sensitiveTypeId"] = ["Missing data for required field."]
    source, result = _text(data, "pattern", errors), data.get("result")
    if (source is None) == (result is None):
        errors["_schema"] = ["Give either 'pattern' or 'result'."]
    pattern = None
    if source is not None:
        try:
            pattern = re.compile(source)
        except re.error as error:
            errors["pattern"] = [f"Not a regular expression: {error}."]
    confidence = data.get("confidence", 85)
    if (
        not isinstance(confidence, int)
        or isinstance(confidence, bool)
        or not 0 <= confidence <= 100
    ):
        errors["confidence"] = ["Not an integer from 0 to 100."]
    when = _text(data, "when", errors)
    if result is not None and "result" not in errors:
        try:
            result = result_check(result)
        except ValidationError as error:
            errors["result"] = error.messages  # type: ignore[assignment]
    if errors:
        raise ValidationError(errors)
    return Script(str(type_id), pattern, result, confidence, when)


class Scripts:
    """Each tenant's scripts, in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scripts: dict[str, list[Script]] = {}

    def add(self, tenant: str, script: Script) -> None:
        with self._lock:
            self._scripts.setdefault(tenant, []).append(script)

    def of(self, tenant: str) -> list[Script]:
        with self._lock:
            return list(self._scripts.get(tenant, ()))

    def clear(self, tenant: str | None = None) -> None:
        with self._lock:
            if tenant is None:
                self._scripts.clear()
            else:
                self._scripts.pop(tenant, None)


def apply(
    scripts: list[Script],
    text: str,
    found: list[dict[str, Any]],
    wanted: set[str] | None,
    names: dict[str, str],
) -> list[dict[str, Any]]:
    """``found`` (the built-in detection's items) with each applying script's type replaced
    by what the script answers; ``wanted``: the types asked for (None: every type)."""
    chosen: dict[str, Script] = {}
    for script in scripts:  # the last added wins for a type
        if script.applies(text) and (wanted is None or script.sensitive_type_id in wanted):
            chosen[script.sensitive_type_id] = script
    kept = [item for item in found if item["id"] not in chosen]
    for type_id, script in chosen.items():
        if (item := script.item(text, names.get(type_id))) is not None:
            kept.append(item)
    return kept
