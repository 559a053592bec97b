"""The service's actions, each answered as Graph answers it (``core/model/actions.py`` declares
them; ``service.py`` routes them ahead of the item routes).

``classifyFile`` reads the file's text, finds the built-in sensitive types in it
(``features/detection.py``: Microsoft's published patterns, checksums and keywords) and answers
a ``classificationJobResponse`` whose ``result`` holds them. The job is a real job: stored in
``classifyFileJobs`` (and seen through ``jobs``), complete when answered, as the SDK's typed
answer expects; with an app-wide lifecycle it starts ``notStarted`` and advances as polled.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from marshmallow import ValidationError

from mockgraph.core.answers import Answer
from mockgraph.core.model.actions import CLASSIFY_FILE
from mockgraph.core.model.collections import ENTITY_SETS
from mockgraph.core.model.types import CLASSIFICATION_JOB_RESPONSE, qualified
from mockgraph.core.schemas import load_parameters
from mockgraph.core.schemas.fields import decode_base64
from mockgraph.features.detection import DETECTABLE, detect
from mockgraph.features.lifecycle import COMPLETED, NOT_STARTED, timestamp
from mockgraph.http.body import json_object
from mockgraph.http.call import GraphCall
from mockgraph.http.entities import entity_answer

CLASSIFY_FILE_JOBS = ENTITY_SETS["classifyFileJobs"]
SENSITIVE_TYPES = "sensitiveTypes"
_STAMPS = ("creationDateTime", "startDateTime", "endDateTime")
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


def _chosen_types(call: GraphCall, ids: list[str] | None) -> list[str] | None:
    # Every id must be a sensitive type the tenant has: a built-in one, or one it holds.
    if ids is None:
        return None
    held = {e.id for e in call.state.store.select(call.tenant, SENSITIVE_TYPES)}
    unknown = {
        index: [f"'{value}' is not a sensitive type of this tenant."]
        for index, value in enumerate(ids)
        if value not in DETECTABLE and value not in held
    }
    if unknown:
        raise ValidationError({"sensitiveTypeIds": unknown})
    return ids


def classify_file(call: GraphCall) -> Answer:
    """``POST /dataClassification/classifyFile``: the job, complete, with what was found."""
    sent = load_parameters(json_object(call), CLASSIFY_FILE)
    ids = _chosen_types(call, sent.get("sensitiveTypeIds"))
    text = file_text(decode_base64(sent["file"]) or b"")
    now = timestamp()
    # With an app-wide lifecycle (MOCKGRAPH_LIFECYCLE_POLLS) the job starts as a poller sees
    # it start, and moves on with the GETs and ticks (which stamp its start and end).
    polled = call.state.lifecycle.default.polls > 0
    times = {"creationDateTime": now} if polled else dict.fromkeys(_STAMPS, now)
    job = {
        "@odata.type": qualified(CLASSIFICATION_JOB_RESPONSE),
        "type": CLASSIFY_FILE,
        "status": NOT_STARTED if polled else COMPLETED,
        "tenantId": call.tenant,
        **times,
        "result": {
            "@odata.type": qualified("detectedSensitiveContentWrapper"),
            "classification": detect(text, ids),
        },
    }
    container = CLASSIFY_FILE_JOBS.name
    entry = call.state.store.create(call.tenant, container, job)
    return entity_answer(call, CLASSIFY_FILE_JOBS, container, entry)


# The view of each action the mock serves, by name.
VIEWS: dict[str, Callable[..., Answer]] = {CLASSIFY_FILE: classify_file}
