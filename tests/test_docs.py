"""The docs cannot drift: their shell blocks run, their Python examples are files of examples/,
and their reference lists match the code. The convention is in docs/contributing.md."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mockgraph.cli import serve
from mockgraph.config import DEFAULTS
from mockgraph.core import errors
from mockgraph.features import faults
from tests.support import docs_blocks
from tests.support.docs_blocks import ROOT, Block, all_blocks

BLOCKS = all_blocks()
RUNNABLE_PAGES = sorted({b.page for b in BLOCKS if b.action in ("run", "serve")})
README_PYTHON = [b for b in BLOCKS if b.page.name == "README.md" and b.language == "python"]
# A whole file of examples/, or a named section (--8<-- [start:name]) of one or of a test file.
_SNIPPET = re.compile(r'^--8<-- "((?:examples|tests)/[^":]+\.py)(?::([\w-]+))?"\n$')


def _text(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_every_shell_block_says_how_it_is_tested() -> None:
    unmarked = [b.where for b in BLOCKS if b.language in docs_blocks.SHELL and b.action is None]
    assert unmarked == [], "add <!-- docs-test: run|serve|skip (why) --> before these blocks"
    misplaced = [
        b.where
        for b in BLOCKS
        if b.action in ("run", "serve", "skip") and b.language not in docs_blocks.SHELL
    ]
    assert misplaced == [], "docs-test markers go on shell blocks"
    # An output block is what the shell block right above it prints, which must be run.
    shown = {id(b.output) for b in BLOCKS if b.output and b.action in ("run", "serve")}
    orphans = [b.where for b in BLOCKS if b.action == "output" and id(b) not in shown]
    assert orphans == [], "<!-- docs-test: output --> follows a run or serve block"
    reasonless = [
        b.where
        for b in BLOCKS
        if b.action == "skip" and not (b.note.startswith("(") and b.note.endswith(")"))
    ]
    assert reasonless == [], "a skipped block says why: <!-- docs-test: skip (why) -->"


def test_the_docs_python_blocks_embed_files_of_examples() -> None:
    for block in BLOCKS:
        if block.language != "python" or block.page.name == "README.md":
            continue
        embedded = _SNIPPET.match(block.text)
        assert embedded, f'{block.where}: a python block is only --8<-- "examples/..."'
        path, section = ROOT / embedded.group(1), embedded.group(2)
        assert path.is_file(), f"{block.where}: no {embedded.group(1)}"
        if section is None:
            assert embedded.group(1).startswith("examples/"), f"{block.where}: a test file whole"
        else:
            assert f"--8<-- [start:{section}]" in path.read_text(), f"{block.where}: {section}?"


def test_the_readme_python_blocks_are_excerpts_of_examples() -> None:
    examples = [p.read_text() for p in (ROOT / "examples").rglob("*.py")]
    for block in BLOCKS:
        if block.language == "python" and block.page.name == "README.md":
            assert any(block.text in text for text in examples), f"{block.where}: not in examples/"


@pytest.mark.parametrize("block", README_PYTHON, ids=[b.where for b in README_PYTHON])
def test_the_readme_python_blocks_run_as_pasted(block: Block, tmp_path: Path) -> None:
    """Each block, pasted into a file of its own, runs: with pytest if it holds tests."""
    tests = re.search(r"^def test_", block.text, re.MULTILINE) is not None
    pasted = tmp_path / (f"test_readme_{block.line}.py" if tests else f"readme_{block.line}.py")
    pasted.write_text(block.text)
    command = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"] if tests else []
    done = subprocess.run(
        [sys.executable, *command, pasted.name],
        cwd=tmp_path,
        env=docs_blocks.environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"{block.where}:\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("page", RUNNABLE_PAGES, ids=[p.name for p in RUNNABLE_PAGES])
def test_the_shell_blocks_run(page: Path, tmp_path: Path) -> None:
    """Top to bottom: a serve block's server answers the run blocks below it (a fresh
    ``mockgraph serve`` those above every serve block); each prints what the page shows."""
    cwd = docs_blocks.workdir(tmp_path / "cwd")
    for serve_block, runs in docs_blocks.servers([b for b in BLOCKS if b.page == page]):
        command = docs_blocks.DEFAULT_SERVER if serve_block is None else _one_command(serve_block)
        with docs_blocks.serving(command, cwd) as served:
            assert served.url.startswith("http://127.0.0.1:"), command
            for block in runs:
                ran = docs_blocks.run_block(block, served, cwd, tmp_path / f"headers{block.line}")
                if "statuses" in block.options:
                    expected = [int(s) for s in block.options["statuses"].split(",")]
                    assert ran.statuses == expected, block.where
                else:
                    assert all(200 <= s < 300 for s in ran.statuses), f"{block.where}: {ran}"
                if block.output is not None:
                    shown = docs_blocks.shown_in(block.output.text, ran.output)
                    printed = "\n".join(ran.output)
                    assert shown, f"{block.output.where}: {block.where} printed\n{printed}"
        if serve_block is not None and serve_block.output is not None:  # its banner, whole
            shown = docs_blocks.shown_whole(serve_block.output.text, served.banner)
            printed = "\n".join(served.banner)
            assert shown, f"{serve_block.output.where}: {command!r} printed\n{printed}"


def _one_command(block: Block) -> str:
    (command,) = [line for line in block.text.splitlines() if line.strip()]
    return command


def test_the_readme_test_command_is_what_ci_runs() -> None:
    readme = [b for b in BLOCKS if b.page.name == "README.md" and b.language == "sh"]
    (command,) = [b.text.strip() for b in readme if b.text.strip().endswith(".venv/bin/pytest")]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert f"{command} || exit $?" in ci


def _graph_errors() -> set[type[errors.GraphError]]:
    classes, pending = set(), [errors.GraphError]
    while pending:
        cls = pending.pop()
        classes.add(cls)
        pending += cls.__subclasses__()
    return classes


def test_every_error_code_the_mock_answers_is_documented() -> None:
    classes = _graph_errors()
    # Every Graph error has one home: a new exception elsewhere would be missed by this list.
    assert {cls.__module__ for cls in classes} == {"mockgraph.core.errors"}
    assert errors.LifecycleError in classes and errors.StoppingError in classes
    # Codes given where an error is made (GraphError(..., code="FailedDependency")) too.
    given = {
        code
        for source in (ROOT / "mockgraph").rglob("*.py")
        for code in re.findall(r'\bcode="(\w+)"', source.read_text())
    }
    codes = {cls.code for cls in classes} | set(faults._CODES.values()) | given
    documented = set(re.findall(r"^## (\w+)$", _text("errors.md"), re.MULTILINE))
    assert documented == codes


def test_the_status_table_lists_every_code_with_its_status() -> None:
    page = _text("errors.md")
    # Each section opens with its status: "## conflict", a blank line, then "409. ...".
    sections = {(int(s), c) for c, s in re.findall(r"^## (\w+)\n\n(\d{3})\. ", page, re.M)}
    answered = {(cls.status, cls.code) for cls in _graph_errors()} | set(faults._CODES.items())
    assert answered - sections == set(), "a section for each, opening with its status"
    table = {(int(s), c) for s, c in re.findall(r"^\| (\d{3}) \| \[`(\w+)`\]", page, re.M)}
    assert table == sections


def test_every_error_example_body_has_its_sections_code() -> None:
    sections = re.split(r"^## ", _text("errors.md"), flags=re.MULTILINE)[1:]
    for section in sections:
        code = section.split("\n", 1)[0]
        (example,) = re.findall(r"```json\n(.*?)```", section, re.DOTALL)
        assert f'"code": "{code}"' in example.split('"details"')[0], code


def test_every_serve_option_and_setting_is_in_the_configuration_page() -> None:
    page = _text("configuration.md")
    options = [opt for param in serve.params for opt in param.opts if opt != "--help"]
    assert [o for o in options if f"`{o}" not in page] == []
    assert [name for name in DEFAULTS if f"`{name}`" not in page] == []


def test_the_custom_config_example_runs_as_a_project_of_its_own(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "examples" / "custom_config", project)
    (project / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_every_extra_the_docs_name_is_one_of_setup_cfg() -> None:
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    extras = set(setup["options.extras_require"])
    named = {
        extra
        for page in docs_blocks.PAGES
        for extra in re.findall(r"mockgraph\[(\w+)\]", page.read_text(encoding="utf-8"))
    }
    assert named - extras == set()
