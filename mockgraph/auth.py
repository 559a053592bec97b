"""Bearer tokens: whether one is there, and which tenant it belongs to. No Flask imports.

The mock never checks signatures: a JWT's ``tid`` claim picks the tenant, as Graph routes a call
by the token's tenant; any other bearer string is the default tenant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt

from mockgraph.errors import UnauthorizedError

DEFAULT_TENANT = "default"


def read_claims(authorization: str | None, *, required: bool) -> Mapping[str, Any]:
    """The token's claims ({} for an opaque token); UnauthorizedError when one is needed and bad."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        if required:
            raise UnauthorizedError("Access token is empty.")
        return {}
    if token.count(".") != 2:
        return {}  # an opaque token: fine for a mock
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise UnauthorizedError(f"Access token validation failure: {error}.") from error
    return claims if isinstance(claims, dict) else {}


def tenant_of(claims: Mapping[str, Any]) -> str:
    """The tenant a token's claims name (``tid``), or the default tenant."""
    tid = claims.get("tid")
    return tid if isinstance(tid, str) and tid else DEFAULT_TENANT
