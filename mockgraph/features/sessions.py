"""Exact-match upload sessions: the states a client sees them move through. No Flask.

In Graph an upload agent creates a session under a data store, uploads the hashed rows in
blocks, then commits it; the service processes the blocks and completes it. The mock has no
agent and no blocks to process: a session starts ``uploading``; ``commit`` finishes the upload
(``processing``, or straight to ``completed`` when no lifecycle asks for polling), and the
lifecycle's polls and ticks complete it; ``cancel`` stops it; ``renew`` keeps an uploading
session open. An action the session's state does not allow is a 409 (Graph's "the current state
conflicts with what the request expects"), and changes nothing.
"""

from __future__ import annotations

from typing import Any

from mockgraph.core.errors import LifecycleError
from mockgraph.features.lifecycle import timestamp

UPLOADING = "uploading"
PROCESSING = "processing"
COMPLETED = "completed"
FAILED = "failed"
CANCELED = "canceled"
STATES = (UPLOADING, PROCESSING, COMPLETED, FAILED, CANCELED)
# What the service sets on a new session where the client sent nothing.
SET_ON_CREATION = (
    "state",
    "dataStoreId",
    "creationDateTime",
    "startDateTime",
    "lastUpdatedDateTime",
    "remainingBlockCount",
)


def created(data: dict[str, Any], data_store_id: str) -> dict[str, Any]:
    """A new session's fields: what the client sent, and what the service sets on creation
    where the client sent nothing."""
    now = timestamp()
    values = (UPLOADING, data_store_id, now, now, now, data.get("totalBlockCount"))
    server = dict(zip(SET_ON_CREATION, values, strict=True))
    return {**data, **{k: v for k, v in server.items() if k not in data}}


def _state(fields: dict[str, Any]) -> str:
    return str(fields.get("state") or UPLOADING)


def _refuse(fields: dict[str, Any], action: str, allowed: tuple[str, ...]) -> None:
    state = _state(fields)
    if state not in allowed:
        raise LifecycleError(
            f"The session is '{state}': it can be {action} only while "
            f"{' or '.join(repr(a) for a in allowed)}."
        )


def commit(fields: dict[str, Any], polled: bool) -> dict[str, Any]:
    """The changes ``commit`` makes: the upload is complete; processing starts (``polled``:
    a lifecycle will complete it) or is done at once."""
    _refuse(fields, "committed", (UPLOADING,))
    now = timestamp()
    jobs = fields.get("totalJobCount") or 1
    changes = {
        "state": PROCESSING,
        "uploadCompletionDateTime": now,
        "lastUpdatedDateTime": now,
        "remainingBlockCount": 0,
        "totalJobCount": jobs,
        "remainingJobCount": jobs,
    }
    return changes if polled else {**changes, **_finished(COMPLETED, now)}


def _finished(state: str, now: str) -> dict[str, Any]:
    return {
        "state": state,
        "processingCompletionDateTime": now,
        "completionDateTime": now,
        "lastUpdatedDateTime": now,
        "remainingJobCount": 0,
    }


def advance(fields: dict[str, Any], outcome: str = COMPLETED) -> dict[str, Any] | None:
    """The next lifecycle step of a processing session (None when there is none)."""
    if _state(fields) != PROCESSING:
        return None
    return _finished(outcome, timestamp())


def cancel(fields: dict[str, Any]) -> dict[str, Any]:
    """The changes ``cancel`` makes: an uploading or processing session stops for good."""
    _refuse(fields, "canceled", (UPLOADING, PROCESSING))
    now = timestamp()
    return {"state": CANCELED, "completionDateTime": now, "lastUpdatedDateTime": now}


def renew(fields: dict[str, Any]) -> dict[str, Any]:
    """The changes ``renew`` makes: an uploading session stays open, from now."""
    _refuse(fields, "renewed", (UPLOADING,))
    return {"lastUpdatedDateTime": timestamp()}
