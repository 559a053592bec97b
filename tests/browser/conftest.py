"""Fixtures for the browser tests: headless Chromium (Debian's) through Playwright, and a fresh
mock per test on a real socket.

The default suite loads this conftest too (it walks ``tests/``), where Playwright is not
installed: so Playwright is imported inside the fixtures, never at module level.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from mockgraph.serving.server import MockGraphServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# As root, in a closed network: no sandbox, no GPU, and none of the background connections
# (updates, sync, QUIC) that would be refused and slow every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPECT_TIMEOUT_MS = 10_000  # a slow CI machine: Playwright's expect() waits up to this


def chromium_path() -> str:
    """The system Chromium (MOCKGRAPH_CHROMIUM, or chromium on PATH): never a downloaded one."""
    found = os.environ.get("MOCKGRAPH_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail("no chromium: apt-get install chromium, or set MOCKGRAPH_CHROMIUM")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh, temporary profile (user-data-dir).
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server_config() -> dict[str, Any]:
    """The mock's settings; a test overrides this fixture to change them."""
    return {}


@pytest.fixture
def server(server_config: dict[str, Any]) -> Iterator[MockGraphServer]:
    with MockGraphServer(config=server_config) as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new tab in a new context (its own sessionStorage), failing the test on a script error."""
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], errors
