"""The admin API under ``/_mockgraph/``: test hooks that never collide with Graph's paths.

Health, reset, seeding, the request journal, faults, the clock, state export/import and job
lifecycle ticks. A bearer JWT with a ``tid`` claim scopes a call to that tenant; without one, a call
sees and affects every tenant. These routes are never journaled, faulted, or checked for a
Graph bearer token.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, request

from mockgraph import seeding
from mockgraph.api.body import loads, read_body
from mockgraph.api.current import current_request
from mockgraph.auth import read_claims
from mockgraph.clock import MAX_ADVANCE
from mockgraph.errors import BadRequestError, NotFoundError
from mockgraph.faults import call_matches, parse_rule
from mockgraph.lifecycle import Plan, check_outcome
from mockgraph.model.collections import ALL_JOBS
from mockgraph.paths import ADMIN_PREFIX
from mockgraph.store import Entry
from mockgraph.version import __version__

bp = Blueprint("admin", __name__, url_prefix=ADMIN_PREFIX)
# A state import holds a whole store: far more than a Graph body may be.
ADMIN_MAX_BODY = 512 * 1024 * 1024


def _state() -> Any:
    return current_app.extensions["mockgraph"]


def _scope() -> str | None:
    """The tenant a bearer JWT's ``tid`` names, or None (every tenant)."""
    claims = read_claims(request.headers.get("Authorization"), required=False)
    tid = claims.get("tid")
    return tid if isinstance(tid, str) and tid else None


def _body(default: Any) -> Any:
    """The request's JSON body (any content type: ``curl -d`` works), ``default`` when empty."""
    raw = read_body(current_request(), ADMIN_MAX_BODY)
    if not raw.strip():
        return default
    try:
        return loads(raw)
    except (ValueError, RecursionError) as error:
        raise BadRequestError(f"The body is not valid JSON: {error}.") from error


def _json(data: Any, status: int = 200) -> Response:
    # json.dumps keeps each job's property order (Flask's provider would sort the keys).
    body = json.dumps(data, ensure_ascii=False)
    return Response(body, status, content_type="application/json;charset=utf-8")


@bp.get("/health")
def health() -> Response:
    """The mock is up."""
    return _json({"status": "ok", "version": __version__})


@bp.post("/reset")
def reset() -> Response:
    """Forget jobs, journal, faults and lifecycle plans (the caller's tenant's, with a token)."""
    _state().reset(_scope())
    return Response(status=204)


@bp.post("/seed")
def seed() -> Response:
    """Add documented fixtures by name and jobs given as JSON; a bad seed changes nothing."""
    body = _body(default={})
    if not isinstance(body, dict):
        raise BadRequestError("The seed must be a JSON object: {'fixtures': [...], 'jobs': [...]}.")
    unknown = sorted(set(body) - {"fixtures", "jobs", "tenant"})
    if unknown:
        raise BadRequestError(f"Unknown seed properties: {', '.join(unknown)}.")
    tenant = seeding.seed_tenant(_scope(), body.get("tenant"))
    entries = seeding.seed(_state().store, tenant, body.get("fixtures"), body.get("jobs"))
    return _json({"tenant": tenant, "value": [_item(entry) for entry in entries]}, 201)


def _item(entry: Entry) -> dict[str, Any]:
    return {"collection": entry.collection, "job": entry.data}


@bp.get("/requests")
def list_requests() -> Response:
    """The journal, oldest first; ``method`` and ``path`` (a glob) filter it."""
    journal = _state().journal
    method = request.args.get("method", "*").upper()
    pattern = request.args.get("path", "*")
    entries = [
        entry.to_dict()
        for entry in journal.entries(_scope())
        if call_matches(method, pattern, entry.method, entry.path)
    ]
    return _json({"value": entries, "size": journal.size, "dropped": journal.dropped})


@bp.delete("/requests")
def clear_requests() -> Response:
    """Empty the journal."""
    _state().journal.clear(_scope())
    return Response(status=204)


@bp.get("/faults")
def list_faults() -> Response:
    """The fault rules, spent ones included (with their hits)."""
    return _json({"value": [rule.to_dict() for rule in _state().faults.rules(_scope())]})


