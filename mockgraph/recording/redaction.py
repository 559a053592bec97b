"""What a recording must not keep: tokens, secrets and the identifiers that name a tenant or a
person, replaced before anything is written.

A value to hide is learnt once (a bearer token's identity claims, a cookie, a ``--redact``
value, a ``--redact-property``'s values) and gets a stable placeholder for the whole
recording, so that a user id in one exchange's body and the next one's path still line up:
a GUID becomes a GUID-shaped placeholder (schemas still accept it), an email an
``example.com`` address, anything else ``redacted-N``. Token-shaped values (a JWT, a
``Bearer`` credential, a SAS signature, a property named like a secret) become
``"<redacted>"`` wherever they are.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

REDACTED = "<redacted>"
# The claims that name the tenant, the user or the app (the token itself is never written).
IDENTITY_CLAIMS = (
    "tid",
    "oid",
    "sub",
    "upn",
    "unique_name",
    "preferred_username",
    "email",
    "appid",
    "azp",
)
_MIN_LEARNT = 3  # a claim or property value shorter than this is no identifier worth hiding
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Token-shaped text, wherever it is: a JWT (header and claims are base64 JSON, "eyJ"), a
# bearer credential, a shared access signature's sig= parameter.
_TOKENS = (
    (re.compile(r"eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*"), REDACTED),
    (re.compile(r"(?i)\b(bearer)\s+[^\s\"',;]+"), r"\1 " + REDACTED),
    (re.compile(r"(?i)(\bsig=)[^&\s\"']+"), r"\1" + REDACTED),
)
_SECRET_WORDS = ("token", "secret", "password", "passwd", "credential")


def is_secret_name(name: str) -> bool:
    """Whether a JSON property's name says its value is a secret. ``...Key``s are (``apiKey``,
    ``primaryKey``); a bare ``key`` is not: an exact match data store's lookup names a column
    with it, and ``keyId``s and ``keywords`` name no secret."""
    lower = name.lower()
    if any(word in lower for word in _SECRET_WORDS):
        return True
    return lower != "key" and lower.endswith(("key", "keys"))


def claims_of(authorization: str | None) -> dict[str, Any]:
    """A bearer JWT's claims, read without verifying it: only to learn what to hide."""
    scheme, _, credential = (authorization or "").strip().partition(" ")
    parts = credential.strip().split(".")
    if scheme.lower() != "bearer" or len(parts) != 3:
        return {}
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return {}
    return claims if isinstance(claims, dict) else {}


def cookie_values(header: str | None) -> list[str]:
    """The values of a Cookie (``a=1; b=2``) or Set-Cookie (``a=1; Path=/``) header."""
    pairs = (part.partition("=") for part in (header or "").split(";"))
    return [value.strip() for _, sep, value in pairs if sep and value.strip()]


class Redactor:
    """One recording's placeholders: learnt values, each replaced the same way every time."""

    def __init__(self, values: Iterable[str] = (), properties: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._properties = {name.lower() for name in properties}
        self._placeholders: dict[str, str] = {}  # a value, lower case, to its placeholder
        self._counts = {kind: itertools.count(1) for kind in ("guid", "email", "other")}
        self._pattern: re.Pattern[str] | None = None
        for value in values:
            self.learn(value, minimum=1)

    def learn(self, value: str, minimum: int = _MIN_LEARNT) -> None:
        """Hide ``value`` from now on (and its percent-encoded form, as a URL carries it)."""
        value = value.strip()
        with self._lock:
            if len(value) < minimum or value.lower() in self._placeholders:
                return
            placeholder = self._new_placeholder(value)
            self._placeholders[value.lower()] = placeholder
            encoded = quote(value, safe="")
            if encoded != value:
                self._placeholders.setdefault(encoded.lower(), quote(placeholder, safe=""))
            # Longest first: a value inside a longer one must not break the longer one up.
            alternatives = sorted(self._placeholders, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, alternatives)), re.I)

    def _new_placeholder(self, value: str) -> str:
        if _GUID.match(value):
            return f"00000000-0000-4000-8000-{next(self._counts['guid']):012d}"
        if _EMAIL.match(value):
            return f"redacted-{next(self._counts['email'])}@example.com"
        return f"redacted-{next(self._counts['other'])}"

    def learn_request(self, headers: Mapping[str, str], body: Any) -> None:
        """Learn what a request gives away: its token's identity claims, its cookies, the
        values of the ``--redact-property`` properties in its body."""
        claims = claims_of(headers.get("authorization"))
        for claim in IDENTITY_CLAIMS:
            if isinstance(claims.get(claim), str):
                self.learn(claims[claim])
        for value in cookie_values(headers.get("cookie")):
            self.learn(value)
        self.learn_properties(body)

    def learn_properties(self, data: Any) -> None:
        """Learn the string values of the ``--redact-property`` properties, at any depth."""
        pending = [data]
        while pending:
            value = pending.pop()
            if isinstance(value, dict):
                for name, item in value.items():
                    if name.lower() in self._properties and isinstance(item, str):
                        self.learn(item)
                    pending.append(item)
            elif isinstance(value, list):
                pending += value

    def text(self, value: str) -> str:
        """``value`` with token-shaped parts and learnt values replaced."""
        for pattern, replacement in _TOKENS:
            value = pattern.sub(replacement, value)
        with self._lock:
            pattern_now, placeholders = self._pattern, dict(self._placeholders)
        if pattern_now is None:
            return value
        return pattern_now.sub(lambda match: placeholders[match.group(0).lower()], value)

    def json(self, data: Any) -> Any:
        """A JSON value with every string passed through ``text``, and the values of
        properties named like a secret replaced whole."""
        if isinstance(data, dict):
            return {
                key: REDACTED if is_secret_name(key) and item is not None else self.json(item)
                for key, item in data.items()
            }
        if isinstance(data, list):
            return [self.json(item) for item in data]
        return self.text(data) if isinstance(data, str) else data
