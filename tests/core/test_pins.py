"""The pinned internals: an untested marshmallow or granian fails at import, loudly."""

from __future__ import annotations

import pytest

from mockgraph.core.schemas import pins
from mockgraph.serving import server


def test_the_installed_versions_pass_the_checks() -> None:
    pins.check()
    server._check_granian()


def test_an_untested_marshmallow_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pins, "version", lambda package: "9.0.0")
    with pytest.raises(ImportError, match="tested on"):
        pins.check()


def test_a_changed_signature_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pins, "_parameters", lambda function: set())
    with pytest.raises(ImportError, match="no longer takes"):
        pins.check()


def test_an_untested_granian_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server.granian, "__version__", "3.0.0")
    with pytest.raises(ImportError, match="granian"):
        server._check_granian()
