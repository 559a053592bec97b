"""Schemathesis against the served OpenAPI document, in process (WSGI).

For every operation, requests generated from the document (valid ones and, in negative mode,
ones that break it) go to an app holding an item of every entity set; most requests by id
name the seeded items (their parents' too), so item paths are reached, not only their 404s.
Each answer must keep the invariants of ``tests/support/fuzzing.py`` and agree with the
document: a documented status, content type, headers and body schema. The default suite runs
a few examples per operation; ``HYPOTHESIS_PROFILE=fuzz`` (``tox -e fuzz``) runs many more,
plus schemathesis's coverage phase (its systematic boundary and type-confusion cases).
"""

from __future__ import annotations

import schemathesis
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from mockgraph import create_app
from tests.support.fuzzing import assert_answered_well, reset_and_seed, seeded_path_parameters
from tests.support.graph import FUZZING

APP = create_app()
# Deterministic in both runs: schemathesis 4.32's generator can fail at random on its own (an
# internal "InvalidSchema: Cannot generate an array with 1 demanded elements" when it breaks
# the recursive classificationError.details on purpose), and a fuzz run must fail only for the
# mock. The same examples every time; the long run has far more of them.
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": 100 if FUZZING else 20, "deterministic": True},
        "phases": {"coverage": {"enabled": FUZZING}},
    }
)
SCHEMA = schemathesis.openapi.from_wsgi("/_mockgraph/openapi.json", APP, config=CONFIG)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    # Left out: ignored_auth (the mock takes any bearer token, by design);
    # positive_data_acceptance (a $filter must be OData, a $skiptoken one the mock issued, and
    # $skip and $skiptoken exclude each other: no JSON Schema says so, and a schema-valid query
    # may be a 400); negative_data_rejection (as Graph does, the mock reads @odata.type without
    # "#" and in any letter case, which the discriminator's exact mapping keys do not allow).
]
AUTHORIZATION = {"Authorization": "Bearer fuzz"}  # the default tenant, where the items are


@SCHEMA.parametrize()
def test_every_operation_keeps_its_document_and_the_invariants(case: schemathesis.Case) -> None:
    before = reset_and_seed(APP)
    ids = case.path_parameters or {}
    first = next(iter(ids.values()), None)
    if isinstance(first, str) and len(first) % 3:  # most requests by id address stored items
        case.path_parameters = {**ids, **seeded_path_parameters(case.path)}
    response = case.call(headers=AUTHORIZATION)
    content_type = response.headers.get("content-type", [""])[0]
    assert_answered_well(
        APP, before, response.status_code, content_type, response.content, case.method
    )
    case.validate_response(response, checks=CHECKS, headers=AUTHORIZATION)
