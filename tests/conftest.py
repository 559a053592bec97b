"""Shared fixtures: a fresh app per test and a client that sends a bearer token."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings

from mockgraph import create_app
from mockgraph.store import JobStore

pytest_plugins = ["pytester"]  # tests/test_plugin.py runs pytest inside pytest

# Property-based tests: a short, deterministic run in the default suite (the same examples on
# every run, so it cannot flake); HYPOTHESIS_PROFILE=fuzz (tox -e fuzz) runs them far longer,
# with fresh randomness each time. Requests take milliseconds, so no deadline: a slow CI
# machine must not fail a test that found nothing.
settings.register_profile("mockgraph", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("fuzz", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "mockgraph"))
FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"  # the long run: tox -e fuzz

BASE = "/beta/dataClassification"
_KEY = "mockgraph-tests-signing-key-of-32-bytes!"  # never checked; long enough for PyJWT


def token_for(tenant: str, **claims: Any) -> str:
    """A JWT whose ``tid`` claim names ``tenant``."""
    return jwt.encode({"tid": tenant, **claims}, _KEY, algorithm="HS256")


def bearer(tenant: str | None = None) -> dict[str, str]:
    """An Authorization header: an opaque token, or a JWT for ``tenant``."""
    return {"Authorization": f"Bearer {token_for(tenant) if tenant else 'opaque-token'}"}


@pytest.fixture
def app() -> Flask:
    return create_app()


@pytest.fixture
def store(app: Flask) -> JobStore:
    store: JobStore = app.extensions["mockgraph"].store
    return store


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer opaque-token"
    yield client


def error_code(response: Any) -> str:
    """The Graph error code of a response, checking the envelope's shape on the way."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    inner = body["error"]["innerError"]
    assert set(inner) == {"date", "request-id", "client-request-id"}
    assert inner["request-id"] == response.headers["request-id"]
    assert response.content_type.startswith("application/json")
    code: str = body["error"]["code"]
    return code
