"""``mockgraph import-docs`` and ``mockgraph check``: output, JUnit XML, exit codes, and a real
``mockgraph check --base-url`` process against a running server."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mockgraph.cli import main
from mockgraph.core.fixture import load, load_dirs, packaged_fixtures, save
from mockgraph.serving.server import MockGraphServer
from tests.support import docs_pages as docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = packaged_fixtures()


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output.splitlines()


def test_check_replays_the_packaged_fixtures_in_process(tmp_path: Path) -> None:
    code, lines = run("check", "--junit", str(tmp_path / "report.xml"))
    assert code == 0
    assert lines == [f"PASS {f.name}" for f in FIXTURES] + [f"{len(FIXTURES)} passed, 0 failed"]
    suite = ET.parse(tmp_path / "report.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == (str(len(FIXTURES)), "0")
    assert [case.get("name") for case in suite.iter("testcase")] == [f.name for f in FIXTURES]


def test_check_fails_with_a_diff_and_exit_1(tmp_path: Path) -> None:
    good = FIXTURES[0]
    documented = dict(good.response.body, tenantId="another tenant")
    bad = dataclasses.replace(
        good, name="a-failing-one", response=dataclasses.replace(good.response, body=documented)
    )
    save(good, tmp_path)
    save(bad, tmp_path)
    code, lines = run("check", "--fixtures", str(tmp_path), "--junit", str(tmp_path / "r.xml"))
    assert code == 1
    assert lines == [
        f"PASS {good.name}",
        "FAIL a-failing-one",
        '    body.tenantId: expected "another tenant", got "Tenant Id value"',
        "1 passed, 1 failed",
    ]
    [failure] = ET.parse(tmp_path / "r.xml").getroot().iter("failure")
    assert (
        failure.get("message") == 'body.tenantId: expected "another tenant", got "Tenant Id value"'
    )


def test_check_selects_fixtures_by_name() -> None:
    code, lines = run("check", "-k", "-delete.")
    assert code == 0
    assert lines[-1] == "2 passed, 0 failed"


def test_check_rejects_a_directory_without_fixtures(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"format": "something-else/9"}')
    code, lines = run("check", "--fixtures", str(tmp_path))
    assert code == 1
    expected = 'format: expected "mockgraph-fixture/1", got "something-else/9"'
    assert lines[-1] == f"Error: {tmp_path / 'x.json'}: {expected}"


def test_check_takes_fixture_files_as_well_as_folders(tmp_path: Path) -> None:
    one, two, three = FIXTURES[:3]
    file = save(one, tmp_path / "a")
    save(two, tmp_path / "b")
    save(three, tmp_path / "b")
    code, lines = run("check", "--fixtures", str(file), "--fixtures", str(tmp_path / "b"))
    assert code == 0, lines
    names = sorted(fixture.name for fixture in (one, two, three))
    assert lines == [f"PASS {name}" for name in names] + ["3 passed, 0 failed"]


def test_check_names_the_file_the_field_and_what_was_expected(tmp_path: Path) -> None:
    data = FIXTURES[0].to_json()
    data["response"]["status"] = "abc"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["check", "--fixtures", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'Error: {path}: response.status: expected an integer from 100 to 599, got "abc"'
    ]


def test_check_says_once_that_nothing_is_listening(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKGRAPH_TOKEN", "any-token")
    with MockGraphServer() as stopped:
        base_url = stopped.base_url
    result = CliRunner().invoke(main, ["check", "--base-url", base_url])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: nothing is listening at {base_url}"]


def test_check_over_http_in_a_separate_process(tmp_path: Path) -> None:
    env = {**os.environ, "MOCKGRAPH_TOKEN": "ci-token", "PYTHONPATH": str(ROOT)}
    with MockGraphServer() as server:
        done = subprocess.run(
            [sys.executable, "-m", "mockgraph", "check", "--base-url", server.base_url,
             "--junit", str(tmp_path / "report.xml")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == f"{len(FIXTURES)} passed, 0 failed"
    assert (tmp_path / "report.xml").read_bytes().startswith(b"<?xml")


def test_check_without_the_token_variable_says_so(tmp_path: Path) -> None:
    with MockGraphServer() as server:
        result = CliRunner().invoke(
            main,
            [
                "check",
                "--base-url",
                server.base_url,
                "--token-env",
                "NO_SUCH_VARIABLE",
                "-k",
                "-get.",
            ],
        )
    assert result.exit_code == 1
    # Once, up front (stderr), and saying what to do; then the fixtures fail with their 401s.
    assert result.stderr.splitlines() == [
        "warning: $NO_SUCH_VARIABLE is not set: requests go without a bearer token, and a "
        "service that needs one answers 401 to every fixture. Set NO_SUCH_VARIABLE to the token "
        "(any string will do for a mockgraph serve), or name another variable with --token-env."
    ]
    assert result.output.splitlines()[0].startswith("warning: $NO_SUCH_VARIABLE is not set")
    assert "setup: POST /dataClassification/classifyFileJobs answered 401: " in result.stdout


def test_check_with_the_token_variable_set_says_nothing_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MOCKGRAPH_TOKEN", "any-token")
    with MockGraphServer() as server:
        result = CliRunner().invoke(main, ["check", "--base-url", server.base_url, "-k", "-get."])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_import_docs_writes_fixtures_and_prints_lint_lines(tmp_path: Path) -> None:
    page = tmp_path / "evaluatelabeljobresponse-get.md"
    page.write_text(docs.example_page("evaluateLabelJobResponse", "get"))
    out = tmp_path / "out"
    code, lines = run("import-docs", str(page), "--out", str(out))
    assert code == 0
    assert lines[0].startswith("evaluatelabeljobresponse-get.md:")
    assert (
        "service-root: version segment 'localtest' replaced by the service root (repaired)"
        in lines[0]
    )
    assert lines[-1].startswith(f"1 fixtures from 1 pages written to {out}; ")
    [fixture] = load_dirs([out])
    assert fixture.name == "evaluatelabeljobresponse-get.get_evaluatelabeljobresponse"
    assert load(out / f"{fixture.name}.json") == fixture


def test_import_docs_clean_removes_stale_fixtures(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(docs.example_page("jobResponseBase", "delete"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "p.renamed_example.json").write_text("{}")
    assert run("import-docs", str(page), "--out", str(tmp_path / "out"), "--clean")[0] == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p.delete_jobresponsebase.json"]


def test_import_docs_reports_a_page_without_examples_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(docs.example_page("jobResponseBase", "get"))
    bad = tmp_path / "resource.md"
    bad.write_text("# jobResponseBase resource type\n\nNo examples here.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import-docs", str(bad), str(good), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: cannot import: resource.md: no annotated request/response example pair on the page"
    ]
    assert result.stdout.splitlines()[-1] == (
        f"1 fixtures from 1 pages written to {out}; 4 findings; 1 pages not imported"
    )
    assert [f.name for f in load_dirs([out])] == ["good.get_jobresponsebase"]


def test_import_docs_clean_keeps_the_fixtures_when_a_page_could_not_be_imported(
    tmp_path: Path,
) -> None:
    (tmp_path / "bad.md").write_text("# no examples\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "bad.get_it.json").write_text("{}")  # perhaps the bad page's, once
    out = str(tmp_path / "out")
    code, lines = run("import-docs", str(tmp_path / "bad.md"), "--out", out, "--clean")
    assert code == 1
    assert lines[-1].endswith("; 1 pages not imported, so --clean removed nothing")
    assert (tmp_path / "out" / "bad.get_it.json").exists()


def test_import_docs_declines_a_page_in_one_line_and_exits_0(tmp_path: Path) -> None:
    action = tmp_path / "exactmatchsession-commit.md"
    url = "/dataClassification/exactMatchDataStores/{exactMatchDataStoreId}/sessions/{sid}/commit"
    action.write_text(docs.page(docs.pair(f"POST {url}", None, "HTTP/1.1 204 No Content", None)))
    good = tmp_path / "good.md"
    good.write_text(docs.example_page("jobResponseBase", "delete"))
    out = tmp_path / "out"
    code, lines = run("import-docs", str(action), str(good), "--out", str(out))
    assert code == 0
    assert (
        f"exactmatchsession-commit.md: declined: POST {url} is an action; its documented example "
        "is a stub (placeholder parameters), not a fixture"
    ) in lines
    assert lines[-1].startswith(f"1 fixtures from 1 pages written to {out}; ")
    assert lines[-1].endswith("; 1 pages declined")
    assert [f.name for f in load_dirs([out])] == ["good.delete_jobresponsebase"]
