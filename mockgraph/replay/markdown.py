"""Reading Graph docs pages: the ``<!-- {...} -->`` annotations and the ``http`` block after each.

Graph's docs (and ApiDoctor, which checks them) mark each example with a JSON annotation in an
HTML comment; ``blockType`` says what the next fenced block is. Only the page's text is read
here: repairing what the generator got wrong is ``repairs``' job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_ANNOTATION = re.compile(r"<!--\s*(\{.*?\})\s*-->", re.DOTALL)
_FENCE_OPEN = re.compile(r"^\s*```\s*(\w*)\s*$")
_FENCE_CLOSE = re.compile(r"^\s*```\s*$")
_HEADER = re.compile(r"^([A-Za-z0-9-]+):\s*(.*)$")
_STATUS = re.compile(r"^HTTP/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$")


class DocsError(Exception):
    """A page that cannot be read as documented examples; the message names the line."""


class DeclinedError(DocsError):
    """A page read well that documents an operation the mock does not serve (an action, a
    collection the service does not have, another API): no fixture, and the reason why."""


@dataclass(frozen=True)
class Block:
    """An annotated fenced block: the annotation, the fence's language, its text and line."""

    annotation: dict[str, Any]
    language: str
    text: str
    line: int  # 1-based line of the block's first content line

    @property
    def block_type(self) -> str:
        return str(self.annotation.get("blockType", ""))


@dataclass(frozen=True)
class HttpMessage:
    """An HTTP request or response as a page writes it: start line, headers, raw body text."""

    start: str
    headers: dict[str, str] = field(default_factory=dict)
    body_text: str = ""
    line: int = 0

    def header(self, name: str) -> str | None:
        """A header's value, by case-insensitive name."""
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


def annotated_blocks(text: str) -> list[Block]:
    """Every fenced block that follows an annotation comment, in page order."""
    lines = text.splitlines()
    offsets = _line_offsets(text)
    blocks = []
    for match in _ANNOTATION.finditer(text):
        line = _line_of(offsets, match.start())
        try:
            annotation = _loads(match.group(1))
        except ValueError as error:
            raise DocsError(f"line {line}: the annotation is not JSON: {error}") from error
        if not isinstance(annotation, dict):
            raise DocsError(f"line {line}: the annotation is not a JSON object")
        end_line = _line_of(offsets, match.end())
        block = _fenced_block_after(lines, end_line, annotation)
        if block is not None:
            blocks.append(block)
    return blocks


def _loads(text: str) -> Any:
    """JSON that a fixture file can hold: ValueError also for a lone UTF-16 surrogate, which an
    escape (``"\\ud800"``) can write and no UTF-8 file can."""
    value = json.loads(text)
    if "\\u" in text:  # only an escape makes one
        try:
            json.dumps(value, ensure_ascii=False).encode()
        except UnicodeEncodeError as error:
            raise ValueError(f"a string holds a lone surrogate: {error.reason}") from error
    return value


def _line_offsets(text: str) -> list[int]:
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]


def _line_of(offsets: list[int], position: int) -> int:
    low, high = 0, len(offsets) - 1
    while low < high:  # the last line starting at or before position
        middle = (low + high + 1) // 2
        if offsets[middle] <= position:
            low = middle
        else:
            high = middle - 1
    return low + 1


def _fenced_block_after(lines: list[str], line: int, annotation: dict[str, Any]) -> Block | None:
    # The fence follows the comment, after blank lines only; a heading in between means the
    # annotation has no block (ApiDoctor reports those; here they are simply not examples).
    index = line  # 0-based index of the line after the one holding the comment's end
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None
    opening = _FENCE_OPEN.match(lines[index])
    if opening is None:
        return None
    end = index + 1
    while end < len(lines) and not _FENCE_CLOSE.match(lines[end]):
        end += 1
    if end >= len(lines):
        raise DocsError(f"line {index + 1}: the ``` block is never closed")
    text = "\n".join(lines[index + 1 : end])
    return Block(annotation, opening.group(1).lower(), text, index + 2)


def parse_http(block: Block) -> HttpMessage:
    """Split an ``http`` block into start line, headers and body text."""
    lines = block.text.splitlines()
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is None:
        raise DocsError(f"line {block.line}: the http block is empty")
    headers: dict[str, str] = {}
    index = first + 1
    while index < len(lines):
        text = lines[index].strip()
        header = _HEADER.match(text)
        if not text or header is None:
            break  # a blank line, or the body starting without one (the generator omits it)
        headers[header.group(1)] = header.group(2).strip()
        index += 1
    body = "\n".join(lines[index:]).strip()
    return HttpMessage(lines[first].strip(), headers, body, block.line + first)


def request_line(message: HttpMessage) -> tuple[str, str]:
    """The method and URL of a request (a trailing ``HTTP/1.1`` is dropped)."""
    method, _, rest = message.start.partition(" ")
    url = re.sub(r"\s+HTTP/\d(?:\.\d)?$", "", rest.strip())
    if not method.isalpha() or not method.isupper() or not url:
        raise DocsError(f"line {message.line}: not an HTTP request line: {message.start!r}")
    return method, url


def status_line(message: HttpMessage) -> int:
    """The status code of a response."""
    match = _STATUS.match(message.start)
    if match is None:
        raise DocsError(f"line {message.line}: not an HTTP status line: {message.start!r}")
    return int(match.group(1))


def json_body(message: HttpMessage) -> Any:
    """The message's body as JSON, or None when it has none."""
    if not message.body_text:
        return None
    try:
        return _loads(message.body_text)
    except ValueError as error:
        raise DocsError(f"line {message.line}: the body is not JSON: {error}") from error
