"""OData response bodies, assembled from the stored JSON bytes of each job. No Flask imports.

Entities and collections are written by hand around the jobs' pre-encoded bodies instead of
re-encoding every job on every read: a page of 50 jobs costs a ``b",".join``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

# What Graph answers with; the SDK only looks at the part before the first ";".
JSON_CONTENT_TYPE = (
    "application/json;odata.metadata=minimal;odata.streaming=true;"
    "IEEE754Compatible=false;charset=utf-8"
)
TEXT_CONTENT_TYPE = "text/plain;charset=utf-8"


def _string(value: str) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def context_url(service_root: str, path: str) -> str:
    """``@odata.context`` for ``path`` (e.g. ``dataClassification/jobs/$entity``)."""
    return f"{service_root}$metadata#{path}"


@lru_cache(maxsize=1024)
def _head(context: str) -> bytes:
    # Few contexts (host x collection x $select): encode each once.
    return b'{"@odata.context":' + _string(context)


def entity_body(context: str, body: bytes) -> bytes:
    """One entity: its stored JSON object with ``@odata.context`` put first."""
    return _head(context) + (b"," + body[1:] if len(body) > 2 else b"}")


def collection_body(
    context: str, items: Iterable[bytes], count: int | None, next_link: str | None
) -> bytes:
    """A collection page: context, optional count and next link, then ``value``."""
    parts = [_head(context)]
    if count is not None:
        parts += [b',"@odata.count":', str(count).encode()]
    if next_link is not None:
        parts += [b',"@odata.nextLink":', _string(next_link)]
    parts += [b',"value":[', b",".join(items), b"]}"]
    return b"".join(parts)
