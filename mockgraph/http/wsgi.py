"""Calling a WSGI app once, in this thread, as a server would: its status, headers and body.

The one way the server's bridge, in-process interception and ``$batch`` sub-requests run the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Headers = list[tuple[str, str]]


class _Answer:
    """``start_response`` for one call: keeps the status and headers."""

    __slots__ = ("headers", "status")

    def __init__(self) -> None:
        self.status = 500
        self.headers: Headers = []

    def __call__(
        self, status: str, headers: Headers, exc_info: Any = None
    ) -> Callable[[bytes], None]:
        self.status = int(status[:3])
        self.headers = headers
        return _no_write


def _no_write(data: bytes) -> None:
    raise RuntimeError("the mock's app never uses write()")


def call(
    app: Callable[..., Iterable[bytes]], environ: dict[str, Any]
) -> tuple[int, Headers, bytes]:
    """Run ``app`` on ``environ``: the status, headers and whole body it answered."""
    answer = _Answer()
    chunks = app(environ, answer)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return answer.status, answer.headers, body
