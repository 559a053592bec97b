"""The store on its own: visibility, isolation, immutability, thread safety."""

from __future__ import annotations

import threading
import uuid

import pytest

from mockgraph.core.errors import NotFoundError, QuotaExceededError
from mockgraph.core.store import JobStore

JOB = {"@odata.type": "#microsoft.graph.jobResponseBase", "status": "s", "error": {"code": "c"}}


def test_create_assigns_a_guid_and_puts_id_after_type() -> None:
    store = JobStore()
    entry = store.create("t", "jobs", dict(JOB))
    guid = uuid.UUID(entry.id)
    assert (str(guid), guid.version, guid.variant) == (entry.id, 4, uuid.RFC_4122)
    assert list(entry.data) == ["@odata.type", "id", "status", "error"]
    ids = {store.create("t", "jobs", dict(JOB)).id for _ in range(1000)}
    assert len(ids) == 1000


def test_visibility_by_collection() -> None:
    store = JobStore()
    typed = store.create("t", "classifyFileJobs", dict(JOB))
    plain = store.create("t", "jobs", dict(JOB))
    assert [e.id for e in store.select("t", "jobs")] == [typed.id, plain.id]
    assert [e.id for e in store.select("t", "classifyFileJobs")] == [typed.id]
    with pytest.raises(NotFoundError):
        store.get("t", "classifyFileJobs", plain.id)
    with pytest.raises(NotFoundError):
        store.get("t", "classifyTextJobs", typed.id)


def test_tenants_are_isolated() -> None:
    store = JobStore()
    entry = store.create("a", "jobs", dict(JOB))
    assert store.select("b", "jobs") == []
    for call in (store.get, store.delete):
        with pytest.raises(NotFoundError):
            call("b", "jobs", entry.id)
    with pytest.raises(NotFoundError):
        store.update("b", "jobs", entry.id, {"status": "x"})
    assert store.get("a", "jobs", entry.id).data["status"] == "s"


def test_what_callers_hold_cannot_change_the_store() -> None:
    store = JobStore()
    data = {**JOB, "error": {"code": "c"}}
    entry = store.create("t", "jobs", data)
    copy = entry.data
    copy["error"]["code"] = "changed"
    assert store.get("t", "jobs", entry.id).data["error"]["code"] == "c"
    assert store.get("t", "jobs", entry.id).body == entry.body


def test_update_and_delete_reach_the_typed_collection() -> None:
    store = JobStore()
    entry = store.create("t", "evaluateLabelJobs", dict(JOB))
    store.update("t", "jobs", entry.id, {"status": "done"})
    assert store.get("t", "evaluateLabelJobs", entry.id).data["status"] == "done"
    store.delete("t", "jobs", entry.id)
    assert store.select("t", "evaluateLabelJobs") == []
    with pytest.raises(NotFoundError):
        store.delete("t", "jobs", entry.id)


def test_page_and_count() -> None:
    store = JobStore()
    made = [store.create("t", "jobs", {**JOB, "status": str(i)}).id for i in range(7)]
    page, total = store.page("t", "jobs", 2, 3)
    assert [e.id for e in page] == made[2:5] and total == 7
    assert store.count("t", "jobs", lambda d: int(d["status"]) % 2 == 0) == 4
    assert store.page("nobody", "jobs", 0, 3) == ([], 0)


def test_seeding_a_fixed_id_replaces_the_job() -> None:
    store = JobStore()
    store.create("t", "classifyFileJobs", dict(JOB), job_id="fixed")
    store.create("t", "jobs", {**JOB, "status": "new"}, job_id="fixed")
    assert store.select("t", "classifyFileJobs") == []
    assert store.get("t", "jobs", "fixed").data["status"] == "new"


def test_concurrent_writers_lose_nothing() -> None:
    store = JobStore()
    barrier = threading.Barrier(8)

    def writer(n: int) -> None:
        barrier.wait(timeout=10)
        for i in range(200):
            entry = store.create(f"t{n % 2}", "classifyFileJobs", {**JOB, "status": str(i)})
            store.update(f"t{n % 2}", "jobs", entry.id, {"userId": str(n)})
            if i % 2:
                store.delete(f"t{n % 2}", "classifyFileJobs", entry.id)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert store.count("t0", "jobs") == store.count("t1", "jobs") == 400
    assert store.count("t0", "classifyFileJobs") == 400
    assert all("userId" in e.data for e in store.select("t0", "jobs"))


def test_clear_forgets_everything() -> None:
    store = JobStore()
    store.create("t", "jobs", dict(JOB))
    store.clear()
    assert store.select("t", "jobs") == []


