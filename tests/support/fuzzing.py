"""What every fuzzed request must leave true, and the store the fuzzing runs against.

After each request: no 5xx; an error is Graph's envelope, as JSON; a rejected (4xx) request
changed nothing stored; the mock recorded no exception of its own and still answers its health
check. The store holds an item of every entity set, in two tenants (``SEEDED_IDS``).
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from mockgraph.core.auth import DEFAULT_TENANT
from mockgraph.core.model.collections import COLLECTIONS, ENTITY_SETS, EntitySet
from mockgraph.core.store import JobStore
from mockgraph.features.seeding import seed_jobs
from mockgraph.http.current import state_of
from mockgraph.paths import SINGLETON_PATH
from tests.support import payloads

# One item in every entity set, with a known id, so requests by id can find something to
# change: a job per job collection; one of each other set, inside the seeded parents, so
# ``sensitivityLabels/fuzz-sensitivityLabels/sublabels/fuzz-sensitivityLabels-sublabels``
# exists, and so do the single-valued ``rights`` and ``uploadAgent`` below them.
SEEDED_IDS = {path: f"fuzz-{path.replace('/', '-')}" for path in ENTITY_SETS}
OTHER_TENANT = "fuzz-other-tenant"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
_WHEN = "2024-05-06T07:08:09.1234567Z"

# A valid body of every entity type that is not a job, every property of the type but its id
# in it.
ENTITIES: dict[str, dict[str, Any]] = {
    "sensitiveType": {
        "name": "Credit Card Number",
        "description": "Detects credit card numbers.",
        "classificationMethod": "patternMatch",
        "scope": "fullDocument,partialDocument",
        "sensitiveTypeSource": "outOfBox",
        "publisherName": "Microsoft Corporation",
        "rulePackageId": "00000000-0000-0000-0000-000000000000",
        "rulePackageType": "Entity",
        "state": "Published",
        "lastModifiedDateTime": _WHEN,
    },
    "sensitivityLabel": {
        "name": "Confidential",
        "displayName": "Confidential",
        "description": "Business data that could harm the business if shared.",
        "color": "#FF8C00",
        "toolTip": "Confidential data.",
        "autoTooltip": "",
        "locale": "en-US",
        "priority": 2,
        "isDefault": False,
        "isEnabled": True,
        "isEndpointProtectionEnabled": True,
        "isScopedToUser": False,
        "hasProtection": True,
        "applicableTo": ["email", "site"],
        "applicationMode": "recommended",
        "actionSource": "manual",
    },
    "usageRightsIncluded": {
        "ownerEmail": "owner@contoso.com",
        "userEmail": "user@contoso.com",
        "value": "view,edit,print",
    },
    "exactMatchDataStore": {
        "displayName": "Employees",
        "description": "Employee records.",
        "dataLastUpdatedDateTime": _WHEN,
        "columns": [
            {
                "@odata.type": "#microsoft.graph.exactDataMatchStoreColumn",
                "name": "EmployeeId",
                "isSearchable": True,
                "isCaseInsensitive": False,
                "ignoredDelimiters": ["-", " "],
            }
        ],
    },
    "exactMatchSession": {
        "dataStoreId": "fuzz-exactMatchDataStores",
        "checksum": "c2hhMjU2",
        "dataUploadURI": "https://contoso.blob.core.windows.net/edm/upload",
        "fields": ["EmployeeId"],
        "fileName": "employees.csv",
        "rowsPerBlock": 100000,
        "salt": "c2FsdA",
        "uploadAgentId": "fuzz-exactMatchUploadAgents",
        "state": "uploading",
        "totalBlockCount": 3,
        "remainingBlockCount": 2,
        "totalJobCount": 1,
        "remainingJobCount": 1,
        "creationDateTime": _WHEN,
        "startDateTime": _WHEN,
        "lastUpdatedDateTime": _WHEN,
        "uploadCompletionDateTime": None,
        "processingCompletionDateTime": None,
        "completionDateTime": None,
        "error": {"@odata.type": "#microsoft.graph.classificationError", "code": "none"},
    },
    "exactMatchUploadAgent": {"description": "Agent on host-1", "creationDateTime": _WHEN},
}


def entity(type_name: str) -> dict[str, Any]:
    """A fresh copy of the valid body of ``type_name``, a job's for a job type."""
    if type_name in payloads.JOB_TYPES:
        return payloads.job(type_name)
    return copy.deepcopy(ENTITIES[type_name])


def parents(entity_set: EntitySet) -> list[EntitySet]:
    """The sets holding the set's parents, from the top down."""
    found: list[EntitySet] = []
    while entity_set.parent is not None:
        entity_set = ENTITY_SETS[entity_set.parent]
        found.insert(0, entity_set)
    return found


def seeded_container(entity_set: EntitySet) -> str:
    """The store's key for the set's items inside its seeded parents."""
    return entity_set.container([SEEDED_IDS[parent.path] for parent in parents(entity_set)])


