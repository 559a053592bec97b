"""SIGINT and SIGTERM as a flag: what stops `mockgraph serve` and `record`, and guards the
command's own start. Nothing here but ``signal``, so the command can take them before Flask and
granian load (``mockgraph/__main__.py``)."""

from __future__ import annotations

import signal
from typing import Any


class StopSignals:
    """SIGINT and SIGTERM as a flag, and nothing more: the handler takes no lock and calls
    nothing, so a signal at any moment (twice, as `timeout` sends it; before the server
    exists; while it stops) is safe. Both are handled even when SIGINT was ignored at start:
    `cmd &` in a non-interactive shell starts it so, and Ctrl-C's signal could not stop it."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._before: dict[int, Any] = {}

    def install(self) -> StopSignals:
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            self._before[stop_signal] = signal.signal(stop_signal, self._handle)
        return self

    def restore(self) -> None:
        """Put back the handlers ``install`` replaced (a CLI run inside pytest, say)."""
        for stop_signal, handler in self._before.items():
            signal.signal(stop_signal, handler)
        self._before.clear()

    def __enter__(self) -> StopSignals:
        return self.install()

    def __exit__(self, *exc_info: object) -> None:
        self.restore()

    def _handle(self, signum: int, frame: Any) -> None:
        self.received = signum
