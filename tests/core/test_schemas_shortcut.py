"""The schemas' shorter way through marshmallow loads what marshmallow's general one loads.

Each body is loaded twice, with the shortcuts and with marshmallow's own ``Schema.load``,
``Schema._deserialize``, ``Field.deserialize``, ``List._deserialize`` and ``OneOfSchema.load``
put back: the result, or the error messages (and the order of their paths, which makes the
400's message), must be the same.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from marshmallow import Schema, fields
from marshmallow_oneofschema import OneOfSchema

from mockgraph.core.fixture import packaged_fixtures
from mockgraph.core.model.types import JOB_TYPES
from mockgraph.core.schemas import ValidationError, build, error_paths, load_entity
from mockgraph.core.schemas import fields as graph_fields
from tests.core.test_schemas import BAD, RESULT_BAD, _result_body
from tests.support.payloads import job


def _bodies() -> list[tuple[str, str, Any]]:
    """(id, declared type, body): valid jobs, documented bodies, and every bad payload."""
    found = [(f"job-{name}", "jobResponseBase", job(name)) for name in JOB_TYPES]
    for fixture in packaged_fixtures():
        for index, item in enumerate(fixture.setup):
            found.append((f"{fixture.name}-setup{index}", "jobResponseBase", item.body))
        if isinstance(fixture.request.body, dict):
            found.append((f"{fixture.name}-request", "jobResponseBase", fixture.request.body))
    found += [(f"bad-{name}", "jobResponseBase", body) for name, body, *_ in BAD]
    found += [
        (f"bad-result-{name}", "classificationJobResponse", _result_body(item))
        for name, item, *_ in RESULT_BAD
    ]
    found += [
        ("many-errors", "jobResponseBase", {"zz": 1, "aa": 2, "status": 3, "error": {"q": 1}}),
        ("not-an-object", "jobResponseBase", [1, 2]),
        ("nulls", "classificationJobResponse", {"status": None, "error": None, "result": None}),
        ("null-detail", "jobResponseBase", {"error": {"details": [None, {"code": 5}]}}),
    ]
    return found


def _outcome(body: Any, declared: str) -> tuple[str, Any]:
    try:
        return "loaded", load_entity(copy.deepcopy(body), declared, JOB_TYPES)
    except ValidationError as error:
        return "rejected", (error.messages, [path for path, _ in error_paths(error.messages)])


BODIES = _bodies()


@pytest.mark.parametrize(("declared", "body"), [b[1:] for b in BODIES], ids=[b[0] for b in BODIES])
def test_the_shortcut_loads_as_marshmallow_does(
    monkeypatch: pytest.MonkeyPatch, declared: str, body: Any
) -> None:
    shortcut = _outcome(body, declared)
    monkeypatch.setattr(build.GraphSchema, "load", Schema.load)
    monkeypatch.setattr(build.PolymorphicSchema, "load", OneOfSchema.load)
    monkeypatch.setattr(build.GraphSchema, "_deserialize", Schema._deserialize)
    monkeypatch.setattr(graph_fields.StrictField, "deserialize", fields.Field.deserialize)
    monkeypatch.setattr(graph_fields.List, "_deserialize", fields.List._deserialize)
    assert shortcut == _outcome(body, declared)
