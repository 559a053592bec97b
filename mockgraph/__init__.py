"""mockgraph: an in-memory mock of the Microsoft Graph beta dataClassification service."""

from mockgraph.http.app import create_app
from mockgraph.interception.session import intercept
from mockgraph.serving.server import MockGraphServer
from mockgraph.testing import MockGraph
from mockgraph.version import __version__

__all__ = ["MockGraph", "MockGraphServer", "__version__", "create_app", "intercept"]
