"""The request journal: the last N Graph calls, what they sent and what they got. No Flask imports.

Bounded so a long session cannot grow without limit: the oldest entries fall off, and
``dropped`` says how many did. Clearing everything swaps in an empty deque (O(1)).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mockgraph.config import DEFAULTS

DEFAULT_SIZE: int = DEFAULTS["MOCKGRAPH_JOURNAL_SIZE"]
# A journal entry keeps at most this much of a request body (Graph bodies are far smaller).
BODY_LIMIT = 64 * 1024


@dataclass(frozen=True)
class JournalEntry:
    """One Graph call as the mock saw it."""

    seq: int
    tenant: str
    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str] = field(repr=False)
    body: str | None = field(repr=False)
    status: int
    duration_ms: float
    started_at: str
    request_id: str
    body_truncated: bool = False
    fault: str | None = None  # the fault rule that answered, if any
    early_retry: bool = False  # answered again: it came before an enforced Retry-After passed
    retry_attempt: int | None = None  # the Retry-Attempt header the client sent, as a number
    batch_id: str | None = None  # a $batch sub-request: the request id of its batch
    batch_request_id: str | None = None  # and its own id in that batch

    def entry(self) -> JournalEntry:
        """Itself (see ``Recorded``)."""
        return self

    def to_dict(self) -> dict[str, Any]:
        """The entry as the admin API shows it (camelCase, as Graph's own JSON)."""
        return {
            "seq": self.seq,
            "tenant": self.tenant,
            "method": self.method,
            "path": self.path,
            "query": dict(self.query),
            "headers": dict(self.headers),
            "body": self.body,
            "bodyTruncated": self.body_truncated,
            "status": self.status,
            "durationMs": self.duration_ms,
            "startedAt": self.started_at,
            "requestId": self.request_id,
            "fault": self.fault,
            "earlyRetry": self.early_retry,
            "retryAttempt": self.retry_attempt,
            "batchId": self.batch_id,
            "batchRequestId": self.batch_request_id,
        }


class Recorded(Protocol):
    """What the journal holds: a ``JournalEntry``, or a call recorded as raw facts and turned
    into one only when the journal is read (most calls are never read: recording stays cheap)."""

    @property
    def seq(self) -> int: ...

    @property
    def tenant(self) -> str: ...

    def entry(self) -> JournalEntry:
        """The entry these facts make."""
        ...


def body_text(raw: bytes, limit: int = BODY_LIMIT) -> tuple[str | None, bool]:
    """A body as journal text (None when empty), and whether it was cut at ``limit`` bytes."""
    if not raw:
        return None, False
    return raw[:limit].decode("utf-8", errors="replace"), len(raw) > limit


class Journal:
    """The most recent ``size`` entries, oldest first, behind one lock."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 1:
            raise ValueError("the journal must hold at least one entry")
        self.size = size
        self._lock = threading.Lock()
        self._entries: deque[Recorded] = deque(maxlen=size)
        self._seq = 0
        self._dropped = 0

    def next_seq(self) -> int:
        """A fresh sequence number (taken when a request starts, so entries sort by arrival)."""
        with self._lock:
            self._seq += 1
            return self._seq

    def add(self, entry: Recorded) -> None:
        """Record ``entry``, dropping the oldest when full."""
        with self._lock:
            if len(self._entries) == self.size:
                self._dropped += 1
            self._entries.append(entry)

    def entries(self, tenant: str | None = None) -> list[JournalEntry]:
        """A snapshot, in arrival order; only ``tenant``'s when given."""
        with self._lock:
            snapshot = list(self._entries)
        snapshot.sort(key=lambda item: item.seq)
        return [item.entry() for item in snapshot if tenant is None or item.tenant == tenant]

    @property
    def dropped(self) -> int:
        """How many entries fell off the front since the last full clear."""
        with self._lock:
            return self._dropped

    def clear(self, tenant: str | None = None) -> None:
        """Forget every entry, or ``tenant``'s."""
        with self._lock:
            if tenant is None:
                self._entries = deque(maxlen=self.size)
                self._dropped = 0
            else:
                kept = (entry for entry in self._entries if entry.tenant != tenant)
                self._entries = deque(kept, maxlen=self.size)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
