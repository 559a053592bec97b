"""Workers taking turns: many clients are all served, and injected latency holds up no one else."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from click.testing import CliRunner

from mockgraph import cli, workers
from mockgraph.api import instrument
from mockgraph.server import MockGraphServer
from mockgraph.workers import TakingTurnsPool
from tests.conftest import bearer

SLOW_MS = 2000


class Signals:
    """Events the server sets as it goes, so a test waits on them rather than on the clock."""

    def __init__(self) -> None:
        self.connection_taken = threading.Event()  # a worker took a connection to serve
        self.waiting = threading.Event()  # a call started waiting out injected latency


class _SignallingClock:
    """``time`` for the modules that wait out latency: ``sleep`` sets ``waiting`` first."""

    def __init__(self, signals: Signals) -> None:
        self._signals = signals

    def sleep(self, seconds: float) -> None:
        self._signals.waiting.set()
        time.sleep(seconds)

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


@pytest.fixture(params=[False, True], ids=["taking-turns", "parallel"])
def server(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MockGraphServer]:
    signals = Signals()
    clock = _SignallingClock(signals)
    monkeypatch.setattr(workers, "time", clock)  # taking turns: the pool's wait sleeps
    monkeypatch.setattr(instrument, "time", clock)  # parallel: the app sleeps itself
    built = MockGraphServer(threads=2, parallel=request.param)
    pool = built._server.requests
    next_connection = pool.get  # patched before the workers start asking

    def get() -> object:
        connection = next_connection()
        signals.connection_taken.set()
        return connection

    pool.get = get
    built.signals = signals  # type: ignore[attr-defined]
    with built as running:
        yield running


def _signals(server: MockGraphServer) -> Signals:
    found: Signals = server.signals  # type: ignore[attr-defined]
    return found


def _jobs(server: MockGraphServer) -> str:
    return f"{server.base_url}/dataClassification/jobs"


def test_a_call_waiting_out_latency_does_not_hold_up_others(server: MockGraphServer) -> None:
    admin = f"{server.url}/_mockgraph/faults"
    rule = {"method": "GET", "path": "jobs/slow", "latencyMs": SLOW_MS}
    assert requests.post(admin, json=rule, timeout=10).status_code == 201
    slow: list[requests.Response] = []
    caller = threading.Thread(
        target=lambda: slow.append(
            requests.get(f"{_jobs(server)}/slow", headers=bearer(), timeout=30)
        )
    )
    caller.start()
    try:
        assert _signals(server).waiting.wait(10), "the slow call never started its wait"
        other = requests.get(_jobs(server), headers=bearer(), timeout=30)
        assert other.status_code == 200
        assert caller.is_alive(), "the other call was answered only after the slow one"
    finally:
        caller.join(timeout=30)
    assert [response.status_code for response in slow] == [404]  # delayed, then answered


def test_a_client_stalling_mid_request_does_not_hold_up_others(server: MockGraphServer) -> None:
    with socket.create_connection((server.host, server.port), timeout=10) as stalled:
        stalled.sendall(b"GET /beta/dataClassification/jobs HTTP/1.1\r\nHost: x\r\n")  # no end
        taken = _signals(server).connection_taken.wait(10)  # the only connection so far
        assert taken, "no worker took the stalled connection"
        # Within cheroot's 10 s socket timeout, so the stalled request is still being read.
        other = requests.get(_jobs(server), headers=bearer(), timeout=5)
        assert other.status_code == 200
        stalled.sendall(b"Authorization: Bearer x\r\n\r\n")  # the stalled request, finished
        assert stalled.recv(65536).startswith(b"HTTP/1.1 200 ")


def test_every_client_is_served_and_the_server_stops(server: MockGraphServer) -> None:
    statuses: list[int] = []

    def client(number: int) -> None:
        with requests.Session() as http:
            http.headers.update(bearer())
            for step in range(10):
                job = {"status": f"{number}-{step}"}
                statuses.append(http.post(_jobs(server), json=job, timeout=30).status_code)
                statuses.append(http.get(_jobs(server), timeout=30).status_code)

    clients = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    for started in clients:
        started.start()
    for finished in clients:
        finished.join(timeout=60)
    assert statuses.count(201) == 60 and statuses.count(200) == 60
    listed = server.app.extensions["mockgraph"].store.select("default", "jobs")
    assert len(listed) == 60
    server.stop()  # every worker, the turn holder included, stops: no hang here
    with pytest.raises(requests.ConnectionError):
        requests.get(_jobs(server), headers=bearer(), timeout=5)


@pytest.mark.parametrize(("flags", "parallel"), [([], False), (["--parallel"], True)])
def test_serve_takes_turns_unless_told_parallel(
    monkeypatch: pytest.MonkeyPatch, flags: list[str], parallel: bool
) -> None:
    made: list[MockGraphServer] = []

    def unstarted(**options: object) -> MockGraphServer:
        made.append(MockGraphServer(**options))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(cli, "MockGraphServer", unstarted)
    monkeypatch.setattr(MockGraphServer, "serve_forever", lambda self: None)
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--no-seed", *flags])
    assert result.exit_code == 0, result.output
    (server,) = made
    try:
        pool = server._server.requests
        assert isinstance(pool, TakingTurnsPool) is not parallel
        assert server._server.numthreads == 8
    finally:
        server.stop()
