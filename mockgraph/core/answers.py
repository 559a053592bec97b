"""What the mock answers, as plain data: a status, headers and a body. No Flask imports.

Every answer carries request ids (``id_headers``), and every error is one envelope: the Graph
routes, the admin API, the server's bridge, interception and ``$batch`` all make their error
answers with ``error_answer``.
"""

from __future__ import annotations

import itertools
import uuid

from mockgraph.core import envelope
from mockgraph.core.errors import GraphError, error_body

Headers = list[tuple[str, str]]
Answer = tuple[int, Headers, bytes]  # the status, the headers, the whole body
XML_CONTENT_TYPE = "application/xml"

_PROCESS_PREFIX = str(uuid.uuid4())[:24]
_REQUEST_NUMBERS = itertools.count(1)


def next_request_id() -> str:
    """A GUID-shaped id unique to this request: a random per-process prefix and a counter
    (a uuid4 per request cost more than the rest of the hook)."""
    return f"{_PROCESS_PREFIX}{next(_REQUEST_NUMBERS) & 0xFFFFFFFFFFFF:012x}"


def id_headers(request_id: str, client_request_id: str | None) -> Headers:
    """The ids every answer carries: Graph always answers ``client-request-id``, the caller's
    or its own request id."""
    return [("request-id", request_id), ("client-request-id", client_request_id or request_id)]


def json_answer(body: bytes, status: int = 200, *extra: tuple[str, str]) -> Answer:
    """A JSON body, as Graph types it."""
    headers = [("Content-Type", envelope.JSON_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    return status, headers + list(extra), body


def text_answer(text: str) -> Answer:
    """A plain-text body (``$count``)."""
    body = text.encode()
    headers = [("Content-Type", envelope.TEXT_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    return 200, headers, body


def xml_answer(body: bytes) -> Answer:
    """An XML document (``$metadata``)."""
    headers = [("Content-Type", XML_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    return 200, headers, body


def no_content() -> Answer:
    """204, no body (a delete)."""
    return 204, [], b""


def error_answer(
    error: GraphError, request_id: str, client_request_id: str | None, *, ids: bool = False
) -> Answer:
    """Graph's envelope for ``error``, with the headers it carries (``Retry-After``, ``Allow``);
    with ``ids``, the request ids too (for a caller that adds none of its own)."""
    body = error_body(error, request_id, client_request_id)
    extra = [*error.headers.items()]
    if ids:
        extra += id_headers(request_id, client_request_id)
    return json_answer(body, error.status, *extra)
