"""The official msgraph-beta-sdk client, unchanged, against ``mockgraph serve`` (``tox -e sdk``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from kiota_abstractions.authentication import AnonymousAuthenticationProvider
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.data_classification.classify_file_jobs.classify_file_jobs_request_builder import (  # noqa: E501
    ClassifyFileJobsRequestBuilder,
)
from msgraph_beta.generated.data_classification.classify_file_jobs.count.count_request_builder import (  # noqa: E501
    CountRequestBuilder,
)
from msgraph_beta.generated.models.classifcation_error_base import ClassifcationErrorBase
from msgraph_beta.generated.models.classification_error import ClassificationError
from msgraph_beta.generated.models.classification_inner_error import ClassificationInnerError
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse
from msgraph_beta.generated.models.classification_method import ClassificationMethod
from msgraph_beta.generated.models.content_processing_error_type import (
    ContentProcessingErrorType,
)
from msgraph_beta.generated.models.detected_sensitive_content import DetectedSensitiveContent
from msgraph_beta.generated.models.detected_sensitive_content_wrapper import (
    DetectedSensitiveContentWrapper,
)
from msgraph_beta.generated.models.machine_learning_detected_sensitive_content import (
    MachineLearningDetectedSensitiveContent,
)
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_beta.generated.models.processing_error import ProcessingError
from msgraph_beta.generated.models.sensitive_content_evidence import SensitiveContentEvidence
from msgraph_beta.generated.models.sensitive_content_location import SensitiveContentLocation
from msgraph_beta.generated.models.sensitive_type_source import SensitiveTypeSource

from tests.sdk.support import Connect, Run, bearer_provider, wire
from tests.support.graph import token_for

JOB = "#microsoft.graph.classificationJobResponse"
EAST = timezone(timedelta(hours=3))
CREATED = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=EAST)
STARTED = datetime(2024, 5, 6, 4, 9, 0, tzinfo=timezone.utc)
ENDED = datetime(2024, 5, 6, 9, 0, 0, 1, tzinfo=timezone(timedelta(hours=-7, minutes=-30)))


def error() -> ClassificationError:
    """A classificationError whose details are one of each error type."""
    return ClassificationError(
        odata_type="#microsoft.graph.classificationError",
        code="partialFailure",
        message="Some files could not be classified.",
        target="report.docx",
        inner_error=ClassificationInnerError(
            odata_type="#microsoft.graph.classificationInnerError",
            code="throttled",
            activity_id="4f6b9c1e-2a1d-4c55-9c1a-0b1f0e6f7a10",
            error_date_time=datetime(2024, 5, 6, 7, 9, 0, 500000, tzinfo=EAST),
        ),
        details=[
            ClassifcationErrorBase(odata_type="#microsoft.graph.classifcationErrorBase", code="a"),
            ClassificationError(odata_type="#microsoft.graph.classificationError", code="b"),
            ProcessingError(code="c", error_type=ContentProcessingErrorType.Transient),
        ],
    )


def result() -> DetectedSensitiveContentWrapper:
    """Detected content: a pattern match with its evidence, and a machine-learning match."""
    card = DetectedSensitiveContent(
        odata_type="#microsoft.graph.detectedSensitiveContent",
        id=uuid.UUID("50842eb7-edc8-4019-85dd-5a5c1f2bb085"),
        display_name="Credit Card Number",
        confidence=85,
        unique_count=1,
        classification_method=ClassificationMethod.PatternMatch,
        sensitive_type_source=SensitiveTypeSource.OutOfBox,
        matches=[
            SensitiveContentLocation(
                odata_type="#microsoft.graph.sensitiveContentLocation",
                id_match="4111111111111111",
                offset=10,
                length=16,
                confidence=85,
                evidences=[
                    SensitiveContentEvidence(
                        odata_type="#microsoft.graph.sensitiveContentEvidence",
                        match="visa",
                        offset=3,
                        length=4,
                    )
                ],
            )
        ],
    )
    resume = MachineLearningDetectedSensitiveContent(
        odata_type="#microsoft.graph.machineLearningDetectedSensitiveContent",
        id=uuid.UUID("9c4b1d0e-7d8a-4a4a-8f5e-3e2a1b0c9d8e"),
        display_name="Resumes",
        confidence=75,
        classification_method=ClassificationMethod.MachineLearning,
        model_version="2.1",
    )
    return DetectedSensitiveContentWrapper(
        odata_type="#microsoft.graph.detectedSensitiveContentWrapper", classification=[card, resume]
    )


def job(status: str = "running", created: datetime = CREATED) -> ClassificationJobResponse:
    """A full classificationJobResponse, ``odata_type`` set so the SDK sends ``@odata.type``."""
    return ClassificationJobResponse(
        odata_type=JOB,
        status=status,
        creation_date_time=created,
        start_date_time=STARTED,
        error=error(),
        result=result(),
    )


COLLECTIONS: dict[str, Callable[[GraphServiceClient], Any]] = {
    "jobs": lambda graph: graph.data_classification.jobs,
    "classifyFileJobs": lambda graph: graph.data_classification.classify_file_jobs,
    "classifyTextJobs": lambda graph: graph.data_classification.classify_text_jobs,
}


def assert_is_the_job(got: Any, sent: ClassificationJobResponse) -> None:
    """The right subclass at every level, and every value as sent."""
    assert type(got) is ClassificationJobResponse
    assert got.odata_type == JOB
    assert [type(detail) for detail in got.error.details] == [
        ClassifcationErrorBase,
        ClassificationError,
        ProcessingError,
    ]
    assert got.error.details[2].error_type is ContentProcessingErrorType.Transient
    assert [type(found) for found in got.result.classification] == [
        DetectedSensitiveContent,
        MachineLearningDetectedSensitiveContent,
    ]
    written = {k: v for k, v in wire(got).items() if k not in ("id", "@odata.context")}
    assert written == wire(sent)  # every value, datetimes with their offsets


@pytest.mark.parametrize("collection", ["classifyFileJobs", "classifyTextJobs", "jobs"])
def test_create_and_get_back_the_subclasses(
    graph: GraphServiceClient, run: Run[Any], collection: str
) -> None:
    builder = COLLECTIONS[collection](graph)
    sent = job()
    created = run(builder.post(sent))
    assert_is_the_job(created, sent)
    uuid.UUID(created.id)
    for where in dict.fromkeys([collection, "jobs"]):
        got = run(COLLECTIONS[where](graph).by_job_response_base_id(created.id).get())
        assert_is_the_job(got, sent)
        assert got.id == created.id


def test_datetimes_keep_their_offsets(graph: GraphServiceClient, run: Run[Any]) -> None:
    sent = job()
    builder = graph.data_classification.classify_file_jobs
    got = run(builder.by_job_response_base_id(run(builder.post(sent)).id).get())
    assert got.creation_date_time.utcoffset() == timedelta(hours=3)
    assert got.creation_date_time.microsecond == 123456
    assert got.start_date_time.utcoffset() == timedelta(0)
    inner = got.error.inner_error
    assert inner.error_date_time == datetime(2024, 5, 6, 7, 9, 0, 500000, tzinfo=EAST)
    assert inner.error_date_time.utcoffset() == timedelta(hours=3)


LISTS = [
    pytest.param("status eq 'completed'", [3, 2], id="status-eq"),
    # 02:00+03:00 is 23:00Z the day before: datetimes compare as instants, whatever the offset.
    pytest.param("creationDateTime gt 2024-05-05T22:30:00Z", [4, 3, 2], id="datetime-gt"),
    pytest.param(
        "status eq 'completed' and creationDateTime ge 2024-05-06T03:00:00+03:00", [3], id="and"
    ),
    pytest.param("startswith(status, 'fail')", [4], id="startswith"),
]


@pytest.mark.parametrize(("odata_filter", "hours"), LISTS)
def test_list_with_top_and_filter(
    graph: GraphServiceClient, run: Run[Any], odata_filter: str, hours: list[int]
) -> None:
    builder = graph.data_classification.classify_file_jobs
    for status, hour in [("running", 1), ("completed", 2), ("completed", 3), ("failed", 4)]:
        run(builder.post(job(status, created=datetime(2024, 5, 6, hour, tzinfo=EAST))))
    query = ClassifyFileJobsRequestBuilder.ClassifyFileJobsRequestBuilderGetQueryParameters(
        filter=odata_filter, top=1, count=True, orderby=["creationDateTime desc"]
    )
    page = run(builder.get(RequestConfiguration(query_parameters=query)))
    assert page.odata_count == len(hours)
    listed = list(page.value)
    while page.odata_next_link:  # one job a page: follow the server's links to the end
        assert len(page.value) == 1
        page = run(builder.with_url(page.odata_next_link).get())
        listed.extend(page.value)
    assert [found.creation_date_time.hour for found in listed] == hours
    assert all(type(found) is ClassificationJobResponse for found in listed)
    count = CountRequestBuilder.CountRequestBuilderGetQueryParameters(filter=odata_filter)
    assert run(builder.count.get(RequestConfiguration(query_parameters=count))) == len(hours)


@pytest.mark.parametrize(
    ("collection", "odata_type"),
    [("classifyFileJobs", JOB), ("jobs", None)],
    ids=["classifyFileJobs-typed", "jobs-untyped"],
)
def test_patch_sends_a_sparse_body(
    graph: GraphServiceClient, run: Run[Any], collection: str, odata_type: str | None
) -> None:
    created = run(graph.data_classification.classify_file_jobs.post(job()))
    item = COLLECTIONS[collection](graph).by_job_response_base_id(created.id)
    change = ClassificationJobResponse(
        odata_type=odata_type, status="completed", end_date_time=ENDED
    )
    wire = json.loads(item.to_patch_request_information(change).content)
    typed = {"@odata.type": JOB} if odata_type else {}
    assert wire == {
        **typed,
        "endDateTime": "2024-05-06T09:00:00.000001-07:30",
        "status": "completed",
    }
    expected = job("completed")  # what was not sent is kept
    expected.end_date_time = ENDED
    patched = run(item.patch(change))
    assert patched.end_date_time.utcoffset() == timedelta(hours=-7, minutes=-30)
    assert_is_the_job(patched, expected)
    again = run(graph.data_classification.jobs.by_job_response_base_id(created.id).get())
    assert_is_the_job(again, expected)


AFTER_DELETE: dict[str, Callable[[Any], Any]] = {  # the job's item builder -> a coroutine
    "get": lambda item: item.get(),
    "patch": lambda item: item.patch(ClassificationJobResponse(status="completed")),
    "delete-again": lambda item: item.delete(),
}


@pytest.mark.parametrize("collection", ["classifyFileJobs", "jobs"])
@pytest.mark.parametrize("then", list(AFTER_DELETE))
def test_deleted_job_is_an_odata_error_404(
    graph: GraphServiceClient, run: Run[Any], then: str, collection: str
) -> None:
    builder = graph.data_classification.classify_file_jobs
    created = run(builder.post(job()))
    assert run(builder.by_job_response_base_id(created.id).delete()) is None
    item = COLLECTIONS[collection](graph).by_job_response_base_id(created.id)
    with pytest.raises(ODataError) as caught:
        run(AFTER_DELETE[then](item))
    assert caught.value.response_status_code == 404
    assert caught.value.error.code == "itemNotFound"
    assert created.id in caught.value.error.message
    assert caught.value.error.inner_error.request_id
    assert run(graph.data_classification.jobs.get()).value == []


def test_another_tenant_gets_an_odata_error_404(
    graph: GraphServiceClient, connect: Connect, run: Run[Any]
) -> None:
    created = run(graph.data_classification.classify_file_jobs.post(job()))
    stranger = connect(bearer_provider(token_for(str(uuid.uuid4()))))
    with pytest.raises(ODataError) as caught:
        run(stranger.data_classification.jobs.by_job_response_base_id(created.id).get())
    assert (caught.value.response_status_code, caught.value.error.code) == (404, "itemNotFound")
    assert run(stranger.data_classification.jobs.get()).value == []


@pytest.mark.parametrize(
    "auth",
    [AnonymousAuthenticationProvider(), bearer_provider(""), bearer_provider("not.a.jwt")],
    ids=["anonymous-provider", "empty-token", "malformed-jwt"],
)
def test_no_valid_token_is_an_odata_error_401(connect: Connect, run: Run[Any], auth: Any) -> None:
    graph = connect(auth)
    with pytest.raises(ODataError) as caught:
        run(graph.data_classification.jobs.get())
    assert caught.value.response_status_code == 401
    assert caught.value.error.code == "InvalidAuthenticationToken"
