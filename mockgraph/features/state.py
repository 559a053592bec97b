"""What one mock owns: its store and every test feature's state, in one object. No Flask.

The app keeps it on ``app.extensions[STATE_KEY]``; code reads it through
``mockgraph.http.current.state_of(app)``, typed, never the extensions dict itself.
"""

from __future__ import annotations

import traceback
from collections import deque
from dataclasses import dataclass, field

from mockgraph.core.store import JobStore
from mockgraph.features.clock import Clock
from mockgraph.features.detection.scripts import Scripts
from mockgraph.features.exact_match import ExactMatchRows
from mockgraph.features.faults import FaultSet
from mockgraph.features.journal import Journal
from mockgraph.features.labeling import LabelingRules
from mockgraph.features.lifecycle import Lifecycle

STATE_KEY = "mockgraph"


@dataclass
class MockGraphState:
    """What one app instance owns (``app.extensions[STATE_KEY]``, read with
    ``mockgraph.http.current.state_of``): never shared between apps."""

    store: JobStore = field(default_factory=JobStore)
    journal: Journal = field(default_factory=Journal)
    faults: FaultSet = field(default_factory=FaultSet)
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    clock: Clock = field(default_factory=Clock)  # what enforced Retry-After waits are timed on
    # What a test gives the service's actions: scripted detections, data stores' rows, the
    # auto-labeling rules (each tenant's; reset forgets them, the rules back to the defaults).
    detections: Scripts = field(default_factory=Scripts)
    exact_rows: ExactMatchRows = field(default_factory=ExactMatchRows)
    labeling: LabelingRules = field(default_factory=LabelingRules)
    # Tracebacks of the mock's own failures (answered 500), for the pytest plugin to report.
    exceptions: deque[str] = field(default_factory=lambda: deque(maxlen=50))

    def record_exception(self, error: BaseException) -> None:
        """Keep the traceback of an unexpected exception."""
        self.exceptions.append("".join(traceback.format_exception(error)))

    def reset(self, tenant: str | None = None) -> None:
        """Forget jobs, journal, faults, lifecycle plans and the actions' test data: everything,
        or ``tenant``'s."""
        self.store.clear(tenant)
        self.journal.clear(tenant)
        self.faults.clear(tenant)
        self.lifecycle.reset(tenant)
        self.detections.clear(tenant)
        self.exact_rows.clear(tenant)
        self.labeling.reset(tenant)
        if tenant is None:
            self.exceptions.clear()
