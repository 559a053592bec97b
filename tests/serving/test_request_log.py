"""The request log: a line per Graph call, printed off the call's thread, from the journal.

In process, on the Flask test client (the journal records its calls as the server's): ``stop``
prints what is queued, so the lines are all there once it returns; no waiting on the clock.
"""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.features.journal import JournalEntry
from mockgraph.http.current import state_of
from mockgraph.paths import ADMIN_PREFIX, BATCH_PATH
from mockgraph.serving.request_log import BACKLOG, TARGET_LIMIT, RequestLog, line_of
from tests.support.graph import BASE, bearer

REQUEST_ID = r"[0-9a-f-]{36}"


def _client(log_to: io.TextIOBase, start: bool = True) -> tuple[FlaskClient, RequestLog]:
    app = create_app()
    log = RequestLog(app, log_to)  # type: ignore[arg-type]
    if start:
        log.start()
    client = app.test_client()
    client.environ_base.update({"HTTP_AUTHORIZATION": bearer()["Authorization"]})
    return client, log


def test_each_graph_call_is_one_line_and_the_admin_api_none() -> None:
    out = io.StringIO()
    client, log = _client(out)
    assert client.get(f"{BASE}/jobs?$top=1").status_code == 200
    assert client.get(f"{ADMIN_PREFIX}/health").status_code == 200
    assert client.get(f"{BASE}/jobs/nope").status_code == 404
    batch = {"requests": [{"id": "7", "method": "GET", "url": "/dataClassification/jobs"}]}
    assert client.post(BATCH_PATH, json=batch).status_code == 200
    log.stop()
    lines = out.getvalue().splitlines()
    patterns = [
        rf"GET {BASE}/jobs\?\$top=1 200 \d+(\.\d\d)?ms {REQUEST_ID}",
        rf"GET {BASE}/jobs/nope 404 itemNotFound \d+(\.\d\d)?ms {REQUEST_ID}",
        rf"GET {BASE}/jobs 200 \d+(\.\d\d)?ms {REQUEST_ID} \(\$batch request 7\)",
        rf"POST {re.escape(BATCH_PATH)} 200 \d+(\.\d\d)?ms {REQUEST_ID}",
    ]
    assert len(lines) == len(patterns), lines
    for line, pattern in zip(lines, patterns, strict=True):
        assert re.fullmatch(pattern, line), line


def _entry(path: str, query: dict[str, str], status: int = 200) -> JournalEntry:
    return JournalEntry(
        seq=1, tenant="t", method="GET", path=path, query=query, headers={}, body=None,
        status=status, duration_ms=1.25, started_at="", request_id="id",
    )  # fmt: skip


def test_a_line_escapes_control_characters_and_cuts_a_long_target() -> None:
    line = line_of(_entry(f"{BASE}/jobs", {"$filter": "status eq 'a\n\x1b[31m'é"}))
    assert line == f"GET {BASE}/jobs?$filter=status eq 'a\\n\\x1b[31m'\\xe9 200 1.25ms id"
    long = line_of(_entry(f"{BASE}/jobs/{'x' * 500}", {}, 404))
    target = long.split(" ")[1]
    assert len(target) == TARGET_LIMIT and target.endswith("...")
    assert long.endswith(" 404 1.25ms id")  # no error body: no code


class _Closed(io.StringIO):
    """An output whose reader has gone, as a closed pipe is."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_output_stops_the_log_and_never_the_calls() -> None:
    client, log = _client(_Closed())
    for _ in range(3):
        assert client.get(f"{BASE}/jobs").status_code == 200
    log.stop()
    assert client.get(f"{BASE}/jobs").status_code == 200  # after the log gave up too
    assert len(state_of(client.application).journal) == 4  # the journal itself goes on


def test_calls_past_the_backlog_are_counted_not_queued() -> None:
    out = io.StringIO()
    client, log = _client(out, start=False)  # an output that has not kept up, at all
    for _ in range(BACKLOG + 2):
        assert client.get(f"{BASE}/jobs").status_code == 200
    log.start()
    log.stop()
    lines = out.getvalue().splitlines()
    assert lines[0] == "... 2 calls not shown: the output is slower than the calls"
    assert len(lines) == 1 + BACKLOG
