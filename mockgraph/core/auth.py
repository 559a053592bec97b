"""Bearer tokens: making one, whether one is there, which tenant it belongs to. No Flask imports.

The mock never checks signatures: a JWT's ``tid`` claim picks the tenant, as Graph routes a call
by the token's tenant; any other bearer string is the default tenant.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import jwt

from mockgraph.core.errors import ForbiddenError, UnauthorizedError

DEFAULT_TENANT = "default"
ADMIN_TOKEN_HEADER = "X-MockGraph-Admin-Token"
# A tenant id is text every answer, the journal and the inspector can show: Entra's are GUIDs.
MAX_TENANT_LENGTH = 256


_NO_CLAIMS: Mapping[str, Any] = MappingProxyType({})
# Test tokens are never verified by the mock; the key only has to satisfy PyJWT (32 bytes or more).
_SIGNING_KEY = "mockgraph-test-tokens-are-never-verified"


def token(tenant: str = DEFAULT_TENANT, **claims: Any) -> str:
    """A bearer JWT whose ``tid`` claim selects ``tenant`` (plus any other claims): the one way
    the mock, its helpers and its tests make a token."""
    return jwt.encode({"tid": tenant, **claims}, _SIGNING_KEY, algorithm="HS256")


def read_claims(authorization: str | None, *, required: bool) -> Mapping[str, Any]:
    """The token's claims ({} for an opaque token); UnauthorizedError when one is needed and bad."""
    claims = _claims(authorization or "")
    if claims is None:
        if required:
            raise UnauthorizedError("Access token is empty.")
        return _NO_CLAIMS
    return claims


@lru_cache(maxsize=256)
def _claims(authorization: str) -> Mapping[str, Any] | None:
    # A client sends the same header on every call, read twice a call (journal, then auth):
    # read it once. None: no bearer token. Read-only, as the claims are shared.
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    if token.count(".") != 2:
        return _NO_CLAIMS  # an opaque token: fine for a mock
    return _decode(token)


def _decode(token: str) -> Mapping[str, Any]:
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise UnauthorizedError(f"Access token validation failure: {error}.") from error
    if not isinstance(claims, dict):
        return _NO_CLAIMS
    tid = claims.get("tid")
    # The tenant keys the store and the journal: one that no answer can carry (a lone
    # surrogate, which a JSON escape or raw bytes ED A0 80 can make) would break every read.
    problem = tenant_problem(tid) if isinstance(tid, str) and tid else None
    if problem is not None:
        raise UnauthorizedError(
            f"Access token validation failure: the 'tid' claim is not a tenant id: {problem}."
        )
    return MappingProxyType(claims)


def tenant_problem(tenant: str) -> str | None:
    """What keeps ``tenant`` from being a tenant id, or None: one is 1 to 256 characters, all
    printable (``str.isprintable``: no control, format, surrogate, private-use, unassigned or
    separator characters but the space). Worded for an error message; it never echoes the id."""
    if not tenant:
        return "it is empty"
    if len(tenant) > MAX_TENANT_LENGTH:
        return f"it is longer than {MAX_TENANT_LENGTH} characters"
    if not tenant.isprintable():
        bad = next(char for char in tenant if not char.isprintable())
        return f"it holds U+{ord(bad):04X}, which is not a printable character"
    return None


def tenant_of(claims: Mapping[str, Any]) -> str:
    """The tenant a token's claims name (``tid``), or the default tenant."""
    tid = claims.get("tid")
    return tid if isinstance(tid, str) and tid else DEFAULT_TENANT


def check_scopes(claims: Mapping[str, Any], accepted: tuple[str, ...]) -> None:
    """ForbiddenError unless the token grants one of ``accepted`` (delegated or application)."""
    if not accepted:
        return
    scopes = claims.get("scp")
    granted = set(scopes.split()) if isinstance(scopes, str) else set()
    roles = claims.get("roles")
    if isinstance(roles, list):
        granted.update(r for r in roles if isinstance(r, str))
    if granted.isdisjoint(accepted):
        raise ForbiddenError(
            "Either scp or roles claim need to be present in the token, granting one of: "
            + ", ".join(accepted)
            + "."
        )


def check_admin_token(
    sent: str | None, configured: str | None, required: bool, public: bool = False
) -> None:
    """Guard the admin API: a configured token must be sent; one is required off loopback.

    ``public``: a page that holds no data (the inspector's shell), served without the token
    but, like the rest, not at all while the admin API is off.
    """
    if configured:
        if public:
            return
        if not sent or not hmac.compare_digest(sent, configured):
            raise UnauthorizedError(f"The admin API needs the {ADMIN_TOKEN_HEADER} header.")
    elif required:
        raise ForbiddenError(
            "The admin API is off: the server listens beyond loopback and no admin token is set."
        )
