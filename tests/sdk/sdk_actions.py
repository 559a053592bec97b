"""The service's actions through the official SDK: what a client classifies comes back typed,
as a job it can read again."""

from __future__ import annotations

from typing import Any

import pytest
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.data_classification.classify_file.classify_file_post_request_body import (  # noqa: E501
    ClassifyFilePostRequestBody,
)
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse
from msgraph_beta.generated.models.detected_sensitive_content import DetectedSensitiveContent
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError

from mockgraph.features.tenant_defaults import CREDIT_CARD_NUMBER
from tests.sdk.support import Run

DOCUMENT = "Paid by Visa card 4111 1111 1111 1111, expires 04/28."
CARD = "4111 1111 1111 1111"


def test_classify_file_answers_a_typed_job_with_what_the_file_holds(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    body = ClassifyFilePostRequestBody(file=DOCUMENT.encode())
    job = run(graph.data_classification.classify_file.post(body))
    assert isinstance(job, ClassificationJobResponse)
    assert (job.status, job.type) == ("completed", "classifyFile")
    assert job.end_date_time is not None and job.result is not None
    (found,) = job.result.classification or []
    assert isinstance(found, DetectedSensitiveContent)
    assert (str(found.id), found.display_name, found.unique_count) == (
        CREDIT_CARD_NUMBER,
        "Credit Card Number",
        1,
    )
    (match,) = found.matches or []
    assert (match.offset, match.length, match.id_match) == (DOCUMENT.index(CARD), len(CARD), CARD)
    again = run(graph.data_classification.classify_file_jobs.by_job_response_base_id(job.id).get())
    assert isinstance(again, ClassificationJobResponse)
    assert again.result is not None and again.result.classification is not None
    assert [c.display_name for c in again.result.classification] == ["Credit Card Number"]


def test_an_unknown_sensitive_type_is_a_400_naming_it(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    body = ClassifyFilePostRequestBody(file=b"x", sensitive_type_ids=["nope"])
    with pytest.raises(ODataError) as caught:
        run(graph.data_classification.classify_file.post(body))
    error = caught.value.error
    assert caught.value.response_status_code == 400
    assert error is not None and error.code == "invalidRequest"
    assert [d.target for d in error.details or []] == ["sensitiveTypeIds[0]"]
