"""A docs page to fixtures: pair each example request with its response, repair, and lint.

Every defect found is a ``Finding`` (a lint line); the ones repaired are also recorded in the
fixture, by rule name. A page that cannot be turned into fixtures raises ``DocsError``; one
that documents what the mock does not serve, ``DeclinedError``. Importing many pages, each
page's outcome is its own: one page declined or broken does not stop the others.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockgraph.core.fixture import Fixture, FixtureError, file_name
from mockgraph.replay import markdown as md
from mockgraph.replay import pairs
from mockgraph.replay.markdown import DeclinedError, DocsError


@dataclass(frozen=True)
class Finding:
    """One doc defect: where, which rule, what; ``repaired`` when the fixture fixes it."""

    page: str
    line: int
    rule: str
    message: str
    repaired: bool

    def __str__(self) -> str:
        verdict = "repaired" if self.repaired else "reported"
        return f"{self.page}:{self.line}: {self.rule}: {self.message} ({verdict})"


@dataclass
class PageImport:
    """What one page gave: its fixtures and its findings, or why it gave none: ``declined``
    (what it documents is not served) or ``error`` (it cannot be read as examples)."""

    page: str
    fixtures: list[Fixture] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    declined: str | None = None
    error: str | None = None


def import_text(text: str, page: str, stem: str) -> PageImport:
    """The fixtures of one page's text; ``page`` names it in findings, ``stem`` in fixtures."""
    result = PageImport(page)
    blocks = md.annotated_blocks(text)
    names: Counter[str] = Counter()
    for request, response in _pairs(blocks):
        example = str(request.annotation.get("name") or "example")
        names[example] += 1
        name = f"{stem}.{example}" if names[example] == 1 else f"{stem}.{example}-{names[example]}"
        try:
            file_name(name)  # the name becomes a file in --out: it must stay one name there
        except FixtureError as error:
            raise DocsError(f"line {request.line}: example name {example!r}: {error}") from None
        if names[example] > 1:
            message = f"example name {example!r} used twice on the page; imported as {name!r}"
            result.findings.append(Finding(page, request.line, "duplicate-name", message, False))
        built = pairs.build(name, page, request, response)
        result.fixtures.append(built.fixture)
        result.findings += [
            Finding(page, n.line, n.rule, n.message, n.repaired) for n in built.notes
        ]
    result.findings += _reference_sections(page, blocks)
    if not result.fixtures:
        raise DocsError("no annotated request/response example pair on the page")
    return result


def _pairs(blocks: list[md.Block]) -> list[tuple[md.Block, md.Block]]:
    found = []
    pending: md.Block | None = None
    for block in blocks:
        if block.block_type not in ("request", "response"):
            continue
        if block.language != "http":
            raise DocsError(f"line {block.line}: a {block.block_type} block must be ```http")
        if block.block_type == "request":
            if pending is not None:
                raise DocsError(f"line {pending.line}: a request without a response")
            pending = block
        elif pending is None:
            raise DocsError(f"line {block.line}: a response without a request")
        else:
            found.append((pending, block))
            pending = None
    if pending is not None:
        raise DocsError(f"line {pending.line}: a request without a response")
    return found


def _reference_sections(page: str, blocks: list[md.Block]) -> list[Finding]:
    # The "HTTP request" section is an ignored block: a create written as POST .../$ref there
    # is a defect even when the example posts to the collection.
    found = []
    for block in blocks:
        if block.block_type != "ignored" or block.language != "http":
            continue
        for offset, line in enumerate(block.text.splitlines()):
            method, _, url = line.strip().partition(" ")
            if method == "POST" and url.rstrip().endswith("/$ref"):
                message = f"the HTTP request section shows {line.strip()!r}; a create posts to "
                message += "the collection"
                found.append(Finding(page, block.line + offset, "create-ref", message, False))
    return found


def import_page(path: Path, root: Path | None = None, stem: str | None = None) -> PageImport:
    """The fixtures of the page at ``path`` (named ``stem``, its file's stem unless given), or
    why it gave none; findings name it relative to ``root``."""
    page = path.relative_to(root).as_posix() if root else path.name
    try:
        text = path.read_text(encoding="utf-8")
        return import_text(text, page, stem or path.stem)
    except (OSError, UnicodeDecodeError) as error:
        return PageImport(page, error=f"cannot read: {error}")
    except DeclinedError as declined:
        return PageImport(page, declined=str(declined))
    except DocsError as error:
        return PageImport(page, error=str(error))


def common_root(paths: Iterable[Path]) -> Path:
    """The deepest directory holding all the pages (so fixture sources stay short and stable)."""
    parents = [str(p.resolve().parent) for p in paths]
    return Path(os.path.commonpath(parents)) if parents else Path(".")


def stems(paths: list[Path], root: Path) -> list[str]:
    """The name each page's fixtures start with: its file's stem, or, for a page whose stem an
    earlier page already has, its path from ``root`` (``service/api/x.md``: ``service.api.x``)."""
    names: list[str] = []
    for path in paths:
        stem = path.stem
        if stem in names:
            stem = ".".join(path.relative_to(root).with_suffix("").parts)
        names.append(stem)
    return names


def import_pages(paths: list[Path]) -> list[PageImport]:
    """Import every page; fixture names and example names are checked across them."""
    resolved = [p.resolve() for p in paths]
    root = common_root(resolved)
    imports = []
    taken: set[str] = set()
    for path, stem in zip(resolved, stems(resolved, root), strict=True):
        page = import_page(path, root, stem)
        clash = next((f.name for f in page.fixtures if f.name in taken), None)
        if clash is not None:
            page = PageImport(page.page, error=f"fixture {clash!r} also comes from another page")
        taken.update(f.name for f in page.fixtures)
        if stem != path.stem and page.fixtures:
            message = f"another page is named {path.stem!r}: its fixtures are named {stem!r}.*"
            page.findings.insert(0, Finding(page.page, 1, "duplicate-name", message, False))
        imports.append(page)
    return _shared_example_names(imports)


def _shared_example_names(imports: list[PageImport]) -> list[PageImport]:
    owners: dict[str, list[str]] = {}
    for page in imports:
        for fixture in page.fixtures:
            owners.setdefault(_example_name(fixture), []).append(page.page)
    for page in imports:
        for fixture in page.fixtures:
            others = sorted(set(owners[_example_name(fixture)]) - {page.page})
            if others:
                message = f"example name {_example_name(fixture)!r} is also used by "
                message += ", ".join(others)
                line = int(fixture.source.get("request_line", 0))
                page.findings.append(Finding(page.page, line, "duplicate-name", message, False))
    return imports


def _example_name(fixture: Fixture) -> str:
    annotation: dict[str, Any] = fixture.source.get("request_annotation", {})
    return str(annotation.get("name") or "example")
