"""The docs cannot drift: their shell blocks run, their Python examples are files of examples/,
and their reference lists match the code. The convention is in docs/contributing.md."""

from __future__ import annotations

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
RUNNABLE_PAGES = sorted({b.page for b in BLOCKS if b.action == "run"})
SERVE_BLOCKS = [b for b in BLOCKS if b.action == "serve"]
# A whole file of examples/, or a named section (--8<-- [start:name]) of one or of a test file.
_SNIPPET = re.compile(r'^--8<-- "((?:examples|tests)/[^":]+\.py)(?::([\w-]+))?"\n$')


def _text(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_every_shell_block_says_how_it_is_tested() -> None:
    unmarked = [b.where for b in BLOCKS if b.language in docs_blocks.SHELL and b.action is None]
    assert unmarked == [], "add <!-- docs-test: run|serve|skip (why) --> before these blocks"
    misplaced = [b.where for b in BLOCKS if b.action and b.language not in docs_blocks.SHELL]
    assert misplaced == [], "docs-test markers go on shell blocks"
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


@pytest.mark.parametrize("page", RUNNABLE_PAGES, ids=[p.name for p in RUNNABLE_PAGES])
def test_the_runnable_shell_blocks_run(page: Path, tmp_path: Path) -> None:
    cwd = docs_blocks.workdir(tmp_path / "cwd")
    runnable = [b for b in BLOCKS if b.page == page and b.action == "run"]
    with docs_blocks.serving("mockgraph serve", cwd) as served:
        for number, block in enumerate(runnable):
            statuses = docs_blocks.run_block(block, served, cwd, tmp_path / f"headers{number}")
            if "statuses" in block.options:
                expected = [int(s) for s in block.options["statuses"].split(",")]
                assert statuses == expected, block.where
            else:
                assert all(200 <= s < 300 for s in statuses), f"{block.where}: {statuses}"


@pytest.mark.parametrize("block", SERVE_BLOCKS, ids=[b.where for b in SERVE_BLOCKS])
def test_the_serve_blocks_start_and_stop(block: Block, tmp_path: Path) -> None:
    (command,) = [line for line in block.text.splitlines() if line.strip()]
    assert command.startswith("mockgraph serve"), block.where
    with docs_blocks.serving(command, docs_blocks.workdir(tmp_path)) as served:
        assert served.url.startswith("http://127.0.0.1:")


def test_the_readme_test_command_is_what_ci_runs() -> None:
    readme = [b for b in BLOCKS if b.page.name == "README.md" and b.language == "sh"]
    (command,) = [b.text.strip() for b in readme if b.text.strip().endswith(".venv/bin/pytest")]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert f"{command} || exit $?" in ci


def test_every_error_code_the_mock_answers_is_documented() -> None:
    classes, pending = set(), [errors.GraphError]
    while pending:
        cls = pending.pop()
        classes.add(cls)
        pending += cls.__subclasses__()
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
