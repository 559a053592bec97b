"""Web pages against the mock in headless Chromium, as a real page would call it.

A single-page app on another origin (its own local server) creates, reads, patches and lists
jobs through Graph's paths and reads ``request-id`` and Graph's error bodies. An attacker's page
(``evil.example``, resolved to this machine) and a DNS name rebound to it
(``rebound.example``) can neither change nor read anything under ``/_mockgraph/``.

Run by ``tox -e browser`` (and .ci/run): ``pytest tests/browser -o python_files=browser_*.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest

from mockgraph.http.current import state_of
from mockgraph.serving.server import MockGraphServer
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.support.graph import token_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BLANK = b"<!doctype html><title>page</title><p>a page"
# Every name the pages use resolves to this machine, as a rebound DNS name would.
RESOLVER = "--host-resolver-rules=MAP evil.example 127.0.0.1, MAP rebound.example 127.0.0.1"


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802  http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(BLANK)))
        self.end_headers()
        self.wfile.write(BLANK)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def pages() -> Iterator[int]:
    """Another origin's server (127.0.0.1, any free port): it serves a blank page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def resolving_browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, RESOLVER]
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=args)
        yield launched
        launched.close()


@pytest.fixture
def tab(resolving_browser: Browser) -> Iterator[Page]:
    context = resolving_browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


APP = """async ([graph, token]) => {
  const headers = {Authorization: `Bearer ${token}`, 'client-request-id': 'page-1',
                   SdkVersion: 'graph-js/3.0.7', 'Content-Type': 'application/json'};
  const jobs = `${graph}/dataClassification/jobs`;
  const created = await fetch(jobs, {method: 'POST', headers,
    body: JSON.stringify({'@odata.type': '#microsoft.graph.classificationJobResponse',
                          status: 'running'})});
  const job = await created.json();
  const read = await (await fetch(`${jobs}/${job.id}`, {headers})).json();
  const patched = await (await fetch(`${jobs}/${job.id}`, {method: 'PATCH', headers,
                                     body: JSON.stringify({status: 'completed'})})).json();
  const listed = await (await fetch(`${jobs}?$top=5`, {headers})).json();
  const missing = await fetch(`${jobs}/nope`, {headers});
  return {status: created.status, location: created.headers.get('Location'),
          requestId: created.headers.get('request-id'),
          clientRequestId: created.headers.get('client-request-id'),
          read: read.status, patched: patched.status, listed: listed.value.map(j => j.id),
          id: job.id, missing: missing.status, error: (await missing.json()).error.code,
          missingRequestId: missing.headers.get('request-id')};
}"""


def test_a_page_on_another_origin_uses_graphs_paths(
    tab: Page, pages: int, server: MockGraphServer
) -> None:
    tab.goto(f"http://127.0.0.1:{pages}/app")
    seen = tab.evaluate(APP, [server.base_url, token_for("contoso")])
    assert (seen["status"], seen["read"], seen["patched"]) == (201, "running", "completed")
    assert seen["location"].endswith(f"/jobs/{seen['id']}")
    assert seen["requestId"] and seen["clientRequestId"] == "page-1"
    assert seen["listed"] == [seen["id"]]
    assert (seen["missing"], seen["error"]) == (404, "itemNotFound")
    assert seen["missingRequestId"]


ATTACK = """async ([mock]) => {
  const sent = [];
  for (const path of ['reset', 'seed', 'faults', 'clock/advance']) {
    // a simple request: text/plain, no preflight, the answer unreadable but the call made
    await fetch(`${mock}/_mockgraph/${path}`, {method: 'POST', mode: 'no-cors',
      headers: {'Content-Type': 'text/plain'}, body: '{"jobs": [{"id": "planted"}]}'});
    sent.push(path);
  }
  let read = 'nothing';
  try {
    const answer = await fetch(`${mock}/_mockgraph/requests`);
    read = answer.status;
  } catch (error) {
    read = 'refused';
  }
  return {sent, read};
}"""


def _form_post(tab: Page, url: str) -> None:
    # A form posted to the mock: the browser navigates to the answer.
    tab.evaluate(
        """(url) => { const form = document.createElement('form');
        form.method = 'POST'; form.action = url; form.enctype = 'text/plain';
        document.body.append(form); form.submit(); }""",
        url,
    )
    tab.wait_for_url(url)


def test_a_foreign_page_cannot_change_or_read_the_mock(
    tab: Page, pages: int, server: MockGraphServer
) -> None:
    store = state_of(server.app).store
    store.create("default", "jobs", {"status": "running"}, "kept")
    tab.goto(f"http://evil.example:{pages}/")
    seen = tab.evaluate(ATTACK, [server.url])
    assert seen == {"sent": ["reset", "seed", "faults", "clock/advance"], "read": "refused"}
    _form_post(tab, f"{server.url}/_mockgraph/reset")
    assert "Authorization_RequestDenied" in tab.content()
    assert [item["job"]["id"] for item in store.export()["default"]] == ["kept"]
    assert state_of(server.app).faults.rules() == []


REBOUND = """async ([mock]) => {
  const reset = await fetch(`${mock}/_mockgraph/reset`, {method: 'POST'});
  const journal = await fetch(`${mock}/_mockgraph/requests`);
  const state = await fetch(`${mock}/_mockgraph/state`);
  return [reset.status, journal.status, state.status, (await journal.json()).error.code];
}"""


def test_a_rebound_dns_name_reaches_nothing_of_the_admin_api(
    tab: Page, server: MockGraphServer
) -> None:
    # The attacker's page and the mock share an origin once the name resolves to 127.0.0.1.
    port = server.url.rsplit(":", 1)[1]
    state_of(server.app).store.create("default", "jobs", {"status": "running"}, "kept")
    tab.goto(f"http://rebound.example:{port}/beta/$metadata")
    seen = tab.evaluate(REBOUND, [f"http://rebound.example:{port}"])
    assert seen == [403, 403, 403, "Authorization_RequestDenied"]
    assert len(state_of(server.app).store.export()["default"]) == 1
