"""The SDK's operations under ``dataClassification``, counted from its own request builders, against
the mock's route table and against what this suite drives.

An operation is a request builder's ``to_<method>_request_information``: its HTTP method and URL
template. It is a navigation (not an action or a function) when every segment of its path is a
navigation property of the SDK's model the segment before leads to (an entity, or a collection
of entities), a key after a collection, or ``$count`` at the end of one: what the SDK's models
say, not what the mock serves.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from unittest.mock import Mock

import httpx
import msgraph_beta
import pytest
from kiota_abstractions.base_request_builder import BaseRequestBuilder
from msgraph_beta.generated.models.data_classification_service import DataClassificationService
from msgraph_beta.generated.models.entity import Entity

from mockgraph.http.service import ROUTES
from mockgraph.paths import SERVICE_ROOT, SINGLETON_PATH

PACKAGE = Path(msgraph_beta.__file__).parent
BUILDERS = PACKAGE / "generated" / "data_classification"
HERE = Path(__file__).parent
KEY = re.compile(r"\{[^}?]+\}")  # a path parameter: {sensitivityLabel%2Did}
FUNCTION = re.compile(r"\(.*\)$")  # a function's parameters: (labelIds={labelIds},...)
NAVIGATIONS = 73  # of the SDK's 85 operations here: the count
ACTIONS = [  # and the other 12, by the last segment of their path
    "cancel",
    "classifyExactMatches",
    "classifyFile",
    "commit",
    "computeInheritance(labelIds={labelIds},locale='{locale}',contentFormats={contentFormats})",
    "computeInheritance(labelIds={labelIds},locale='{locale}',contentFormats={contentFormats})",
    "computeRightsAndInheritance",
    "computeRightsAndInheritance",
    "evaluate",
    "evaluate",
    "lookup",
    "renew",
]
# The one set the mock serves that the SDK does not have (sdk_metadata.py says why).
NOT_IN_THE_SDK = "labelsAndPoliciesEvaluationJobs"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the URL template's path below the service root: /dataClassification/...

    @property
    def route(self) -> str:
        """The mock's route template for it: every parameter ``{id}``, a function's
        parameters ``(...)``."""
        return SERVICE_ROOT + KEY.sub("{id}", FUNCTION.sub("(...)", self.path))

    @property
    def called(self) -> re.Pattern[str]:
        """The paths a call of it has: each parameter any text without a "/"."""
        parts = [re.escape(part) for part in KEY.split(SERVICE_ROOT + self.path)]
        return re.compile("[^/]+".join(parts))

    def __str__(self) -> str:
        return f"{self.method} {self.route}"


def _builders() -> Iterator[type[BaseRequestBuilder]]:
    for path in sorted(BUILDERS.rglob("*_request_builder.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for found in vars(importlib.import_module(name)).values():
            if inspect.isclass(found) and issubclass(found, BaseRequestBuilder):
                if found.__module__ == name:
                    yield found


@cache
def sdk_operations() -> tuple[Operation, ...]:
    """Every operation of every request builder, from the request the SDK would build."""
    found = []
    for builder_class in _builders():
        builder = builder_class(Mock(), {})
        for name in dir(builder):
            if re.fullmatch(r"to_\w+_request_information", name):
                build = getattr(builder, name)
                body = [Mock()] if "body" in inspect.signature(build).parameters else []
                info = build(*body)
                path = info.url_template.removeprefix("{+baseurl}").split("{?")[0]
                found.append(Operation(info.http_method.value, path))
    return tuple(found)


@cache
def _target(model: type, name: str) -> tuple[type, bool] | None:
    """The entity type a navigation property of ``model`` leads to, and whether it is a
    collection; None if ``model`` has no such property (an action's or a function's segment).
    The SDK's deserializer for the property says, called on a parse node that records."""
    deserialize = model().get_field_deserializers().get(name)
    if deserialize is None:
        return None
    node = Mock()
    deserialize(node)
    for call in node.method_calls:
        reader, args = call[0], call[1]
        if reader in ("get_object_value", "get_collection_of_object_values"):
            if issubclass(args[0], Entity):
                return args[0], reader == "get_collection_of_object_values"
    return None


