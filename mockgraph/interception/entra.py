"""Microsoft Entra's token endpoint, as far as a client credential needs it. No Flask imports.

Under interception, code whose credential is built with azure-identity (MSAL underneath) asks
``https://login.microsoftonline.com/{tenant}/...`` for a token before it calls Graph. This answers
MSAL's discovery documents and the v2.0 token endpoint with a JWT the mock reads: its ``tid`` is
the tenant asked for, its ``roles`` (app-only grants) or ``scp`` (delegated grants) the scopes
asked for. Nothing is checked: any client id and secret get a token.
(https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow)
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from urllib.parse import parse_qsl

from mockgraph.core.auth import token
from mockgraph.interception.transports import Reply
from mockgraph.paths import ENTRA_HOST, GRAPH_HOST

TOKEN_SECONDS = 3599  # what Entra grants by default (an hour, less a second)
_OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})
_DEFAULT = ".default"  # "every permission the app was granted"
_ALIASES = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com"]
_JSON = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]


def _json(status: int, document: dict[str, object]) -> Reply:
    return Reply(status, list(_JSON), json.dumps(document).encode())


def _error(status: int, error: str, code: str, description: str) -> Reply:
    # Entra's error shape: an OAuth error name, and an AADSTS code in the description.
    return _json(
        status,
        {
            "error": error,
            "error_description": f"{code}: {description}",
            "error_codes": [int(code.removeprefix("AADSTS"))],
            "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime()),
            "trace_id": str(uuid.uuid4()),
            "correlation_id": str(uuid.uuid4()),
        },
    )


def answer(method: str, path: str, body: bytes, granted: Iterable[str] = ()) -> Reply:
    """Entra's answer to ``method path`` (``path`` without the query); ``granted``: what a
    ``.default`` scope stands for (the permissions the mock requires, say)."""
    parts = [part for part in path.split("/") if part]
    if parts == ["common", "discovery", "instance"]:
        return _instance_metadata()
    if len(parts) == 4 and parts[1:] == ["v2.0", ".well-known", "openid-configuration"]:
        return _json(200, openid_configuration(parts[0]))
    if len(parts) == 4 and parts[1:] == ["oauth2", "v2.0", "token"]:
        if method != "POST":
            return _error(405, "invalid_request", "AADSTS900561", "The endpoint only accepts POST.")
        return _token(parts[0], dict(parse_qsl(body.decode("utf-8", "replace"))), granted)
    return _error(404, "not_found", "AADSTS90002", f"No Entra endpoint at '{path}' in the mock.")


def openid_configuration(tenant: str) -> dict[str, object]:
    """The tenant's OpenID configuration, the part MSAL reads."""
    root = f"{ENTRA_HOST}/{tenant}"
    return {
        "issuer": f"{root}/v2.0",
        "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
        "token_endpoint": f"{root}/oauth2/v2.0/token",
        "device_authorization_endpoint": f"{root}/oauth2/v2.0/devicecode",
        "end_session_endpoint": f"{root}/oauth2/v2.0/logout",
        "jwks_uri": f"{root}/discovery/v2.0/keys",
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
    }


def _instance_metadata() -> Reply:
    return _json(
        200,
        {
            "tenant_discovery_endpoint": (
                f"{ENTRA_HOST}/common/v2.0/.well-known/openid-configuration"
            ),
            "api-version": "1.1",
            "metadata": [
                {
                    "preferred_network": _ALIASES[0],
                    "preferred_cache": "login.windows.net",
                    "aliases": _ALIASES,
                }
            ],
        },
    )


def _permissions(scope: str, granted: Iterable[str]) -> list[str]:
    """Scope names without their resource (``https://graph.microsoft.com/X`` is ``X``), and
    ``.default`` as the permissions ``granted``."""
    names: list[str] = []
    for asked in scope.split():
        name = asked.rsplit("/", 1)[-1] if "://" in asked else asked
        if name in _OIDC_SCOPES:
            continue
        names.extend(granted if name == _DEFAULT else [name])
    return list(dict.fromkeys(names))


def _token(tenant: str, form: dict[str, str], granted: Iterable[str]) -> Reply:
    grant = form.get("grant_type")
    if not grant:
        return _error(
            400, "invalid_request", "AADSTS900144", "The request body must contain grant_type."
        )
    if grant not in ("client_credentials", "refresh_token", "authorization_code"):
        return _error(
            400, "unsupported_grant_type", "AADSTS70003", f"The grant type {grant} is unknown."
        )
    client_id = form.get("client_id", "")
    permissions = _permissions(form.get("scope", ""), tuple(granted))
    now = int(time.time())
    claims: dict[str, object] = {
        "aud": GRAPH_HOST,
        "iss": f"https://sts.windows.net/{tenant}/",
        "iat": now,
        "nbf": now,
        "exp": now + TOKEN_SECONDS,
        "appid": client_id,
        "azp": client_id,
        "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tenant}/{client_id}")),
        "ver": "1.0",
    }
    if grant == "client_credentials":  # app-only: application permissions are roles
        claims["roles"] = permissions
    else:  # on behalf of a user: delegated permissions are scp
        claims["scp"] = " ".join(permissions)
        claims["upn"] = f"user@{tenant}"
    access_token = token(tenant, **claims)  # its tid: the tenant asked for
    document: dict[str, object] = {
        "token_type": "Bearer",
        "scope": form.get("scope", ""),
        "expires_in": TOKEN_SECONDS,
        "ext_expires_in": TOKEN_SECONDS,
        "access_token": access_token,
    }
    if grant != "client_credentials":
        document["refresh_token"] = f"mockgraph-refresh-{uuid.uuid4()}"
    return _json(200, document)
