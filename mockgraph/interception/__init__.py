"""``intercept()``: calls to Graph's (and Entra's) real URLs answered in this process.

``session`` holds the interception itself, ``transports`` the client-library hooks (httpx,
requests; ``aiohttp_hook`` for aiohttp), ``entra`` Entra's token endpoint."""

from mockgraph.interception.session import InterceptedGraph, Interception, intercept

__all__ = ["InterceptedGraph", "Interception", "intercept"]