def is_navigation(operation: Operation) -> bool:
    """Whether each segment of the operation's path navigates the SDK's models."""
    model, many = DataClassificationService, False
    segments = operation.path.removeprefix("/dataClassification").split("/")[1:]
    for index, segment in enumerate(segments):
        if KEY.fullmatch(segment) or segment == "$count":
            if not many or (segment == "$count" and index != len(segments) - 1):
                return False
            many = False
            continue
        target = _target(model, segment)
        if target is None:
            return False
        model, many = target
    return True


def navigations() -> list[Operation]:
    return [operation for operation in sdk_operations() if is_navigation(operation)]


def served() -> set[tuple[str, str]]:
    """The (method, route template) pairs the mock serves below the singleton."""
    return {
        (method, route.template)
        for route in ROUTES
        if route.template.startswith(SINGLETON_PATH)
        for method in route.views
    }


def test_the_sdk_has_85_operations_73_of_them_not_actions() -> None:
    operations = sdk_operations()
    assert len(operations) == len(set(operations)) == NAVIGATIONS + len(ACTIONS)
    assert len(navigations()) == NAVIGATIONS
    others = [op for op in operations if not is_navigation(op)]
    assert sorted(op.path.rsplit("/", 1)[1] for op in others) == ACTIONS


@pytest.mark.parametrize("operation", sdk_operations(), ids=str)
def test_each_operation_is_served(operation: Operation) -> None:
    assert (operation.method, operation.route) in served()


def test_the_mock_serves_no_other_operation() -> None:
    sdk = {(op.method, op.route) for op in sdk_operations()}
    extra = {(method, route) for method, route in served() - sdk}
    assert {route.split("/")[3] for _, route in extra} == {NOT_IN_THE_SDK}
    assert len(extra) == 6


def _driven(entries: list[dict[str, Any]]) -> set[str]:
    """The operations the journal's calls were (as ``GET /beta/.../{id}``), answered with a
    success."""
    patterns = {str(op): (op.method, op.called) for op in sdk_operations()}
    return {
        name
        for entry in entries
        if entry["status"] < 400
        for name, (method, pattern) in patterns.items()
        if entry["method"] == method and pattern.fullmatch(entry["path"])
    }


@pytest.fixture(scope="session")
def at_the_end(mock_url: str) -> Iterator[list[Callable[[list[dict[str, Any]]], None]]]:
    """Checks to run on the mock's journal (every tenant's calls) once every test has run: a
    session fixture's teardown, so a failure there is an error at the last test's teardown."""
    checks: list[Callable[[list[dict[str, Any]]], None]] = []
    yield checks
    if checks:
        admin = f"{mock_url.removesuffix(SERVICE_ROOT)}/_mockgraph/requests"
        journal = httpx.get(admin, params={"path": f"{SINGLETON_PATH}*"}).json()
        # Past its size (MOCKGRAPH_JOURNAL_SIZE, 1000 calls) the journal drops the oldest.
        assert journal["dropped"] == 0, "the journal dropped calls: it cannot tell what ran"
        for check in checks:
            check(journal["value"])


def _whole_suite(session: pytest.Session) -> bool:
    ran = {item.path for item in session.items}
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    deselected = reporter.stats.get("deselected") if reporter is not None else None
    return set(HERE.glob("sdk_*.py")) <= ran and not deselected


def test_each_operation_is_driven(
    request: pytest.FixtureRequest, at_the_end: list[Callable[[list[dict[str, Any]]], None]]
) -> None:
    if not _whole_suite(request.session):
        why = "only a run of all of tests/sdk tells which operations the suite drives"
        if os.environ.get("MOCKGRAPH_SDK_COVERAGE") == "required":  # as .ci/run runs it
            pytest.fail(f"{why}; this run is not one")
        pytest.skip(why)
    every = {str(op) for op in sdk_operations()}

    def check(entries: list[dict[str, Any]]) -> None:
        missing = sorted(every - _driven(entries))
        assert not missing, f"no test drove (or none that ran succeeded): {missing}"

    at_the_end.append(check)
