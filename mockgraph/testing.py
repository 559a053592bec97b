"""``MockGraph``: a running mock and its admin API as one object, for tests (pytest or not).

Admin calls go through the app's in-process test client: the same code as ``/_mockgraph/``
over HTTP, without a socket round trip. ``reset()``, which the pytest fixture makes before
every test, calls the app's state directly, as ``POST /_mockgraph/reset`` does: a request
through the test client would cost more than the reset itself.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from flask.testing import FlaskClient

from mockgraph.core.auth import ADMIN_TOKEN_HEADER, DEFAULT_TENANT, token
from mockgraph.core.store import JobStore
from mockgraph.features.state import MockGraphState
from mockgraph.http.current import state_of
from mockgraph.http.environ import header_key
from mockgraph.paths import ADMIN_PREFIX
from mockgraph.serving.server import MockGraphServer


class AdminError(Exception):
    """An admin API call the mock refused; carries the status and Graph's error body."""

    def __init__(self, method: str, path: str, status: int, body: Any) -> None:
        error = body.get("error", {}) if isinstance(body, dict) else {}
        super().__init__(
            f"{method} {path} answered {status}: {error.get('code')}: {error.get('message')}"
        )
        self.status = status
        self.body = body


class MockGraph:
    """Helpers over one running mock: seed, read the journal, add faults, advance jobs."""

    def __init__(self, server: MockGraphServer) -> None:
        self.server = server
        self.app: Flask = server.app

    @cached_property
    def _admin(self) -> FlaskClient:
        # Made on the first admin call: the fixture builds a helper per test and may use none.
        client = self.app.test_client()
        admin_token = self.app.config.get("MOCKGRAPH_ADMIN_TOKEN")
        if admin_token:
            client.environ_base[header_key(ADMIN_TOKEN_HEADER)] = admin_token
        return client

    @property
    def base_url(self) -> str:
        """The Graph service root to point a client at: ``http://127.0.0.1:PORT/beta``."""
        return self.server.base_url

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (the admin API is at ``{url}/_mockgraph/``)."""
        return self.server.url

    @property
    def state(self) -> MockGraphState:
        """The app's ``MockGraphState`` (store, journal, faults, lifecycle)."""
        return state_of(self.app)

    @property
    def store(self) -> JobStore:
        """The server's job store."""
        store: JobStore = self.state.store
        return store

    def token(self, tenant: str = DEFAULT_TENANT, **claims: Any) -> str:
        """A bearer JWT for ``tenant``."""
        return token(tenant, **claims)

    def headers(self, tenant: str = DEFAULT_TENANT) -> dict[str, str]:
        """``{"Authorization": "Bearer <a JWT for tenant>"}``."""
        return {"Authorization": f"Bearer {token(tenant)}"}

    def admin(self, method: str, path: str, body: Any = None, tenant: str | None = None) -> Any:
        """Call ``/_mockgraph/{path}``; its JSON answer, or AdminError on a 4xx/5xx."""
        headers = self.headers(tenant) if tenant is not None else {}
        data = None if body is None else json.dumps(body)
        response = self._admin.open(
            f"{ADMIN_PREFIX}/{path}",
            method=method,
            data=data,
            headers=headers,
            content_type="application/json",
        )
        answer = json.loads(response.data) if response.data else None
        if response.status_code >= 400:
            raise AdminError(method, path, response.status_code, answer)
        return answer

    def reset(self, tenant: str | None = None) -> None:
        """Forget jobs, journal, faults and plans (every tenant's, or ``tenant``'s)."""
        self.state.reset(tenant)

    def seed(
        self, *items: str | dict[str, Any], tenant: str = DEFAULT_TENANT, defaults: bool = False
    ) -> list[dict[str, Any]]:
        """Store documented fixtures (by name) and jobs (dicts, ids kept), after the tenant
        defaults when ``defaults``; the stored items."""
        fixtures = [item for item in items if isinstance(item, str)]
        jobs = [item for item in items if not isinstance(item, str)]
        body = {"fixtures": fixtures, "jobs": jobs, "tenant": tenant, "defaults": defaults}
        answer = self.admin("POST", "seed", body)
        return [item.get("job") or item["entity"] for item in answer["value"]]

    def seed_defaults(self, tenant: str = DEFAULT_TENANT) -> list[dict[str, Any]]:
        """Store what ``mockgraph serve`` starts a tenant with besides the documented jobs:
        Microsoft's built-in sensitive types and the label taxonomy, with their rights (ids:
        ``mockgraph.features.tenant_defaults``); again, it replaces them. The stored items."""
        return self.seed(tenant=tenant, defaults=True)

    def jobs(self, tenant: str = DEFAULT_TENANT) -> list[dict[str, Any]]:
        """Every job ``tenant`` holds, as stored."""
        exported = self.admin("GET", "state", tenant=tenant)
        return [item["job"] for item in exported.get(tenant, []) if "job" in item]

    def requests(
        self, method: str = "*", path: str = "*", tenant: str | None = None
    ) -> list[dict[str, Any]]:
        """Journal entries, oldest first, matching ``method`` and the glob ``path``.

        A path not starting with ``/`` is relative to ``/beta/dataClassification/``.
        """
        query = "requests?" + urlencode({"method": method, "path": path})
        entries: list[dict[str, Any]] = self.admin("GET", query, tenant=tenant)["value"]
        return entries

    def assert_called(
        self, method: str, path: str, count: int | None = None, tenant: str | None = None
    ) -> list[dict[str, Any]]:
        """The matching calls; AssertionError unless there was one at least (or ``count``)."""
        __tracebackhide__ = True  # pytest shows the caller's line, not this helper's
        calls = self.requests(method, path, tenant)
        if (len(calls) >= 1) if count is None else (len(calls) == count):
            return calls
        wanted = "at least 1" if count is None else str(count)
        made = [f"  {e['method']} {e['path']} -> {e['status']}" for e in self.requests()]
        listing = "\n".join(made[-30:]) or "  (none)"
        raise AssertionError(
            f"expected {wanted} call(s) to {method} {path}, found {len(calls)}; "
            f"the mock saw:\n{listing}"
        )

    def add_fault(
        self,
        method: str = "*",
        path: str = "*",
        *,
        status: int | None = None,
        code: str | None = None,
        message: str | None = None,
        count: int | None = None,
        latency_ms: float | None = None,
        retry_after: float | None = None,
        enforce_retry_after: bool = False,
        tenant: str | None = None,
    ) -> dict[str, Any]:
        """Make matching calls fail with ``status``/``code`` and/or be ``latency_ms`` slower;
        ``enforce_retry_after``: answer again whoever calls before its Retry-After passed."""
        spec = {
            "method": method,
            "path": path,
            "status": status,
            "code": code,
            "message": message,
            "count": count,
            "latencyMs": latency_ms,
            "retryAfter": retry_after,
            "enforceRetryAfter": enforce_retry_after or None,
        }
        body = {key: value for key, value in spec.items() if value is not None}
        rule: dict[str, Any] = self.admin("POST", "faults", body, tenant=tenant)
        return rule

    def throttle(
        self,
        method: str = "*",
        path: str = "*",
        *,
        retry_after: float = 1,
        count: int | None = 1,
        enforce_retry_after: bool = False,
        tenant: str | None = None,
    ) -> dict[str, Any]:
        """Answer the next ``count`` matching calls 429 ``TooManyRequests`` with Retry-After;
        ``enforce_retry_after``: and a tenant's calls before it has passed 429 again (moving
        the clock with ``advance_clock`` is how a test waits)."""
        return self.add_fault(
            method,
            path,
            status=429,
            retry_after=retry_after,
            count=count,
            enforce_retry_after=enforce_retry_after,
            tenant=tenant,
        )

    def clock(self) -> float:
        """The mock's clock (seconds): what enforced Retry-After waits are timed on."""
        reading: float = self.admin("GET", "clock")["now"]
        return reading

    def advance_clock(self, seconds: float) -> float:
        """Move the mock's clock on by ``seconds`` (a client's wait, without sleeping)."""
        reading: float = self.admin("POST", "clock/advance", {"seconds": seconds})["now"]
        return reading

    def faults(self, tenant: str | None = None) -> list[dict[str, Any]]:
        """The fault rules, with their hits."""
        rules: list[dict[str, Any]] = self.admin("GET", "faults", tenant=tenant)["value"]
        return rules

    def clear_faults(self, tenant: str | None = None) -> None:
        """Drop every fault rule."""
        self.admin("DELETE", "faults", tenant=tenant)

    def advance(
        self, job_id: str, outcome: str | None = None, tenant: str | None = None
    ) -> dict[str, Any]:
        """Move a job one step (``notStarted -> running -> completed|failed``); the job."""
        body = {"outcome": outcome} if outcome else None
        job: dict[str, Any] = self.admin("POST", f"jobs/{job_id}/advance", body, tenant=tenant)
        return job

    def advance_on_polls(
        self, job_id: str, polls: int = 1, outcome: str = "completed", tenant: str | None = None
    ) -> None:
        """Make every ``polls``-th GET of the job move it one step, finishing as ``outcome``."""
        body = {"polls": polls, "outcome": outcome}
        self.admin("PUT", f"jobs/{job_id}/lifecycle", body, tenant=tenant)

    def script_detection(
        self,
        sensitive_type_id: str,
        pattern: str | None = None,
        result: dict[str, Any] | None = None,
        confidence: int = 85,
        when: str | None = None,
        tenant: str = DEFAULT_TENANT,
    ) -> dict[str, Any]:
        """Make ``classifyFile`` find ``sensitive_type_id`` where the regex ``pattern``
        matches, or answer ``result`` for it (a detectedSensitiveContent), in files containing
        ``when`` (None: every file); the script."""
        body = {"sensitiveTypeId": sensitive_type_id, "confidence": confidence, "when": when}
        body |= {"pattern": pattern} if pattern is not None else {"result": result}
        script: dict[str, Any] = self.admin("POST", "detections", body, tenant=tenant)
        return script

    def clear_detections(self, tenant: str = DEFAULT_TENANT) -> None:
        """Forget ``tenant``'s scripted detections."""
        self.admin("DELETE", "detections", tenant=tenant)

    def load_rows(
        self,
        data_store_id: str,
        rows: list[dict[str, str]],
        append: bool = False,
        tenant: str = DEFAULT_TENANT,
    ) -> int:
        """Load rows (column name -> value) into an exact-match data store, as its upload
        agent would: they replace its rows (``append``: are added); the store's row count."""
        method = "POST" if append else "PUT"
        path = f"exactMatchDataStores/{data_store_id}/rows"
        answer = self.admin(method, path, {"rows": rows}, tenant=tenant)
        return int(answer["count"])

    def labeling_rules(self, tenant: str = DEFAULT_TENANT) -> list[dict[str, Any]]:
        """``tenant``'s auto-labeling rules, as ``evaluate`` applies them."""
        rules: list[dict[str, Any]] = self.admin("GET", "labelingRules", tenant=tenant)["rules"]
        return rules

    def set_labeling_rules(
        self, rules: list[dict[str, Any]] | None, tenant: str = DEFAULT_TENANT
    ) -> None:
        """Replace ``tenant``'s auto-labeling rules (None: back to the defaults)."""
        if rules is None:
            self.admin("DELETE", "labelingRules", tenant=tenant)
        else:
            self.admin("PUT", "labelingRules", {"rules": rules}, tenant=tenant)

    def advance_session(
        self,
        data_store_id: str,
        session_id: str,
        outcome: str | None = None,
        tenant: str = DEFAULT_TENANT,
    ) -> dict[str, Any]:
        """Complete a committed (processing) upload session, or fail it; the session."""
        body = {"outcome": outcome} if outcome else None
        path = f"exactMatchDataStores/{data_store_id}/sessions/{session_id}/advance"
        session: dict[str, Any] = self.admin("POST", path, body, tenant=tenant)
        return session

    def take_exceptions(self) -> list[str]:
        """Tracebacks of the mock's own failures since the last call (they answered 500)."""
        recorded = self.state.exceptions
        found = []
        while recorded:  # popleft: one recorded meanwhile is kept for the next call
            found.append(recorded.popleft())
        return found
