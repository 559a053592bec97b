"""Where things live on the wire: the service root, the Graph namespace, the admin prefix.

Every module that builds or matches a path imports these; none retypes them.
"""

from __future__ import annotations

# Graph's beta service root, as clients address it (https://graph.microsoft.com/beta).
SERVICE_ROOT = "/beta"
GRAPH_HOST = "https://graph.microsoft.com"
# The one namespace this mock serves, relative to the service root.
NAMESPACE = "dataClassification"
NAMESPACE_PATH = f"{SERVICE_ROOT}/{NAMESPACE}"
# JSON batching: one POST holding up to 20 requests (https://learn.microsoft.com/graph/json-batching).
BATCH_PATH = f"{SERVICE_ROOT}/$batch"
# The mock's own test hooks: never a Graph path.
ADMIN_PREFIX = "/_mockgraph"
# Microsoft Entra's sign-in host, whose token endpoint interception serves too.
ENTRA_HOST = "https://login.microsoftonline.com"
