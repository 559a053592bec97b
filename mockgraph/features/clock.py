"""The mock's clock: real monotonic time plus whatever a test moved it on. No Flask imports.

Retry-After windows (``faults.py``) are measured on it, so a test proves that its client waits
before calling again without sleeping: it moves the clock instead (``POST
/_mockgraph/clock/advance``), as moto's and pytest-httpserver's users drive time by ticks.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from mockgraph.core.errors import BadRequestError

# A move larger than this is a mistake (a timestamp sent for a duration, say), not a test.
MAX_ADVANCE = 10 * 365 * 24 * 3600.0


class Clock:
    """Seconds that only move forward: ``source()`` plus the moves made so far."""

    def __init__(self, source: Callable[[], float] = time.monotonic) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._offset = 0.0

    def now(self) -> float:
        """The current reading, in seconds (only differences between readings mean anything)."""
        return self._source() + self._offset

    @property
    def offset(self) -> float:
        """How far the clock has been moved on, in seconds."""
        return self._offset

    def advance(self, seconds: float) -> float:
        """Move the clock on by ``seconds`` (0 or more); the new reading."""
        if not 0 <= seconds <= MAX_ADVANCE or not math.isfinite(seconds):
            raise BadRequestError(f"The clock moves on by 0 to {MAX_ADVANCE:.0f} seconds.")
        with self._lock:
            self._offset += seconds
        return self.now()

    def to_dict(self) -> dict[str, float]:
        """The clock as the admin API shows it."""
        return {"now": round(self.now(), 6), "offset": round(self._offset, 6)}
