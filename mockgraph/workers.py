"""The worker pool of ``MockGraphServer``: its workers take turns, one serving at a time.

Measured with ``bench/run.py`` (2 cores, wrk on the same machine): with 8 cheroot workers
serving at once, CPython's GIL changes hands on nearly every socket call, and the server
answered a third fewer GETs and POSTs than with one worker. One worker alone, though, would
hold every other call up while it waits out injected latency. So the workers take turns: the
worker that holds the turn serves connection after connection and keeps it; a worker about to
wait (``environ[WAIT_KEY](seconds)``: the app's injected latency) hands the turn on first, and
after the wait finishes its answer alongside the next turn holder.

A call that blocks otherwise (a client that stalls in the middle of its request) keeps the turn
until cheroot's socket timeout; ``parallel=True`` lets every worker serve at once instead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from cheroot.server import HTTPConnection
from cheroot.workers.threadpool import ThreadPool

# The environ key of the callable that waits out a delay without holding the others up.
# Any other WSGI server leaves it out, and the app falls back to time.sleep.
WAIT_KEY = "mockgraph.wait"
Wait = Callable[[float], None]


class TakingTurnsPool(ThreadPool):
    """cheroot's ``ThreadPool``, whose workers take connections only while holding the turn."""

    def __init__(self, server: Any, threads: int) -> None:
        super().__init__(server, min=threads, max=threads)
        self._turn = threading.Lock()
        self._holder: int | None = None  # the thread ident holding the turn
        self._next_connection = self.get  # the base's: its queue's get
        self.get = self._get  # what workers call for their next connection

    def _get(self) -> Any:
        me = threading.get_ident()
        if self._holder != me:
            self._turn.acquire()
            self._holder = me
        conn = self._next_connection()
        if not isinstance(conn, HTTPConnection):  # told to stop: the next worker takes the turn
            self._hand_on(me)
        return conn

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` in this worker, letting the next one serve meanwhile."""
        self._hand_on(threading.get_ident())
        time.sleep(seconds)  # the turn is taken again at this worker's next connection

    def _hand_on(self, me: int) -> None:
        if self._holder == me:
            self._holder = None
            self._turn.release()
