"""Fuzzing the docs importer with hypothesis: malformed pages give fixtures or a DocsError.

Pages are arbitrary text, the synthetic pages of ``tests/support/docs_pages.py`` with random edits,
and examples assembled from random request lines, status lines, annotations and bodies. The
importer must either return fixtures, each of which saves to a file inside the directory it is
given and reads back equal, or raise its own ``DocsError`` (``DeclinedError`` for a page of what
the mock does not serve); nothing else.
"""

from __future__ import annotations

import json

from hypothesis import event, given, note
from hypothesis import strategies as st

from mockgraph.core.fixture import Fixture, dumps, save
from mockgraph.core.model.collections import COLLECTIONS, ENTITY_SETS
from mockgraph.core.model.types import TYPES
from mockgraph.replay.importer import import_text
from mockgraph.replay.markdown import DocsError
from tests.support import docs_pages as docs
from tests.support import payloads

_PAGES = st.builds(
    docs.example_page,
    st.sampled_from(payloads.JOB_TYPES),
    st.sampled_from(docs.OPERATIONS),
    st.sampled_from(["beta", "localtest", "v1.0", ""]),
)


@st.composite
def _edited(draw: st.DrawFn, page: str) -> str:
    """``page`` with a few random edits: cut, insert, or duplicate a span."""
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(page)))
        end = draw(st.integers(start, min(len(page), start + 40)))
        edit = draw(st.sampled_from(["cut", "insert", "duplicate"]))
        if edit == "cut":
            page = page[:start] + page[end:]
        elif edit == "insert":
            noise = draw(st.text(max_size=12) | st.sampled_from(["```", "<!--", "-->", "{", "\n"]))
            page = page[:start] + noise + page[start:]
        else:
            page = page[:end] + page[start:end] + page[end:]
    return page


_METHODS = st.sampled_from(["GET", "POST", "PATCH", "DELETE", "PUT", "get", ""])
_URLS = st.one_of(
    st.sampled_from(payloads.JOB_TYPES).map(docs.entity_url),
    st.sampled_from(payloads.JOB_TYPES).map(docs.collection_url),
    st.sampled_from(list(TYPES)).map(docs.entity_url),
    st.sampled_from(list(COLLECTIONS)).map(lambda c: f"{docs.GRAPH}/beta/dataClassification/{c}"),
    st.sampled_from(list(COLLECTIONS)).map(lambda c: f"/dataClassification/{c}/$count"),
    # Every set of the service, contained ones under a parent's id, items by a literal id.
    st.sampled_from(list(ENTITY_SETS)).map(
        lambda p: "/dataClassification/" + "/{x}/".join(p.split("/"))
    ),
    st.sampled_from(list(ENTITY_SETS)).map(
        lambda p: f"/dataClassification/{p.replace('/', '/1/')}/2"
    ),
    st.sampled_from(["/dataClassification", "/users/{u}/informationProtection/sensitivityLabels"]),
    st.sampled_from(["/dataClassification/jobs/{x}/y", "/dataClassification/jobs/../..", "/"]),
    st.text(max_size=30),
)
_STATUS_LINES = st.sampled_from(
    ["HTTP/1.1 200 OK", "HTTP/1.1 201 Created", "HTTP/1.1 204 No Content", "HTTP/2 404", "200"]
) | st.text(max_size=20)
# Lone surrogates: JSON escapes can write them, no UTF-8 file can hold them.
_ODD_TEXT = st.sampled_from(["\ud800", "a\udfffb", "\x00", "\u212a", "\n"])
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | _ODD_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
# A documented job with one property changed to anything.
_CHANGED_JOBS = st.builds(
    lambda job_type, name, value: docs.documented(job_type, **{name: value}),
    st.sampled_from(payloads.JOB_TYPES),
    st.sampled_from(["status", "id", "@odata.type", "error", "creationDateTime", "userId"]),
    _JSON,
)
_BODIES = st.one_of(
    st.none(),
    st.sampled_from(payloads.JOB_TYPES).map(docs.documented),
    _CHANGED_JOBS,
    _CHANGED_JOBS.map(lambda job: {"value": [job]}),
    st.sampled_from(payloads.JOB_TYPES).map(lambda t: {"value": [docs.documented(t)]}),
    st.sampled_from(payloads.JOB_TYPES).map(lambda t: {"value": docs.documented(t)}),
    _JSON,
)
_NAMES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["a/b", "../../x", "..", "/etc/x", "a\\b", ".", "x" * 300]),
    _ODD_TEXT,
)


@st.composite
def _assembled(draw: st.DrawFn) -> str:
    """A page of one to three examples put together from random parts."""
    examples = [
        docs.pair(
            f"{draw(_METHODS)} {draw(_URLS)}",
            draw(_BODIES),
            draw(_STATUS_LINES),
            draw(_BODIES),
            name=draw(_NAMES),
            truncated=draw(st.booleans()),
            response_type=draw(st.none() | st.sampled_from(["#microsoft.graph.jobResponseBase"])),
            request_text=draw(st.none() | st.text(max_size=20)),
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    return docs.page(*examples, reference=draw(st.sampled_from(["", "POST /x/$ref"])))


_TEXTS = st.one_of(st.text(), _PAGES.flatmap(_edited), _assembled())


@given(text=_TEXTS, stem=st.sampled_from(["page", "create-job", "x"]))
def test_any_page_gives_fixtures_or_a_docs_error(tmp_path_factory, text: str, stem: str) -> None:
    # Schemathesis blanks Hypothesis's report of the failing example: say it here instead.
    note(f"stem={stem!r} page:\n{text}")
    try:
        imported = import_text(text, "page.md", stem)
    except DocsError as error:
        assert str(error)
        event("a DocsError")
        return
    event(f"{len(imported.fixtures)} fixtures")
    out = tmp_path_factory.mktemp("fixtures")
    for fixture in imported.fixtures:
        path = save(fixture, out)
        assert path.parent == out, path  # a fixture's file never lands outside --out
        assert Fixture.from_json(json.loads(path.read_text(encoding="utf-8"))) == fixture
        assert path.read_text(encoding="utf-8") == dumps(fixture)
    assert all(isinstance(finding.line, int) for finding in imported.findings)


def test_a_documented_page_still_imports() -> None:
    # The fuzzing above is only worth something if whole pages get through: one does.
    imported = import_text(docs.example_page("classificationJobResponse", "get"), "p.md", "p")
    assert [fixture.name for fixture in imported.fixtures] == ["p.get_classificationjobresponse"]
