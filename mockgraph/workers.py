"""The worker pool of ``MockGraphServer``: its workers take turns, one serving at a time.

Measured with ``bench/run.py`` (2 cores, wrk on the same machine): with 8 cheroot workers
serving at once, CPython's GIL changes hands on nearly every socket call, and the server
answered a third fewer GETs and POSTs than with one worker. One worker alone, though, would
hold every other call up while it waits out injected latency. So the workers take turns: the
worker that holds the turn serves connection after connection and keeps it; a worker about to
wait (``environ[WAIT_KEY](seconds)``: the app's injected latency) hands the turn on first, and
after the wait finishes its answer alongside the next turn holder.

A call that blocks in any other way (a client that stalls halfway through its request, a slow
``--fsync``) loses the turn after ``STALL_SECONDS`` if others are queued: a watchdog hands it
on, so no call holds the others up for longer than that. ``parallel=True`` on the server lets
every worker serve at once instead.
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
STALL_SECONDS = 0.1  # a turn held this long on one call, with others waiting, is handed on


class TakingTurnsPool(ThreadPool):
    """cheroot's ``ThreadPool``, whose workers take connections only while holding the turn."""

    def __init__(self, server: Any, threads: int) -> None:
        super().__init__(server, min=threads, max=threads)
        self._turn = threading.Lock()
        self._guard = threading.Lock()  # makes "who holds the turn" and its release one step
        self._holder: int | None = None  # the thread ident holding the turn
        self._serving_since: float | None = None  # when the holder took its connection
        self._next_connection = self.get  # the base's: its queue's get
        self.get = self._get  # what workers call for their next connection
        self._stopping = threading.Event()

    def start(self) -> None:
        """Start the workers, and the watchdog that hands on a turn stuck on one call."""
        super().start()
        threading.Thread(target=self._watch, name="mockgraph-turns", daemon=True).start()

    def stop(self, timeout: int = 5) -> None:
        """Stop the watchdog and the workers."""
        self._stopping.set()
        super().stop(timeout)

    def _get(self) -> Any:
        me = threading.get_ident()
        if self._holder != me:
            self._turn.acquire()
            with self._guard:
                self._holder = me
        self._serving_since = None  # idle while it waits for a connection
        conn = self._next_connection()
        if not isinstance(conn, HTTPConnection):  # told to stop: the next worker takes the turn
            self._hand_on(me)
        elif self._holder == me:
            self._serving_since = time.monotonic()
        return conn

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` in this worker, letting the next one serve meanwhile."""
        self._hand_on(threading.get_ident())
        time.sleep(seconds)  # the turn is taken again at this worker's next connection

    def _hand_on(self, holder: int | None) -> None:
        with self._guard:
            if holder is not None and self._holder == holder:
                self._holder = None
                self._turn.release()

    def _watch(self) -> None:
        while not self._stopping.wait(STALL_SECONDS / 2):
            since = self._serving_since
            if since is not None and time.monotonic() - since > STALL_SECONDS and self.qsize:
                # At worst the holder has just moved on to its next call, which then shares
                # the machine with the next turn holder's: never two holders of one turn.
                self._hand_on(self._holder)
