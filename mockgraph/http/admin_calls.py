"""What every admin view does with its call: the mock's state, the caller's tenant scope, the
JSON body and answer, the tenant a job lives in. Shared by the admin API's modules (``admin``,
``summaries``), so none reaches into another's private names.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, request

from mockgraph.core.auth import read_claims, tenant_problem
from mockgraph.core.errors import BadRequestError, NotFoundError
from mockgraph.core.model.collections import ALL_JOBS
from mockgraph.features.state import MockGraphState
from mockgraph.http.body import loads, read_body
from mockgraph.http.current import current_request, state_of

# A state import holds a whole store: far more than a Graph body may be.
ADMIN_MAX_BODY = 512 * 1024 * 1024


def mock_state() -> MockGraphState:
    """The mock's state, on the app serving this call."""
    return state_of(current_app)


def caller_scope() -> str | None:
    """The tenant a bearer JWT's ``tid`` names, or None (every tenant)."""
    claims = read_claims(request.headers.get("Authorization"), required=False)
    tid = claims.get("tid")
    return tid if isinstance(tid, str) and tid else None


def check_tenant(tenant: Any, what: str) -> None:
    """BadRequestError when ``tenant``, text a client gives for a tenant, is no tenant id (any
    other value is left to the caller's own check)."""
    problem = tenant_problem(tenant) if isinstance(tenant, str) else None
    if problem is not None:
        raise BadRequestError(f"{what} is not a tenant id: {problem}.")


def json_body(default: Any) -> Any:
    """The request's JSON body (any content type: ``curl -d`` works), ``default`` when empty."""
    raw = read_body(current_request(), ADMIN_MAX_BODY)
    if not raw.strip():
        return default
    try:
        return loads(raw)
    except (ValueError, RecursionError) as error:
        raise BadRequestError(f"The body is not valid JSON: {error}.") from error


def json_response(data: Any, status: int = 200) -> Response:
    """``data`` as JSON. json.dumps keeps each job's property order (Flask's provider would
    sort the keys)."""
    body = json.dumps(data, ensure_ascii=False)
    return Response(body, status, content_type="application/json;charset=utf-8")


def tenant_of_job(job_id: str) -> str:
    """The caller's tenant, or (without a token) the one tenant holding the job."""
    scope = caller_scope()
    store = mock_state().store
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
        mock_state().store.get(tenant, ALL_JOBS, job_id)
    except NotFoundError:
        return False
    return True
