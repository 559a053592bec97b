"""What the mock answers, as plain data: a status, headers and a body. No Flask imports.

Every answer carries request ids (``id_headers``), and every error is one envelope: the Graph
routes, the admin API, the server's bridge, interception and ``$batch`` all make their error
answers with ``error_answer``.
"""

from __future__ import annotations

import itertools
import re
import uuid

from mockgraph.core import envelope
from mockgraph.core.errors import MESSAGE_LIMIT, GraphError, error_body

Headers = list[tuple[str, str]]
Answer = tuple[int, Headers, bytes]  # the status, the headers, the whole body
XML_CONTENT_TYPE = "application/xml"

_PROCESS_PREFIX = str(uuid.uuid4())[:24]
_REQUEST_NUMBERS = itertools.count(1)


def next_request_id() -> str:
    """A GUID-shaped id unique to this request: a random per-process prefix and a counter
    (a uuid4 per request cost more than the rest of the hook)."""
    return f"{_PROCESS_PREFIX}{next(_REQUEST_NUMBERS) & 0xFFFFFFFFFFFF:012x}"


# What a header value may hold and go back as it came: WSGI hands each of its bytes over as a
# latin-1 character; none but the tab of the control characters (RFC 9110 5.5).
_NOT_ECHOED = re.compile(r"[^\t\x20-\x7e\x80-\xff]")


def echoed(client_request_id: str | None) -> str | None:
    """The caller's ``client-request-id`` if an answer can echo it, as Graph does: a header
    value (its bytes as WSGI hands them over, no control characters) of at most
    ``MESSAGE_LIMIT`` characters, all of which an error's ``innerError`` shows. Else None: the
    request id stands in, as for a call that sent none (a 40 KB one is not sent back)."""
    if not client_request_id or len(client_request_id) > MESSAGE_LIMIT:
        return None
    if client_request_id.isascii() and client_request_id.isprintable():
        return client_request_id  # the usual GUID, without the search
    return None if _NOT_ECHOED.search(client_request_id) else client_request_id


def header_text(value: str) -> str:
    """A header value as text (the journal's, ``innerError``'s): WSGI hands its bytes over as
    latin-1, so UTF-8 bytes are read as UTF-8; other bytes stay latin-1, and a character no
    UTF-8 can carry (a lone surrogate, from a caller that did not follow WSGI) becomes "?"."""
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode()
    except UnicodeError:
        return value.encode(errors="replace").decode()


def id_headers(request_id: str, client_request_id: str | None) -> Headers:
    """The ids every answer carries: Graph always answers ``client-request-id``, the caller's
    (``echoed``) or its own request id."""
    return [
        ("request-id", request_id),
        ("client-request-id", echoed(client_request_id) or request_id),
    ]


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
    shown = echoed(client_request_id)
    body = error_body(error, request_id, None if shown is None else header_text(shown))
    extra = [*error.headers.items()]
    if ids:
        extra += id_headers(request_id, client_request_id)
    return json_answer(body, error.status, *extra)
