"""The transport hooks of ``intercept()``: httpx's and requests' own transport APIs, patched.

httpx ends every call in ``HTTPTransport.handle_request`` (``AsyncHTTPTransport.
handle_async_request``), below a client's own transports and middleware (the SDK's retry handler
among them); requests ends every call in ``HTTPAdapter.send``. While a hook is started, those
methods answer calls to Graph's and Entra's hosts from the mock and hand every other call to the
method they replaced (``unittest.mock.patch.object`` swaps them and puts them back). respx and
responses patch the same places, but their routing and call records cost more per call than a
whole intercepted call is meant to take (bench/README.md), and respx's cheaper ``httpx`` mode
swaps out a client's transport, past the SDK's middleware. Each hook hands the mock a ``Call``
and turns its ``Reply`` into the library's response, waiting out injected latency:
``anyio.sleep`` when an async client reads the body, so an event loop keeps running meanwhile,
``time.sleep`` otherwise.
"""

from __future__ import annotations

import importlib.util
import re
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Protocol
from unittest import mock
from urllib.parse import urlsplit

import anyio
import httpx
import requests
import requests.adapters
from urllib3 import HTTPHeaderDict, HTTPResponse

from mockgraph.paths import ENTRA_HOST, GRAPH_HOST

GRAPH_NAME = urlsplit(GRAPH_HOST).hostname or ""
ENTRA_NAME = urlsplit(ENTRA_HOST).hostname or ""
OUR_HOSTS = frozenset((GRAPH_NAME, ENTRA_NAME))  # lower case, as httpx and urlsplit give hosts


@dataclass
class Call:
    """One intercepted request, as a transport hook hands it over."""

    method: str
    scheme: str
    host: str
    port: int | None
    target: str  # the path and ?query, percent-encoded as sent
    headers: Iterable[tuple[str, str]]
    body: bytes


@dataclass
class Reply:
    """The mock's answer; ``delay``: seconds of injected latency the hook is to wait out."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    delay: float = 0.0


Handler = Callable[[Call], "Reply | None"]  # None: not the mock's host, pass it through


class Hook(Protocol):
    """A started transport hook."""

    def stop(self) -> None: ...


METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS")


class _LateBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that arrives after the mock's injected latency."""

    def __init__(self, body: bytes, delay: float) -> None:
        self._body, self._delay = body, delay

    def __iter__(self) -> Iterator[bytes]:
        time.sleep(self._delay)
        yield self._body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        await anyio.sleep(self._delay)  # asyncio or trio, whichever runs the client
        yield self._body


def _ask(handler: Handler, call: Call) -> Reply:
    """The mock's answer to a call on one of OUR_HOSTS (the handler answers them all)."""
    answer = handler(call)
    if answer is None:
        raise RuntimeError(f"mockgraph: no answer for {call.host}")
    return answer


class HttpxHook:
    """httpx's calls (sync and async) to the mock's hosts answered by it; the rest sent on."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        send = httpx.HTTPTransport.handle_request
        send_async = httpx.AsyncHTTPTransport.handle_async_request

        def handle_request(transport: httpx.HTTPTransport, request: httpx.Request) -> Any:
            if request.url.host not in OUR_HOSTS:
                return send(transport, request)
            return self._answer(request, request.read())

        async def handle_async_request(
            transport: httpx.AsyncHTTPTransport, request: httpx.Request
        ) -> Any:
            if request.url.host not in OUR_HOSTS:
                return await send_async(transport, request)
            return self._answer(request, await request.aread())

        self._patches: list[Any] = [
            mock.patch.object(httpx.HTTPTransport, "handle_request", handle_request),
            mock.patch.object(
                httpx.AsyncHTTPTransport, "handle_async_request", handle_async_request
            ),
        ]

    def _answer(self, request: httpx.Request, body: bytes) -> httpx.Response:
        url = request.url
        call = Call(
            method=request.method,
            scheme=url.scheme,
            host=url.host,
            port=url.port,
            target=url.raw_path.decode("ascii"),
            headers=request.headers.multi_items(),
            body=body,
        )
        answer = _ask(self._handler, call)
        if answer.delay > 0:
            late = _LateBody(answer.body, answer.delay)
            return httpx.Response(answer.status, headers=answer.headers, stream=late)
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)

    def start(self) -> HttpxHook:
        for patch in self._patches:
            patch.start()
        return self

    def stop(self) -> None:
        for patch in reversed(self._patches):
            patch.stop()


def our_urls() -> re.Pattern[str]:
    """URLs on Graph's and Entra's hosts, any scheme and port."""
    hosts = "|".join(re.escape(host) for host in (GRAPH_NAME, ENTRA_NAME))
    return re.compile(rf"^https?://(?:{hosts})(?::\d+)?(?:[/?]|$)", re.IGNORECASE)


def body_bytes(body: Any) -> bytes:
    """A prepared request's body (bytes, text, a file or an iterable of chunks) as bytes."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in body)


