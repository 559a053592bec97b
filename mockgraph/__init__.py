"""mockgraph: an in-memory mock of the Microsoft Graph beta dataClassification jobs API."""

from mockgraph.app import create_app
from mockgraph.interception import intercept
from mockgraph.server import MockGraphServer
from mockgraph.testing import MockGraph
from mockgraph.version import __version__

__all__ = ["MockGraph", "MockGraphServer", "__version__", "create_app", "intercept"]
