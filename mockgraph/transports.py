"""The transport hooks of ``intercept()``: respx for httpx (sync and async), responses for requests.

Both are the libraries' public APIs: a respx router whose one route's side effect asks the mock
(and passes through what the mock does not serve), and a responses mock whose callbacks ask it
for Graph's and Entra's hosts, everything else passed through. Each hook hands the mock a
``Call`` and turns its ``Answer`` into the library's response, waiting out injected latency:
``anyio.sleep`` when an async client reads the body, so an event loop keeps running meanwhile,
``time.sleep`` otherwise.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import anyio
import httpx
import requests.adapters
import responses
import respx
from urllib3 import HTTPHeaderDict

from mockgraph.interception import ENTRA_NAME, GRAPH_NAME, Answer, Call

Handler = Callable[[Call], "Answer | None"]  # None: not the mock's host, pass it through
_METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS")


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


def _our_urls() -> re.Pattern[str]:
    """URLs on Graph's and Entra's hosts, any scheme and port."""
    hosts = "|".join(re.escape(host) for host in (GRAPH_NAME, ENTRA_NAME))
    return re.compile(rf"^https?://(?:{hosts})(?::\d+)?(?:[/?]|$)", re.IGNORECASE)


def _body_bytes(body: Any) -> bytes:
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
        for method in _METHODS:
            self.mock.add_callback(method, _our_urls(), callback=self._callback, content_type=None)
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
            body=_body_bytes(request.body),
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


def _form_bytes(data: Any) -> bytes:
    """An aiohttp request's ``data`` (bytes, text or a form as a dict) as bytes."""
    if isinstance(data, dict):
        return urlencode(data).encode("ascii")
    return _body_bytes(data)


class AiohttpHook:
    """aiohttp's calls (``azure.identity.aio``'s credentials, through azure-core's
    ``AioHttpTransport``) to the mock's hosts routed to it, with aioresponses."""

    def __init__(self, handler: Handler) -> None:
        from aioresponses import CallbackResult, aioresponses

        self._handler = handler
        self._result = CallbackResult
        self.mock = aioresponses(passthrough_unmatched=True)
        self._ours = _our_urls()

    async def _callback(self, method: str, url: Any, **kwargs: Any) -> Any:
        parts = urlsplit(str(url))
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [(str(k), str(v)) for k, v in (kwargs.get("headers") or {}).items()]
        data = kwargs.get("data")
        # aiohttp sets the content type of what it encodes itself: a form, or json=.
        implied = "application/x-www-form-urlencoded" if isinstance(data, dict) else None
        if data is None and kwargs.get("json") is not None:
            data, implied = json.dumps(kwargs["json"]), "application/json"
        if implied and not any(k.lower() == "content-type" for k, _ in headers):
            headers.append(("Content-Type", implied))
        call = Call(
            method=method,
            scheme=parts.scheme,
            host=parts.hostname or "",
            port=parts.port,
            target=target,
            headers=headers,
            body=_form_bytes(data),
        )
        answer = self._handler(call)
        if answer is None:
            raise RuntimeError(f"mockgraph: no answer for {call.host}")
        if answer.delay > 0:
            await anyio.sleep(answer.delay)
        kept = HTTPHeaderDict(answer.headers)
        content_type = kept.pop("Content-Type", "application/octet-stream")
        return self._result(
            status=answer.status, body=answer.body, headers=dict(kept), content_type=content_type
        )

    def start(self) -> AiohttpHook:
        self.mock.start()
        for method in _METHODS:
            callback = functools.partial(self._callback, method)
            self.mock.add(self._ours, method=method, callback=callback, repeat=True)
        return self

    def stop(self) -> None:
        self.mock.stop()


def _aiohttp_hook(handler: Handler) -> AiohttpHook | None:
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
    return AiohttpHook(handler)


class MissingHookWarning(UserWarning):
    """A client library is installed whose calls interception cannot answer."""


def start(handler: Handler) -> list[Any]:
    """Every hook, started; stop them in reverse order."""
    makers: list[Callable[[Handler], Any]] = [HttpxHook, RequestsHook, _aiohttp_hook]
    hooks: list[Any] = []
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
