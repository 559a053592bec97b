"""The CSDL's rule through the SDK: every collection is Collection(jobResponseBase)."""

from __future__ import annotations

from typing import Any

import pytest
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse
from msgraph_beta.generated.models.dlp_evaluate_policies_job_response import (
    DlpEvaluatePoliciesJobResponse,
)
from msgraph_beta.generated.models.evaluate_label_job_response import EvaluateLabelJobResponse
from msgraph_beta.generated.models.job_response_base import JobResponseBase
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError

from tests.sdk.support import Run

MODELS = {
    "#microsoft.graph.classificationJobResponse": ClassificationJobResponse,
    "#microsoft.graph.dlpEvaluatePoliciesJobResponse": DlpEvaluatePoliciesJobResponse,
    "#microsoft.graph.evaluateLabelJobResponse": EvaluateLabelJobResponse,
}


@pytest.mark.parametrize("odata_type", list(MODELS))
def test_evaluate_dlp_policies_jobs_takes_any_job_type(
    graph: GraphServiceClient, run: Run[Any], odata_type: str
) -> None:
    model = MODELS[odata_type]
    collection = graph.data_classification.evaluate_dlp_policies_jobs
    created = run(collection.post(model(odata_type=odata_type, status="notStarted")))
    assert type(created) is model
    for builder in (collection, graph.data_classification.jobs):
        assert type(run(builder.by_job_response_base_id(created.id).get())) is model
    with pytest.raises(ODataError) as raised:  # not visible through another typed collection
        run(graph.data_classification.classify_file_jobs.by_job_response_base_id(created.id).get())
    assert raised.value.response_status_code == 404


def test_a_model_posted_without_odata_type_comes_back_as_the_base(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    # The SDK's subclasses leave odata_type None, and then send no @odata.type: Graph reads
    # the body as the declared jobResponseBase, whatever the collection.
    collection = graph.data_classification.classify_file_jobs
    created = run(collection.post(ClassificationJobResponse(status="notStarted")))
    assert type(created) is JobResponseBase
    assert created.odata_type == "#microsoft.graph.jobResponseBase"
