"""Fixtures for the SDK tests: one real ``mockgraph serve`` per session, a client per test.

The default suite loads this conftest too (it walks ``tests/``), where the SDK is not
installed: so the SDK is imported inside the fixtures, never at module level.
"""

from __future__ import annotations

import asyncio
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from kiota_abstractions.authentication import AuthenticationProvider
    from msgraph_beta import GraphServiceClient

    from tests.sdk.support import Admin, Connect, Run

STARTUP_SECONDS = 30.0
SHUTDOWN_SECONDS = 15.0
_SERVING = re.compile(r"serving Microsoft Graph beta at (http://\S+/beta)\s*$")

# The generated request builders and kiota warn at import about their own deprecated classes.
_SDK_WARNINGS = (
    "ignore:This class is deprecated. Please use the generic RequestConfiguration"
    ":DeprecationWarning:msgraph_beta",
    "ignore:GetQueryParameters is deprecated:DeprecationWarning:kiota_abstractions",
)


def pytest_configure(config: pytest.Config) -> None:
    for line in _SDK_WARNINGS:
        config.addinivalue_line("filterwarnings", line)


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Read the server's stdout to the end (so the pipe never fills), then close it."""
    with stream:
        for line in stream:
            lines.put(line)
    lines.put(None)


def _default_sigint() -> None:
    # A pytest started in the background of a non-interactive shell ignores SIGINT, and a
    # child inherits that: the server could then never be stopped the way a user stops it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _first_line(lines: queue.Queue[str | None], stderr: Path) -> str:
    try:
        line = lines.get(timeout=STARTUP_SECONDS)
    except queue.Empty:
        line = None
    if line is None:
        pytest.fail(f"mockgraph serve printed no URL; stderr:\n{stderr.read_text()}")
    return line


@pytest.fixture(scope="session")
def mock_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``mockgraph serve --port 0`` in a subprocess; its ``/beta`` URL; SIGINT at the end."""
    command = Path(sys.executable).with_name("mockgraph")
    stderr_path = tmp_path_factory.mktemp("mockgraph") / "stderr.txt"
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(
            [str(command), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=_default_sigint,  # before any test thread exists
        )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    pump = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
    pump.start()
    try:
        first = _first_line(lines, stderr_path)
        match = _SERVING.search(first)
        assert match, first
        yield match.group(1)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=SHUTDOWN_SECONDS)
        pump.join(timeout=SHUTDOWN_SECONDS)
        printed = [line.strip() for line in iter(lines.get_nowait, None)]
        assert process.returncode == 0, stderr_path.read_text()
        assert printed[-1:] == ["mockgraph stopped"], printed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        pump.join(timeout=SHUTDOWN_SECONDS)


@pytest.fixture(scope="session")
def run() -> Iterator[Run[Any]]:
    """Run one SDK coroutine to completion, on one event loop for the whole session."""
    loop = asyncio.new_event_loop()
    yield loop.run_until_complete
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


@pytest.fixture
def connect(mock_url: str, run: Run[None]) -> Iterator[Connect]:
    """Make GraphServiceClients on the mock with a given auth provider; closed after the test."""
    from tests.sdk.support import close
    from tests.sdk.support import connect as make

    made: list[GraphServiceClient] = []

    def connect(auth: AuthenticationProvider) -> GraphServiceClient:
        made.append(make(mock_url, auth))
        return made[-1]

    yield connect
    for graph in made:
        run(close(graph))


@pytest.fixture
def tenant() -> str:
    """A fresh tenant per test: the mock keeps tenants apart, so tests never see each other."""
    return str(uuid.uuid4())


@pytest.fixture
def graph(connect: Connect, tenant: str) -> GraphServiceClient:
    """A client whose bearer token is a JWT for ``tenant``."""
    from tests.sdk.support import bearer_provider
    from tests.support.graph import token_for

    return connect(bearer_provider(token_for(tenant)))


@pytest.fixture
def admin(mock_url: str, tenant: str) -> Admin:
    """The mock's admin API as the test's tenant."""
    from tests.sdk.support import Admin

    return Admin(mock_url, tenant)
