"""The request log ``mockgraph serve`` prints: a line for each Graph call the journal records.

The journal is the one record of a call (what the admin API and the inspector show), so the log
reads it: ``RequestLog`` subscribes to the app's journal, which hands it each call it records,
queues them, and prints from a thread of its own. A call's thread does one queue put more, never a
write: a slow or closed output holds up no call. The admin API and paths outside Graph's are
not journaled, so not logged. Not attached (``--quiet``), it costs a call nothing.
"""

from __future__ import annotations

import os
import threading
from queue import SimpleQueue
from typing import TextIO

from flask import Flask

from mockgraph.features.journal import JournalEntry, Recorded
from mockgraph.http.current import state_of

TARGET_LIMIT = 120  # characters of a call's path and query shown
# Calls waiting to be printed; past this (an output slower than the calls) the rest are counted.
BACKLOG = 1000
STOP_SECONDS = 1.0  # how long ``stop`` waits for the lines still queued


def line_of(entry: JournalEntry) -> str:
    """``GET /beta/...?$top=1 404 itemNotFound 1.2ms <request-id>``: the call as one line."""
    target = entry.path
    if entry.query:
        target += "?" + "&".join(f"{key}={value}" for key, value in entry.query.items())
    target = _shown(target)
    if len(target) > TARGET_LIMIT:
        target = target[: TARGET_LIMIT - 3] + "..."
    parts = [_shown(entry.method), target, str(entry.status)]
    code = entry.error_code()
    if code:
        parts.append(_shown(code))
    parts += [_milliseconds(entry.duration_ms), _shown(entry.request_id)]
    if entry.batch_request_id is not None:
        parts.append(f"($batch request {_shown(entry.batch_request_id)})")
    return " ".join(parts)


def _milliseconds(duration: float) -> str:
    return f"{duration:.2f}ms" if duration < 10 else f"{duration:.0f}ms"  # 0.04ms, 0.91ms, 702ms


def _shown(text: str) -> str:
    # A path may hold anything: a control character must not reach the terminal as itself.
    if text.isascii() and text.isprintable():
        return text
    return "".join(c if " " <= c <= "~" else ascii(c)[1:-1] for c in text)


class RequestLog:
    """Prints each Graph call ``app`` answers to ``out``, a line each, once ``start``ed.

    It subscribes to the app's journal: each call recorded from then on is handed to it.
    """

    def __init__(self, app: Flask, out: TextIO) -> None:
        state_of(app).journal.subscribe(self.observe)
        self._out = out
        self._queue: SimpleQueue[Recorded | None] = SimpleQueue()
        self._closed = False  # the output is gone: calls are no longer queued
        self._behind = 0  # calls not queued since the last line: the output fell behind
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="mockgraph-log", daemon=True)

    def start(self) -> RequestLog:
        """Print from now on, in a thread of its own."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Print what is queued (within STOP_SECONDS), then stop."""
        self._queue.put(None)
        self._thread.join(STOP_SECONDS)
        self._closed = True  # no one prints what would be queued now

    def observe(self, entry: Recorded) -> None:
        """Queue a call to be printed (in the call's thread: cheap, and it never raises)."""
        if self._closed:
            return
        if self._queue.qsize() < BACKLOG:
            self._queue.put(entry)
        else:
            with self._lock:
                self._behind += 1

    def _run(self) -> None:
        stopped = False
        while not stopped:
            entries = [self._queue.get()]
            while len(entries) < BACKLOG and not self._queue.empty():  # one write for those queued
                entries.append(self._queue.get())
            stopped = None in entries
            try:
                self._print([entry for entry in entries if entry is not None])
            except (OSError, ValueError):  # a closed pipe, a closed file: the output is gone
                self._closed = True
                discard(self._out)
                return

    def _print(self, entries: list[Recorded]) -> None:
        with self._lock:
            behind, self._behind = self._behind, 0
        lines = [line_of(entry.entry()) for entry in entries]
        if behind:
            lines.insert(0, f"... {behind} calls not shown: the output is slower than the calls")
        if lines:
            self._out.write("".join(line + "\n" for line in lines))
            self._out.flush()


def discard(out: TextIO) -> None:
    """Send what is still written to ``out`` to /dev/null: what is printed later, and what its
    buffer holds at exit, would fail again otherwise (Python's advice on SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, out.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError):  # no descriptor (a StringIO), or it is closed: nothing to do
        pass