@bp.post("/faults")
def add_fault() -> Response:
    """Add a fault rule (scoped to the caller's tenant, with a token)."""
    rule = _state().faults.add(parse_rule(_body(default={}), _scope()))
    return _json(rule.to_dict(), 201)


@bp.delete("/faults")
def clear_faults() -> Response:
    """Drop every fault rule."""
    _state().faults.clear(_scope())
    return Response(status=204)


@bp.delete("/faults/<rule_id>")
def remove_fault(rule_id: str) -> Response:
    """Drop one fault rule."""
    if not _state().faults.remove(rule_id, _scope()):
        raise NotFoundError(f"There is no fault '{rule_id}'.")
    return Response(status=204)


@bp.get("/clock")
def read_clock() -> Response:
    """The clock enforced Retry-After waits are timed on: ``{"now", "offset"}`` in seconds."""
    return _json(_state().clock.to_dict())


@bp.post("/clock/advance")
def advance_clock() -> Response:
    """Move the clock on: ``{"seconds": 5}`` (app-wide: every tenant shares one clock)."""
    body = _body(default={})
    seconds = body.get("seconds") if isinstance(body, dict) and set(body) <= {"seconds"} else None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise BadRequestError("The body must be {'seconds': N}, N a number of seconds, 0 or more.")
    _state().clock.advance(min(seconds, MAX_ADVANCE + 1))  # an int too big for a float too
    return _json(_state().clock.to_dict())


@bp.get("/state")
def export_state() -> Response:
    """Every job as ``{tenant: [{"collection", "job"}, ...]}``."""
    return _json(_state().store.export(_scope()))


@bp.put("/state")
def import_state() -> Response:
    """Replace the store (the caller's tenant, with a token); a bad import changes nothing."""
    scope = _scope()
    max_jobs = current_app.config["MOCKGRAPH_MAX_JOBS_PER_TENANT"]
    state = seeding.load_state(_body(default=None), scope, max_jobs)
    count = _state().store.restore(state, replace_all=scope is None)
    return _json({"tenants": len(state), "jobs": count})


@bp.post("/jobs/<job_id>/advance")
def advance_job(job_id: str) -> Response:
    """Move a job one lifecycle step; ``{"outcome": "failed"}`` picks how running ends."""
    body = _body(default={})
    if not isinstance(body, dict) or set(body) - {"outcome"}:
        raise BadRequestError("The body may only hold 'outcome' (completed or failed).")
    outcome = check_outcome(body["outcome"]) if body.get("outcome") is not None else None
    state = _state()
    tenant = _tenant_of_job(job_id)
    entry = state.lifecycle.advance(state.store, tenant, job_id, outcome)
    return Response(entry.body, 200, content_type="application/json;charset=utf-8")


@bp.put("/jobs/<job_id>/lifecycle")
def plan_job(job_id: str) -> Response:
    """Make a job advance every ``polls`` GETs (0: never), finishing as ``outcome``."""
    body = _body(default={})
    if not isinstance(body, dict) or set(body) - {"polls", "outcome"}:
        raise BadRequestError("The body may only hold 'polls' and 'outcome'.")
    polls = body.get("polls", 1)
    if not isinstance(polls, int) or isinstance(polls, bool) or polls < 0:
        raise BadRequestError("'polls' must be an integer, 0 or more.")
    plan = Plan(polls, check_outcome(body.get("outcome", "completed")))
    state = _state()
    return _json(state.lifecycle.set_plan(_tenant_of_job(job_id), job_id, plan).to_dict())


def _tenant_of_job(job_id: str) -> str:
    """The caller's tenant, or (without a token) the one tenant holding the job."""
    scope = _scope()
    store = _state().store
    if scope is not None:
        store.get(scope, ALL_JOBS, job_id)  # NotFoundError when it is not the caller's
        return scope
    holders = [t for t in store.tenants() if _holds(t, job_id)]
    if not holders:
        raise NotFoundError(f"The job '{job_id}' was not found in any tenant.")
    if len(holders) > 1:
        raise BadRequestError(
            f"The job '{job_id}' exists in several tenants ({', '.join(sorted(holders))}); "
            "send a bearer token whose tid names one."
        )
    return holders[0]


def _holds(tenant: str, job_id: str) -> bool:
    try:
        _state().store.get(tenant, ALL_JOBS, job_id)
    except NotFoundError:
        return False
    return True
