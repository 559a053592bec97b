"""Shared fixtures: a fresh app per test and a client that sends a bearer token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockgraph import create_app
from mockgraph.store import JobStore

pytest_plugins = ["pytester"]  # tests/test_plugin.py runs pytest inside pytest

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