class RequestsHook:
    """requests' calls to the mock's hosts answered by it; every other call sent on."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        send = requests.adapters.HTTPAdapter.send  # what sends now (another mock's, say)

        def hooked(
            adapter: requests.adapters.HTTPAdapter,
            request: requests.PreparedRequest,
            *args: Any,
            **kwargs: Any,
        ) -> requests.Response:
            parts = urlsplit(request.url or "")
            if parts.hostname not in OUR_HOSTS:
                return send(adapter, request, *args, **kwargs)
            return self._answer(adapter, request, parts)

        self._patch = mock.patch.object(requests.adapters.HTTPAdapter, "send", hooked)

    def _answer(
        self, adapter: requests.adapters.HTTPAdapter, request: requests.PreparedRequest, parts: Any
    ) -> requests.Response:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        call = Call(
            method=request.method or "GET",
            scheme=parts.scheme,
            host=parts.hostname or "",
            port=parts.port,
            target=target,
            headers=request.headers.items(),
            body=body_bytes(request.body),
        )
        answer = _ask(self._handler, call)
        if answer.delay > 0:
            time.sleep(answer.delay)  # requests is synchronous: the caller waits anyway
        raw = HTTPResponse(
            body=BytesIO(answer.body),
            headers=HTTPHeaderDict(answer.headers),
            status=answer.status,
            preload_content=False,
        )
        return adapter.build_response(request, raw)  # requests' own: url, encoding, reason

    def start(self) -> RequestsHook:
        self._patch.start()
        return self

    def stop(self) -> None:
        self._patch.stop()


def _aiohttp_hook(handler: Handler) -> Hook | None:
    """The aiohttp hook, where aiohttp is installed (the SDK's azure-identity brings it)."""
    if importlib.util.find_spec("aiohttp") is None:
        return None
    if importlib.util.find_spec("aioresponses") is None:
        warnings.warn(
            "mockgraph.intercept(): aiohttp is installed but aioresponses is not, so calls "
            "made through aiohttp (azure.identity.aio credentials) are not intercepted and "
            "would reach the real hosts: pip install 'mockgraph[aiohttp]' (aioresponses-ng)",
            MissingHookWarning,
            stacklevel=4,
        )
        return None
    # An optional dependency: the module, which imports aioresponses, is loaded by name.
    hook: Hook = importlib.import_module("mockgraph.interception.aiohttp_hook").AiohttpHook(handler)
    return hook


class MissingHookWarning(UserWarning):
    """A client library is installed whose calls interception cannot answer."""


def start(handler: Handler) -> list[Hook]:
    """Every hook, started; stop them in reverse order."""
    makers: list[Callable[[Handler], Any]] = [HttpxHook, RequestsHook, _aiohttp_hook]
    hooks: list[Hook] = []
    try:
        for make in makers:
            hook = make(handler)
            if hook is not None:
                hooks.append(hook.start())
    except BaseException:
        for hook in reversed(hooks):
            hook.stop()
        raise
    return hooks
