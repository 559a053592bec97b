"""The workload every server gets: the documented example job, the routes, the query strings.

The job body is the request example of Graph's "Add jobs" page, read from the repo's fixture
generated from that page (``fixtures/``), so the bench posts what the docs post (~850 bytes, as
the page sends it: indented).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
DOC_PAGE = "dataclassificationservice-post-jobs.md"

GRAPH_PREFIX = "/beta/dataClassification"
AUTH_HEADER = "Bearer mockgraph-bench"  # any token is the default tenant
SEED_JOBS = 200  # per server, before the load: enough for a list of 50 and a $filter
LIST_TOP = 50
FILTER_STATUS = "completed"  # half the seeded jobs; the other half is "running"
PATCH_BODY = {"status": "completed"}


def documented_job() -> dict[str, Any]:
    """The request body of the documented ``POST /dataClassification/jobs`` example (a copy)."""
    body: dict[str, Any] = json.loads(_documented_json())
    return body


@lru_cache(maxsize=1)
def _documented_json() -> str:
    for path in sorted(FIXTURES.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        request = fixture.get("request") or {}
        page = str((fixture.get("source") or {}).get("page", ""))
        if (
            page.endswith(DOC_PAGE)
            and request.get("method") == "POST"
            and isinstance(request.get("body"), dict)
        ):
            return json.dumps(request["body"])
    raise FileNotFoundError(f"no fixture in {FIXTURES} holds the POST example of {DOC_PAGE}")


def job_bytes(status: str | None = None) -> bytes:
    """The documented job as sent on the wire, optionally with another ``status``."""
    body = documented_job()
    if status is not None:
        body["status"] = status
    return json.dumps(body, indent=2).encode()


# What a client posts to the service's other sets: a tenant's sensitive type and a data store
# with its schema, as the SDK sends them (compact JSON).
SENSITIVE_TYPE = {
    "@odata.type": "#microsoft.graph.sensitiveType",
    "name": "Contoso Employee ID",
    "description": "Detects Contoso employee ids: CE- followed by 8 digits.",
    "classificationMethod": "patternMatch",
    "scope": "fullDocument,partialDocument",
    "sensitiveTypeSource": "tenant",
    "publisherName": "Contoso",
    "rulePackageId": "7e8f7c2a-5a0c-4a8e-9f3c-3a3f3c0b2a11",
    "rulePackageType": "custom",
    "state": "Enabled",
}
DATA_STORE = {
    "@odata.type": "#microsoft.graph.exactMatchDataStore",
    "displayName": "Patient records",
    "description": "Patients' identifiers, for exact data match",
    "dataLastUpdatedDateTime": "2026-11-30T08:00:00Z",
    "columns": [
        {"name": "PatientId", "isSearchable": True, "isCaseInsensitive": False},
        {"name": "SSN", "isSearchable": True, "ignoredDelimiters": ["-", " "]},
        {"name": "FirstName", "isSearchable": False, "isCaseInsensitive": True},
        {"name": "LastName", "isSearchable": False, "isCaseInsensitive": True},
    ],
}


def entity_bytes(body: dict[str, Any]) -> Any:
    """A maker of ``body``'s wire form, taking (and ignoring) a seed status as ``job_bytes``."""
    encoded = json.dumps(body).encode()
    return lambda status=None: encoded


def seed_status(index: int) -> str:
    """The status of the ``index``-th seeded job: every other one matches the ``$filter``."""
    return FILTER_STATUS if index % 2 == 0 else "running"


def graph_list_query() -> str:
    """The query of a list of 50, as Graph spells it."""
    return f"?$top={LIST_TOP}"


def graph_filter_query() -> str:
    """A filtered list of 50 (percent-encoded: wrk sends the path as given)."""
    return f"?$filter=status%20eq%20'{FILTER_STATUS}'&$top={LIST_TOP}"