def test_export_and_restore_round_trip() -> None:
    store = JobStore()
    typed = store.create("a", "classifyFileJobs", dict(JOB))
    store.create("b", "jobs", dict(JOB))
    state = store.export()
    assert set(state) == {"a", "b"}
    assert state["a"] == [{"collection": "classifyFileJobs", "job": typed.data}]
    other = JobStore()
    assert other.restore(state) == 2
    assert other.get("a", "classifyFileJobs", typed.id).body == typed.body
    assert other.export() == state
    assert list(store.export("b")) == ["b"]


def test_clear_one_tenant() -> None:
    store = JobStore()
    store.create("a", "jobs", dict(JOB))
    store.create("b", "jobs", dict(JOB))
    store.clear("a")
    assert store.select("a", "jobs") == [] and store.count("b", "jobs") == 1


def test_a_filter_reads_each_job_as_it_is_now() -> None:
    store = JobStore()
    typed = store.create("t", "classifyFileJobs", {**JOB, "status": "a"})
    plain = store.create("t", "jobs", {**JOB, "status": "a"})

    def status(value: str) -> list[tuple[str, str]]:
        chosen = store.select("t", "jobs", lambda d: d["status"] == value)
        return [(e.id, e.collection) for e in chosen]

    assert status("a") == [(typed.id, "classifyFileJobs"), (plain.id, "jobs")]
    store.update("t", "jobs", typed.id, {"status": "b"})
    store.create("t", "jobs", {**JOB, "status": "c"}, job_id=plain.id)  # replaced, by id
    assert status("a") == []
    assert status("b") == [(typed.id, "classifyFileJobs")]
    assert status("c") == [(plain.id, "jobs")]
    store.delete("t", "classifyFileJobs", typed.id)
    assert status("b") == []
    assert store.count("t", "jobs") == 1 and store.count("t", "classifyFileJobs") == 0


LABEL = {"@odata.type": "#microsoft.graph.sensitivityLabel", "displayName": "x"}


def test_items_of_other_sets_live_in_their_container_only() -> None:
    store = JobStore()
    label = store.create("t", "sensitivityLabels", dict(LABEL), "L")
    inner = store.create("t", "sensitivityLabels/L/sublabels", dict(LABEL), "S")
    assert [e.id for e in store.select("t", "sensitivityLabels")] == [label.id]
    assert [e.id for e in store.select("t", "sensitivityLabels/L/sublabels")] == [inner.id]
    assert store.select("t", "jobs") == []
    assert store.get("t", "sensitivityLabels/L/sublabels", "S").collection == (
        "sensitivityLabels/L/sublabels"
    )
    with pytest.raises(NotFoundError):
        store.get("t", "sensitivityLabels", "S")


def test_a_contained_item_needs_its_parent_held_or_stored_with_it() -> None:
    store = JobStore()
    with pytest.raises(NotFoundError, match="'L' was not found in 'sensitivityLabels'"):
        store.create("t", "sensitivityLabels/L/sublabels", dict(LABEL))
    assert store.export() == {}
    both = [("sensitivityLabels/L/sublabels", dict(LABEL), "S"), ("sensitivityLabels", LABEL, "L")]
    assert [e.id for e in store.create_many("t", both)] == ["S", "L"]


def test_deleting_a_parent_deletes_its_containers_all_the_way_down() -> None:
    store = JobStore()
    store.create("t", "sensitivityLabels", dict(LABEL), "L")
    store.create("t", "sensitivityLabels", dict(LABEL), "M")
    store.create("t", "sensitivityLabels/L/sublabels", dict(LABEL), "S")
    store.create("t", "sensitivityLabels/L/sublabels/S/rights", {"value": "view"}, "R")
    store.create("t", "sensitivityLabels/M/sublabels", dict(LABEL), "S")  # same id, elsewhere
    store.delete("t", "sensitivityLabels", "L")
    assert [(i["collection"], i["entity"]["id"]) for i in store.export()["t"]] == [
        ("sensitivityLabels", "M"),
        ("sensitivityLabels/M/sublabels", "S"),
    ]


def test_the_quota_counts_every_item() -> None:
    store = JobStore(max_jobs_per_tenant=2)
    store.create("t", "sensitivityLabels", dict(LABEL), "L")
    store.create("t", "jobs", dict(JOB))
    with pytest.raises(QuotaExceededError):
        store.create("t", "sensitivityLabels/L/sublabels", dict(LABEL))
    store.delete("t", "sensitivityLabels", "L")
    store.create("t", "sensitiveTypes", {"name": "n"})


def test_export_and_restore_keep_containers() -> None:
    store = JobStore()
    store.create("t", "sensitivityLabels", dict(LABEL), "L")
    store.create("t", "sensitivityLabels/L/sublabels", dict(LABEL), "S")
    store.create("t", "jobs", dict(JOB), "J")
    exported = store.export()
    assert [sorted(item) for item in exported["t"]] == [
        ["collection", "job"],
        ["collection", "entity"],
        ["collection", "entity"],
    ]
    again = JobStore()
    assert again.restore(exported) == 3
    assert again.export() == exported
