"""Dependencies point one way: the core knows nothing of Flask, the routes, the server or replay.

Read from the source (``ast``), so a new import that breaks the layering fails here, not later
as a cycle; and every import is at module level, none hidden in a function to dodge one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mockgraph"
MODULES = sorted(PACKAGE.rglob("*.py"))

# Modules below the web layer: no Flask, werkzeug, routes, app, server, test helpers or replay.
CORE = (
    "config", "paths", "version", "errors", "envelope", "persistence", "model", "schemas",
    "odata", "odata_filter", "auth", "journal", "store", "faults", "fixture", "lifecycle",
    "documented", "seeding", "openapi", "batching", "clock",
)  # fmt: skip
WEB = ("flask", "werkzeug", "mockgraph.api", "mockgraph.app", "mockgraph.server")
ABOVE = ("mockgraph.testing", "mockgraph.replay", "mockgraph.cli", "mockgraph.pytest_plugin")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module imported, at module level?) for every import in ``tree``."""
    found: list[tuple[str, bool]] = []
    top = {id(node) for node in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, id(node) in top))
    return found


def _is_under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_imports_point_one_way_and_sit_at_module_level(path: Path) -> None:
    name = _name(path)
    imports = _imports(ast.parse(path.read_text(encoding="utf-8")))
    hidden = [module for module, top in imports if not top and module != "__future__"]
    assert hidden == [], f"{name} imports inside a function or a block: {hidden}"
    if _is_under(name, tuple(f"mockgraph.{core}" for core in CORE)):
        upward = [m for m, _ in imports if _is_under(m, WEB + ABOVE) or m == "mockgraph"]
        assert upward == [], f"{name} (core) imports upward: {upward}"
    if not _is_under(name, ("mockgraph.cli", "mockgraph.__main__")):
        assert not any(
            _is_under(m, ("mockgraph.cli", "mockgraph.pytest_plugin")) for m, _ in imports
        )


def test_the_layers_name_real_modules() -> None:
    names = {_name(path) for path in MODULES}
    for core in CORE:
        assert f"mockgraph.{core}" in names, f"CORE names {core}, which is not a module"
