"""Job lifecycle: ``notStarted -> running -> completed | failed``, by ticks or by polls. No Flask.

Graph runs these jobs asynchronously and clients poll them. Here nothing moves on its own: a
job advances one step when a test says so (``advance``), or every ``polls`` GETs of the job
when a plan (or the app-wide setting) asks for it, so a polling client is tested without
sleeping. Moving to ``running`` stamps ``startDateTime``, finishing stamps ``endDateTime``,
each only if the job has none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from mockgraph.core.errors import BadRequestError, LifecycleError, NotFoundError
from mockgraph.core.model.collections import ALL_JOBS
from mockgraph.core.store import Entry, JobStore

NOT_STARTED = "notStarted"
RUNNING = "running"
COMPLETED = "completed"
FAILED = "failed"
OUTCOMES = (COMPLETED, FAILED)
# What an item other than a job changes at its next step, given its fields and the outcome.
Step = Callable[[dict[str, Any], str], dict[str, Any] | None]
_CANONICAL = {s.lower(): s for s in (NOT_STARTED, RUNNING, COMPLETED, FAILED)}


@dataclass(frozen=True)
class Plan:
    """How a job advances on its own: every ``polls`` GETs (0: never), finishing as ``outcome``."""

    polls: int = 0
    outcome: str = COMPLETED

    def to_dict(self) -> dict[str, Any]:
        """The plan as the admin API shows it."""
        return {"polls": self.polls, "outcome": self.outcome}


def check_outcome(outcome: Any) -> str:
    """``outcome`` if it is ``completed`` or ``failed``; BadRequestError otherwise."""
    if outcome not in OUTCOMES:
        raise BadRequestError(f"The outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}.")
    return str(outcome)


def next_status(status: Any, outcome: str) -> str | None:
    """The step after ``status`` (a missing status is ``notStarted``); None when finished."""
    current = NOT_STARTED if status is None else _CANONICAL.get(str(status).lower())
    if current is None:
        raise LifecycleError(
            f"The job's status {status!r} is not one of notStarted, running, completed, failed."
        )
    return {NOT_STARTED: RUNNING, RUNNING: outcome}.get(current)


def timestamp() -> str:
    """Now, as Graph writes a DateTimeOffset: UTC, microseconds, Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Lifecycle:
    """Per-job plans and poll counters; every change to a job goes through one lock."""

    def __init__(self, polls: int = 0) -> None:
        self.default = Plan(polls)
        self._lock = threading.Lock()
        self._plans: dict[tuple[str, str], Plan] = {}
        self._polls: dict[tuple[str, str], int] = {}

    @property
    def active(self) -> bool:
        """Whether any GET may move a job (a default or a per-job plan): if not, polls are free."""
        return self.default.polls > 0 or bool(self._plans)

    def locked(self) -> threading.Lock:
        """The lock every step of an item takes: hold it to decide and make a step at once."""
        return self._lock

    def set_plan(self, tenant: str, job_id: str, plan: Plan) -> Plan:
        """Make the job advance every ``plan.polls`` GETs, finishing as ``plan.outcome``."""
        with self._lock:
            self._plans[(tenant, job_id)] = plan
            self._polls.pop((tenant, job_id), None)
        return plan

    def plan(self, tenant: str, job_id: str) -> Plan:
        """The job's plan, or the app-wide default."""
        with self._lock:
            return self._plans.get((tenant, job_id), self.default)

    def plans(self, tenant: str | None = None) -> list[tuple[str, str, Plan, int]]:
        """Every per-job plan (``tenant``'s only when given) as (tenant, job id, plan, GETs
        counted towards its next step), in the order they were set."""
        with self._lock:
            return [
                (held, job_id, plan, self._polls.get((held, job_id), 0))
                for (held, job_id), plan in self._plans.items()
                if tenant is None or held == tenant
            ]

    def advance(
        self, store: JobStore, tenant: str, job_id: str, outcome: str | None = None
    ) -> Entry:
        """Move the job one step (an explicit tick); LifecycleError when it is finished."""
        with self._lock:
            entry = store.get(tenant, ALL_JOBS, job_id)
            finish = outcome or self._plans.get((tenant, job_id), self.default).outcome
            step = next_status(entry.fields.get("status"), finish)
            if step is None:
                raise LifecycleError(
                    f"The job '{job_id}' is {entry.fields['status']}; it cannot advance further."
                )
            return self._move(store, tenant, entry, step)

    def poll(
        self,
        store: JobStore,
        tenant: str,
        collection: str,
        job_id: str,
        step: Step | None = None,
    ) -> None:
        """Count a GET of the job; every ``polls``-th moves it one step before it is served.
        ``step``: the changes an item other than a job takes at its next step (None: none)."""
        key = (tenant, job_id)
        with self._lock:
            plan = self._plans.get(key, self.default)
            if plan.polls <= 0:
                return
            seen = self._polls.get(key, 0) + 1
            if seen < plan.polls:
                self._polls[key] = seen
                return
            self._polls[key] = 0
            try:
                entry = store.get(tenant, collection, job_id)
                if step is not None:
                    if (changes := step(dict(entry.fields), plan.outcome)) is not None:
                        store.update(tenant, collection, entry.id, changes)
                    return
                after = next_status(entry.fields.get("status"), plan.outcome)
            except (NotFoundError, LifecycleError):
                return  # the GET answers 404, or serves a job outside the lifecycle as it is
            if after is not None:
                self._move(store, tenant, entry, after)

    @staticmethod
    def _move(store: JobStore, tenant: str, entry: Entry, step: str) -> Entry:
        changes: dict[str, Any] = {"status": step}
        stamp = "startDateTime" if step == RUNNING else "endDateTime"
        if entry.fields.get(stamp) is None:
            changes[stamp] = timestamp()
        return store.update(tenant, ALL_JOBS, entry.id, changes)

    def reset(self, tenant: str | None = None) -> None:
        """Forget plans and poll counts, every tenant's or ``tenant``'s."""
        with self._lock:
            if tenant is None:
                self._plans, self._polls = {}, {}
            else:
                self._plans = {k: v for k, v in self._plans.items() if k[0] != tenant}
                self._polls = {k: v for k, v in self._polls.items() if k[0] != tenant}
