"""The layout map in docs/contributing.md ("## Layout", a ```text block) matches the tree.

Its format: a line names a folder (``core/``), or modules separated by spaces, indented two
spaces per level below the folder it is in; two spaces or more, then what lives there. A line
indented ``COLUMN`` spaces or more goes on with the line above. Any word ending in ``/`` or
``.py`` is a path, in the folder the line names (for modules: the folder they are in).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "contributing.md"
COLUMN = 20  # where the descriptions start: a line indented this far continues the one above
MAPPED = ("mockgraph", "tests", "bench", "examples")  # every folder holding a .py is in the map
_PATH = re.compile(r"(?<![\w./$-])[\w.]+(?:/[\w.]+)*(?:/|\.py)(?![\w./-])")

Entry = tuple[list[Path], list[Path]]  # what a line names (relative to ROOT), and every path in it


def layout_lines(text: str) -> list[str]:
    """The lines of the ```text block under ## Layout."""
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```text\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)
    assert block, f"{PAGE.name}: no ```text block under ## Layout"
    return block.group(1).splitlines()


def parse(lines: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    folders: list[Path] = []  # folders[n]: the folder a line indented 2 * (n + 1) is in
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip():
            continue
        if indent >= COLUMN:  # the line above goes on
            assert entries, f"a first line goes on with nothing: {line!r}"
            named, paths = entries[-1]
            base = named[0] if named[0].suffix != ".py" else named[0].parent
            paths += [base / word for word in _PATH.findall(line)]
            continue
        assert indent % 2 == 0 and indent // 2 <= len(folders), f"indentation: {line!r}"
        del folders[indent // 2 :]
        head, _, description = line.strip().partition("  ")
        assert all(_PATH.fullmatch(w) for w in head.split()), f"not a folder or module: {line!r}"
        named = [Path(*folders[-1:], word) for word in head.split()]
        folder = head.endswith("/")
        assert len(named) == 1 or all(p.suffix == ".py" for p in named), f"one folder: {line!r}"
        if folder:
            folders.append(named[0])
        base = named[0] if folder else named[0].parent
        entries.append((named, named + [base / word for word in _PATH.findall(description)]))
    return entries


def missing_folders(entries: list[Entry], root: Path = ROOT) -> list[str]:
    """Folders of MAPPED holding a .py file that no line names."""
    named = {path for names, _ in entries for path in names}
    holding = {p.parent.relative_to(root) for top in MAPPED for p in (root / top).rglob("*.py")}
    return sorted(str(folder) + "/" for folder in holding - named)


def absent_paths(entries: list[Entry], root: Path = ROOT) -> list[str]:
    """Paths the map names that are not there: a module (.py) or a folder (ends in /)."""
    paths = [path for _, written in entries for path in written]
    modules = [f"{p}" for p in paths if p.suffix == ".py" and not (root / p).is_file()]
    folders = [f"{p}/" for p in paths if p.suffix != ".py" and not (root / p).is_dir()]
    return modules + folders


ENTRIES = parse(layout_lines(PAGE.read_text(encoding="utf-8")))


def test_every_folder_holding_python_is_in_the_map() -> None:
    assert missing_folders(ENTRIES) == [], "add a line for each to ## Layout in contributing.md"


def test_every_path_the_map_names_exists() -> None:
    assert absent_paths(ENTRIES) == []


def test_the_package_lines_go_bottom_to_top_through_every_layer() -> None:
    """The package's lines are in the order of tests/test_layers.py's LAYERS, each in one."""
    layer_of = {prefix: index for index, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes}
    package = [p for names, _ in ENTRIES for p in names if p.parent == Path("mockgraph")]
    modules = [".".join(p.with_suffix("").parts).removesuffix(".__init__") for p in package]
    order = [layer_of.get(module) for module in modules]
    assert None not in order, f"in no layer of tests/test_layers.py: {modules}"
    assert order == sorted(order), f"not bottom to top: {modules}"
    assert set(order) == set(range(len(LAYERS))), "a layer has no line"


def test_the_checks_fail_on_a_folder_left_out_or_a_path_not_there(tmp_path: Path) -> None:
    lines = layout_lines(PAGE.read_text(encoding="utf-8"))
    without = [line for line in lines if not line.lstrip().startswith("odata/")]
    assert missing_folders(parse(without)) == ["mockgraph/core/odata/"]
    (tmp_path / "mockgraph" / "core" / "newlayer").mkdir(parents=True)
    (tmp_path / "mockgraph" / "core" / "newlayer" / "thing.py").touch()
    assert "mockgraph/core/newlayer/" in missing_folders(ENTRIES, tmp_path)
    wrong = parse(["mockgraph/  the package", "  core/  errors.py, answer.py and query/"])
    assert absent_paths(wrong) == ["mockgraph/core/answer.py", "mockgraph/core/query/"]
