"""No path in a request, a docs page or a fixture reads or writes files beyond what the user
configured, or sends a replay beyond the service root it was given.

What touches files: ``import-docs`` (reads the pages given, writes ``--out``), ``check``
(reads ``--fixtures``, writes ``--junit``), ``--state`` (one log, its lock and its compaction
file, beside it). Nothing else does: the app has no file-serving route.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.cli import main
from mockgraph.core.fixture import Fixture, FixtureError, file_name, save
from mockgraph.http.current import state_of
from mockgraph.replay.importer import import_text
from mockgraph.replay.markdown import DocsError
from tests.support import docs_pages as docs
from tests.support.graph import BASE, error_code, token_for


def files_under(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def a_page(name: str) -> str:
    url = docs.entity_url("classificationJobResponse")
    job = docs.documented("classificationJobResponse")
    return docs.page(docs.pair(f"GET {url}", None, "HTTP/1.1 200 OK", job, name=name))


@pytest.mark.parametrize(
    "name",
    ["/../../escaped", "x/../../../escaped", "..\\..\\escaped", "a\x00b", "x" * 300, "\ud800"],
    ids=["dot-dot", "nested-dot-dot", "backslashes", "nul", "too-long", "lone-surrogate"],
)
def test_import_docs_writes_only_into_out(tmp_path: Path, name: str) -> None:
    # Found by tests/replay/test_fuzz_importer.py: the example name became part of the file's path.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(a_page(name), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    (out / "page.").mkdir(parents=True)  # so that "page./../../escaped" could resolve
    result = CliRunner().invoke(
        main, ["import-docs", str(tmp_path / "docs" / "page.md"), "--out", str(out)]
    )
    # A clean refusal (click's exit), not a crash (which CliRunner would hold as the exception).
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    assert result.output.startswith("Error: cannot import: page.md: line ")
    assert files_under(tmp_path) == {"docs/page.md"}


def test_a_fixture_name_that_is_a_path_cannot_be_saved(tmp_path: Path) -> None:
    fixture = import_text(a_page("fine"), "page.md", "page").fixtures[0]
    for name in ("../escaped", "/abs", "..", "a/b"):
        with pytest.raises(FixtureError, match="cannot name a fixture file"):
            save(Fixture(**{**fixture.__dict__, "name": name}), tmp_path / "out")
    assert file_name("page.fine") == "page.fine.json"
    assert files_under(tmp_path) == set()


def test_a_docs_body_with_a_lone_surrogate_is_a_docs_error() -> None:
    # Found by tests/replay/test_fuzz_importer.py: a "\\ud800" escape imported, then failed to save.
    url = docs.entity_url("classificationJobResponse")
    job = docs.documented("classificationJobResponse", status="\ud800")
    page = docs.page(docs.pair(f"GET {url}", None, "HTTP/1.1 200 OK", job, name="n"))
    with pytest.raises(DocsError, match="lone surrogate"):
        import_text(page, "page.md", "page")


def _fixture_file(directory: Path, **changes: object) -> Path:
    fixture = import_text(a_page("fine"), "page.md", "page").fixtures[0]
    data = {**fixture.to_json(), **changes}
    directory.mkdir(exist_ok=True)
    path = directory / "fixture.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_check_writes_only_the_junit_file_whatever_the_fixtures_are_named(
    tmp_path: Path,
) -> None:
    _fixture_file(tmp_path / "fixtures", name="../../../escaped/x")
    report = tmp_path / "report.xml"
    result = CliRunner().invoke(
        main, ["check", "--fixtures", str(tmp_path / "fixtures"), "--junit", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == {"fixtures/fixture.json", "report.xml"}


@pytest.mark.parametrize(
    "path",
    ["/../../v1.0/me", "/dataClassification/%2e%2e/%2E%2E/me", "/x/./y", "me", "/a\\..\\b"],
    ids=["dot-dot", "encoded-dot-dot", "dot", "relative", "backslashes"],
)
def test_a_fixture_request_cannot_climb_out_of_the_service_root(tmp_path: Path, path: str) -> None:
    fixture = import_text(a_page("fine"), "page.md", "page").fixtures[0]
    request = {**fixture.to_json()["request"], "path": path}
    _fixture_file(tmp_path, request=request)
    result = CliRunner().invoke(main, ["check", "--fixtures", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a path below the service root" in result.output


def test_a_fixture_setup_cannot_climb_out_either(tmp_path: Path) -> None:
    fixture = import_text(a_page("fine"), "page.md", "page").fixtures[0]
    setup = [{**fixture.to_json()["setup"][0], "collection": "../../../v1.0/me"}]
    _fixture_file(tmp_path, setup=setup)
    result = CliRunner().invoke(main, ["check", "--fixtures", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a path below the service root" in result.output


def test_the_app_serves_no_files(app: Flask, client: FlaskClient) -> None:
    # Flask adds /static/<path:filename> unless told not to; the mock has no files to serve.
    assert all(rule.endpoint != "static" for rule in app.url_map.iter_rules())
    for path in (
        "/static/app.py",
        "/static/../setup.cfg",
        f"{BASE}/jobs/..%2f..%2fsetup.cfg",
        f"{BASE}/%2e%2e/%2e%2e/setup.cfg",
        "/beta/dataClassification/jobs/%2e%2e",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert error_code(response) in ("ResourceNotFound", "itemNotFound")
        assert b"[metadata]" not in response.data


def test_seeding_fixtures_by_a_path_reads_no_file(client: FlaskClient, app: Flask) -> None:
    body = {"fixtures": ["../../setup.cfg", "/etc/passwd", "../fixtures/x"]}
    response = client.post("/_mockgraph/seed", json=body)
    assert (response.status_code, error_code(response)) == (400, "BadRequest")
    assert "[metadata]" not in response.get_json()["error"]["message"]
    assert state_of(app).store.export() == {}


def test_a_tenant_named_like_a_path_writes_only_the_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state" / "jobs.jsonl"
    app = create_app({"MOCKGRAPH_STATE_FILE": str(state)})
    try:
        token = token_for("../../../escaped")
        created = app.test_client().post(
            f"{BASE}/jobs", json={"status": "x"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert created.status_code == 201
    finally:
        state_of(app).store.close()
    assert files_under(tmp_path) == {"state/jobs.jsonl", "state/jobs.jsonl.lock"}
