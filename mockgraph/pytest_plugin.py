"""The pytest plugin (entry point ``pytest11: mockgraph``): fixtures and hooks only.

``mockgraph_server`` is one real server per session (per xdist worker: each is its own
process); ``mockgraph`` resets it before each test and hands out the helpers, and
``mockgraph_tenant`` seeds the tenant defaults into it too; an exception inside the mock while a
test runs fails that test with the server's traceback.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph.config import DEFAULTS, OPTIONS, Option
from mockgraph.http.app import create_app
from mockgraph.interception.session import intercept
from mockgraph.serving.server import MockGraphServer
from mockgraph.testing import MockGraph

# (ini name, environment variable = setting, kind, help); the environment wins. Only what the
# user set is passed on: the defaults are config.DEFAULTS's.
# The settings the plugin takes, from the one table serve's flags come from too.
_OPTIONS = {name: option for name, option in OPTIONS.items() if option.plugin}
_UNSET = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_WATCHED = pytest.StashKey[list[MockGraph]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    for env, option in _OPTIONS.items():
        help_text = f"mockgraph: {option.help} (env {env}; default {DEFAULTS[env]})"
        parser.addini(env.lower(), help_text, default=None)


def _value(env: str, option: Option, config: pytest.Config) -> Any:
    """The setting as the user set it (environment, then ini), or ``_UNSET``."""
    ini, kind = env.lower(), option.kind
    raw = os.environ.get(env)
    source = f"${env}"
    if raw is None:
        raw, source = config.getini(ini), f"ini option {ini}"
    if raw is None or raw == "":
        return _UNSET
    text = str(raw).strip().lower()
    try:
        if kind == "switch":
            if text not in _TRUE | _FALSE:
                raise ValueError(text)
            return text in _TRUE
        number = int(text) if kind == "int" else float(text)
    except ValueError:
        what = "bool" if kind == "switch" else kind
        raise pytest.UsageError(f"mockgraph: {source} must be a {what}, not {raw!r}") from None
    low, high = option.low, option.high
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"from {low:g}" + (f" to {high:g}" if high is not None else " up")
        raise pytest.UsageError(f"mockgraph: {source} must be {bounds}, not {raw!r}")
    return number


@pytest.fixture(scope="session")
def mockgraph_config(pytestconfig: pytest.Config) -> dict[str, Any]:
    """Settings for the session's mock: those set by ini options or the environment (override
    me); the rest are ``create_app``'s defaults."""
    values = {env: _value(env, option, pytestconfig) for env, option in _OPTIONS.items()}
    return {env: value for env, value in values.items() if value is not _UNSET}


@pytest.fixture(scope="session")
def mockgraph_server(mockgraph_config: dict[str, Any]) -> Iterator[MockGraphServer]:
    """One mock on 127.0.0.1 (a free port) for the session, serving before it is returned."""
    server = MockGraphServer(config=dict(mockgraph_config))
    server.start()  # bound and listening when start() returns: no readiness poll needed
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mockgraph(
    mockgraph_server: MockGraphServer, request: pytest.FixtureRequest
) -> Iterator[MockGraph]:
    """The session's mock, reset for this test, with its helpers."""
    helper = MockGraph(mockgraph_server)
    helper.reset()
    request.node.stash.setdefault(_WATCHED, []).append(helper)
    yield helper
    late = helper.take_exceptions()  # from fixture teardowns, after the call was checked
    if late:
        pytest.fail(_report(late), pytrace=False)


@pytest.fixture
def mockgraph_tenant(mockgraph: MockGraph) -> MockGraph:
    """The session's mock, reset for this test, then seeded like a tenant: Microsoft's built-in
    sensitive types and the label taxonomy in the default tenant (as ``mockgraph serve`` starts;
    their ids: ``mockgraph.features.tenant_defaults``)."""
    mockgraph.seed_defaults()
    return mockgraph


@pytest.fixture
def mockgraph_client(mockgraph: MockGraph) -> FlaskClient:
    """An in-process client of the session's mock, sending a bearer token (default tenant)."""
    client = mockgraph.app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {mockgraph.token()}"
    return client


@pytest.fixture(scope="session")
def mockgraph_intercept_app(mockgraph_config: dict[str, Any]) -> Flask:
    """The app ``mockgraph_intercept`` answers with: one per session, as the server's."""
    return create_app(dict(mockgraph_config))


@pytest.fixture
def mockgraph_intercept(
    mockgraph_intercept_app: Flask, request: pytest.FixtureRequest
) -> Iterator[MockGraph]:
    """Calls to https://graph.microsoft.com (and Entra's token endpoint) answered in process by
    a mock reset for this test; its helpers. No server, no socket."""
    with intercept(app=mockgraph_intercept_app) as helper:
        helper.reset()
        request.node.stash.setdefault(_WATCHED, []).append(helper)
        yield helper
    late = helper.take_exceptions()
    if late:
        pytest.fail(_report(late), pytrace=False)


def _report(tracebacks: list[str]) -> str:
    shown = "\n".join(tracebacks)
    return f"the mock failed while serving this test (it answered 500):\n\n{shown}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail a test during which the mock raised, with the server-side traceback."""
    try:
        result = yield
    except BaseException:
        tracebacks = [tb for h in item.stash.get(_WATCHED, []) for tb in h.take_exceptions()]
        if tracebacks:  # the test failed anyway: show why the mock failed next to it
            item.add_report_section("call", "mockgraph server", _report(tracebacks))
        raise
    tracebacks = [tb for h in item.stash.get(_WATCHED, []) for tb in h.take_exceptions()]
    if tracebacks:
        pytest.fail(_report(tracebacks), pytrace=False)
    return result