def seeded_url(entity_set: EntitySet, item: bool = True) -> str:
    """The URL of the set's seeded item (of the set, inside the seeded parents, if not
    ``item``; a single-valued set's own path either way)."""
    url = f"{SINGLETON_PATH}/{seeded_container(entity_set)}"
    return f"{url}/{SEEDED_IDS[entity_set.path]}" if item and entity_set.many else url


def seeded_path_parameters(template: str) -> dict[str, str]:
    """A path template's parameters (``{sensitivityLabel-id}``, whatever they are named) given
    the seeded ids of the sets they stand for."""
    names = template.removeprefix(SINGLETON_PATH + "/").split("/")
    found, held = {}, []
    for name in names:
        if name.startswith("{"):
            found[name.strip("{}")] = SEEDED_IDS["/".join(held)]
        else:
            held.append(name)
    return found


def reset_and_seed(app: Flask) -> dict[str, Any]:
    """Empty the app, seed the fuzzing items (in two tenants); returns the app's snapshot."""
    state = state_of(app)
    state.reset()
    state.store.restore(_seeded_state())
    return snapshot(app)


@cache
def _seeded_state() -> dict[str, list[dict[str, Any]]]:
    # Validated once, as a seed through the admin API would be; restored as is per example.
    store = JobStore()
    items = [_seeded_job(name) for name in COLLECTIONS]
    items += [_seeded_entity(s) for s in ENTITY_SETS.values() if not s.is_job]
    for tenant in (DEFAULT_TENANT, OTHER_TENANT):
        seed_jobs(store, tenant, None, items)
    return store.export()


def _seeded_job(collection: str) -> dict[str, Any]:
    # notStarted: a job a lifecycle poll or tick can move.
    job = payloads.job(_type_of(collection), status="notStarted")
    return {"collection": collection, "job": {**job, "id": SEEDED_IDS[collection]}}


def _seeded_entity(entity_set: EntitySet) -> dict[str, Any]:
    body = {**entity(entity_set.default_type), "id": SEEDED_IDS[entity_set.path]}
    return {"collection": seeded_container(entity_set), "entity": body}


def _type_of(collection: str) -> str:
    return COLLECTIONS[collection].named_type.removeprefix("microsoft.graph.")


def snapshot(app: Flask) -> dict[str, Any]:
    """Every item of every tenant and every fault rule, as independent data."""
    state = state_of(app)
    return {"jobs": state.store.export(), "faults": [r.to_dict() for r in state.faults.rules()]}


def _not_json(constant: str) -> Any:
    raise AssertionError(f"the answer holds {constant}, which is not JSON")


def strict_json(body: bytes) -> Any:
    """The body as JSON, failing on what Python's json writes but JSON has not (NaN, Infinity)."""
    return json.loads(body, parse_constant=_not_json)


def assert_graph_error(status: int, content_type: str, body: bytes, method: str = "GET") -> None:
    """An error answer is Graph's envelope: ``{"error": {code, message, innerError}}``, JSON."""
    assert 400 <= status < 500, (status, body[:500])
    assert content_type.startswith("application/json"), (status, content_type, body[:200])
    if method == "HEAD":
        assert body == b""
        return
    data = strict_json(body)
    assert isinstance(data, dict) and set(data) == {"error"}, data
    error = data["error"]
    assert set(error) - {"details"} == {"code", "message", "innerError"}, error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"], error
    inner = error["innerError"]
    assert set(inner) == {"date", "request-id", "client-request-id"}, inner
    assert all(isinstance(value, str) for value in inner.values()), inner
    assert _DATE.match(inner["date"]), inner
    details = error.get("details", [])
    assert isinstance(details, list), details
    assert all(isinstance(d, dict) and {"code", "message"} <= set(d) for d in details), details


def assert_answered_well(
    app: Flask,
    before: dict[str, Any],
    status: int,
    content_type: str,
    body: bytes,
    method: str = "GET",
) -> None:
    """The invariants every fuzzed request must keep (see the module's docstring)."""
    state = state_of(app)
    assert not state.exceptions, state.exceptions[-1]
    assert status < 500, (status, body[:1000])
    if content_type.startswith("application/json") and body:
        strict_json(body)
    if status >= 400:
        assert_graph_error(status, content_type, body, method)
        assert snapshot(app) == before, "a rejected request changed the store"
    health = app.test_client().get("/_mockgraph/health")
    assert health.status_code == 200 and health.get_json()["status"] == "ok"


def assert_served_well(app: Flask, before: dict[str, Any], response: TestResponse) -> None:
    """``assert_answered_well`` for an answer from Flask's test client."""
    method = response.request.method
    status, body = response.status_code, response.data
    content_type = response.content_type or ""  # a 204 has none
    assert_answered_well(app, before, status, content_type, body, method)
