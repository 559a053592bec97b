"""The fixture format and the committed fixtures/: generated from the docs pages in
fixtures/pages/ (the jobs' and the whole service's), never hand-edited, shipped with the
package."""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

import pytest

from mockgraph.core import fixture as fixture_module
from mockgraph.core.fixture import (
    FORMAT,
    Fixture,
    FixtureError,
    dumps,
    load,
    load_dirs,
    packaged_dir,
    packaged_fixtures,
)
from mockgraph.replay.importer import import_pages
from tests.support.docs_pages import documented_pages

ROOT = Path(__file__).resolve().parents[2]
SERVICE_PAGES = ROOT / "fixtures" / "pages" / "graph-docs" / "service" / "api"
# The job pages (tests/support/docs_pages.py), then the whole service's: the order of the
# regeneration command, which decides which of two pages of one file name keeps its name.
PAGES = documented_pages() + sorted(SERVICE_PAGES.glob("*.md"))
REGENERATE = (
    "mockgraph import-docs fixtures/pages/seeds/*.txt fixtures/pages/graph-docs/api/*.md "
    "fixtures/pages/graph-docs/service/api/*.md --out fixtures --clean"
)


def test_committed_fixtures_are_exactly_what_the_importer_makes_of_the_pages() -> None:
    imports = import_pages(PAGES)
    assert [page.page for page in imports if page.error] == []
    expected = {
        f"{fixture.name}.json": dumps(fixture) for page in imports for fixture in page.fixtures
    }
    committed = {path.name: path.read_text() for path in (ROOT / "fixtures").glob("*.json")}
    assert sorted(committed) == sorted(expected), (
        f"fixtures/ is out of date; regenerate it with: {REGENERATE}"
    )
    drifted = [name for name in expected if committed[name] != expected[name]]
    assert drifted == [], f"hand-edited or stale; regenerate it with: {REGENERATE}"


def test_every_documented_example_pair_has_a_fixture_or_its_page_is_declined() -> None:
    imports = import_pages(PAGES)
    pairs = sum(page.read_text().count('"blockType": "request"') for page in PAGES)
    declined = [page for page in imports if page.declined]
    assert len(packaged_fixtures()) == pairs - len(declined) == 16 + 54
    assert len(declined) == 19  # which, and why: tests/replay/test_service_pages.py


def test_the_regeneration_command_is_the_one_the_docs_give() -> None:
    assert REGENERATE in (ROOT / "docs" / "fixtures.md").read_text()


def test_packaged_fixtures_are_found_in_a_checkout() -> None:
    assert packaged_dir() == ROOT / "fixtures"
    assert [f.name for f in packaged_fixtures()] == sorted(
        p.stem for p in (ROOT / "fixtures").glob("*.json")
    )


def test_packaged_fixtures_are_found_in_an_installed_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A wheel puts fixtures/ inside the package (setup.cfg package_dir); mimic that layout.
    package = tmp_path / "site-packages" / "mockgraph"
    (package / "fixtures").mkdir(parents=True)
    source = sorted((ROOT / "fixtures").glob("*.json"))[0]
    (package / "fixtures" / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(fixture_module.resources, "files", lambda name: package)
    assert packaged_dir() == package / "fixtures"
    assert [f.name for f in packaged_fixtures()] == [source.stem]


def test_setup_cfg_ships_the_fixtures_and_every_subpackage() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    subpackages = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in ROOT.glob("mockgraph/**/__init__.py")
    }
    missing = subpackages - listed
    assert not missing, f"add {sorted(missing)} to [options] packages in setup.cfg"
    assert "mockgraph.fixtures" in listed
    assert config["options"]["package_dir"].split() == ["mockgraph.fixtures", "=", "fixtures"]
    assert config["options.package_data"]["mockgraph.fixtures"].strip() == "*.json"


def test_a_fixture_round_trips_through_its_file(tmp_path: Path) -> None:
    for original in packaged_fixtures():
        path = tmp_path / "f.json"
        path.write_text(dumps(original))
        assert load(path) == original
        assert json.loads(dumps(original))["format"] == FORMAT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ("[]", "not a mockgraph-fixture/1 fixture (format: 'list')"),
        ('{"format": "mockgraph-fixture/2"}', "(format: 'mockgraph-fixture/2')"),
        ('{"format": "mockgraph-fixture/1", "name": "x"}', "a bad field: 'response'"),
    ],
    ids=["not-json", "not-object", "newer-format", "missing-field"],
)
def test_a_bad_fixture_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.json").write_text(text)
    with pytest.raises(FixtureError, match=re.escape(message)):
        load_dirs([tmp_path])


def test_two_fixtures_with_one_name_are_refused(tmp_path: Path) -> None:
    fixture: Fixture = packaged_fixtures()[0]
    for directory in ("a", "b"):
        (tmp_path / directory).mkdir()
        (tmp_path / directory / "f.json").write_text(dumps(fixture))
    with pytest.raises(FixtureError, match="a second fixture named"):
        load_dirs([tmp_path / "a", tmp_path / "b"])
