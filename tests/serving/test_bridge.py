"""The bridge from granian's RSGI calls to the WSGI app, driven with stand-in watchers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from mockgraph import create_app
from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.http.current import state_of
from mockgraph.serving import bridge as bridge_module
from mockgraph.serving.bridge import Bridge
from tests.support.graph import BASE


class _Headers:
    def __init__(self, items: list[tuple[str, str]], broken: bool = False) -> None:
        self._items, self._broken = items, broken

    def items(self) -> list[tuple[str, str]]:
        if self._broken:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        return self._items

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self._items).get(name, default)

    def keys(self) -> list[str]:
        return [name for name, _ in self._items]


class _Scope:
    method, query_string, http_version, client = "GET", "", "1.1", "127.0.0.1:5000"

    def __init__(self, path: str, headers: _Headers, method: str = "GET") -> None:
        self.path, self.headers, self.method = path, headers, method


class _Body:
    """granian's body future, finished by the test (``finish``) or never."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[_Body], None]] = []
        self._result: bytes | None = None
        self._cancelled = False

    def add_done_callback(self, callback: Callable[[_Body], None]) -> None:
        self._callbacks.append(callback)

    def finish(self, body: bytes) -> None:
        self._result = body
        for callback in self._callbacks:
            callback(self)

    def cancel(self) -> bool:
        self._cancelled = True
        for callback in self._callbacks:
            callback(self)
        return True

    def cancelled(self) -> bool:
        return self._cancelled

    def result(self) -> bytes:
        assert self._result is not None
        return self._result


class _Proto:
    answered: tuple[int, list[tuple[str, str]], bytes]

    def __init__(self) -> None:
        self.body = _Body()

    def __call__(self) -> _Body:
        return self.body

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.answered = (status, headers, body)


class _Watcher:
    def __init__(self, scope: _Scope) -> None:
        self.scope, self.proto = scope, _Proto()
        self.finished = False

    def done(self) -> None:
        self.finished = True

    def err(self, error: BaseException) -> None:
        raise AssertionError(f"dropped: {error!r}")


def _answer(watcher: _Watcher) -> tuple[int, dict[str, str], bytes]:
    assert watcher.finished
    status, headers, body = watcher.proto.answered
    return status, dict(headers), body


def _serve(scope: _Scope) -> tuple[int, dict[str, str], bytes]:
    bridge = Bridge(create_app(), "127.0.0.1", 8000)
    watcher = _Watcher(scope)
    try:
        bridge.schedule(watcher)
    finally:
        bridge.close()
    return _answer(watcher)


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


def _post(body_size: int) -> tuple[Bridge, _Watcher]:
    headers = [
        ("authorization", "Bearer x"),
        ("content-type", "application/json"),
        ("content-length", str(body_size)),
    ]
    watcher = _Watcher(_Scope(f"{BASE}/jobs", _Headers(headers), method="POST"))
    bridge = Bridge(create_app(), "127.0.0.1", 8000)
    bridge.schedule(watcher)
    return bridge, watcher


def _stored(bridge: Bridge) -> int:
    return state_of(bridge.app).store.count(DEFAULT_TENANT, "jobs")


def test_the_app_runs_once_the_body_has_been_read() -> None:
    body = b'{"status": "running"}'
    bridge, watcher = _post(len(body))
    try:
        assert not watcher.finished  # the body is still on its way: nothing answered yet
        watcher.proto.body.finish(body)
        status, _, answered = _answer(watcher)
    finally:
        bridge.close()
    assert status == 201
    assert json.loads(answered)["status"] == "running"
    assert _stored(bridge) == 1


def test_a_body_not_sent_in_time_is_a_408_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bridge_module, "BODY_TIMEOUT", 0.0)
    bridge, watcher = _post(100)
    loop = asyncio.new_event_loop()
    try:
        bridge.start(loop)
        loop.run_until_complete(asyncio.sleep(0))  # one sweep
        status, headers, body = _answer(watcher)
    finally:
        bridge.close()
        loop.close()
    assert status == 408
    assert json.loads(body)["error"]["code"] == "RequestTimeout"
    assert headers["Connection"] == "close"
    assert _stored(bridge) == 0
