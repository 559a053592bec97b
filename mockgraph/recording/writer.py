"""One exchange, as the proxy saw it, written as a fixture the moment it completes.

Each is numbered in the order the upstream answered (a later exchange may use what an earlier
one created), redacted (``redaction``), marked (``volatile``) and saved with the fixture
format's own ``save``: a recorder killed mid-session keeps every exchange it had finished.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mockgraph.core.fixture import Expected, Fixture, Request, save
from mockgraph.paths import SINGLETON
from mockgraph.recording.redaction import Redactor
from mockgraph.recording.volatile import Marker

Headers = list[tuple[str, str]]
# The request headers that change what Graph answers; never a credential nor a request id.
REQUEST_HEADERS = ("Content-Type", "Prefer", "ConsistencyLevel", "If-Match", "If-None-Match")
# Answer headers that must be there but whose values vary: their presence is the contract.
PRESENT = ("Retry-After", "Location", "request-id")
_SLUG_LENGTH = 40


@dataclass(frozen=True)
class Exchange:
    """A request and its answer: ``path`` below the service root, query included."""

    method: str
    path: str
    request_headers: Headers
    request_body: bytes
    status: int
    response_headers: Headers
    response_body: bytes


class Writer:
    """Writes one recording's exchanges into ``out``; safe to call from several threads."""

    def __init__(
        self,
        out: Path,
        recording: str,
        upstream: str,
        redactor: Redactor,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self.out, self.recording, self.upstream = out, recording, upstream
        self._redactor = redactor
        self._marker = Marker()
        self._echo = echo
        self._lock = threading.Lock()
        self.count = 0

    def write(self, exchange: Exchange) -> Path | None:
        """Write ``exchange`` as the recording's next fixture; its file's path. None for a
        request whose body is not JSON, which no fixture can replay."""
        if exchange.request_body and _json(exchange.request_body) is None:
            if self._echo is not None:
                self._echo(f"  not recorded: {exchange.method} {exchange.path}: not a JSON body")
            return None
        with self._lock:  # one at a time: numbering, placeholders and binds follow this order
            sequence = self.count + 1
            fixture = self._fixture(sequence, exchange)
            path = save(fixture, self.out)
            self.count = sequence
        if self._echo is not None:
            request = fixture.request
            self._echo(f"  {sequence:04d} {request.method} {request.path} {exchange.status}")
        return path

    def _fixture(self, sequence: int, exchange: Exchange) -> Fixture:
        redact = self._redactor
        sent = {name.lower(): value for name, value in exchange.request_headers}
        request_body = _json(exchange.request_body)
        answer_body = _json(exchange.response_body)
        redact.learn_request(sent, request_body)
        redact.learn_properties(answer_body)
        for name, value in exchange.response_headers:
            if name.lower() == "set-cookie":
                redact.learn_request({"cookie": value}, None)
        kept = {
            name: redact.text(sent[name.lower()])
            for name in REQUEST_HEADERS
            if name.lower() in sent
        }
        path, headers, body = self._marker.request(
            redact.text(exchange.path), kept, redact.json(request_body)
        )
        answered = {name.lower(): value for name, value in exchange.response_headers}
        marked = self._marker.answer(
            exchange.path, exchange.status, redact.json(answer_body), redact.json(request_body)
        )
        content_type = answered.get("content-type")
        return Fixture(
            name=f"{self.recording}-{sequence:04d}-{exchange.method.lower()}-{_slug(path)}",
            source={
                "recording": self.recording,
                "sequence": sequence,
                "upstream": self.upstream,
                "recorded": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            },
            request=Request(exchange.method, path, headers, body),
            response=Expected(
                status=exchange.status,
                headers={"Content-Type": content_type} if content_type else {},
                body=marked.body,
                truncated=marked.truncated,
                by_shape=tuple(marked.by_shape),
                binds=marked.binds,
                present=tuple(name for name in PRESENT if name.lower() in answered),
            ),
        )


def _json(body: bytes) -> Any:
    """A body as JSON; None when empty or not JSON (a ``$count``, ``$metadata``'s XML)."""
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _slug(path: str) -> str:
    """A few words of ``path`` for a file name: ``jobs-job1`` for ``.../jobs/{job1}``."""
    route = path.split("?", 1)[0]
    words = [s.strip("{}") for s in route.split("/") if s and s != SINGLETON][-2:] or ["root"]
    slug = "-".join("".join(c for c in word if c.isalnum()) for word in words)
    return slug[:_SLUG_LENGTH].strip("-") or "root"
