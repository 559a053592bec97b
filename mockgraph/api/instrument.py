"""Request hooks for the test features on Graph routes: faults, latency, the journal, polls.

Only paths under ``/beta`` are touched: the admin API is never journaled or faulted.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, current_app, g, got_request_exception, request

from mockgraph import odata
from mockgraph.api.jobs import SERVICE_PREFIX
from mockgraph.auth import DEFAULT_TENANT, read_claims, tenant_of
from mockgraph.errors import GraphError
from mockgraph.journal import BODY_LIMIT, JournalEntry, body_text
from mockgraph.model.collections import JOB_PROPERTIES


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


def _state() -> Any:
    return current_app.extensions["mockgraph"]


def _is_graph_path() -> bool:
    return request.path == SERVICE_PREFIX or request.path.startswith(SERVICE_PREFIX + "/")


def _caller_tenant() -> str:
    try:
        return tenant_of(read_claims(request.headers.get("Authorization"), required=False))
    except GraphError:
        return DEFAULT_TENANT  # an unreadable token: the auth check answers 401 for it


def _begin() -> None:
    if not _is_graph_path():
        return
    state = _state()
    g.mockgraph_started = time.perf_counter()
    started = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    g.mockgraph_started_at = started.replace("+00:00", "Z")
    g.mockgraph_seq = state.journal.next_seq()
    g.mockgraph_tenant = _caller_tenant()
    recorder = _RecordingInput(request.environ["wsgi.input"])
    request.environ["wsgi.input"] = g.mockgraph_input = recorder
    rule = state.faults.take(request.method, request.path, g.mockgraph_tenant)
    g.mockgraph_fault = rule.id if rule else None
    delay_ms = current_app.config["MOCKGRAPH_LATENCY_MS"] + (rule.latency_ms if rule else 0)
    if delay_ms > 0:
        time.sleep(delay_ms / 1000)  # real latency is the feature: a client's timeouts see it
    error = rule.error() if rule else None
    if error is not None:
        raise error


def _count_poll() -> None:
    # Registered on the jobs blueprint, after its authentication: only served GETs count.
    if request.method == "GET" and request.endpoint == "jobs.get_job" and request.view_args:
        # A GET refused for its query options (the same 400 the view would answer) is no poll.
        odata.parse_entity_select(request.args, JOB_PROPERTIES)
        args = request.view_args
        _state().lifecycle.poll(_state().store, g.tenant, args["collection"], args["job_id"])


def _finish(response: Response) -> Response:
    recorder: _RecordingInput | None = g.get("mockgraph_input")
    if recorder is None:
        return response
    unread = (request.content_length or 0) - recorder.size
    if 0 < unread <= BODY_LIMIT:  # a body the app never read (a fault, a 401): journal it too
        recorder.read(unread)
    body, truncated = body_text(bytes(recorder.seen))
    _state().journal.add(
        JournalEntry(
            seq=g.mockgraph_seq,
            tenant=g.mockgraph_tenant,
            method=request.method,
            path=request.path,
            query=request.args.to_dict(),
            headers={name.lower(): value for name, value in request.headers.items()},
            body=body,
            body_truncated=truncated,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - g.mockgraph_started) * 1000, 3),
            started_at=g.mockgraph_started_at,
            request_id=g.get("request_id") or "",
            fault=g.mockgraph_fault,
        )
    )
    return response


def _on_exception(sender: Flask, exception: BaseException, **_: Any) -> None:
    # Exceptions the error handler never saw (a failing after_request hook, say).
    sender.extensions["mockgraph"].record_exception(exception)


def install(app: Flask) -> None:
    """Add the hooks to ``app`` (after the jobs blueprint is registered)."""
    app.before_request(_begin)
    app.before_request_funcs.setdefault("jobs", []).append(_count_poll)
    app.after_request(_finish)
    got_request_exception.connect(_on_exception, app)
