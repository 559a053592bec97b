"""Graph's error wording: which segment a 404 names."""

from __future__ import annotations

import pytest

from mockgraph.core.errors import BadRequestError, ResourceNotFoundError, not_found

KNOWN = {"/beta", "/beta/dataClassification", "/beta/dataClassification/jobs"}


@pytest.mark.parametrize(
    ("path", "segment"),
    [
        ("/v1.0/dataClassification/jobs", "v1.0"),
        ("/dataClassification/jobs", "dataClassification"),
        ("/beta/dataClassification/nope/x", "nope"),
        ("/beta/dataClassification/jobs/x", "x"),
        ("/beta//dataClassification", ""),
        ("/beta/dataClassification/jobs", "jobs"),  # every segment resolves: the last
    ],
    ids=["other-version", "no-root", "unknown-set", "last", "empty-segment", "all-resolve"],
)
def test_the_first_segment_that_does_not_resolve_is_named(path: str, segment: str) -> None:
    error = not_found(path, resolves=KNOWN.__contains__)
    assert isinstance(error, ResourceNotFoundError)
    assert error.message == f"Resource not found for the segment '{segment}'."


@pytest.mark.parametrize(
    ("path", "segment"),
    [("/v1.0/me", "v1.0"), ("/_mockgraph/state", "_mockgraph"), ("/beta/a/b", "b")],
    ids=["other-version", "admin", "below-the-root"],
)
def test_without_routes_the_service_root_and_all_below_it_resolve(path: str, segment: str) -> None:
    assert not_found(path).message == f"Resource not found for the segment '{segment}'."


def test_a_relative_url_names_its_first_segment() -> None:
    # A batch request's absolute URL, read as a path (msgraph-sdk-python #1015).
    error = not_found("https:", BadRequestError)
    assert (error.code, error.message) == (
        "BadRequest",
        "Resource not found for the segment 'https:'.",
    )
