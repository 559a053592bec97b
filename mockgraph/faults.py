"""Fault rules: make matching Graph calls fail, be throttled, or be slow. No Flask imports.

A rule matches a method (or ``*``) and a path glob, optionally only for one tenant, and fires
for every match or for the next ``count`` matches. It answers a Graph error of a given status
and code, a 429 in Graph's throttling shape with ``Retry-After``, and/or adds latency.
"""

from __future__ import annotations

import fnmatch
import math
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any

from mockgraph.errors import (
    BadRequestError,
    ForbiddenError,
    GraphError,
    NotFoundError,
    TooManyRequestsError,
    UnauthorizedError,
)
from mockgraph.paths import NAMESPACE_PATH

# A pattern not starting with "/" is relative to the service's dataClassification root.
SERVICE_ROOT = NAMESPACE_PATH + "/"
MAX_LATENCY_MS = 60_000
# Graph's own throttling answer (https://learn.microsoft.com/graph/throttling#sample-response).
THROTTLED_MESSAGE = "Please retry again later."
DEFAULT_RETRY_AFTER = 1

_ERRORS: dict[int, type[GraphError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    429: TooManyRequestsError,
}
# Codes Graph documents for statuses without their own exception class here
# (https://learn.microsoft.com/graph/errors#code-property).
_CODES = {409: "conflict", 503: "serviceNotAvailable", 504: "gatewayTimeout"}
_FIELDS = {"method", "path", "status", "code", "message", "retryAfter", "latencyMs", "count"}


def path_matches(pattern: str, path: str) -> bool:
    """Whether ``path`` matches the glob ``pattern`` (``*`` crosses ``/``)."""
    full = pattern if pattern.startswith("/") else SERVICE_ROOT + pattern
    return fnmatch.fnmatchcase(path, full)


def call_matches(method: str, pattern: str, request_method: str, path: str) -> bool:
    """Whether a call matches ``method`` (or ``*``) and the path ``pattern``."""
    return method in ("*", request_method.upper()) and path_matches(pattern, path)


@dataclass(frozen=True)
class FaultRule:
    """One rule; ``remaining`` is None when it fires for every match."""

    id: str
    method: str
    path: str
    tenant: str | None
    status: int | None
    code: str | None
    message: str | None
    retry_after: float | None
    latency_ms: float
    count: int | None
    remaining: int | None
    hits: int = 0

    def matches(self, method: str, path: str, tenant: str) -> bool:
        """Whether this rule applies to the call (and has firings left)."""
        if self.remaining == 0 or self.tenant not in (None, tenant):
            return False
        return call_matches(self.method, self.path, method, path)

    def error(self) -> GraphError | None:
        """The Graph error this rule answers with, or None for latency only."""
        if self.status is None:
            return None
        headers = {"x-mockgraph-fault": self.id}
        retry_after = self.retry_after
        if retry_after is None and self.status == 429:
            retry_after = DEFAULT_RETRY_AFTER
        if retry_after is not None:
            headers["Retry-After"] = _seconds(retry_after)
        kind = _ERRORS.get(self.status, GraphError)
        default = THROTTLED_MESSAGE if self.status == 429 else f"{HTTPStatus(self.status).phrase}."
        return kind(
            self.message or default,
            status=self.status,
            code=self.code or (None if kind is not GraphError else _CODES.get(self.status)),
            headers=headers,
        )

    def to_dict(self) -> dict[str, Any]:
        """The rule as the admin API shows it."""
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "tenant": self.tenant,
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "retryAfter": self.retry_after,
            "latencyMs": self.latency_ms,
            "count": self.count,
            "remaining": self.remaining,
            "hits": self.hits,
        }


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_rule(spec: Any, tenant: str | None) -> FaultRule:
    """A rule from its JSON form; BadRequestError naming what is wrong."""
    if not isinstance(spec, Mapping):
        raise BadRequestError("A fault must be a JSON object.")
    unknown = sorted(set(spec) - _FIELDS)
    if unknown:
        raise BadRequestError(f"Unknown fault properties: {', '.join(unknown)}.")
    method = _text(spec, "method", "*").upper()
    status = _number(spec, "status", 400, 599, integer=True)
    latency = _number(spec, "latencyMs", 0, MAX_LATENCY_MS) or 0
    count = _number(spec, "count", 1, None, integer=True)
    if status is None and not latency:
        raise BadRequestError("A fault needs a 'status' (4xx or 5xx), a 'latencyMs', or both.")
    if status is not None and status not in HTTPStatus._value2member_map_:
        raise BadRequestError(f"The fault's 'status' {status} is not an HTTP status.")
    return FaultRule(
        id=str(uuid.uuid4()),
        method=method,
        path=_text(spec, "path", "*"),
        tenant=tenant,
        status=None if status is None else int(status),
        code=_text(spec, "code", None),
        message=_text(spec, "message", None),
        retry_after=_number(spec, "retryAfter", 0, None),
        latency_ms=latency,
        count=None if count is None else int(count),
        remaining=None if count is None else int(count),
    )


def _text(spec: Mapping[str, Any], name: str, default: str | None) -> Any:
    value = spec.get(name)
    if value is None:  # absent or null: the default, as for the numbers
        return default
    if not isinstance(value, str) or not value:
        raise BadRequestError(f"The fault's '{name}' must be a non-empty string.")
    return value


def _number(
    spec: Mapping[str, Any], name: str, low: float, high: float | None, integer: bool = False
) -> float | None:
    value = spec.get(name)
    if value is None:
        return None
    number = _finite(value, integer)
    if number is None or number < low or (high is not None and number > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        kind = "an integer" if integer else "a number"
        raise BadRequestError(f"The fault's '{name}' must be {kind} {bound}.")
    return number


def _finite(value: Any, integer: bool) -> float | None:
    """A JSON number as a finite int (``integer``) or float; None for anything else.

    JSON's 1e400 reads as an infinity, and 1 followed by 400 zeros as an int no float holds:
    either would be echoed back as ``Infinity``, which is no JSON, or fail on the way.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if integer:
        return value if isinstance(value, int) else None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


class FaultSet:
    """The active rules, in the order they were added; the first match fires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> FaultRule:
        """Add ``rule`` after the existing ones."""
        with self._lock:
            self._rules = [*self._rules, rule]
        return rule

    def take(self, method: str, path: str, tenant: str) -> FaultRule | None:
        """The first rule matching the call, counted as fired; None when none matches."""
        with self._lock:
            for index, rule in enumerate(self._rules):
                if rule.matches(method, path, tenant):
                    left = None if rule.remaining is None else rule.remaining - 1
                    fired = replace(rule, remaining=left, hits=rule.hits + 1)
                    self._rules = [*self._rules[:index], fired, *self._rules[index + 1 :]]
                    return fired
        return None

    def rules(self, tenant: str | None = None) -> list[FaultRule]:
        """Every rule (spent ones included, with their hits), or those scoped to ``tenant``."""
        with self._lock:
            rules = self._rules
        return [r for r in rules if tenant is None or r.tenant == tenant]

    def remove(self, rule_id: str, tenant: str | None = None) -> bool:
        """Drop one rule; False when there is no such rule (for ``tenant``)."""
        with self._lock:
            kept = [r for r in self._rules if r.id != rule_id or tenant not in (None, r.tenant)]
            found = len(kept) != len(self._rules)
            self._rules = kept
        return found

    def clear(self, tenant: str | None = None) -> None:
        """Drop every rule, or those scoped to ``tenant``."""
        with self._lock:
            if tenant is None:
                self._rules = []
            else:
                self._rules = [r for r in self._rules if r.tenant != tenant]
