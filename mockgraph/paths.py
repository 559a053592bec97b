"""Where things live on the wire: the service root, the singleton it serves, the admin prefix.

Every module that builds or matches a path imports these; none retypes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Graph's beta service root, as clients address it (https://graph.microsoft.com/beta).
SERVICE_ROOT = "/beta"
GRAPH_HOST = "https://graph.microsoft.com"
# The singleton this mock serves (Graph's entity set `dataClassification`, a
# dataClassificationService), relative to the service root; every collection is under it.
SINGLETON = "dataClassification"
SINGLETON_PATH = f"{SERVICE_ROOT}/{SINGLETON}"
# JSON batching: one POST holding up to 20 requests (https://learn.microsoft.com/graph/json-batching).
BATCH_PATH = f"{SERVICE_ROOT}/$batch"
# The service's CSDL (OData 4.0 XML), where every @odata.context points.
METADATA_PATH = f"{SERVICE_ROOT}/$metadata"
# The mock's own test hooks: never a Graph path.
ADMIN_PREFIX = "/_mockgraph"
ADMIN_PATHS = ADMIN_PREFIX + "/"  # how every admin path starts
# Microsoft Entra's sign-in host, whose token endpoint interception serves too.
ENTRA_HOST = "https://login.microsoftonline.com"


def graph_path(environ: Mapping[str, Any]) -> str | None:
    """A WSGI call's path (PATH_INFO read as werkzeug reads it) when it is under the service
    root, else None: what the Graph routes serve, and the test features touch."""
    path: str = environ.get("PATH_INFO", "")
    if not path.isascii():
        path = path.encode("latin1").decode("utf-8", "replace")
    if path != SERVICE_ROOT and not path.startswith(SERVICE_ROOT + "/"):
        return None
    return path
