"""The aiohttp hook of ``intercept()``, with aioresponses-ng (the ``aiohttp`` extra).

aiohttp is what ``azure.identity.aio``'s credentials use (azure-core's ``AioHttpTransport``), the
SDK README's among them. ``mockgraph.interception.transports`` loads this module only where
aioresponses is installed.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urlencode, urlsplit

import anyio
from aioresponses import CallbackResult, aioresponses
from urllib3 import HTTPHeaderDict

from mockgraph.interception.transports import METHODS, Call, Handler, body_bytes, our_urls


def _form_bytes(data: Any) -> bytes:
    """An aiohttp request's ``data`` (bytes, text or a form as a dict) as bytes."""
    if isinstance(data, dict):
        return urlencode(data).encode("ascii")
    return body_bytes(data)


class AiohttpHook:
    """aiohttp's calls (``azure.identity.aio``'s credentials, through azure-core's
    ``AioHttpTransport``) to the mock's hosts routed to it, with aioresponses."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.mock = aioresponses(passthrough_unmatched=True)
        self._ours = our_urls()

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
        return CallbackResult(
            status=answer.status, body=answer.body, headers=dict(kept), content_type=content_type
        )

    def start(self) -> AiohttpHook:
        self.mock.start()
        for method in METHODS:
            callback = functools.partial(self._callback, method)
            self.mock.add(self._ours, method=method, callback=callback, repeat=True)
        return self

    def stop(self) -> None:
        self.mock.stop()
