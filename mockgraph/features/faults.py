"""Fault rules: make matching Graph calls fail, be throttled, or be slow. No Flask imports.

A rule matches a method (or ``*``) and a path glob, optionally only for one tenant, and fires
for every match or for the next ``count`` matches. It answers a Graph error of a given status
and code, a 429 in Graph's throttling shape with ``Retry-After``, and/or adds latency.

With ``enforceRetryAfter``, ``Retry-After`` is a contract: once the rule has answered a
tenant, that tenant's matching calls made before its ``Retry-After`` has passed (on the app's
``Clock``) are answered the same way again, with the seconds still to wait, and counted as
early retries; they do not use up the rule's ``count``.
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

from mockgraph.core.errors import (
    BadRequestError,
    ForbiddenError,
    GraphError,
    NotFoundError,
    TooManyRequestsError,
    UnauthorizedError,
)
from mockgraph.paths import SINGLETON_PATH

# A pattern not starting with "/" is relative to the singleton (``/beta/dataClassification``).
_RELATIVE_TO = SINGLETON_PATH + "/"
MAX_LATENCY_MS = 60_000
MAX_RETRY_AFTER = 24 * 3600  # a day: Graph's waits are seconds to minutes
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
_FIELDS = {
    *("method", "path", "status", "code", "message", "retryAfter", "latencyMs", "count"),
    "enforceRetryAfter",
}


def path_matches(pattern: str, path: str) -> bool:
    """Whether ``path`` matches the glob ``pattern`` (``*`` crosses ``/``). A relative pattern
    is matched against the path below the singleton, which is "" for the singleton itself: so
    ``*`` is every call of the service, ``jobs/*`` every job."""
    if pattern.startswith("/"):
        return fnmatch.fnmatchcase(path, pattern)
    if path == SINGLETON_PATH:
        return fnmatch.fnmatchcase("", pattern)
    return path.startswith(_RELATIVE_TO) and fnmatch.fnmatchcase(path[len(_RELATIVE_TO) :], pattern)


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
    enforce_retry_after: bool = False
    early_retries: int = 0  # calls answered again for coming before Retry-After had passed

    def matches(self, method: str, path: str, tenant: str) -> bool:
        """Whether this rule applies to the call (and has firings left)."""
        if self.remaining == 0 or self.tenant not in (None, tenant):
            return False
        return call_matches(self.method, self.path, method, path)

    def applies_to(self, method: str, path: str, tenant: str) -> bool:
        """Whether the call is one this rule is about (spent or not)."""
        return self.tenant in (None, tenant) and call_matches(self.method, self.path, method, path)

    @property
    def wait(self) -> int | None:
        """The ``Retry-After`` this rule answers with (None: none), and how long an enforced
        one lasts: whole seconds, as RFC 9110's delay-seconds are, so ``retryAfter`` rounded
        up (1.5 is 2, 0.001 is 1; 0 stays 0)."""
        if self.retry_after is None:
            return DEFAULT_RETRY_AFTER if self.status == 429 else None
        return math.ceil(self.retry_after)

    def error(self, retry_after: int | None = None) -> GraphError | None:
        """The Graph error this rule answers with (``retry_after`` instead of its own), or None
        for latency only."""
        if self.status is None:
            return None
        headers = {"x-mockgraph-fault": self.id}
        if retry_after is None:
            retry_after = self.wait
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
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
            "enforceRetryAfter": self.enforce_retry_after,
            "earlyRetries": self.early_retries,
        }


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
    retry_after = _number(spec, "retryAfter", 0, MAX_RETRY_AFTER)
    enforce = spec.get("enforceRetryAfter", False)
    if not isinstance(enforce, bool):
        raise BadRequestError("The fault's 'enforceRetryAfter' must be true or false.")
    if enforce and (status is None or (status != 429 and retry_after is None)):
        raise BadRequestError(
            "'enforceRetryAfter' needs a fault that answers Retry-After: status 429, or a "
            "'status' with a 'retryAfter'."
        )
    return FaultRule(
        id=str(uuid.uuid4()),
        method=method,
        path=_text(spec, "path", "*"),
        tenant=tenant,
        status=None if status is None else int(status),
        code=_text(spec, "code", None),
        message=_text(spec, "message", None),
        retry_after=retry_after,
        latency_ms=latency,
        count=None if count is None else int(count),
        remaining=None if count is None else int(count),
        enforce_retry_after=enforce,
    )


def _text(spec: Mapping[str, Any], name: str, default: str | None) -> Any:
    value = spec.get(name)
    if value is None:  # absent or null: the default, as for the numbers
        return default
    if not isinstance(value, str) or not value:
        raise BadRequestError(f"The fault's '{name}' must be a non-empty string.")
    try:
        value.encode()  # every answer, the journal and the inspector show it as UTF-8
    except UnicodeEncodeError:
        raise BadRequestError(
            f"The fault's '{name}' holds a lone surrogate, which UTF-8 cannot encode."
        ) from None
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


@dataclass(frozen=True)
class Fired:
    """A rule answering one call: as it fires, or again for a call that came too early."""

    rule: FaultRule
    early: bool = False
    retry_after: int | None = None  # for an early call: the seconds still to wait

    def error(self) -> GraphError | None:
        """The Graph error the call is answered with, or None for latency only."""
        return self.rule.error(self.retry_after)


class FaultSet:
    """The active rules, in the order they were added; the first match fires.

    ``_until`` holds, per (rule id, tenant), when an enforced ``Retry-After`` ends.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._until: dict[tuple[str, str], float] = {}

    def add(self, rule: FaultRule) -> FaultRule:
        """Add ``rule`` after the existing ones."""
        with self._lock:
            self._rules = [*self._rules, rule]
        return rule

    def take(self, method: str, path: str, tenant: str, now: float = 0.0) -> Fired | None:
        """The first rule matching the call, counted as fired; None when none matches.

        ``now`` (the app's clock) tells whether an enforced Retry-After has passed.
        """
        with self._lock:
            if not self._rules:
                return None
            for index, rule in enumerate(self._rules):
                until = self._until.get((rule.id, tenant)) if self._until else None
                if until is not None and now < until and rule.applies_to(method, path, tenant):
                    early = replace(rule, early_retries=rule.early_retries + 1)
                    self._rules = [*self._rules[:index], early, *self._rules[index + 1 :]]
                    return Fired(early, early=True, retry_after=max(1, math.ceil(until - now)))
                if rule.matches(method, path, tenant):
                    left = None if rule.remaining is None else rule.remaining - 1
                    fired = replace(rule, remaining=left, hits=rule.hits + 1)
                    self._rules = [*self._rules[:index], fired, *self._rules[index + 1 :]]
                    if rule.enforce_retry_after and rule.wait is not None:
                        self._until[(rule.id, tenant)] = now + rule.wait
                    return Fired(fired)
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
            self._keep(kept)
        return found

    def clear(self, tenant: str | None = None) -> None:
        """Drop every rule, or those scoped to ``tenant`` (and that tenant's waits)."""
        with self._lock:
            if tenant is None:
                self._rules, self._until = [], {}
            else:
                self._keep([r for r in self._rules if r.tenant != tenant])
                self._until = {k: v for k, v in self._until.items() if k[1] != tenant}

    def _keep(self, rules: list[FaultRule]) -> None:
        ids = {rule.id for rule in rules}
        self._rules = rules
        self._until = {k: v for k, v in self._until.items() if k[0] in ids}
