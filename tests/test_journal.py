"""The request journal: bounded, ordered, per tenant, thread-safe; and what the app records."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.journal import BODY_LIMIT, Journal, JournalEntry, body_text
from tests.conftest import BASE, bearer


def entry(seq: int, tenant: str = "t", path: str = "/beta/x") -> JournalEntry:
    return JournalEntry(
        seq=seq,
        tenant=tenant,
        method="GET",
        path=path,
        query={},
        headers={},
        body=None,
        status=200,
        duration_ms=1.0,
        started_at="2024-01-01T00:00:00.000Z",
        request_id=f"r{seq}",
    )


def test_keeps_the_newest_entries_and_counts_the_dropped() -> None:
    journal = Journal(size=3)
    for seq in range(1, 6):
        journal.add(entry(seq))
    assert [e.seq for e in journal.entries()] == [3, 4, 5]
    assert (len(journal), journal.dropped) == (3, 2)
    journal.clear()
    assert (len(journal), journal.dropped) == (0, 0)


def test_entries_are_in_arrival_order_whenever_they_finish() -> None:
    journal = Journal()
    first, second = journal.next_seq(), journal.next_seq()
    journal.add(entry(second))  # the later request answered first
    journal.add(entry(first))
    assert [e.seq for e in journal.entries()] == [first, second]


def test_tenants() -> None:
    journal = Journal()
    for seq, tenant in enumerate(["a", "b", "a"], start=1):
        journal.add(entry(seq, tenant))
    assert [e.seq for e in journal.entries("a")] == [1, 3]
    journal.clear("a")
    assert [e.tenant for e in journal.entries()] == ["b"]


def test_a_journal_holds_one_entry_at_least() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Journal(size=0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", (None, False)),
        (b'{"a": 1}', ('{"a": 1}', False)),
        (b"\xff", ("\ufffd", False)),
        (b"x" * (BODY_LIMIT + 1), ("x" * BODY_LIMIT, True)),
    ],
    ids=["empty", "json", "not-utf8", "over-the-limit"],
)
def test_body_text(raw: bytes, expected: tuple[str | None, bool]) -> None:
    assert body_text(raw) == expected


def test_concurrent_writers() -> None:
    journal = Journal(size=100)
    start = threading.Barrier(4)

    def write() -> None:
        start.wait(timeout=10)
        for _ in range(500):
            journal.add(entry(journal.next_seq()))

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    seqs = [e.seq for e in journal.entries()]
    assert (len(seqs), journal.dropped) == (100, 1900)
    assert seqs == sorted(set(seqs))


@pytest.fixture
def small_app() -> Flask:
    return create_app({"MAX_CONTENT_LENGTH": 100, "MOCKGRAPH_JOURNAL_SIZE": 5})


@pytest.fixture
def raw_client(small_app: Flask) -> Iterator[FlaskClient]:
    yield small_app.test_client()


def journaled(app: Flask) -> list[JournalEntry]:
    entries: list[JournalEntry] = app.extensions["mockgraph"].journal.entries()
    return entries


def test_a_call_is_recorded_with_what_it_sent_and_got(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        f"{BASE}/jobs?$select=status",
        json={"status": "x"},
        headers={**bearer("contoso"), "client-request-id": "mine"},
    )
    (call,) = journaled(app)
    assert (call.method, call.path, call.query) == ("POST", f"{BASE}/jobs", {"$select": "status"})
    assert call.tenant == "contoso"
    assert call.headers["client-request-id"] == "mine"
    assert call.body == '{"status": "x"}'
    assert call.status == 201 == response.status_code
    assert call.request_id == response.headers["request-id"]
    assert call.duration_ms >= 0 and call.started_at.endswith("Z")
    assert call.fault is None
    assert (call.early_retry, call.retry_attempt, call.batch_id, call.batch_request_id) == (
        False,
        None,
        None,
        None,
    )
    assert set(call.to_dict()) == {
        *("seq", "tenant", "method", "path", "query", "headers", "body", "bodyTruncated"),
        *("status", "durationMs", "startedAt", "requestId", "fault"),
        *("earlyRetry", "retryAttempt", "batchId", "batchRequestId"),
    }


def test_bodies_the_app_never_read_are_recorded_too(
    small_app: Flask, raw_client: FlaskClient
) -> None:
    def post(body: str, **headers: str) -> None:
        url = f"{BASE}/jobs"
        raw_client.post(url, data=body, headers=headers, content_type="application/json")

    post('{"status": "no token"}')  # 401 before the body is read
    post("x" * 200, **bearer())  # 413 from its Content-Length, before it is read
    post("x" * (BODY_LIMIT + 1), **bearer())  # 413, and too big to keep
    assert [(e.status, e.body) for e in journaled(small_app)] == [
        (401, '{"status": "no token"}'),
        (413, "x" * 200),
        (413, None),
    ]


def test_only_graph_paths_are_recorded(app: Flask, client: FlaskClient) -> None:
    client.get("/_mockgraph/health")
    client.get("/nowhere")
    client.get("/beta/nowhere")
    assert [(e.path, e.status) for e in journaled(app)] == [("/beta/nowhere", 404)]


def test_the_journal_size_is_a_setting(small_app: Flask, raw_client: FlaskClient) -> None:
    for _ in range(7):
        raw_client.get(f"{BASE}/jobs", headers=bearer())
    assert len(journaled(small_app)) == 5
