"""The inspector page in headless Chromium: calls appear live, a rejected one shows its error
paths, filters narrow, the journal clears, the jobs, fault rules and lifecycle plans show, a
batch's sub-requests group under it, and the admin token and tenant scope work from the page.

Run by ``tox -e browser`` (and .ci/run): ``pytest tests/browser -o python_files=browser_*.py``.
Nothing here sleeps: Playwright's ``expect()`` waits for each condition, up to a deadline.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Locator, Page, expect

from mockgraph.core.auth import ADMIN_TOKEN_HEADER
from mockgraph.features.documented import seed_empty_store
from mockgraph.features.journal import JournalEntry
from mockgraph.http.current import state_of
from mockgraph.paths import ADMIN_PREFIX, BATCH_PATH, SINGLETON, SINGLETON_PATH
from mockgraph.serving.server import MockGraphServer
from tests.support.graph import token_for

CLASSIFICATION = "#microsoft.graph.classificationJobResponse"
GOOD = {"@odata.type": CLASSIFICATION, "status": "running"}
# Two offending properties: a status that is no string, an errorType outside its enum.
BAD = {
    "@odata.type": CLASSIFICATION,
    "status": 5,
    "error": {
        "code": "c",
        "details": [{"@odata.type": "#microsoft.graph.processingError", "errorType": "sometimes"}],
    },
}


AUTH = {"Authorization": "Bearer opaque-token"}


def graph(server: MockGraphServer, method: str, path: str, tenant: str | None = None, **kw: Any):
    """A Graph call over the socket, as a client makes it."""
    token = token_for(tenant) if tenant else "opaque-token"
    url = f"{server.url}{SINGLETON_PATH}/{path}"
    return requests.request(
        method, url, headers={"Authorization": f"Bearer {token}"}, timeout=10, **kw
    )


def admin(server: MockGraphServer, method: str, path: str, **kw: Any) -> requests.Response:
    return requests.request(method, f"{server.url}{ADMIN_PREFIX}/{path}", timeout=10, **kw)


def open_inspector(page: Page, server: MockGraphServer) -> None:
    page.goto(f"{server.url}{ADMIN_PREFIX}")  # the admin root leads to the page
    expect(page).to_have_url(f"{server.url}{ADMIN_PREFIX}/")
    expect(page.locator("#live")).to_have_text("live")
    page.evaluate("window.notReloaded = true")


def calls(page: Page) -> Locator:
    return page.locator("#calls tbody tr.call")


def answered(page: Page, status: int) -> Locator:
    """The calls answered ``status``."""
    return calls(page).filter(has=page.locator("td.status", has_text=str(status)))


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.notReloaded") is True


def test_calls_appear_live_and_a_rejected_one_shows_its_error_paths(
    page: Page, server: MockGraphServer
) -> None:
    open_inspector(page, server)
    expect(page.locator("#empty")).to_be_visible()
    graph(server, "POST", "classifyFileJobs", json=GOOD)
    graph(server, "POST", "classifyFileJobs", json=BAD)
    graph(server, "GET", "jobs?$top=1")
    expect(calls(page)).to_have_count(3)
    expect(page.locator("#empty")).to_be_hidden()
    expect(calls(page).locator("td.method")).to_have_text(["GET", "POST", "POST"])  # newest first
    expect(calls(page).first.locator("td.path")).to_have_text("/jobs?$top=1")
    rejected = answered(page, 400)
    expect(rejected.locator("td.status")).to_have_text("400 invalidRequest")

    rejected.click()
    why = page.locator("#detail .why")
    expect(why).to_contain_text("Why: invalidRequest")
    expect(why.locator("code.target")).to_have_text(["status", "error.details[0].errorType"])
    highlighted = page.locator("#detail pre.body .bad")
    expect(highlighted).to_have_count(2)
    expect(highlighted.nth(0)).to_have_attribute("data-path", "status")
    expect(highlighted.nth(0)).to_have_text('"status": 5')
    expect(highlighted.nth(1)).to_have_text('"errorType": "sometimes"')
    expect(page.locator("#detail pre.body").nth(1)).to_contain_text('"innerError"')
    headers = page.locator("#detail details.headers-block")
    expect(headers).to_have_count(2)
    headers.first.locator("summary").click()
    expect(headers.first).to_contain_text("content-type")
    expect(headers.nth(1)).to_contain_text("request-id")
    assert_not_reloaded(page)


def test_filters_narrow_the_calls(page: Page, server: MockGraphServer) -> None:
    admin(server, "POST", "faults", json={"method": "GET", "path": "jobs/slow", "status": 503})
    graph(server, "POST", "jobs", json={"status": "notStarted"})
    graph(server, "POST", "jobs", json={"status": 5})
    graph(server, "GET", "jobs", tenant="contoso")
    graph(server, "DELETE", "jobs/nope")
    graph(server, "GET", "jobs/slow")
    open_inspector(page, server)
    expect(calls(page)).to_have_count(5)
    faulted = calls(page).filter(has_text="jobs/slow")
    expect(faulted.locator("td.fault")).to_have_text("503")
    expect(faulted.locator("td.status")).to_have_text("503 serviceNotAvailable")

    page.select_option("#f-method", "POST")
    expect(calls(page)).to_have_count(2)
    page.select_option("#f-method", "")
    page.select_option("#f-status", "4")
    expect(calls(page).locator("td.status")).to_have_text(
        ["404 itemNotFound", "400 invalidRequest"]
    )
    page.select_option("#f-status", "5")
    expect(calls(page)).to_have_count(1)
    page.select_option("#f-status", "")
    page.fill("#f-path", "NOPE")  # any case
    expect(calls(page).locator("td.path")).to_have_text(["/jobs/nope"])
    page.fill("#f-path", "")
    page.select_option("#f-tenant", "contoso")
    expect(calls(page).locator("td.tenant")).to_have_text(["contoso"])
    page.select_option("#f-tenant", "")
    expect(calls(page)).to_have_count(5)
    expect(page.locator("#shown")).to_have_text("5 matching")


def test_the_journal_clears_from_the_page(page: Page, server: MockGraphServer) -> None:
    graph(server, "GET", "jobs")
    graph(server, "GET", "jobs/nope")
    open_inspector(page, server)
    expect(calls(page)).to_have_count(2)
    page.click("#clear")
    expect(calls(page)).to_have_count(0)
    expect(page.locator("#empty")).to_be_visible()
    assert len(state_of(server.app).journal) == 0
    graph(server, "GET", "jobs")
    expect(calls(page)).to_have_count(1)
    assert_not_reloaded(page)


def test_jobs_fault_rules_and_lifecycle_plans(page: Page, server: MockGraphServer) -> None:
    job = graph(server, "POST", "classifyFileJobs", json=GOOD).json()["id"]
    admin(server, "PUT", f"jobs/{job}/lifecycle", json={"polls": 2, "outcome": "failed"})
    admin(server, "POST", "faults", json={"method": "DELETE", "path": "jobs/*", "status": 409})
    open_inspector(page, server)
    jobs = page.locator("#tab-jobs")
    expect(jobs.locator("h3")).to_have_text(["default: 1 job(s)"])
    expect(jobs.locator("tr.job")).to_have_text(
        [re.compile(f"classificationJobResponse\\s*running\\s*{job}")]
    )
    jobs.locator("tr.job").click()
    expect(page.locator("#detail h2")).to_have_text(f"Job {job}")
    expect(page.locator("#detail pre.body")).to_contain_text('"status": "running"')

    page.click("[data-tab=faults]")
    rule = page.locator("#tab-faults tbody tr")
    expect(rule).to_have_count(1)
    hits = rule.locator("td").nth(8)
    expect(hits).to_have_text("0")
    graph(server, "DELETE", f"jobs/{job}")
    expect(hits).to_have_text("1")
    expect(calls(page).first.locator("td.fault")).to_have_text("409")  # the rule names no code

    page.click("[data-tab=plans]")
    plan = page.locator("#tab-plans tbody tr")
    expect(plan).to_have_text([re.compile(f"default\\s*{job}\\s*2\\s*failed\\s*0")])
    graph(server, "GET", f"jobs/{job}")
    expect(plan).to_have_text([re.compile(f"default\\s*{job}\\s*2\\s*failed\\s*1")])


def test_an_early_retry_is_marked(page: Page, server: MockGraphServer) -> None:
    rule = {"method": "GET", "path": "jobs", "status": 429, "retryAfter": 30}
    admin(server, "POST", "faults", json={**rule, "count": 1, "enforceRetryAfter": True})
    graph(server, "GET", "jobs")
    graph(server, "GET", "jobs")  # before its Retry-After passed: answered 429 again
    open_inspector(page, server)
    expect(calls(page).locator("td.fault")).to_have_text(["429 early", "429"])
    calls(page).first.click()
    expect(page.locator("#detail .facts")).to_contain_text("early: before the Retry-After")
    page.click("[data-tab=faults]")
    expect(page.locator("#tab-faults tbody td").last).to_have_text("1")  # early retries


def _an_orphan(server: MockGraphServer) -> None:
    """A sub-request whose batch the journal no longer holds (it fell off the front)."""
    journal = state_of(server.app).journal
    seq = journal.next_seq()
    journal.add(
        JournalEntry(
            seq=seq,
            tenant="default",
            method="GET",
            path=f"{SINGLETON_PATH}/jobs/y",
            query={},
            headers={},
            body=None,
            status=404,
            duration_ms=1.0,
            started_at="2026-12-01T10:00:00.000Z",
            request_id=f"request-{seq}",
            batch_id="a-batch-no-longer-held",
            batch_request_id="1",
        )
    )


def test_a_batchs_sub_requests_are_grouped_under_it(page: Page, server: MockGraphServer) -> None:
    graph(server, "GET", "jobs")
    batch = [
        {
            "id": "create",
            "method": "POST",
            "url": f"/{SINGLETON}/classifyFileJobs",
            "headers": {"Content-Type": "application/json"},
            "body": GOOD,
        },
        {"id": "missing", "method": "GET", "url": f"/{SINGLETON}/jobs/x", "dependsOn": ["create"]},
    ]
    answered_batch = requests.post(
        f"{server.url}{BATCH_PATH}", json={"requests": batch}, headers=AUTH, timeout=10
    )
    assert answered_batch.status_code == 200
    graph(server, "GET", "jobs?$top=1")
    _an_orphan(server)
    open_inspector(page, server)
    rows = page.locator("#calls tbody tr")
    expect(rows).to_have_count(7)
    expect(rows).to_have_class(
        ["orphan", "call sub", "call", "call", "call sub", "call sub", "call"]
    )
    expect(rows.nth(3).locator("td.path")).to_have_text(BATCH_PATH)
    expect(rows.nth(4).locator("td.path")).to_have_text("↳ create: /classifyFileJobs")
    expect(rows.nth(5).locator("td.path")).to_have_text("↳ missing: /jobs/x")
    page.select_option("#f-status", "4")  # the batch stays, as the context of its 404
    expect(rows).to_have_count(4)
    expect(rows.first).to_have_text(re.compile("batch a-batch-no-longer-held: 1 sub-request"))
    expect(rows.locator("td.path")).to_have_text(["↳ 1: /jobs/y", BATCH_PATH, "↳ missing: /jobs/x"])
    rows.nth(3).click()
    expect(page.locator("#detail .facts")).to_contain_text(
        f"in batch {answered_batch.headers['request-id']}"
    )


LONG_PATH = (
    "jobs/4a1e0c2b-0000-4000-8000-000000000000"
    "?$select=status,id,createdDateTime,lastActionDateTime&$filter=status eq 'running'"
)
# The path's characters a row must show at each window width (before the layout gave the path
# the room: 22 at 1280 px, none at 900 px or 600 px).
PATH_ROOM = [(1280, 36), (900, 36), (600, 36)]
ALWAYS_SHOWN = ["method", f"{SINGLETON_PATH}/…", "status"]


def path_shown(cell: Locator) -> dict[str, Any]:
    """How many characters of its text a path cell shows (a monospace font: its text's width
    over its length is one character's), and whether the calls fit their pane's width."""
    return cell.evaluate(
        """(cell) => {
            const text = document.createRange();
            text.selectNodeContents(cell);
            const perChar = text.getBoundingClientRect().width / cell.textContent.length;
            const style = getComputedStyle(cell);
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            const pane = document.getElementById("calls-pane");
            const chars = Math.floor((cell.clientWidth - padding) / perChar);
            return {chars, fits: pane.scrollWidth <= pane.clientWidth};
        }"""
    )


@pytest.mark.parametrize(("width", "chars"), PATH_ROOM, ids=[f"{w}px" for w, _ in PATH_ROOM])
def test_the_path_gets_the_room_at_common_widths(
    page: Page, server: MockGraphServer, width: int, chars: int
) -> None:
    # The widest status a journal shows (a 503 and its code), a second tenant, a fault.
    admin(server, "POST", "faults", json={"method": "GET", "path": "jobs/slow", "status": 503})
    graph(server, "GET", "jobs/slow", tenant="contoso")
    graph(server, "GET", LONG_PATH)
    page.set_viewport_size({"width": width, "height": 860})
    open_inspector(page, server)
    expect(calls(page).locator("td.fault")).to_have_text(["503"])  # drawn with its rules
    cell = calls(page).first.locator("td.path")
    expect(cell).to_be_visible()
    expect(cell).to_have_attribute("title", f"{SINGLETON_PATH}/{LONG_PATH}")  # whole, on hover
    for heading in ALWAYS_SHOWN:
        expect(page.locator("#calls th", has_text=heading)).to_be_visible()
    if width >= 1280:
        expect(page.locator("#calls th:visible")).to_have_count(7)
    shown = path_shown(cell)
    assert shown["chars"] >= chars, shown
    assert shown["fits"], "the calls pane scrolls sideways"


def test_the_two_counts_agree_with_a_batch_in_the_journal(
    page: Page, server: MockGraphServer
) -> None:
    graph(server, "GET", "jobs")
    batch = [
        {"id": "1", "method": "GET", "url": f"/{SINGLETON}/jobs"},
        {"id": "2", "method": "GET", "url": f"/{SINGLETON}/jobs/x"},
    ]
    requests.post(f"{server.url}{BATCH_PATH}", json={"requests": batch}, headers=AUTH, timeout=10)
    open_inspector(page, server)
    expect(page.locator("#calls tbody tr")).to_have_count(4)
    # Both count journal entries, each of the batch's sub-requests one: 4 with no filter set.
    expect(page.locator("#shown")).to_have_text(re.compile("^4 matching"))
    expect(page.locator("#counts")).to_have_text(re.compile("^4 in the journal"))
    split = "2 calls + 2 batch sub-requests"
    expect(page.locator("#counts")).to_have_text(f"4 in the journal: {split} (holds 1000)")
    expect(page.locator("#shown")).to_have_text(f"4 matching: {split}")
    page.select_option("#f-status", "4")  # the batch shown as the context of its 404: not counted
    expect(page.locator("#shown")).to_have_text("1 matching: 0 calls + 1 batch sub-request")


def test_the_admin_token_and_a_tenant_scope_from_the_page(page: Page) -> None:
    with MockGraphServer(config={"MOCKGRAPH_ADMIN_TOKEN": "s3cret"}) as server:
        graph(server, "POST", "jobs", tenant="alpha", json={"status": "notStarted"})
        graph(server, "POST", "jobs", tenant="bravo", json={"status": "notStarted"})
        graph(server, "GET", "jobs", tenant="bravo")
        page.goto(f"{server.url}{ADMIN_PREFIX}/")  # the page loads; its data waits for the token
        dialog = page.locator("#token-dialog")
        expect(dialog).to_be_visible()
        expect(page.locator("#live")).to_have_text("needs the admin token")
        expect(page.locator("#token-why")).to_contain_text(f"needs the {ADMIN_TOKEN_HEADER} header")
        expect(calls(page)).to_have_count(0)
        page.fill("#admin-token", "s3cret")
        page.press("#admin-token", "Enter")
        expect(dialog).to_be_hidden()
        expect(calls(page)).to_have_count(3)
        expect(page.locator("#scope")).to_have_text("all tenants")
        assert page.evaluate("sessionStorage.getItem('mockgraph.adminToken')") == "s3cret"
        assert page.context.cookies() == [] and "s3cret" not in page.url

        page.click("#token-button")
        page.fill("#bearer-token", token_for("alpha"))
        page.click("#token-save")
        expect(page.locator("#scope")).to_have_text("tenant alpha only")
        expect(calls(page).locator("td.tenant")).to_have_text(["alpha"])
        expect(page.locator("#tab-jobs h3")).to_have_text(["alpha: 1 job(s)"])
        expect(page.locator("#f-tenant option")).to_have_text(["any", "alpha"])

        page.click("#token-button")
        page.click("#token-forget")
        expect(dialog).to_be_visible()  # forgotten: asked again
        assert page.evaluate("sessionStorage.length") == 0


def test_a_screenshot_for_the_docs(page: Page, server: MockGraphServer, tmp_path: Path) -> None:
    """The scene of docs/img/inspector.png: MOCKGRAPH_SCREENSHOT=PATH writes it there too."""
    seed_empty_store(state_of(server.app).store)
    job = graph(server, "POST", "classifyFileJobs", json=GOOD).json()["id"]
    graph(server, "GET", f"jobs/{job}")
    graph(server, "POST", "jobs", tenant="contoso", json={"status": "notStarted"})
    admin(server, "PUT", f"jobs/{job}/lifecycle", json={"polls": 2})
    admin(
        server, "POST", "faults", json={"method": "GET", "path": "jobs", "status": 503, "count": 1}
    )
    graph(server, "GET", "jobs?$top=5")
    graph(server, "GET", "jobs?$top=5&$filter=status eq 'running'")
    graph(server, "POST", "classifyFileJobs", json=BAD)
    graph(server, "GET", "jobs")
    graph(server, "PATCH", f"jobs/{job}", json={"status": "completed"})
    graph(server, "DELETE", "jobs/4a1e0c2b-0000-4000-8000-000000000000")
    open_inspector(page, server)
    expect(calls(page)).to_have_count(9)
    answered(page, 400).click()
    expect(page.locator("#detail .bad")).to_have_count(2)
    shot = tmp_path / "inspector.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    wanted = os.environ.get("MOCKGRAPH_SCREENSHOT")
    if wanted:
        shutil.copy(shot, wanted)
