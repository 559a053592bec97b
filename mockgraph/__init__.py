"""mockgraph: an in-memory mock of the Microsoft Graph beta dataClassification jobs API."""

from mockgraph.app import create_app

__all__ = ["__version__", "create_app"]
__version__ = "0.1.0"
