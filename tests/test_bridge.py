"""The bridge from granian's RSGI calls to the WSGI app, driven with stand-in scopes."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from mockgraph import create_app
from mockgraph.bridge import Bridge
from tests.conftest import BASE


class _Headers:
    def __init__(self, items: list[tuple[str, str]], broken: bool = False) -> None:
        self._items, self._broken = items, broken

    def items(self) -> list[tuple[str, str]]:
        if self._broken:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        return self._items

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self._items).get(name, default)


class _Scope:
    method, query_string, http_version, client = "GET", "", "1.1", "127.0.0.1:5000"

    def __init__(self, path: str, headers: _Headers) -> None:
        self.path, self.headers = path, headers


class _Proto:
    answered: tuple[int, list[tuple[str, str]], bytes]

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.answered = (status, headers, body)


def _serve(scope: _Scope) -> tuple[int, dict[str, str], bytes]:
    bridge = Bridge(create_app(), "127.0.0.1", 8000)
    proto = _Proto()
    try:
        asyncio.run(bridge.__rsgi__(scope, proto))
    finally:
        bridge.close()
    status, headers, body = proto.answered
    return status, dict(headers), body


def test_repeated_headers_reach_the_app_joined() -> None:
    headers = _Headers([("authorization", "Bearer x"), ("x-a", "1"), ("x-a", "2")])
    status, answered, body = _serve(_Scope(f"{BASE}/jobs", headers))
    assert status == 200
    assert answered["request-id"]
    assert json.loads(body)["value"] == []


def test_a_path_in_utf8_reaches_the_app_as_wsgi_wants_it() -> None:
    status, _, body = _serve(_Scope(f"{BASE}/jöbs", _Headers([("authorization", "Bearer x")])))
    assert status == 404
    assert "jöbs" in json.loads(body)["error"]["message"]


def test_the_bridges_own_failure_is_a_graph_500() -> None:
    status, answered, body = _serve(_Scope(f"{BASE}/jobs", _Headers([], broken=True)))
    assert status == 500
    assert json.loads(body)["error"]["innerError"]["request-id"] == answered["request-id"]
