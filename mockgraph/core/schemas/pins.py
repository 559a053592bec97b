"""The marshmallow internals the schemas' shortcuts use, checked at import.

``build.GraphSchema`` calls ``Schema._deserialize`` and reads ``Schema._hooks``;
``build.PolymorphicSchema`` overrides ``OneOfSchema._load``; ``fields.StrictField`` calls
``Field._deserialize`` and ``make_error``. None of these is public API, so the versions the
shortcut tests (tests/core/test_schemas_shortcut.py) pass on are pinned in setup.cfg, and this
module fails loudly, at import, when an installed version is outside them or a signature
the shortcuts rely on has changed: a silent change would mean silently wrong validation.
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

from marshmallow import Schema, fields, utils
from marshmallow.error_store import ErrorStore
from marshmallow_oneofschema import OneOfSchema

# (package, lowest tested, first untested): keep in step with setup.cfg's install_requires.
TESTED = (("marshmallow", (3, 26), (4, 5)), ("marshmallow-oneofschema", (3, 2), (3, 3)))


def _parameters(function: object) -> set[str]:
    return set(inspect.signature(function).parameters)  # type: ignore[arg-type]


def check() -> None:
    """Raise ImportError when an assumption of the shortcuts no longer holds."""
    for package, low, high in TESTED:
        installed = version(package)
        parts = tuple(int(p) for p in installed.split(".")[:2] if p.isdigit())
        if not low <= parts < high:
            raise ImportError(
                f"mockgraph's schemas use {package} internals tested on "
                f">={low[0]}.{low[1]},<{high[0]}.{high[1]}; {installed} is installed"
            )
    wanted = {
        "Schema._deserialize": (
            Schema._deserialize,
            {"data", "error_store", "many", "partial", "unknown", "index"},
        ),
        "Field._deserialize": (fields.Field._deserialize, {"value", "attr", "data"}),
        "Field.deserialize": (fields.Field.deserialize, {"value", "attr", "data"}),
        "OneOfSchema._load": (OneOfSchema._load, {"data", "partial", "unknown"}),
        "ErrorStore.store_error": (ErrorStore.store_error, {"messages", "field_name", "index"}),
    }
    for name, (function, needed) in wanted.items():
        missing = needed - _parameters(function)
        if missing:
            raise ImportError(f"mockgraph's schemas: {name} no longer takes {sorted(missing)}")
    if not isinstance(getattr(Schema, "_hooks", None), dict):
        raise ImportError("mockgraph's schemas: marshmallow's Schema has no _hooks")
    probe = fields.String()
    for name in ("make_error", "allow_none", "validators"):
        if not hasattr(probe, name):
            raise ImportError(f"mockgraph's schemas: marshmallow's Field has no {name}")
    if not hasattr(utils, "missing"):
        raise ImportError("mockgraph's schemas: marshmallow.utils.missing is gone")
