"""The service's actions through the official SDK: what a client classifies comes back typed,
as a job it can read again."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import pytest
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.data_classification.classify_exact_matches.classify_exact_matches_post_request_body import (  # noqa: E501
    ClassifyExactMatchesPostRequestBody,
)
from msgraph_beta.generated.data_classification.classify_file.classify_file_post_request_body import (  # noqa: E501
    ClassifyFilePostRequestBody,
)
from msgraph_beta.generated.data_classification.exact_match_data_stores.item.lookup.lookup_post_request_body import (  # noqa: E501
    LookupPostRequestBody,
)
from msgraph_beta.generated.data_classification.exact_match_data_stores.item.lookup.lookup_post_response import (  # noqa: E501
    LookupPostResponse,
)
from msgraph_beta.generated.data_classification.sensitivity_labels.compute_rights_and_inheritance.compute_rights_and_inheritance_post_request_body import (  # noqa: E501
    ComputeRightsAndInheritancePostRequestBody,
)
from msgraph_beta.generated.data_classification.sensitivity_labels.evaluate.evaluate_post_request_body import (  # noqa: E501
    EvaluatePostRequestBody,
)
from msgraph_beta.generated.models.application_mode import ApplicationMode
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse
from msgraph_beta.generated.models.compute_rights_and_inheritance_result import (
    ComputeRightsAndInheritanceResult,
)
from msgraph_beta.generated.models.current_label import CurrentLabel
from msgraph_beta.generated.models.detected_sensitive_content import DetectedSensitiveContent
from msgraph_beta.generated.models.discovered_sensitive_type import DiscoveredSensitiveType
from msgraph_beta.generated.models.evaluate_label_job_response import EvaluateLabelJobResponse
from msgraph_beta.generated.models.exact_data_match_store_column import (
    ExactDataMatchStoreColumn,
)
from msgraph_beta.generated.models.exact_match_classification_result import (
    ExactMatchClassificationResult,
)
from msgraph_beta.generated.models.exact_match_data_store import ExactMatchDataStore
from msgraph_beta.generated.models.exact_match_detected_sensitive_content import (
    ExactMatchDetectedSensitiveContent,
)
from msgraph_beta.generated.models.exact_match_session import ExactMatchSession
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_beta.generated.models.protected_content import ProtectedContent
from msgraph_beta.generated.models.sensitivity_label import SensitivityLabel

from mockgraph.features.tenant_defaults import (
    CONFIDENTIAL,
    CONFIDENTIAL_ALL_EMPLOYEES,
    CONFIDENTIAL_SPECIFIC_PEOPLE,
    CREDIT_CARD_NUMBER,
    GENERAL,
    HIGHLY_CONFIDENTIAL,
    HIGHLY_CONFIDENTIAL_ALL_EMPLOYEES,
    HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE,
    IBAN,
    PUBLIC,
)
from tests.sdk.support import Admin, Run

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


# The other actions: exact data match, upload sessions, the labels' evaluate and rights.
COLUMNS = [
    ExactDataMatchStoreColumn(name="ssn", is_searchable=True, ignored_delimiters=["-"]),
    ExactDataMatchStoreColumn(name="name", is_searchable=True, is_case_insensitive=True),
    ExactDataMatchStoreColumn(name="birthdate", is_searchable=False),
]
ROWS = [
    {"ssn": "123-45-6789", "name": "Ada Lovelace", "birthdate": "1815-12-10"},
    {"ssn": "987654321", "name": "Alan Turing", "birthdate": "1912-06-23"},
]


@pytest.fixture
def data_store(graph: GraphServiceClient, run: Run[Any], admin: Admin) -> str:
    made = ExactMatchDataStore(display_name="Employees", columns=COLUMNS)
    store_id: str = run(graph.data_classification.exact_match_data_stores.post(made)).id
    admin.call("PUT", f"exactMatchDataStores/{store_id}/rows", {"rows": ROWS})
    return store_id


def test_classify_exact_matches_finds_the_loaded_rows(
    graph: GraphServiceClient, run: Run[Any], data_store: str
) -> None:
    text = "Payroll: 123456789 (born 1815-12-10)."
    body = ClassifyExactMatchesPostRequestBody(text=text)
    result = run(graph.data_classification.classify_exact_matches.post(body))
    assert isinstance(result, ExactMatchClassificationResult)
    (found,) = result.classification or []
    assert isinstance(found, ExactMatchDetectedSensitiveContent)
    assert (str(found.id), found.display_name, found.unique_count) == (data_store, "Employees", 1)
    (match,) = found.matches or []
    assert (match.id_match, match.offset, match.length, match.confidence) == (
        "123456789",
        text.index("123456789"),
        9,
        95,
    )
    assert [e.match for e in match.evidences or []] == ["1815-12-10"]


def test_lookup_answers_the_matching_rows(
    graph: GraphServiceClient, run: Run[Any], data_store: str
) -> None:
    item = graph.data_classification.exact_match_data_stores.by_exact_match_data_store_id
    body = LookupPostRequestBody(key="name", values=["ALAN TURING"], result_column_names=["ssn"])
    answer = run(item(data_store).lookup.post(body))
    assert isinstance(answer, LookupPostResponse)
    assert answer.value == ["987654321"]


def test_a_session_is_renewed_committed_and_canceled(
    graph: GraphServiceClient, run: Run[Any], data_store: str
) -> None:
    stores = graph.data_classification.exact_match_data_stores
    sessions = stores.by_exact_match_data_store_id(data_store).sessions
    first = run(sessions.post(ExactMatchSession(total_block_count=2)))
    assert (first.state, first.data_store_id, first.remaining_block_count) == (
        "uploading",
        data_store,
        2,
    )
    session = sessions.by_exact_match_session_id(first.id)
    renewed = run(session.renew.post())
    assert isinstance(renewed, ExactMatchSession) and renewed.state == "uploading"
    assert run(session.commit.post()) is None
    done = run(session.get())
    assert (done.state, done.remaining_block_count) == ("completed", 0)
    assert done.upload_completion_date_time is not None
    with pytest.raises(ODataError) as caught:
        run(session.cancel.post())
    assert (caught.value.response_status_code, caught.value.error.code) == (409, "conflict")
    second = sessions.by_exact_match_session_id(run(sessions.post(ExactMatchSession())).id)
    assert run(second.cancel.post()) is None
    assert run(second.get()).state == "canceled"


@pytest.fixture
def labels(graph: GraphServiceClient, admin: Admin) -> Any:
    """The sensitivity labels of a tenant seeded with the defaults (taxonomy and rights)."""
    admin.call("POST", "seed", {"defaults": True})
    return graph.data_classification.sensitivity_labels


def test_evaluate_answers_the_label_the_rules_choose(
    graph: GraphServiceClient, run: Run[Any], labels: Any
) -> None:
    found = DiscoveredSensitiveType(id=UUID(CREDIT_CARD_NUMBER), count=12, confidence=85)
    job = run(labels.evaluate.post(EvaluatePostRequestBody(discovered_sensitive_types=[found])))
    assert isinstance(job, EvaluateLabelJobResponse)
    assert (job.status, job.type) == ("completed", "evaluate")
    automatic = job.result.automatic
    assert automatic.sensitivity_label.id == HIGHLY_CONFIDENTIAL
    assert automatic.sensitivity_label.application_mode == ApplicationMode.Automatic
    assert [t.name for t in automatic.responsible_sensitive_types] == ["Credit Card Number"]
    jobs = graph.data_classification.evaluate_label_jobs
    again = run(jobs.by_job_response_base_id(job.id).get())
    assert isinstance(again, EvaluateLabelJobResponse)
    assert again.result.automatic.sensitivity_label.id == HIGHLY_CONFIDENTIAL


def test_evaluate_under_a_label_chooses_among_its_sublabels(run: Run[Any], labels: Any) -> None:
    found = DiscoveredSensitiveType(id=UUID(IBAN), count=1, confidence=85)
    manual = CurrentLabel(id=PUBLIC, application_mode=ApplicationMode.Manual)
    body = EvaluatePostRequestBody(discovered_sensitive_types=[found], current_label=manual)
    sublabels = labels.by_sensitivity_label_id(CONFIDENTIAL).sublabels
    job = run(sublabels.evaluate.post(body))
    assert job.result.automatic is None
    assert job.result.recommended.sensitivity_label.id == CONFIDENTIAL_ALL_EMPLOYEES


def _rights_body(*label_ids: str) -> ComputeRightsAndInheritancePostRequestBody:
    contents = [ProtectedContent(cid=f"doc{i}", format="file", label_id=label_id)
                for i, label_id in enumerate(label_ids)]  # fmt: skip
    return ComputeRightsAndInheritancePostRequestBody(
        protected_contents=contents, supported_content_formats=["file"]
    )


def test_compute_rights_and_inheritance(run: Run[Any], labels: Any) -> None:
    body = _rights_body(GENERAL, HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE)
    result = run(labels.compute_rights_and_inheritance.post(body))
    assert isinstance(result, ComputeRightsAndInheritanceResult)
    assert result.inherited_label.id == HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE
    assert [(r.cid, r.label.id) for r in result.content_rights] == [
        ("doc0", GENERAL),
        ("doc1", HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE),
    ]
    sublabels = labels.by_sensitivity_label_id(CONFIDENTIAL).sublabels
    inner = run(sublabels.compute_rights_and_inheritance.post(_rights_body(
        CONFIDENTIAL_ALL_EMPLOYEES, CONFIDENTIAL_SPECIFIC_PEOPLE)))  # fmt: skip
    assert inner.inherited_label.id == CONFIDENTIAL_SPECIFIC_PEOPLE


def _inheritance(builder: Any, ids: list[str]) -> Any:
    return builder.compute_inheritance_with_label_ids_with_locale_with_content_formats(
        content_formats='["file"]', label_ids=json.dumps(ids), locale="en-US"
    )


def test_compute_inheritance_as_the_sdk_sends_it_is_refused(run: Run[Any], labels: Any) -> None:
    # std-uritemplate drops the commas between the parameters: no OData service parses that.
    with pytest.raises(ODataError) as caught:
        run(_inheritance(labels, [GENERAL, CONFIDENTIAL]).get())
    assert (caught.value.response_status_code, caught.value.error.code) == (400, "BadRequest")
    assert "no ',' after the value of 'labelIds'" in caught.value.error.message


def _with_commas(builder: Any, ids: list[str]) -> Any:
    # The workaround the docs give: the SDK's own URL with its two commas put back, through the
    # request builder's with_url.
    # --8<-- [start:with-url]
    request = _inheritance(builder, ids).to_get_request_information()
    request.path_parameters["baseurl"] = builder.request_adapter.base_url
    url = request.url.replace("%5Dlocale=", "%5D,locale=")
    url = url.replace("'contentFormats=", "',contentFormats=")
    fixed = _inheritance(builder, ids).with_url(url)  # then: label = await fixed.get()
    # --8<-- [end:with-url]
    return fixed


def test_compute_inheritance_with_the_commas_kept(run: Run[Any], labels: Any) -> None:
    label = run(_with_commas(labels, [GENERAL, CONFIDENTIAL]).get())
    assert isinstance(label, SensitivityLabel)
    assert (label.id, label.display_name) == (CONFIDENTIAL, "Confidential")
    sublabels = labels.by_sensitivity_label_id(HIGHLY_CONFIDENTIAL).sublabels
    ids = [HIGHLY_CONFIDENTIAL_ALL_EMPLOYEES, HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE]
    assert run(_with_commas(sublabels, ids).get()).id == HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE
