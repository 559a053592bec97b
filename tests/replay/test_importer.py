"""Reading docs pages (annotations, http blocks), the importer's refusals and declines (one
line each, never stopping the other pages), and its lint lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockgraph.replay import markdown as md
from mockgraph.replay.importer import Finding, import_pages, import_text
from mockgraph.replay.markdown import DeclinedError, DocsError
from tests.support import docs_pages as docs


def test_annotated_blocks_keep_their_annotation_language_and_line() -> None:
    text = (
        '# t\n\n<!-- {\n  "blockType": "request",\n  "name": "n"\n} -->\n\n```http\nGET /x\n```\n'
    )
    [block] = md.annotated_blocks(text)
    assert block.annotation == {"blockType": "request", "name": "n"}
    assert (block.language, block.text, block.line) == ("http", "GET /x", 9)


def test_an_annotation_without_a_block_is_not_an_example() -> None:
    assert md.annotated_blocks('<!-- {"blockType": "request"} -->\n## Heading\n') == []


def test_http_messages_split_into_start_headers_and_body() -> None:
    block = md.Block(
        {}, "http", 'HTTP/1.1 201 Created\nContent-Type: application/json\n{\n  "a": 1\n}', 5
    )
    message = md.parse_http(block)
    assert md.status_line(message) == 201
    assert message.header("content-type") == "application/json"
    assert md.json_body(message) == {"a": 1}
    request = md.parse_http(md.Block({}, "http", "PATCH https://h/beta/x HTTP/1.1", 1))
    assert md.request_line(request) == ("PATCH", "https://h/beta/x")


def one_pair(request_line: str, status_line: str = "HTTP/1.1 200 OK", **options: Any) -> str:
    return docs.page(docs.pair(request_line, None, status_line, None, **options))


def block(annotation: str, fence: str, content: str, close: bool = True) -> str:
    return f"<!-- {annotation} -->\n```{fence}\n{content}\n" + ("```\n" if close else "")


REQUEST, RESPONSE = '{"blockType": "request"}', '{"blockType": "response"}'
JOBS = "/dataClassification/jobs"
BROKEN = {
    "annotation-not-json": (
        block("{blockType: request}", "http", "GET /x"),
        "line 1: the annotation is not JSON",
    ),
    "unclosed-block": (
        block(REQUEST, "http", "GET /x", close=False),
        "line 2: the ``` block is never closed",
    ),
    "request-alone": (block(REQUEST, "http", f"GET {JOBS}"), "a request without a response"),
    "response-alone": (
        block(RESPONSE, "http", "HTTP/1.1 204 No Content"),
        "line 3: a response without a request",
    ),
    "json-block": (block(REQUEST, "json", "{}"), "a request block must be ```http"),
    "no-examples": ("# A resource page\n", "no annotated request/response example pair"),
    "bad-status": (one_pair(f"GET {JOBS}", "200 OK"), "not an HTTP status line: '200 OK'"),
    "bad-request-line": (one_pair(JOBS), "not an HTTP request line"),
    "body-not-json": (
        one_pair(f"POST {JOBS}", "HTTP/1.1 201 Created", request_text='{"a": ...}'),
        "the body is not JSON",
    ),
}
ACTION = "is an action; its documented example is a stub (placeholder parameters), not a fixture"
STORE = "/dataClassification/exactMatchDataStores/{exactMatchDataStoreId}"
LABEL = "/dataClassification/sensitivityLabels/{sensitivityLabelId}"
# A page the mock does not serve: DeclinedError, the reason in one line.
DECLINED = {
    "other-api": (
        one_pair("GET https://graph.microsoft.com/beta/me/messages"),
        "GET /me/messages is not under /dataClassification, the one API the mock serves",
    ),
    "other-api-of-a-served-set": (
        one_pair(
            "GET https://graph.microsoft.com/beta/users/{u}/informationProtection/sensitivityLabels"
        ),
        "(the service has sensitivityLabels at /dataClassification/sensitivityLabels)",
    ),
    "no-such-collection": (
        one_pair("GET /dataClassification/classifyFile"),
        "GET /dataClassification/classifyFile: dataClassification has no collection "
        "'classifyFile' (the nearest it has is classifyFileJobs)",
    ),
    "no-such-navigation": (
        one_pair(f"GET {STORE}/rows"),
        f"GET {STORE}/rows: exactMatchDataStore has no navigation property 'rows' "
        "(it has sessions)",
    ),
    "action-of-the-singleton": (
        one_pair("POST /dataClassification/classifyExactMatches"),
        f"POST /dataClassification/classifyExactMatches {ACTION}",
    ),
    "action-of-a-collection": (
        one_pair("POST /dataClassification/sensitivityLabels/evaluate"),
        f"POST /dataClassification/sensitivityLabels/evaluate {ACTION}",
    ),
    "action-of-an-item": (one_pair(f"POST {STORE}/lookup"), f"POST {STORE}/lookup {ACTION}"),
    "create-of-a-single-valued": (
        one_pair(f"POST {STORE}/sessions/{{s}}/uploadAgent", "HTTP/1.1 201 Created"),
        "the service answers only GET, PATCH, DELETE here (uploadAgent is single-valued: a PATCH "
        "creates it when it has none)",
    ),
    "update-of-read-only": (
        one_pair(f"PATCH {LABEL}/rights"),
        f"PATCH {LABEL}/rights: the service answers only GET here",
    ),
    "read-only-set-up": (
        one_pair(f"GET {LABEL}/rights"),
        f"GET {LABEL}/rights: a replay cannot set up sensitivityLabels/rights, which the service "
        "does not let a client create",
    ),
    "put": (
        one_pair(f"PUT {JOBS}/{{id}}"),
        f"PUT {JOBS}/{{id}}: the service answers only GET, PATCH, DELETE here",
    ),
    "delete-of-the-singleton": (
        one_pair("DELETE /dataClassification", "HTTP/1.1 204 No Content"),
        "DELETE /dataClassification: the dataClassification singleton is read (GET) and updated "
        "(PATCH) only",
    ),
    "after-count": (
        one_pair(f"GET {JOBS}/$count/x"),
        "GET /dataClassification/jobs/$count/x: nothing follows $count",
    ),  # fmt: skip
    "uri-of-a-complex-type": (
        one_pair(f"GET {docs.entity_url('classificationError')}"),
        "no collection of the service holds microsoft.graph.classificationError",
    ),
}


@pytest.mark.parametrize(("text", "message"), DECLINED.values(), ids=DECLINED.keys())
def test_a_page_for_what_the_mock_does_not_serve_is_declined_with_the_reason(
    text: str, message: str
) -> None:
    with pytest.raises(DeclinedError) as declined:
        import_text(text, "page.md", "page")
    assert message in str(declined.value)
    assert "\n" not in str(declined.value)


@pytest.mark.parametrize(("text", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_a_page_that_cannot_become_fixtures_is_refused_with_the_reason(
    text: str, message: str
) -> None:
    with pytest.raises(DocsError) as refused:
        import_text(text, "page.md", "page")
    assert message in str(refused.value)
    assert not isinstance(refused.value, DeclinedError)


def test_a_declined_or_broken_page_does_not_stop_the_others(tmp_path: Path) -> None:
    pages = {
        "good.md": docs.example_page("jobResponseBase", "get"),
        "action.md": one_pair("POST /dataClassification/classifyExactMatches"),
        "broken.md": BROKEN["request-alone"][0],
        "later.md": docs.page(
            docs.pair(
                "GET /dataClassification/sensitiveTypes", None, "HTTP/1.1 200 OK", {"value": []}
            )
        ),
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text)
    imported = import_pages([tmp_path / name for name in pages])
    outcomes = [(p.page, len(p.fixtures), p.declined is not None, p.error) for p in imported]
    assert outcomes == [
        ("good.md", 1, False, None),
        ("action.md", 0, True, None),
        ("broken.md", 0, False, "line 3: a request without a response"),
        ("later.md", 1, False, None),
    ]


def test_a_page_whose_file_name_an_earlier_page_has_is_named_after_its_path(
    tmp_path: Path,
) -> None:
    for folder in ("jobs", "service"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x-get.md").write_text(docs.example_page("jobResponseBase", "get"))
    first, second = import_pages(
        [tmp_path / "jobs" / "x-get.md", tmp_path / "service" / "x-get.md"]
    )
    assert [f.name for f in first.fixtures] == ["x-get.get_jobresponsebase"]
    assert [f.name for f in second.fixtures] == ["service.x-get.get_jobresponsebase"]
    assert (
        "duplicate-name: another page is named 'x-get': its fixtures are named 'service.x-get'.*"
        in str(second.findings[0])
    )


def test_two_examples_with_one_name_on_a_page_get_distinct_fixtures() -> None:
    get = docs.pair(
        "GET /dataClassification/jobs", None, "HTTP/1.1 200 OK", {"value": []}, name="x"
    )
    result = import_text(docs.page(get, get), "p.md", "p")
    assert [f.name for f in result.fixtures] == ["p.x", "p.x-2"]
    assert [f.rule for f in result.findings] == ["duplicate-name"]


def test_example_names_shared_between_pages_are_reported(tmp_path: Path) -> None:
    for stem in ("a", "b"):
        get = docs.pair(
            "GET /dataClassification/jobs", None, "HTTP/1.1 200 OK", {"value": []}, name="same"
        )
        (tmp_path / f"{stem}.md").write_text(docs.page(get))
    pages = import_pages([tmp_path / "a.md", tmp_path / "b.md"])
    assert [str(f) for p in pages for f in p.findings] == [
        "a.md:19: duplicate-name: example name 'same' is also used by b.md (reported)",
        "b.md:19: duplicate-name: example name 'same' is also used by a.md (reported)",
    ]


def test_a_finding_reads_like_a_compiler_message() -> None:
    finding = Finding("api/x.md", 12, "unwrap-value", "wrapped", True)
    assert str(finding) == "api/x.md:12: unwrap-value: wrapped (repaired)"


def test_the_documented_pages_defects_are_all_found() -> None:
    found = {f.rule for page in import_pages(docs.documented_pages()) for f in page.findings}
    assert found == {
        "service-root", "entity-uri", "collection-uri", "id-placeholder", "unwrap-value",
        "create-ref", "odata-type", "timestamps-order", "annotation-type", "duplicate-name",
    }  # fmt: skip
