"""Graph's JSON batch payload, read and checked the way Graph does. No Flask imports.

``POST /beta/$batch`` with ``{"requests": [{"id", "method", "url", "headers", "body",
"dependsOn"}]}`` (https://learn.microsoft.com/graph/json-batching). What makes the whole
batch a 400 is found here, before any request runs, so a bad batch changes nothing; what
makes one request fail (an absolute URL) is that request's own answer (``http/batch.py``).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockgraph.core.errors import BadRequestError

MAX_REQUESTS = 20  # Graph's limit; the SDK's BatchRequestContent.MAX_REQUESTS too
# Graph's own wording for a batch it cannot read.
INVALID_PAYLOAD = "Invalid batch payload format."
_METHOD = re.compile(r"[A-Za-z]{1,16}")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}")
# An absolute URL (a scheme, or a network path): Graph takes URLs relative to its root only.
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:|//)")
# Headers that describe the outer HTTP message, never a sub-request's: the outer token and
# host apply to every request of the batch.
_NOT_PASSED = frozenset({"authorization", "host", "content-length", "transfer-encoding"})


@dataclass(frozen=True)
class BatchItem:
    """One request of a batch, as sent (``body`` already encoded as the bytes to serve)."""

    id: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    depends_on: tuple[str, ...]

    @property
    def absolute(self) -> bool:
        """Whether the URL is absolute (``https://graph.microsoft.com/beta/...``)."""
        return bool(_ABSOLUTE.match(self.url))

    @property
    def first_segment(self) -> str:
        """The URL's first path segment, as Graph names it in its 400."""
        return self.url.lstrip("/").split("/", 1)[0].split("?", 1)[0]


def _bad(message: str) -> BadRequestError:
    return BadRequestError(f"{INVALID_PAYLOAD} {message}")


def parse(payload: Mapping[str, Any]) -> list[BatchItem]:
    """The batch's requests, in order; BadRequestError when the batch itself is malformed.

    Keys Graph does not define are ignored, as Graph ignores them: ``depends_on`` (what the
    Python SDK writes) orders nothing, ``atomicityGroup`` groups nothing.
    """
    requests = payload.get("requests")
    if not isinstance(requests, list) or not requests:
        raise _bad("The body needs 'requests', a non-empty array.")
    if len(requests) > MAX_REQUESTS:
        raise _bad(f"A batch holds at most {MAX_REQUESTS} requests, not {len(requests)}.")
    items: list[BatchItem] = []
    seen: set[str] = set()  # ids, compared without case as Graph does
    for index, request in enumerate(requests):
        item = _item(request, index, seen)
        seen.add(item.id.casefold())
        items.append(item)
    return items


def _item(request: Any, index: int, earlier: set[str]) -> BatchItem:
    where = f"requests[{index}]"
    if not isinstance(request, Mapping):
        raise _bad(f"{where} must be a JSON object.")
    request_id = request.get("id")
    if not isinstance(request_id, str) or not request_id.strip():
        raise _bad(f"{where}.id is required: a non-empty string.")
    if request_id.casefold() in earlier:
        raise _bad(f"The request id '{request_id}' is used more than once in the batch.")
    method = request.get("method")
    if not isinstance(method, str) or not _METHOD.fullmatch(method):
        raise _bad(f"{where}.method is required: an HTTP method such as GET.")
    url = request.get("url")
    if not isinstance(url, str) or not url:
        raise _bad(f"{where}.url is required: a URL relative to the service root.")
    headers = _headers(request.get("headers"), where)
    body = _body(request, headers, where)
    return BatchItem(
        id=request_id,
        method=method.upper(),
        url=url,
        headers=tuple((name, value) for name, value in headers.items()),
        body=body,
        depends_on=_depends_on(request.get("dependsOn"), request_id, where, earlier),
    )


def _headers(headers: Any, where: str) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise _bad(f"{where}.headers must be a JSON object of strings.")
    kept: dict[str, str] = {}
    for name, value in headers.items():
        if not _HEADER_NAME.fullmatch(name):
            raise _bad(f"{where}.headers: {name!r} is not a header name.")
        if not isinstance(value, str) or "\r" in value or "\n" in value or "\0" in value:
            raise _bad(f"{where}.headers.{name} must be a string on one line.")
        if name.lower() not in _NOT_PASSED:
            kept[name] = value
    return kept


def content_type(headers: Mapping[str, str]) -> str | None:
    """The Content-Type among ``headers`` (names without case), or None."""
    for name, value in headers.items():
        if name.lower() == "content-type":
            return value
    return None


def _body(request: Mapping[str, Any], headers: Mapping[str, str], where: str) -> bytes | None:
    if "body" not in request or request["body"] is None:
        return None
    kind = content_type(headers)
    if kind is None:
        raise _bad(f"{where} has a body: its headers must give its Content-Type.")
    body = request["body"]
    mimetype = kind.split(";", 1)[0].strip().lower()
    if mimetype == "application/json" or mimetype.endswith("+json"):
        return json.dumps(body, ensure_ascii=False).encode()
    if not isinstance(body, str):
        raise _bad(f"{where}.body must be base64 for Content-Type '{kind}'.")
    try:  # binary bodies are sent base64-encoded (the docs: an image, say)
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as error:
        raise _bad(f"{where}.body must be base64 for Content-Type '{kind}'.") from error


def _depends_on(depends_on: Any, request_id: str, where: str, earlier: set[str]) -> tuple[str, ...]:
    if depends_on is None:
        return ()
    if not isinstance(depends_on, list) or not all(isinstance(d, str) for d in depends_on):
        raise _bad(f"{where}.dependsOn must be an array of request ids.")
    for dependency in depends_on:
        if dependency.casefold() not in earlier:
            # msgraph-sdk-dotnet-core #891: a dependency must come earlier in the array.
            raise BadRequestError(
                f"Invalid dependency for request Id '{request_id}': '{dependency}' is not the "
                "id of a request earlier in the batch."
            )
    return tuple(depends_on)
