"""Reading a JSON request body the way Graph does: 415, 413 and 400 before any schema runs."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Request

from mockgraph.core.answers import header_text
from mockgraph.core.errors import (
    BadRequestError,
    InvalidRequestError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
)
from mockgraph.http.call import GraphCall

_UNREADABLE = (
    "Unable to read JSON request payload. Please ensure Content-Type header is set and "
    "payload is of valid JSON format."
)  # Graph's own wording


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object, refused when a name repeats: OData JSON allows each property name once
    (json would silently keep the last)."""
    made = dict(pairs)
    if len(made) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                shown = name if len(name) <= 100 else name[:100] + "..."
                raise BadRequestError(
                    f"The property '{shown}' appears more than once in a JSON object; "
                    "each property name may appear only once."
                )
            seen.add(name)
    return made


# json.loads builds a decoder per call when given options; this one is made once.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_unique)


def loads(raw: bytes) -> Any:
    """JSON as the store can keep it: ValueError for what is not JSON (NaN included) and for a
    lone UTF-16 surrogate (``"\\ud800"``, or the bytes ED A0 80 UTF-8 would write it as, were
    it allowed), which no UTF-8 answer could carry back."""
    # As json.loads reads bytes: UTF-8, -16 or -32, told apart by their first bytes; strictly
    # (json.loads passes surrogates through: a client's bytes would break every later read).
    text = raw.decode(json.detect_encoding(raw))
    value = _DECODER.decode(text)
    # Only an escape makes a lone surrogate now, so look only then (in the text: UTF-16 too).
    if "\\ud" in text or "\\uD" in text:
        try:
            json.dumps(value, ensure_ascii=False).encode()
        except UnicodeEncodeError as error:
            raise ValueError(f"a string holds a lone surrogate: {error.reason}") from error
    return value


def json_object(call: GraphCall) -> dict[str, Any]:
    """The call's body as a JSON object, or the Graph error that explains why not."""
    sent = call.request
    if sent.mimetype != "application/json":  # werkzeug reads any parameters, even non-ASCII
        shown = header_text(sent.content_type or "none")
        raise UnsupportedMediaTypeError(
            f"Content-Type '{shown}' is not supported; send 'application/json'."
        )
    config = call.config
    raw = read_body(sent, config["MAX_CONTENT_LENGTH"])
    try:
        body = loads(raw)
    except (ValueError, RecursionError) as error:  # JSONDecodeError and bad UTF-8 are ValueError
        raise BadRequestError(_UNREADABLE) from error
    limit = config["MOCKGRAPH_MAX_JSON_DEPTH"]
    if raw.count(b"{") + raw.count(b"[") > limit:  # each level opens one: else it is not deep
        check_depth(body, limit)
    if not isinstance(body, dict):
        raise InvalidRequestError("The request body must be a JSON object.")
    return body


def read_body(sent: Request, limit: int) -> bytes:
    """The raw request body, with or without a Content-Length (chunked): PayloadTooLargeError
    past ``limit`` bytes, BadRequestError when the transfer itself is malformed.

    Read from ``wsgi.input`` rather than ``request.get_data()``: werkzeug would cut a chunked
    body at MAX_CONTENT_LENGTH silently, and the admin API has a limit of its own.
    """
    length = sent.content_length
    if length is not None and length > limit:
        raise PayloadTooLargeError(f"The request body exceeds {limit} bytes.")  # unread
    if length is None and not sent.environ.get("wsgi.input_terminated"):
        return b""  # no length and not chunked: no body
    stream = sent.environ["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            want = min(65536, limit + 1 - size)
            chunk = stream.read(want if length is None else min(want, length - size))
            if chunk:
                chunks.append(chunk)
                size += len(chunk)
            if not chunk or size == length:  # the end, or all it said it would send
                return b"".join(chunks)
    except (ValueError, OSError) as error:  # a bad chunk, a cut connection (a WSGI server's)
        raise BadRequestError(f"The request body could not be read: {error}.") from error
    raise PayloadTooLargeError(f"The request body exceeds {limit} bytes.")


def check_depth(value: Any, limit: int) -> None:
    """Reject JSON nested deeper than ``limit`` (iteratively: deep input must not recurse)."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            raise BadRequestError(f"The JSON payload is nested deeper than {limit} levels.")
        if isinstance(current, dict):
            stack.extend((child, depth + 1) for child in current.values())
        elif isinstance(current, list):
            stack.extend((child, depth + 1) for child in current)
