"""What a user installs: a wheel built from this tree holds every module, every documented
fixture (package data ``mockgraph.fixtures``), the inspector's page and files, ``py.typed`` and
both entry points; and not the docs pages the fixtures are generated from (fixtures/pages/).

setup.cfg lists its packages by hand (the top-level fixtures/ is mapped into the package,
which discovery cannot see), and an editable install would hide a forgotten one: a wheel
does not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("mockgraph", "fixtures", "setup.cfg", "pyproject.toml", "README.md")


def build_wheel(into: Path) -> zipfile.ZipFile:
    tree = into / "tree"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            tree.mkdir(exist_ok=True)
            shutil.copy(source, tree / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(into), str(tree)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = into.glob("mockgraph-*.whl")
    return zipfile.ZipFile(wheel)


def test_the_wheel_holds_every_module_fixture_page_and_entry_point(tmp_path: Path) -> None:
    with build_wheel(tmp_path) as wheel:
        names = set(wheel.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        declared = wheel.read(entry_points).decode()

    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "mockgraph").rglob("*.py")}
    assert modules - names == set()
    fixtures = {f"mockgraph/fixtures/{p.name}" for p in (ROOT / "fixtures").glob("*.json")}
    assert fixtures and fixtures <= names
    # The docs pages the fixtures are generated from stay in the repository, out of the wheel.
    assert [n for n in names if n.startswith("mockgraph/fixtures/pages")] == []
    assert {n for n in names if n.startswith("mockgraph/fixtures/")} == fixtures
    assert "mockgraph/py.typed" in names
    inspector = {p.relative_to(ROOT).as_posix() for p in (ROOT / "mockgraph/http/static").iterdir()}
    assert len(inspector) == 3 and inspector <= names  # index.html, inspector.js, inspector.css
    assert "mockgraph = mockgraph.__main__:main" in declared
    assert "mockgraph = mockgraph.pytest_plugin" in declared
