"""The test features on Graph calls: faults, latency and the journal.

Only Graph calls (paths under ``/beta``) come here: the admin API is never journaled or faulted.
``plan`` runs first (a server may run it before the app, to hold the call back); ``begin`` and
``finish`` run around each Graph call (``service.py``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.datastructures import EnvironHeaders, MultiDict

from mockgraph.core.answers import Answer, Headers, header_text
from mockgraph.core.auth import DEFAULT_TENANT, read_claims, tenant_of
from mockgraph.core.errors import BadRequestError, GraphError
from mockgraph.features.journal import BODY_LIMIT, JournalEntry, body_text
from mockgraph.http.browsers import is_preflight
from mockgraph.http.call import GraphCall
from mockgraph.http.current import state_of
from mockgraph.http.environ import UNREADABLE_KEY, WAIT_KEY, Wait, query_text
from mockgraph.paths import graph_path

# The environ key under which ``plan`` leaves what it took for the call (see ``plan``).
PLAN_KEY = "mockgraph.plan"


class _RecordingInput:
    """``wsgi.input`` that keeps a copy of what the app reads (up to the journal's limit).

    The body must reach the app untouched (its own 413/415/400 checks read it), so the
    journal records what was read rather than reading ahead.
    """

    def __init__(self, stream: Any, limit: int = BODY_LIMIT) -> None:
        self._stream = stream
        self._limit = limit
        self.seen = bytearray()
        self.size = 0

    def _keep(self, data: bytes) -> bytes:
        self.size += len(data)
        room = self._limit + 1 - len(self.seen)  # one byte over tells "truncated"
        if room > 0:
            self.seen += data[:room]
        return data

    def read(self, size: int = -1) -> bytes:
        return self._keep(self._stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._keep(self._stream.readline(size))

    def readlines(self, hint: int = -1) -> list[bytes]:
        return [self._keep(line) for line in self._stream.readlines(hint)]

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")


class CallRecord:
    """One Graph call as recorded while it is served: raw facts, cheap to take. The journal
    entry (headers, query, body text, start time as text) is made from them only when read."""

    __slots__ = (
        "_entry",
        "batch",
        "weight",
        "body",
        "clock",
        "early_retry",
        "duration_ms",
        "environ",
        "fault",
        "method",
        "path",
        "recorder",
        "request_id",
        "response_body",
        "response_headers",
        "seq",
        "started",
        "status",
        "tenant",
    )
    body: bytearray
    duration_ms: float
    environ: dict[str, Any]
    method: str
    path: str
    request_id: str
    response_body: bytes
    response_headers: Headers
    status: int

    def __init__(
        self,
        seq: int,
        tenant: str,
        recorder: _RecordingInput,
        started: float,
        clock: float,
        batch: tuple[str, str] | None = None,
    ) -> None:
        self.seq, self.tenant, self.recorder, self.batch = seq, tenant, recorder, batch
        self.started, self.clock = started, clock
        self.fault: str | None = None
        self.early_retry = False
        self._entry: JournalEntry | None = None

    def finish(self, call: GraphCall, answer: Answer) -> None:
        """Keep what the entry needs once the answer is known (not the request's streams)."""
        environ = call.environ
        self.duration_ms = round((time.perf_counter() - self.clock) * 1000, 3)
        self.method, self.path = call.request.method, call.request.path
        self.request_id = call.request_id
        kept = {k: v for k, v in environ.items() if k[:5] == "HTTP_" or k in _KEPT}
        weight = sum(map(len, kept.values()))
        if weight > VALUE_LIMIT:  # the journal keeps a header's start, not 8 MB of it
            for key, value in kept.items():
                if len(value) > VALUE_LIMIT:
                    kept[key] = f"{value[:VALUE_LIMIT]}... ({len(value)} characters)"
            weight = sum(map(len, kept.values()))
        self.environ = kept
        self.body = self.recorder.seen
        del self.recorder
        self.status, self.response_headers, sent = answer
        # Kept as it is (no copy) unless longer than the journal keeps: one byte over tells.
        self.response_body = sent if len(sent) <= BODY_LIMIT else sent[: BODY_LIMIT + 1]
        # What the journal's byte budget counts: headers, both bodies, the rest roughly.
        self.weight = weight + len(self.body) + len(self.response_body) + 1024

    def entry(self) -> JournalEntry:
        """The journal entry, as werkzeug would have read the request (made once)."""
        if self._entry is None:
            environ = self.environ
            # As text: a query that is not UTF-8 was answered 400, and is kept as latin-1.
            query = header_text(environ.get("QUERY_STRING", ""))
            args = MultiDict(parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote"))
            body, truncated = body_text(bytes(self.body))
            answer, answer_truncated = body_text(self.response_body)
            started = datetime.fromtimestamp(self.started, timezone.utc)
            headers = {k.lower(): header_text(v) for k, v in EnvironHeaders(environ).items()}
            batch_id, batch_request_id = self.batch or (None, None)
            self._entry = JournalEntry(
                seq=self.seq,
                tenant=self.tenant,
                method=self.method,
                path=self.path,
                query=args.to_dict(),
                headers=headers,
                body=body,
                body_truncated=truncated,
                status=self.status,
                duration_ms=self.duration_ms,
                started_at=started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                request_id=self.request_id,
                fault=self.fault,
                early_retry=self.early_retry,
                retry_attempt=_retry_attempt(headers.get("retry-attempt")),
                batch_id=batch_id,
                batch_request_id=batch_request_id,
                response_headers={k.lower(): header_text(v) for k, v in self.response_headers},
                response_body=answer,
                response_body_truncated=answer_truncated,
            )
        return self._entry


_KEPT = frozenset({"QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH"})
# Set by the $batch route on each sub-request's environ: (the batch's request id, the
# sub-request's id in the batch), journaled as batchId and batchRequestId.
BATCH_KEY = "mockgraph.batch"
VALUE_LIMIT = 4096  # characters of one header (or the query string) a journal entry keeps


def _retry_attempt(value: str | None) -> int | None:
    # The SDK's RetryHandler numbers its retries (Retry-Attempt: 1, 2...).
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _caller_tenant(authorization: str | None) -> str:
    try:
        return tenant_of(read_claims(authorization, required=False))
    except GraphError:
        return DEFAULT_TENANT  # an unreadable token: the auth check answers 401 for it


def plan(app: Flask, environ: dict[str, Any]) -> float:
    """Before the app runs: take the call's fault rule and say how long (seconds) to hold the
    call back, injected latency and the rule's together. A server that waits the delay out
    itself (``mockgraph.serving.bridge``, without holding a thread) calls this first; the app then
    applies the rule taken here. Called directly as WSGI, the app plans and sleeps itself."""
    path = graph_path(environ)
    if path is None or is_preflight(environ):
        return 0.0  # not a Graph call (the admin API, a preflight): never journaled or faulted
    state = state_of(app)
    tenant = _caller_tenant(environ.get("HTTP_AUTHORIZATION"))
    fired = state.faults.take(environ.get("REQUEST_METHOD", "GET"), path, tenant, state.clock.now())
    delay_ms = app.config["MOCKGRAPH_LATENCY_MS"] + (fired.rule.latency_ms if fired else 0)
    environ[PLAN_KEY] = (fired, tenant, time.time(), time.perf_counter())
    return delay_ms / 1000 if delay_ms > 0 else 0.0


def begin(call: GraphCall) -> None:
    """Before the route runs: wait out the call's latency (unless its server has), start its
    journal record, and raise the error of a fault rule that fired for it, else Graph's 400 for
    a call that cannot be read as it was sent (``_check_readable``)."""
    environ = call.environ
    planned = environ.pop(PLAN_KEY, None)
    if planned is None:
        delay = plan(call.app, environ)
        planned = environ.pop(PLAN_KEY)
        if delay > 0:
            # Real latency is the feature: a client's timeouts see it. Served by
            # MockGraphServer, the call was held back before the app ran; here the caller
            # called the app directly, and waits in its own thread (or its way: WAIT_KEY).
            wait: Wait = environ.get(WAIT_KEY, time.sleep)
            wait(delay)
    fired, tenant, started_at, clock = planned
    recorder = _RecordingInput(environ["wsgi.input"])
    environ["wsgi.input"] = recorder
    batch = environ.get(BATCH_KEY)
    call.recorded = recorded = CallRecord(
        call.state.journal.next_seq(), tenant, recorder, started_at, clock, batch
    )
    if fired is not None:
        recorded.fault, recorded.early_retry = fired.rule.id, fired.early
    error = fired.error() if fired else None
    if error is not None:
        raise error
    _check_readable(environ)


def _check_readable(environ: dict[str, Any]) -> None:
    """BadRequestError for a call the app cannot read as it was sent: a header its server
    withheld (served without it, the call would be another), a query string not UTF-8."""
    withheld = environ.get(UNREADABLE_KEY)
    if withheld:
        which = "header" if len(withheld) == 1 else "headers"
        names = ", ".join(f"'{name}'" for name in withheld)
        raise BadRequestError(
            f"The {which} {names} held a value that is not ASCII, which this server cannot "
            "read; send header values as ASCII (percent-encode other text)."
        )
    query_text(environ)


def finish(call: GraphCall, answer: Answer) -> None:
    """Once the call is answered: journal it, with its body even if the route never read it."""
    recorded = call.recorded
    if recorded is None:
        return  # it failed before its record began
    sent = (call.request.content_length or 0) if call.environ.get("CONTENT_LENGTH") else 0
    unread = sent - recorded.recorder.size
    if 0 < unread <= BODY_LIMIT:  # a body the route never read (a fault, a 401): journal it too
        recorded.recorder.read(unread)
    recorded.finish(call, answer)
    call.state.journal.add(recorded)
