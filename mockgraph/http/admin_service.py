"""The admin API's test data for the service's actions, under ``/_mockgraph/``: scripted
detections (``/detections``), the rows of an exact-match data store
(``/exactMatchDataStores/<id>/rows``), the auto-labeling rules (``/labelingRules``) and a
session's lifecycle tick (``.../sessions/<id>/advance``).

Each is a tenant's: the bearer token's ``tid``, else ``?tenant=``, else the default tenant.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from mockgraph.core.errors import BadRequestError, LifecycleError
from mockgraph.core.schemas import load_entity
from mockgraph.features import exact_match, labeling, sessions
from mockgraph.features.detection.scripts import script_from_wire
from mockgraph.features.lifecycle import check_outcome
from mockgraph.features.seeding import seed_tenant
from mockgraph.http import admin_calls
from mockgraph.paths import ADMIN_PREFIX

bp = Blueprint("admin_service", __name__, url_prefix=ADMIN_PREFIX)

DATA_STORES = "exactMatchDataStores"
_DETECTED = "detectedSensitiveContent"


def _tenant() -> str:
    return seed_tenant(admin_calls.caller_scope(), request.args.get("tenant"))


def _detected(data: Any) -> dict[str, Any]:
    return load_entity(data, _DETECTED, (_DETECTED,))


@bp.get("/detections")
def list_detections() -> Response:
    """The tenant's scripted detections, in the order they apply."""
    scripts = admin_calls.mock_state().detections.of(_tenant())
    return admin_calls.json_response({"value": [s.to_dict() for s in scripts]})


@bp.post("/detections")
def add_detection() -> Response:
    """Script what ``classifyFile`` finds of a type: a ``pattern`` or a whole ``result``."""
    script = script_from_wire(admin_calls.json_body(default=None), _detected)
    admin_calls.mock_state().detections.add(_tenant(), script)
    return admin_calls.json_response(script.to_dict(), 201)


@bp.delete("/detections")
def clear_detections() -> Response:
    """Forget the tenant's scripts: detection is the built-in rules' again."""
    admin_calls.mock_state().detections.clear(_tenant())
    return Response(status=204)


def _data_store(tenant: str, store_id: str) -> dict[str, Any]:
    return admin_calls.mock_state().store.get(tenant, DATA_STORES, store_id).data


def _rows_body() -> Any:
    body = admin_calls.json_body(default=None)
    if not isinstance(body, dict) or set(body) != {"rows"}:
        raise BadRequestError("The body must be {'rows': [{column: value, ...}, ...]}.")
    return body["rows"]


@bp.get(f"/{DATA_STORES}/<store_id>/rows")
def get_rows(store_id: str) -> Response:
    """The rows loaded into a data store."""
    tenant = _tenant()
    _data_store(tenant, store_id)
    rows = admin_calls.mock_state().exact_rows.rows(tenant, store_id)
    return admin_calls.json_response({"rows": rows})


@bp.route(f"/{DATA_STORES}/<store_id>/rows", methods=["PUT", "POST"])
def load_rows(store_id: str) -> Response:
    """Load rows into a data store, as its upload agent would: PUT replaces, POST appends.
    Every key must be one of the store's columns; a bad row loads nothing."""
    tenant = _tenant()
    columns = exact_match.columns_of(_data_store(tenant, store_id))
    rows = exact_match.check_rows(columns, _rows_body())
    held = admin_calls.mock_state().exact_rows
    add = held.load if request.method == "PUT" else held.add
    return admin_calls.json_response({"count": add(tenant, store_id, rows)})


@bp.get("/labelingRules")
def get_rules() -> Response:
    """The tenant's auto-labeling rules (the defaults until a test sets its own)."""
    rules = admin_calls.mock_state().labeling.rules(_tenant())
    return admin_calls.json_response({"rules": [r.to_dict() for r in rules]})


@bp.put("/labelingRules")
def set_rules() -> Response:
    """Replace the tenant's auto-labeling rules."""
    rules = labeling.rules_from_wire(admin_calls.json_body(default=None))
    admin_calls.mock_state().labeling.set(_tenant(), rules)
    return admin_calls.json_response({"rules": [r.to_dict() for r in rules]})


@bp.delete("/labelingRules")
def reset_rules() -> Response:
    """Back to the default rules."""
    admin_calls.mock_state().labeling.reset(_tenant())
    return Response(status=204)


@bp.post(f"/{DATA_STORES}/<store_id>/sessions/<session_id>/advance")
def advance_session(store_id: str, session_id: str) -> Response:
    """Complete a processing session (``{"outcome": "failed"}``: fail it)."""
    body = admin_calls.json_body(default={})
    if not isinstance(body, dict) or set(body) - {"outcome"}:
        raise BadRequestError("The body may only hold 'outcome' (completed or failed).")
    outcome = check_outcome(body.get("outcome", "completed"))
    state, tenant = admin_calls.mock_state(), _tenant()
    container = f"{DATA_STORES}/{store_id}/sessions"
    with state.lifecycle.locked():
        current = state.store.get(tenant, container, session_id)
        changes = sessions.advance(dict(current.fields), outcome)
        if changes is None:
            raise LifecycleError(
                f"The session is '{current.fields.get('state')}'; only a processing session "
                "advances."
            )
        entry = state.store.update(tenant, container, session_id, changes)
    return Response(entry.body, 200, content_type="application/json;charset=utf-8")
