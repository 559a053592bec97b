"""Synthetic Graph docs pages, written the way the docs generator writes them, for importer tests.

``example_page`` gives a page for any job type and operation; its keyword arguments put in the
defects one at a time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support import payloads

GRAPH = "https://graph.microsoft.com"
OPERATIONS = ("create", "get", "list", "update", "delete")
DOCUMENTED_ID = "e3582e2c-2e2c-e358-2c2e-58e32c2e58e3"

HOME = payloads.HOME  # the collection each job type lives in

# The real pages the committed fixtures are generated from (see fixtures/pages/README.md).
PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
REGENERATE = (
    "mockgraph import-docs fixtures/pages/seeds/*.txt fixtures/pages/graph-docs/api/*.md "
    "--out fixtures --clean"
)


def documented_pages() -> list[Path]:
    """The committed docs pages, in the order the regeneration command names them."""
    pages = sorted(PAGES.glob("seeds/*.txt")) + sorted(PAGES.glob("graph-docs/api/*.md"))
    assert pages, f"no docs pages under {PAGES}"
    return pages


def annotation(**properties: Any) -> str:
    """An ApiDoctor annotation comment."""
    return "<!-- " + json.dumps(properties, indent=2) + "\n-->"


def http_block(start: str, headers: dict[str, str], body: Any | None, body_text: str | None) -> str:
    """A fenced http block; ``body_text`` overrides the JSON rendering of ``body``."""
    lines = [start] + [f"{name}: {value}" for name, value in headers.items()]
    text = body_text if body_text is not None else (json.dumps(body, indent=2) if body else "")
    if text:
        lines += ["", text]
    return "``` http\n" + "\n".join(lines) + "\n```"


def pair(
    request_line: str,
    request_body: Any | None,
    status_line: str,
    response_body: Any | None,
    *,
    name: str = "example",
    truncated: bool = True,
    response_type: str | None = None,
    request_headers: dict[str, str] | None = None,
    response_headers: dict[str, str] | None = None,
    request_text: str | None = None,
) -> str:
    """One example: the annotated request and the annotated response."""
    request_meta = {"blockType": "request", "name": name}
    response_meta: dict[str, Any] = {"blockType": "response", "truncated": truncated}
    if response_type is not None:
        response_meta["@odata.type"] = response_type
    if request_headers is None:
        request_headers = {"Content-type": "application/json"} if request_body else {}
    if response_headers is None:
        response_headers = {"Content-Type": "application/json"} if response_body else {}
    return "\n\n".join(
        [
            "### Request",
            annotation(**request_meta),
            http_block(request_line, request_headers, request_body, request_text),
            "### Response",
            annotation(**response_meta),
            http_block(status_line, response_headers, response_body, None),
        ]
    )


def page(*examples: str, title: str = "Synthetic page", reference: str = "") -> str:
    """A whole page around the examples (with an "HTTP request" section when given)."""
    parts = [f'---\ntitle: "{title}"\n---\n\n# {title}\n']
    if reference:
        parts += ["## HTTP request", annotation(blockType="ignored"), f"``` http\n{reference}\n```"]
    parts += ["## Example", *examples]
    return "\n\n".join(parts) + "\n"


def entity_url(type_name: str, version: str = "beta") -> str:
    """The generator's broken entity URL for a type."""
    return f"{GRAPH}/{version}** Entity URI for microsoft.graph.{type_name} not found"


def collection_url(type_name: str, version: str = "beta") -> str:
    """The generator's broken collection URL for a type."""
    return f"{GRAPH}/{version}** Collection URI for microsoft.graph.{type_name} not found"


def documented(type_name: str, **overrides: Any) -> dict[str, Any]:
    """A documented job body with the documented id, as a response shows it."""
    body = payloads.job(type_name, **overrides)
    return {"@odata.type": body.pop("@odata.type"), "id": DOCUMENTED_ID, **body}


def example_page(type_name: str, operation: str, version: str = "localtest") -> str:
    """The generator's page for ``operation`` on ``type_name``, with its usual URL defects."""
    entity, collection = entity_url(type_name, version), collection_url(type_name, version)
    name = f"{operation}_{type_name.lower()}"
    job = documented(type_name)
    request = {k: v for k, v in job.items() if k != "id"}
    if operation == "create":
        example = pair(f"POST {collection}", request, "HTTP/1.1 201 Created", job, name=name)
        reference = f"POST /dataClassification/{HOME[type_name]}/$ref"
        return page(example, reference=reference)
    if operation == "get":
        example = pair(f"GET {entity}", None, "HTTP/1.1 200 OK", {"value": job}, name=name)
    elif operation == "list":
        example = pair(f"GET {collection}", None, "HTTP/1.1 200 OK", {"value": [job]}, name=name)
    elif operation == "update":
        example = pair(f"PATCH {entity}", request, "HTTP/1.1 200 OK", job, name=name)
    else:
        example = pair(f"DELETE {entity}", None, "HTTP/1.1 204 No Content", None, name=name)
    return page(example)
