"""The admin API under ``/_mockgraph/``: test hooks that never collide with Graph's paths.

Health, reset, seeding, the request journal, faults, the clock, state export/import and job
lifecycle ticks. A bearer JWT with a ``tid`` claim scopes a call to that tenant; without one, a call
sees and affects every tenant. These routes are never journaled, faulted, or checked for a
Graph bearer token.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, request

from mockgraph.core.errors import BadRequestError, NotFoundError
from mockgraph.core.model.collections import item_key
from mockgraph.core.store import Entry
from mockgraph.features import seeding
from mockgraph.features.clock import MAX_ADVANCE
from mockgraph.features.faults import call_matches, parse_rule
from mockgraph.features.lifecycle import Plan, check_outcome
from mockgraph.http import admin_calls
from mockgraph.paths import ADMIN_PREFIX
from mockgraph.version import __version__

bp = Blueprint("admin", __name__, url_prefix=ADMIN_PREFIX)


@bp.get("/health")
def health() -> Response:
    """The mock is up."""
    return admin_calls.json_response({"status": "ok", "version": __version__})


@bp.post("/reset")
def reset() -> Response:
    """Forget jobs, journal, faults and lifecycle plans (the caller's tenant's, with a token)."""
    admin_calls.mock_state().reset(admin_calls.caller_scope())
    return Response(status=204)


@bp.post("/seed")
def post_seed() -> Response:
    """Add the tenant defaults (``"defaults": true``), documented fixtures by name and jobs
    given as JSON; a bad seed changes nothing."""
    body = admin_calls.json_body(default={})
    if not isinstance(body, dict):
        raise BadRequestError("The seed must be a JSON object: {'fixtures': [...], 'jobs': [...]}.")
    unknown = sorted(set(body) - {"defaults", "fixtures", "jobs", "tenant"})
    if unknown:
        raise BadRequestError(f"Unknown seed properties: {', '.join(unknown)}.")
    if body.get("tenant"):  # an empty one has its own message
        admin_calls.check_tenant(body["tenant"], "The seed's 'tenant'")
    tenant = seeding.seed_tenant(admin_calls.caller_scope(), body.get("tenant"))
    entries = seeding.seed_jobs(
        admin_calls.mock_state().store,
        tenant,
        body.get("fixtures"),
        body.get("jobs"),
        defaults=body.get("defaults", False),
    )
    return admin_calls.json_response(
        {"tenant": tenant, "value": [_item(entry) for entry in entries]}, 201
    )


def _item(entry: Entry) -> dict[str, Any]:
    return {"collection": entry.collection, item_key(entry.collection): entry.data}


@bp.get("/requests")
def list_requests() -> Response:
    """The journal, oldest first; ``method`` and ``path`` (a glob) filter it."""
    journal = admin_calls.mock_state().journal
    method = request.args.get("method", "*").upper()
    pattern = request.args.get("path", "*")
    entries = [
        entry.to_dict()
        for entry in journal.entries(admin_calls.caller_scope())
        if call_matches(method, pattern, entry.method, entry.path)
    ]
    return admin_calls.json_response(
        {"value": entries, "size": journal.size, "dropped": journal.dropped}
    )


@bp.delete("/requests")
def clear_requests() -> Response:
    """Empty the journal."""
    admin_calls.mock_state().journal.clear(admin_calls.caller_scope())
    return Response(status=204)


@bp.get("/faults")
def list_faults() -> Response:
    """The fault rules, spent ones included (with their hits)."""
    return admin_calls.json_response(
        {
            "value": [
                rule.to_dict()
                for rule in admin_calls.mock_state().faults.rules(admin_calls.caller_scope())
            ]
        }
    )


@bp.post("/faults")
def add_fault() -> Response:
    """Add a fault rule (scoped to the caller's tenant, with a token)."""
    rule = admin_calls.mock_state().faults.add(
        parse_rule(admin_calls.json_body(default={}), admin_calls.caller_scope())
    )
    return admin_calls.json_response(rule.to_dict(), 201)


@bp.delete("/faults")
def clear_faults() -> Response:
    """Drop every fault rule."""
    admin_calls.mock_state().faults.clear(admin_calls.caller_scope())
    return Response(status=204)


@bp.delete("/faults/<rule_id>")
def remove_fault(rule_id: str) -> Response:
    """Drop one fault rule."""
    if not admin_calls.mock_state().faults.remove(rule_id, admin_calls.caller_scope()):
        raise NotFoundError(f"There is no fault '{rule_id}'.")
    return Response(status=204)


@bp.get("/clock")
def read_clock() -> Response:
    """The clock enforced Retry-After waits are timed on: ``{"now", "offset"}`` in seconds."""
    return admin_calls.json_response(admin_calls.mock_state().clock.to_dict())


@bp.post("/clock/advance")
def advance_clock() -> Response:
    """Move the clock on: ``{"seconds": 5}`` (app-wide: every tenant shares one clock)."""
    body = admin_calls.json_body(default={})
    seconds = body.get("seconds") if isinstance(body, dict) and set(body) <= {"seconds"} else None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise BadRequestError("The body must be {'seconds': N}, N a number of seconds, 0 or more.")
    admin_calls.mock_state().clock.advance(
        min(seconds, MAX_ADVANCE + 1)
    )  # an int too big for a float too
    return admin_calls.json_response(admin_calls.mock_state().clock.to_dict())


@bp.get("/state")
def export_state() -> Response:
    """Every job as ``{tenant: [{"collection", "job"}, ...]}``."""
    return admin_calls.json_response(
        admin_calls.mock_state().store.export(admin_calls.caller_scope())
    )


@bp.put("/state")
def import_state() -> Response:
    """Replace the store (the caller's tenant, with a token); a bad import changes nothing."""
    scope = admin_calls.caller_scope()
    max_jobs = current_app.config["MOCKGRAPH_MAX_JOBS_PER_TENANT"]
    body = admin_calls.json_body(default=None)
    for tenant in body if isinstance(body, dict) else ():
        admin_calls.check_tenant(tenant, "A tenant of the state")
    state = seeding.load_state(body, scope, max_jobs)
    count = admin_calls.mock_state().store.restore(state, replace_all=scope is None)
    return admin_calls.json_response({"tenants": len(state), "jobs": count})


@bp.post("/jobs/<job_id>/advance")
def advance_job(job_id: str) -> Response:
    """Move a job one lifecycle step; ``{"outcome": "failed"}`` picks how running ends."""
    body = admin_calls.json_body(default={})
    if not isinstance(body, dict) or set(body) - {"outcome"}:
        raise BadRequestError("The body may only hold 'outcome' (completed or failed).")
    outcome = check_outcome(body["outcome"]) if body.get("outcome") is not None else None
    state = admin_calls.mock_state()
    tenant = admin_calls.tenant_of_job(job_id)
    entry = state.lifecycle.advance(state.store, tenant, job_id, outcome)
    return Response(entry.body, 200, content_type="application/json;charset=utf-8")


@bp.put("/jobs/<job_id>/lifecycle")
def plan_job(job_id: str) -> Response:
    """Make a job advance every ``polls`` GETs (0: never), finishing as ``outcome``."""
    body = admin_calls.json_body(default={})
    if not isinstance(body, dict) or set(body) - {"polls", "outcome"}:
        raise BadRequestError("The body may only hold 'polls' and 'outcome'.")
    polls = body.get("polls", 1)
    if not isinstance(polls, int) or isinstance(polls, bool) or polls < 0:
        raise BadRequestError("'polls' must be an integer, 0 or more.")
    plan = Plan(polls, check_outcome(body.get("outcome", "completed")))
    state = admin_calls.mock_state()
    return admin_calls.json_response(
        state.lifecycle.set_plan(admin_calls.tenant_of_job(job_id), job_id, plan).to_dict()
    )
