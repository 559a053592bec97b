"""The transport hooks of ``intercept()``: respx for httpx (sync and async), responses for requests.

Both are the libraries' public APIs: a respx router whose one route's side effect asks the mock
(and passes through what the mock does not serve), and a responses mock whose callbacks ask it
for Graph's and Entra's hosts, everything else passed through. Each hook hands the mock a
``Call`` and turns its ``Answer`` into the library's response, waiting out injected latency:
``anyio.sleep`` when an async client reads the body, so an event loop keeps running meanwhile,
``time.sleep`` otherwise.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import anyio
import httpx
import requests.adapters
import responses
import respx
from urllib3 import HTTPHeaderDict

from mockgraph.paths import ENTRA_HOST, GRAPH_HOST

GRAPH_NAME = urlsplit(GRAPH_HOST).hostname or ""
ENTRA_NAME = urlsplit(ENTRA_HOST).hostname or ""


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
class Answer:
    """The mock's answer; ``delay``: seconds of injected latency the hook is to wait out."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    delay: float = 0.0


Handler = Callable[[Call], "Answer | None"]  # None: not the mock's host, pass it through


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


class HttpxHook:
    """httpx's calls (through httpcore, which every httpx transport uses) routed to the mock."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        # Unmatched never happens (the one route takes every call), so nothing is auto-mocked.
        self.router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        self.router.route().mock(side_effect=self._side_effect)

    def _side_effect(self, request: httpx.Request) -> httpx.Response | httpx.Request:
        url = request.url
        call = Call(
            method=request.method,
            scheme=url.scheme,
            host=url.host,
            port=url.port,
            target=url.raw_path.decode("ascii"),
            headers=request.headers.multi_items(),
            body=request.content,  # respx has read the body before routing
        )
        answer = self._handler(call)
        if answer is None:
            return request  # respx: pass it through to the real transport
        if answer.delay > 0:
            late = _LateBody(answer.body, answer.delay)
            return httpx.Response(answer.status, headers=answer.headers, stream=late)
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)

    def start(self) -> HttpxHook:
        self.router.start()
        return self

    def stop(self) -> None:
        self.router.stop(quiet=True)


# respx reads a side effect's signature on every call (to offer it a ``route`` argument); a
# signature given up front spares inspect's work (measured: ~10% of an intercepted GET).
HttpxHook._side_effect.__signature__ = inspect.signature(HttpxHook._side_effect)  # type: ignore[attr-defined]


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
    """requests' calls to the mock's hosts routed to it; every other call passed through."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        # What sends for real now (another responses mock, say), so a pass-through reaches it.
        self.mock = responses.RequestsMock(
            assert_all_requests_are_fired=False,
            real_adapter_send=requests.adapters.HTTPAdapter.send,
        )
        for method in METHODS:
            self.mock.add_callback(method, our_urls(), callback=self._callback, content_type=None)
        self.mock.add_passthru(re.compile("."))

    def _callback(self, request: requests.PreparedRequest) -> tuple[int, HTTPHeaderDict, bytes]:
        parts = urlsplit(request.url or "")
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
        answer = self._handler(call)
        if answer is None:  # the pattern admits only the mock's hosts
            raise RuntimeError(f"mockgraph: no answer for {call.host}")
        if answer.delay > 0:
            time.sleep(answer.delay)  # requests is synchronous: the caller waits anyway
        return answer.status, HTTPHeaderDict(answer.headers), answer.body

    def start(self) -> RequestsHook:
        self.mock.start()
        return self

    def stop(self) -> None:
        self.mock.stop(allow_assert=False)
        self.mock.reset()


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
    hook: Hook = importlib.import_module("mockgraph.transports_aiohttp").AiohttpHook(handler)
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
