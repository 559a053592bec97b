"""The request journal: the last N Graph calls, what they sent and what they got. No Flask imports.

Bounded so a long session cannot grow without limit: the oldest entries fall off, and
``dropped`` says how many did. Clearing everything swaps in an empty deque (O(1)).
Each entry is numbered as it is added (its position), so a reader can ask for what was added
since it last looked (``tail``): by ``seq`` it could miss a slow call that finished late.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import takewhile
from typing import Any, Protocol

from mockgraph.config import DEFAULTS

DEFAULT_SIZE: int = DEFAULTS["MOCKGRAPH_JOURNAL_SIZE"]
# The journal's bytes (headers, query and bodies kept, as ``Recorded.weight`` counts them): the
# oldest entries fall off past this too, however few they are.
DEFAULT_BYTES = 64 * 1024 * 1024
# A journal entry keeps at most this much of a request or response body (Graph's are far smaller).
BODY_LIMIT = 64 * 1024
# What a summary leaves out: the headers and bodies (a list page's answer may be 64 KB).
HEAVY = frozenset({"headers", "body", "responseHeaders", "responseBody"})


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
    response_headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    response_body: str | None = field(default=None, repr=False)
    response_body_truncated: bool = False

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
            "responseHeaders": dict(self.response_headers),
            "responseBody": self.response_body,
            "responseBodyTruncated": self.response_body_truncated,
        }

    def error_code(self) -> str | None:
        """The Graph error code the call was answered with (None: no error envelope)."""
        if self.status < 400 or not self.response_body or self.response_body_truncated:
            return None
        try:
            error = json.loads(self.response_body).get("error")
        except (ValueError, AttributeError):
            return None
        code = error.get("code") if isinstance(error, dict) else None
        return code if isinstance(code, str) else None

    def summary(self) -> dict[str, Any]:
        """``to_dict`` without the headers and bodies (every other field, as it grows)."""
        return {k: v for k, v in self.to_dict().items() if k not in HEAVY}


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


@dataclass(frozen=True)
class Tail:
    """What was added to the journal after a position: each entry with its position, in the
    order they were added; ``cursor``, the position to ask after next; ``first``, the oldest
    position held (rows below it fell off); ``epoch``, which changes on every clear and differs
    between journals (a reader holding another epoch's rows starts over)."""

    entries: list[tuple[int, JournalEntry]]
    cursor: int
    first: int
    epoch: str


class Journal:
    """The most recent ``size`` entries, oldest first, behind one lock."""

    def __init__(self, size: int = DEFAULT_SIZE, max_bytes: int = DEFAULT_BYTES) -> None:
        if size < 1:
            raise ValueError("the journal must hold at least one entry")
        self.size = size
        self.max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()
        self._entries: deque[Recorded] = deque(maxlen=size)
        self._positions: deque[int] = deque(maxlen=size)  # beside each entry, when it was added
        self._added = 0
        self._seq = 0
        self._dropped = 0
        self._instance = uuid.uuid4().hex[:8]
        self._clears = 0
        # Who is told of each entry as it is added (``serve``'s request log); none by default.
        self._listeners: tuple[Callable[[Recorded], None], ...] = ()

    def next_seq(self) -> int:
        """A fresh sequence number (taken when a request starts, so entries sort by arrival)."""
        with self._lock:
            self._seq += 1
            return self._seq

    def add(self, entry: Recorded) -> None:
        """Record ``entry``, dropping the oldest when full."""
        weight = _weight(entry)
        with self._lock:
            entries = self._entries
            self._bytes += weight
            while entries and (len(entries) == self.size or self._bytes > self.max_bytes):
                self._bytes -= _weight(entries.popleft())
                self._positions.popleft()
                self._dropped += 1
            self._added += 1
            entries.append(entry)
            self._positions.append(self._added)
        for listener in self._listeners:
            listener(entry)

    def subscribe(self, listener: Callable[[Recorded], None]) -> None:
        """Call ``listener`` with each entry added from now on, on the adding thread: it must be
        quick and must not raise."""
        with self._lock:
            self._listeners = (*self._listeners, listener)

    def entries(self, tenant: str | None = None) -> list[JournalEntry]:
        """A snapshot, in arrival order; only ``tenant``'s when given."""
        with self._lock:
            snapshot = list(self._entries)
        snapshot.sort(key=lambda item: item.seq)
        return [item.entry() for item in snapshot if tenant is None or item.tenant == tenant]

    def find(self, seq: int, tenant: str | None = None) -> JournalEntry | None:
        """The entry numbered ``seq``, if it is held (and ``tenant``'s, when given)."""
        with self._lock:
            found = next((item for item in self._entries if item.seq == seq), None)
        if found is None or (tenant is not None and found.tenant != tenant):
            return None
        return found.entry()

    def tail(self, after: int, tenant: str | None = None, limit: int | None = None) -> Tail:
        """The entries added after position ``after`` (only ``tenant``'s when given), the newest
        ``limit`` of them at most."""
        with self._lock:
            cursor, epoch = self._added, f"{self._instance}.{self._clears}"
            first = self._positions[0] if self._positions else cursor + 1
            # From the right: a poll that finds nothing new costs nothing, however full.
            pairs = zip(reversed(self._positions), reversed(self._entries), strict=True)
            newest = list(takewhile(lambda pair: pair[0] > after, pairs))
        newest.reverse()
        chosen = [(p, item) for p, item in newest if tenant is None or item.tenant == tenant]
        if limit is not None:
            chosen = chosen[-limit:] if limit > 0 else []
        return Tail([(p, item.entry()) for p, item in chosen], cursor, first, epoch)

    @property
    def dropped(self) -> int:
        """How many entries fell off the front since the last full clear."""
        with self._lock:
            return self._dropped

    def clear(self, tenant: str | None = None) -> None:
        """Forget every entry, or ``tenant``'s."""
        with self._lock:
            self._clears += 1
            if tenant is None:
                self._entries = deque(maxlen=self.size)
                self._positions = deque(maxlen=self.size)
                self._dropped = 0
                self._bytes = 0
            else:
                pairs = zip(self._positions, self._entries, strict=True)
                kept = [(p, entry) for p, entry in pairs if entry.tenant != tenant]
                self._positions = deque((p for p, _ in kept), maxlen=self.size)
                self._entries = deque((entry for _, entry in kept), maxlen=self.size)
                self._bytes = sum(_weight(entry) for entry in self._entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def _weight(entry: Recorded) -> int:
    """The bytes an entry keeps, as it says (0 for one that does not say: small)."""
    return int(getattr(entry, "weight", 0))
