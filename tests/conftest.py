"""Shared fixtures: a fresh app per test and a client that sends a bearer token."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings

from mockgraph import create_app
from mockgraph.core.store import JobStore
from mockgraph.http.current import state_of

pytest_plugins = ["pytester"]  # tests/test_plugin.py runs pytest inside pytest

# Property-based tests: a short, deterministic run in the default suite (the same examples on
# every run, so it cannot flake); HYPOTHESIS_PROFILE=fuzz (tox -e fuzz) runs them far longer,
# with fresh randomness each time. Requests take milliseconds, so no deadline: a slow CI
# machine must not fail a test that found nothing.
settings.register_profile("mockgraph", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("fuzz", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "mockgraph"))


@pytest.fixture
def app() -> Flask:
    return create_app()


@pytest.fixture
def store(app: Flask) -> JobStore:
    store: JobStore = state_of(app).store
    return store


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer opaque-token"
    yield client
