"""mockgraph: an in-memory mock of the Microsoft Graph beta dataClassification service.

Its names load on first use (PEP 562): ``import mockgraph`` loads neither Flask nor granian
until one is used, so the ``mockgraph`` command takes Ctrl-C before they load
(``mockgraph/__main__.py``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mockgraph.version import __version__

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads them
    from mockgraph.http.app import create_app
    from mockgraph.interception.session import intercept
    from mockgraph.serving.server import MockGraphServer
    from mockgraph.testing import MockGraph

_WHERE = {
    "create_app": "mockgraph.http.app",
    "intercept": "mockgraph.interception.session",
    "MockGraphServer": "mockgraph.serving.server",
    "MockGraph": "mockgraph.testing",
}
__all__ = ["MockGraph", "MockGraphServer", "__version__", "create_app", "intercept"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'mockgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value  # loaded once
    return value
