"""The journal is bounded in bytes too, not only in entries."""

from __future__ import annotations

from dataclasses import dataclass

from mockgraph.features.journal import Journal


@dataclass
class _Heavy:
    seq: int
    weight: int
    tenant: str = "t"

    def entry(self) -> _Heavy:
        return self


def test_the_oldest_entries_fall_off_past_the_byte_budget() -> None:
    journal = Journal(size=100, max_bytes=1000)
    for seq in range(1, 6):
        journal.add(_Heavy(seq, 400))  # type: ignore[arg-type]
    assert [item.seq for item in journal.entries()] == [4, 5]  # type: ignore[attr-defined]
    assert journal.dropped == 3
    journal.clear("t")
    journal.add(_Heavy(6, 900))  # type: ignore[arg-type]
    assert len(journal) == 1


def test_one_entry_over_the_budget_is_still_kept() -> None:
    journal = Journal(size=10, max_bytes=100)
    journal.add(_Heavy(1, 50))  # type: ignore[arg-type]
    journal.add(_Heavy(2, 500))  # type: ignore[arg-type]
    assert [item.seq for item in journal.entries()] == [2]  # type: ignore[attr-defined]
