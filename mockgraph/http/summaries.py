"""The admin API's read-only summaries, what a live view polls (the inspector page): the
journal's tail, one call in full, each tenant's jobs, a job, the lifecycle plans.

Under ``/_mockgraph/`` with the rest of the admin API: the same guard (by path, in app.py),
and the same tenant scope (a bearer JWT's ``tid``), read by the admin API's own helpers.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from mockgraph.core.errors import BadRequestError, NotFoundError
from mockgraph.core.model.collections import ALL_JOBS
from mockgraph.core.store import Entry
from mockgraph.http import admin_calls
from mockgraph.paths import ADMIN_PREFIX

bp = Blueprint("summaries", __name__, url_prefix=ADMIN_PREFIX)
# The most journal entries (or jobs per tenant) one call answers with.
MAX_TAIL = 10_000


@bp.get("/requests/tail")
def tail_requests() -> Response:
    """What the journal took since position ``after`` (0: all it holds), newest ``limit`` at
    most, as summaries (no headers or bodies): what a live view polls for."""
    after = _int_arg("after", 0, 0)
    limit = _int_arg("limit", MAX_TAIL, 1, MAX_TAIL)
    journal = admin_calls.mock_state().journal
    tail = journal.tail(after, admin_calls.caller_scope(), limit)
    value = [
        {**entry.summary(), "position": p, "errorCode": entry.error_code()}
        for p, entry in tail.entries
    ]
    return admin_calls.json_response(
        {
            "value": value,
            "cursor": tail.cursor,
            "first": tail.first,
            "epoch": tail.epoch,
            "size": journal.size,
            "dropped": journal.dropped,
        }
    )


@bp.get("/requests/<int:seq>")
def get_request(seq: int) -> Response:
    """One journal entry, headers and bodies included."""
    entry = admin_calls.mock_state().journal.find(seq, admin_calls.caller_scope())
    if entry is None:
        raise NotFoundError(f"The journal holds no call {seq}.")
    return admin_calls.json_response(entry.to_dict())


def _int_arg(name: str, default: int, low: int, high: int | None = None) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    valid = text.isascii() and text.isdigit() and len(text) <= 12  # int("²") would raise
    if not valid or int(text) < low or (high is not None and int(text) > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise BadRequestError(f"'{name}' must be an integer {bound}.")
    return int(text)


@bp.get("/jobs")
def list_jobs() -> Response:
    """Each tenant's job count and newest ``top`` jobs (id, collection, type, status)."""
    top = _int_arg("top", 100, 0, MAX_TAIL)
    store, scope = admin_calls.mock_state().store, admin_calls.caller_scope()
    tenants = [scope] if scope is not None else sorted(store.tenants())
    value = []
    for tenant in tenants:
        count = store.count(tenant, ALL_JOBS)
        entries, _ = store.page(tenant, ALL_JOBS, max(0, count - top), top)
        jobs = [_job_summary(entry) for entry in reversed(entries)]
        value.append({"tenant": tenant, "count": count, "jobs": jobs})
    return admin_calls.json_response({"value": value})


def _job_summary(entry: Entry) -> dict[str, Any]:
    fields = entry.fields
    return {
        "id": entry.id,
        "collection": entry.collection,
        "type": fields.get("@odata.type"),
        "status": fields.get("status"),
    }


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> Response:
    """A job as stored, in ``tenant`` (or the one tenant holding it)."""
    tenant, scope = request.args.get("tenant"), admin_calls.caller_scope()
    if tenant is None:
        tenant = admin_calls.tenant_of_job(job_id)
    elif scope is not None and tenant != scope:
        # Another tenant's: the same answer whether it holds the job or not.
        raise NotFoundError(f"The job '{job_id}' was not found in tenant '{tenant}'.")
    entry = admin_calls.mock_state().store.get(tenant, ALL_JOBS, job_id)
    return Response(entry.body, 200, content_type="application/json;charset=utf-8")


@bp.get("/lifecycle")
def list_plans() -> Response:
    """The app-wide lifecycle plan and each job's own, with the GETs counted towards its next
    step."""
    lifecycle = admin_calls.mock_state().lifecycle
    plans = [
        {"tenant": tenant, "jobId": job_id, **plan.to_dict(), "pollsSeen": seen}
        for tenant, job_id, plan, seen in lifecycle.plans(admin_calls.caller_scope())
    ]
    return admin_calls.json_response({"default": lifecycle.default.to_dict(), "value": plans})
