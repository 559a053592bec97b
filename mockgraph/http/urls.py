"""The URLs an answer names, as the client called them: the service root and the call's own URL.

Made once per host and path: werkzeug parses and re-quotes them on every request.
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.sansio.utils import get_current_url, get_host
from werkzeug.wrappers import Request

from mockgraph.paths import SERVICE_ROOT


@lru_cache(maxsize=256)
def _url(
    scheme: str,
    host: str | None,
    server: tuple[str, int | None] | None,
    root_path: str | None = None,
    path: str | None = None,
) -> str:
    # What request.host_url and request.base_url compute, once per host and path: werkzeug
    # parses and re-quotes them on every request.
    return get_current_url(scheme, get_host(scheme, host, server), root_path, path)


def service_root(served: Request) -> str:
    """The service root the client called, ``http://host/beta/``: where @odata.context points."""
    host_url = _url(served.scheme, served.environ.get("HTTP_HOST"), served.server)
    return f"{host_url}{SERVICE_ROOT.lstrip('/')}/"


def base_url(served: Request) -> str:
    """The URL the client called, without its query (a Location, a next link)."""
    host = served.environ.get("HTTP_HOST")
    return _url(served.scheme, host, served.server, served.root_path, served.path)
