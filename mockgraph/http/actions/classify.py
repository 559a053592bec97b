"""``classifyFile`` and ``classifyExactMatches``: what a file's text holds.

``classifyFile`` finds the built-in sensitive types in the text (``features/detection``:
Microsoft's published patterns, checksums and keywords), and what the tenant's scripts say, and
answers a ``classificationJobResponse`` job. ``classifyExactMatches`` finds the rows a test
loaded into the tenant's exact-match data stores (``features/exact_match.py``) and answers an
``exactMatchClassificationResult``: each data store is one exact-match type.
"""

from __future__ import annotations

import codecs
from bisect import bisect_right
from collections.abc import Set
from itertools import accumulate
from typing import Any

from marshmallow import ValidationError

from mockgraph.core.answers import Answer
from mockgraph.core.model.actions import ACTIONS, CLASSIFY_EXACT_MATCHES, CLASSIFY_FILE
from mockgraph.core.model.types import CLASSIFICATION_JOB_RESPONSE, qualified
from mockgraph.core.schemas import load_parameters
from mockgraph.core.schemas.fields import decode_base64
from mockgraph.features import exact_match
from mockgraph.features.detection import DETECTABLE, detect
from mockgraph.features.detection.scripts import apply
from mockgraph.http.actions.jobs import job_answer, value_answer
from mockgraph.http.body import json_object
from mockgraph.http.call import GraphCall

SENSITIVE_TYPES = "sensitiveTypes"
DATA_STORES = "exactMatchDataStores"
EXACT_MATCH_RESULT = ACTIONS[CLASSIFY_EXACT_MATCHES].returns or ""
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def file_text(data: bytes) -> str:
    """A file's text: UTF-8 or UTF-16 by its byte-order mark, else UTF-8, else Latin-1 (every
    byte a character), so any file is read and its offsets are stable."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _unknown(ids: list[str], known: Set[str], what: str) -> dict[int, list[str]]:
    return {
        index: [f"'{value}' is not {what} of this tenant."]
        for index, value in enumerate(ids)
        if value not in known
    }


def _tenant_types(call: GraphCall) -> dict[str, str]:
    # The tenant's sensitive types, id -> name.
    held = call.state.store.select(call.tenant, SENSITIVE_TYPES)
    return {e.id: str(e.fields.get("name") or "") for e in held}


def classify_file(call: GraphCall) -> Answer:
    """``POST /dataClassification/classifyFile``: the job, with what was found."""
    sent = load_parameters(json_object(call), CLASSIFY_FILE)
    ids, names = sent.get("sensitiveTypeIds"), _tenant_types(call)
    if ids is not None and (bad := _unknown(ids, DETECTABLE | set(names), "a sensitive type")):
        raise ValidationError({"sensitiveTypeIds": bad})
    text = file_text(decode_base64(sent["file"]) or b"")
    scripts = call.state.detections.of(call.tenant)
    found = apply(scripts, text, detect(text, ids), None if ids is None else set(ids), names)
    result = {
        "@odata.type": qualified("detectedSensitiveContentWrapper"),
        "classification": found,
    }
    return job_answer(call, "classifyFileJobs", CLASSIFICATION_JOB_RESPONSE, CLASSIFY_FILE, result)


def _spans(text: str, classifications: list[dict[str, Any]]) -> list[tuple[int, int]]:
    # Where the given classifications matched: UTF-16 offsets, as Graph writes them, as indexes.
    units = [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]
    spans = []
    for classification in classifications:
        for match in classification.get("matches") or ():
            offset, length = match.get("offset") or 0, match.get("length") or 0
            start = bisect_right(units, offset) - 1
            spans.append((start, bisect_right(units, offset + length - 1)))
    return spans


def classify_exact_matches(call: GraphCall) -> Answer:
    """``POST /dataClassification/classifyExactMatches``: the loaded rows the text holds."""
    sent = load_parameters(json_object(call), CLASSIFY_EXACT_MATCHES)
    stores = {e.id: e.data for e in call.state.store.select(call.tenant, DATA_STORES)}
    ids = sent.get("sensitiveTypeIds")
    if ids is not None and (bad := _unknown(ids, set(stores), "an exact-match data store")):
        raise ValidationError({"sensitiveTypeIds": bad})
    text, given = sent["text"], sent.get("contentClassifications")
    spans = None if given is None else _spans(text, given)
    found = []
    for store_id in stores if ids is None else dict.fromkeys(ids):
        columns = exact_match.columns_of(stores[store_id])
        rows = call.state.exact_rows.rows(call.tenant, store_id)
        matches = exact_match.find_matches(text, columns, rows, spans)
        if (item := exact_match.detected_content(stores[store_id], matches)) is not None:
            found.append(item)
    result = {
        "@odata.type": qualified(EXACT_MATCH_RESULT),
        "classification": found,
        "errors": [],
    }
    return value_answer(call, EXACT_MATCH_RESULT, result)
