"""Dependencies point one way, and every module sits in a layer: its folder says which.

Read from the source (``ast``), so a new import that breaks the layering fails here, not later
as a cycle; every import is at module level, none hidden in a function to dodge one. Layers are
folder prefixes: a new module is in a layer the moment it is in a folder, and one at the top of
the package must be named here (the public faces), so none can be forgotten.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mockgraph"
MODULES = sorted(PACKAGE.rglob("*.py"))

# Bottom to top: a module may import its own layer and the layers below it, never above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("mockgraph.config", "mockgraph.paths", "mockgraph.version")),
    ("core", ("mockgraph.core",)),
    ("features", ("mockgraph.features",)),
    ("specs", ("mockgraph.specs",)),
    ("http", ("mockgraph.http",)),
    ("serving", ("mockgraph.serving",)),
    ("testing", ("mockgraph.testing",)),
    ("interception", ("mockgraph.interception",)),
    ("replay", ("mockgraph.replay",)),
    ("recording", ("mockgraph.recording",)),
    ("faces", ("mockgraph.cli", "mockgraph.pytest_plugin", "mockgraph.__main__", "mockgraph")),
)
# What the layers above the HTTP layer may use of it: the app factory, the typed state accessor,
# the environ builder, the WSGI call and the server's hook. The rest is the app's own business.
HTTP_PUBLIC = ("app", "current", "environ", "hosting", "wsgi")
# The one import that waits: the command's entry takes Ctrl-C before the command's modules load.
DEFERRED = {("mockgraph.__main__", "mockgraph.cli")}
# Below the HTTP layer nothing sees a request: no Flask, no werkzeug.
NO_WEB = ("base", "core", "features", "specs")
WEB = ("flask", "werkzeug")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _layer(module: str) -> int | None:
    """The index in LAYERS of the layer ``module`` belongs to (the longest prefix wins)."""
    best: tuple[int, int] | None = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            exact_only = prefix == "mockgraph"  # the package itself, not everything under it
            if (module == prefix) if exact_only else _is_under(module, prefix):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    return None if best is None else best[0]


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module imported, at module level?) for every import in ``tree``; ``from X import y``
    counts as importing ``X.y`` too when ``X.y`` is a module of ours."""
    found: list[tuple[str, bool]] = []
    body = list(getattr(tree, "body", []))
    # `if TYPE_CHECKING:` imports are for type checkers (never run): as good as module level.
    body += [n for node in body if _type_checking(node) for n in node.body]
    top = {id(node) for node in body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, id(node) in top))
            for alias in node.names:
                if f"{node.module}.{alias.name}" in NAMES:
                    found.append((f"{node.module}.{alias.name}", id(node) in top))
    return found


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in (
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    )


NAMES = {_name(path) for path in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_imports_point_one_way_and_sit_at_module_level(path: Path) -> None:
    name = _name(path)
    layer = _layer(name)
    assert layer is not None, f"{name} is in no layer: put it in a layer's folder"
    imports = _imports(ast.parse(path.read_text(encoding="utf-8")))
    hidden = [
        module
        for module, top in imports
        if not top and module != "__future__" and (name, module) not in DEFERRED
    ]
    assert hidden == [], f"{name} imports inside a function or a block: {hidden}"
    ours = [m for m, _ in imports if _is_under(m, "mockgraph")]
    upward = [m for m in ours if (_layer(m) or 0) > layer]
    assert upward == [], f"{name} ({LAYERS[layer][0]}) imports a layer above it: {upward}"
    if LAYERS[layer][0] != "http":
        inside = [m for m in ours if _is_under(m, "mockgraph.http") and m != "mockgraph.http"]
        private = [m for m in inside if m.split(".")[2] not in HTTP_PUBLIC]
        assert private == [], f"{name} reaches into the app: {private}"
    if LAYERS[layer][0] in NO_WEB:
        web = [m for m, _ in imports if any(_is_under(m, w) for w in WEB)]
        assert web == [], f"{name} ({LAYERS[layer][0]}) imports the web layer: {web}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_private_name_crosses_a_module(path: Path) -> None:
    """What another module needs is public: ``from x import _y`` is refused."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mockgraph")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert private == []


def test_the_layers_name_real_modules() -> None:
    for layer, prefixes in LAYERS:
        for prefix in prefixes:
            assert any(_is_under(name, prefix) for name in NAMES), f"{layer}: no {prefix}"


def test_the_package_top_holds_only_its_public_faces() -> None:
    """Every module directly in ``mockgraph/`` is named in LAYERS; everything else has a folder."""
    named = {prefix for _, prefixes in LAYERS for prefix in prefixes}
    top = {name for name in NAMES if name.count(".") == 1}
    assert top <= named, f"modules at the top of the package, in no layer: {top - named}"


TESTS = sorted((PACKAGE.parent / "tests").rglob("*.py"))


@pytest.mark.parametrize("path", TESTS, ids=lambda path: str(path.relative_to(PACKAGE.parent)))
def test_tests_do_not_import_the_benchmark(path: Path) -> None:
    """The benchmark builds on the tests' helpers (``tests/support/``), never the other way."""
    imports = _imports(ast.parse(path.read_text(encoding="utf-8")))
    assert [m for m, _ in imports if _is_under(m, "bench")] == []
