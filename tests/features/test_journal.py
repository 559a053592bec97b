"""The request journal: bounded, ordered, per tenant, thread-safe; and what the app records."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.features.journal import BODY_LIMIT, HEAVY, Journal, JournalEntry, body_text
from mockgraph.http.current import state_of
from tests.support.graph import BASE, bearer


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


def test_a_tail_holds_what_was_added_since_in_the_order_added() -> None:
    journal = Journal(size=4)
    first = journal.tail(0)
    assert (first.entries, first.cursor, first.first) == ([], 0, 1)
    journal.add(entry(2))
    journal.add(entry(1))  # started first, finished last: a cursor on seq would miss it
    tail = journal.tail(0)
    assert [(p, e.seq) for p, e in tail.entries] == [(1, 2), (2, 1)]
    assert (tail.cursor, tail.first, tail.epoch) == (2, 1, first.epoch)
    journal.add(entry(3, tenant="u"))
    assert [(p, e.seq) for p, e in journal.tail(tail.cursor).entries] == [(3, 3)]
    assert journal.tail(journal.tail(0).cursor).entries == []


def test_a_tail_is_scoped_limited_and_says_what_fell_off() -> None:
    journal = Journal(size=3)
    for seq in range(1, 6):
        journal.add(entry(seq, tenant="u" if seq % 2 else "t"))
    tail = journal.tail(0)
    assert [p for p, _ in tail.entries] == [3, 4, 5]
    assert (tail.cursor, tail.first) == (5, 3)
    assert [e.seq for _, e in journal.tail(0, tenant="u").entries] == [3, 5]
    assert [e.seq for _, e in journal.tail(0, limit=2).entries] == [4, 5]
    assert journal.tail(0, limit=0).entries == []


def test_every_clear_starts_a_new_epoch_and_journals_differ() -> None:
    journal = Journal()
    for seq, tenant in enumerate("tut", start=1):
        journal.add(entry(seq, tenant=tenant))
    epoch = journal.tail(0).epoch
    journal.clear("u")
    after = journal.tail(0)
    assert after.epoch != epoch
    assert [(p, e.seq) for p, e in after.entries] == [(1, 1), (3, 3)]
    assert journal.tail(1).entries[0][0] == 3  # positions keep their gaps
    journal.clear()
    assert journal.tail(0).epoch not in (epoch, after.epoch)
    assert (journal.tail(0).cursor, journal.tail(0).first) == (3, 4)
    assert Journal().tail(0).epoch != Journal().tail(0).epoch


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
    entries: list[JournalEntry] = state_of(app).journal.entries()
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
    assert json.loads(call.response_body or "") == response.get_json()
    assert call.response_headers["request-id"] == response.headers["request-id"]
    assert call.response_headers["content-type"] == response.headers["content-type"]
    assert not call.response_body_truncated
    assert set(call.to_dict()) == {
        *("seq", "tenant", "method", "path", "query", "headers", "body", "bodyTruncated"),
        *("status", "durationMs", "startedAt", "requestId", "fault"),
        *("earlyRetry", "retryAttempt", "batchId", "batchRequestId"),
        *("responseHeaders", "responseBody", "responseBodyTruncated"),
    }
    assert set(call.summary()) == set(call.to_dict()) - HEAVY


def test_a_rejected_call_is_recorded_with_graphs_error(app: Flask, client: FlaskClient) -> None:
    response = client.post(f"{BASE}/jobs", json={"status": 5})
    (call,) = journaled(app)
    assert call.status == 400
    error = json.loads(call.response_body or "")["error"]
    assert error == response.get_json()["error"]
    assert [d["target"] for d in error["details"]] == ["status"]


def test_response_bodies_are_bounded_like_request_bodies(app: Flask, client: FlaskClient) -> None:
    for index in range(60):  # a list page of 60 documented-size jobs: well over the limit
        client.post(f"{BASE}/jobs", json={"status": "running", "tenantId": "x" * 1200 + str(index)})
    response = client.get(f"{BASE}/jobs")
    assert len(response.data) > BODY_LIMIT
    call = journaled(app)[-1]
    assert call.response_body == response.data[:BODY_LIMIT].decode()
    assert call.response_body_truncated
    no_content = client.delete(f"{BASE}/jobs/{response.get_json()['value'][0]['id']}")
    assert no_content.status_code == 204
    assert journaled(app)[-1].response_body is None


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
