"""What a file's text holds of Microsoft's built-in sensitive types, as Graph reports it.

``detect`` runs the rules of ``rules.py`` (each the pattern, checksum, keywords within 300
characters and confidence levels of its entity definition page) and answers the
``detectedSensitiveContent`` items, wire form, that ``classifyFile`` returns. Deterministic: the
same text always gives the same items. Offsets and lengths count UTF-16 code units, as Graph
(.NET) counts a string's characters, so an emoji before a match moves it by 2 (``Utf16``).
No Flask.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from mockgraph.core.model.types import qualified
from mockgraph.features.detection.engine import Found, Hit, Utf16, find
from mockgraph.features.detection.rules import ENTITIES
from mockgraph.features.tenant_defaults import SENSITIVE_TYPES

__all__ = ["DETECTABLE", "detect", "location"]

_RULES = {entity.type_id: entity for entity in ENTITIES}
_NAMES = {row.id: row.name for row in SENSITIVE_TYPES}
_ORDER = [row.id for row in SENSITIVE_TYPES if row.id in _RULES]

DETECTABLE: frozenset[str] = frozenset(_RULES)


def detect(text: str, sensitive_type_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The detectedSensitiveContent items (Graph wire form) found in ``text``, for the given
    built-in types (None: every type the detector knows; an id it does not know finds nothing),
    in the order of the seeded list."""
    wanted = set(_ORDER if sensitive_type_ids is None else sensitive_type_ids)
    units = Utf16(text)
    items = []
    for type_id in _ORDER:
        if type_id in wanted and (found := find(_RULES[type_id], text)):
            items.append(_item(type_id, found, units))
    return items


def _item(type_id: str, found: list[Found], units: Utf16) -> dict[str, Any]:
    counts = Counter(f.confidence for f in found)
    return {
        "@odata.type": qualified("detectedSensitiveContent"),
        "id": type_id,
        "displayName": _NAMES[type_id],
        "confidence": max(counts),
        "recommendedConfidence": _RULES[type_id].recommended,
        "uniqueCount": len({f.hit.text for f in found}),
        "classificationMethod": "patternMatch",
        "sensitiveTypeSource": "outOfBox",
        "scope": "fullDocument,partialDocument",  # as the seeded types say
        "classificationAttributes": [
            {"@odata.type": qualified("classificationAttribute"), "confidence": c, "count": n}
            for c, n in sorted(counts.items(), reverse=True)
        ],
        "matches": [location(f, units) for f in found],
    }


def location(found: Found, units: Utf16) -> dict[str, Any]:
    """A finding as a sensitiveContentLocation (wire form): its match, place and evidence."""
    return {
        "@odata.type": qualified("sensitiveContentLocation"),
        "idMatch": found.hit.text,
        **_span(found.hit, units),
        "confidence": found.confidence,
        "evidences": [
            {"@odata.type": qualified("sensitiveContentEvidence"), "match": e.text,
             **_span(e, units)}
            for e in found.evidences
        ],
    }  # fmt: skip


def _span(hit: Hit, units: Utf16) -> dict[str, int]:
    return {"offset": units.offset(hit.start), "length": units.length(hit.start, hit.end)}
