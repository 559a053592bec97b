"""Calling the mock as a test does: the service path, bearer headers, Graph's error code."""

from __future__ import annotations

import os
from typing import Any

from mockgraph.core.auth import token as token_for
from mockgraph.paths import SINGLETON_PATH

__all__ = ["BASE", "FUZZING", "bearer", "error_code", "token_for"]

BASE = SINGLETON_PATH
FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"  # the long run: tox -e fuzz


def bearer(tenant: str | None = None) -> dict[str, str]:
    """An Authorization header: an opaque token, or a JWT for ``tenant``."""
    return {"Authorization": f"Bearer {token_for(tenant) if tenant else 'opaque-token'}"}


def error_code(response: Any) -> str:
    """The Graph error code of a response, checking the envelope's shape on the way."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    inner = body["error"]["innerError"]
    assert set(inner) == {"date", "request-id", "client-request-id"}
    assert inner["request-id"] == response.headers["request-id"]
    assert response.content_type.startswith("application/json")
    code: str = body["error"]["code"]
    return code
