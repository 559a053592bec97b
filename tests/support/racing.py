"""Running client threads to the end in concurrency tests, with their failures surfaced."""

from __future__ import annotations

from typing import Protocol


class ClientThread(Protocol):
    """A thread that keeps what it raised in ``failure`` instead of losing it."""

    failure: BaseException | None

    def start(self) -> None: ...

    def join(self, timeout: float | None = None) -> None: ...

    def is_alive(self) -> bool: ...


def run_to_the_end(threads: list[ClientThread], timeout: float = 120) -> None:
    """Start every thread, wait for each (bounded), and raise the first failure."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
        assert not thread.is_alive(), f"{thread} still running after {timeout} s"
        if thread.failure:
            raise thread.failure
