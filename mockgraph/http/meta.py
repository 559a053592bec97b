"""The mock's description of itself: ``GET /_mockgraph/openapi.json``."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from mockgraph.paths import ADMIN_PREFIX
from mockgraph.specs.openapi import document_json

bp = Blueprint("meta", __name__, url_prefix=ADMIN_PREFIX)


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of the Graph routes, with this app's limits."""
    document = document_json(current_app.config)
    return Response(document, 200, content_type="application/json;charset=utf-8")
