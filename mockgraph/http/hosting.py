"""What a server needs of the app beyond WSGI: the one hook the app hands it.

``MockGraphServer`` holds a call with injected latency back without a thread, before the app
runs; so it asks the app how long (``plan``, which also takes the call's fault rule for the app
to apply). It asks how much of a body to read (``body_limit``), whether a call may run long and
so belongs off its own thread (``runs_long``: a ``$batch`` waits out its requests' latency
inside the app), and it hands the app its own failures (``report``). ``create_app`` puts the
mock's answers on ``app.extensions[HOSTING_KEY]``; any other WSGI app (the benchmark's bare
Flask app, say) is served with the neutral ones, ``PLAIN``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import Flask

from mockgraph.http import instrument
from mockgraph.http.admin_calls import ADMIN_MAX_BODY
from mockgraph.http.current import state_of
from mockgraph.http.environ import Environ
from mockgraph.paths import ADMIN_PATHS, BATCH_PATH

HOSTING_KEY = "mockgraph.hosting"


def _no_delay(environ: Environ) -> float:
    return 0.0


def _plain_limit(environ: Environ) -> int:
    return ADMIN_MAX_BODY  # the most any route of the mock reads


def _short(environ: Environ) -> bool:
    return False


def _ignore(error: BaseException) -> None:
    pass


@dataclass(frozen=True)
class Hosting:
    """The app's answers to a server, each a function of the call's environ."""

    plan: Callable[[Environ], float] = _no_delay  # seconds to hold the call back first
    body_limit: Callable[[Environ], int] = _plain_limit  # bytes of body worth reading
    runs_long: Callable[[Environ], bool] = _short  # serve it off the server's own thread
    report: Callable[[BaseException], None] = _ignore  # the server's own failure


PLAIN = Hosting()


def hosting_of(app: Flask) -> Hosting:
    """The hook ``app`` hands a server (``PLAIN`` for an app that is not a mock)."""
    hosting = app.extensions.get(HOSTING_KEY, PLAIN)
    if not isinstance(hosting, Hosting):
        raise TypeError(f"app.extensions[{HOSTING_KEY!r}] is not a Hosting: {hosting!r}")
    return hosting


def mock_hosting(app: Flask) -> Hosting:
    """The mock's answers: its latency and fault plan, its body limits, ``$batch`` off the
    server's thread, failures kept with the app's state."""

    def body_limit(environ: Environ) -> int:
        if environ["PATH_INFO"].startswith(ADMIN_PATHS):
            return ADMIN_MAX_BODY
        limit = app.config.get("MAX_CONTENT_LENGTH")
        return ADMIN_MAX_BODY if limit is None else int(limit)

    def runs_long(environ: Environ) -> bool:
        return environ["PATH_INFO"] == BATCH_PATH

    return Hosting(
        partial(instrument.plan, app), body_limit, runs_long, state_of(app).record_exception
    )
