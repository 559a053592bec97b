"""The collections the SDK reaches below the singleton, as one table the SDK tests share: how to
reach each from a client, a body with every property the SDK writes, a change to PATCH.

Imported only where the SDK is installed (``tox -e sdk``), never by the default suite.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.application_mode import ApplicationMode
from msgraph_beta.generated.models.classification_error import ClassificationError
from msgraph_beta.generated.models.classification_job_response import ClassificationJobResponse
from msgraph_beta.generated.models.classification_method import ClassificationMethod
from msgraph_beta.generated.models.dlp_evaluate_policies_job_response import (
    DlpEvaluatePoliciesJobResponse,
)
from msgraph_beta.generated.models.evaluate_label_job_response import EvaluateLabelJobResponse
from msgraph_beta.generated.models.exact_data_match_store_column import (
    ExactDataMatchStoreColumn,
)
from msgraph_beta.generated.models.exact_match_data_store import ExactMatchDataStore
from msgraph_beta.generated.models.exact_match_session import ExactMatchSession
from msgraph_beta.generated.models.exact_match_upload_agent import ExactMatchUploadAgent
from msgraph_beta.generated.models.job_response_base import JobResponseBase
from msgraph_beta.generated.models.label_action_source import LabelActionSource
from msgraph_beta.generated.models.sensitive_type import SensitiveType
from msgraph_beta.generated.models.sensitive_type_scope import SensitiveTypeScope
from msgraph_beta.generated.models.sensitive_type_source import SensitiveTypeSource
from msgraph_beta.generated.models.sensitivity_label import SensitivityLabel
from msgraph_beta.generated.models.sensitivity_label_target import SensitivityLabelTarget

from tests.sdk.support import Run

EAST = timezone(timedelta(hours=3))
WHEN = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=EAST)
COLUMN = "#microsoft.graph.exactDataMatchStoreColumn"  # the mock serves complex values typed


def sensitive_type(name: str) -> SensitiveType:
    return SensitiveType(
        name=name,
        description="Sixteen digits, Luhn-checked.",
        classification_method=ClassificationMethod.PatternMatch,
        last_modified_date_time=WHEN,
        publisher_name="Contoso",
        rule_package_id="8a3b1c2d-0000-4000-8000-000000000001",
        rule_package_type="custom",
        scope=SensitiveTypeScope.FullDocument,  # a flags property: the SDK sends one member
        sensitive_type_source=SensitiveTypeSource.Tenant,
        state="active",
    )


def label(name: str) -> SensitivityLabel:
    return SensitivityLabel(
        display_name=name,
        name=name.lower(),
        description="Business data not for the public.",
        action_source=LabelActionSource.Manual,
        applicable_to=SensitivityLabelTarget.Email,  # flags, as sensitive_type's scope
        application_mode=ApplicationMode.Recommended,
        auto_tooltip="Recommended for contracts.",
        color="#ff8c00",
        has_protection=True,
        is_default=False,
        is_enabled=True,
        is_endpoint_protection_enabled=False,
        is_scoped_to_user=True,
        locale="en-US",
        priority=3,
        tool_tip="Confidential",
    )


def data_store(name: str) -> ExactMatchDataStore:
    return ExactMatchDataStore(
        display_name=name,
        description="Employee records.",
        data_last_updated_date_time=WHEN,
        columns=[
            ExactDataMatchStoreColumn(
                odata_type=COLUMN,
                name="ssn",
                is_searchable=True,
                is_case_insensitive=False,
                ignored_delimiters=["-"],
            ),
            ExactDataMatchStoreColumn(odata_type=COLUMN, name="surname", is_searchable=False),
        ],
    )


def session(name: str) -> ExactMatchSession:
    return ExactMatchSession(
        file_name=name,
        checksum="d41d8cd98f00b204e9800998ecf8427e",
        data_upload_u_r_i="https://upload.example.com/blob/1",
        fields=["ssn", "surname"],
        rows_per_block=1000,
        salt="pepper",
        upload_agent_id="c0ffee00-0000-4000-8000-000000000002",
        data_store_id="c0ffee00-0000-4000-8000-000000000003",
        state="uploading",
        total_block_count=4,
        remaining_block_count=3,
        total_job_count=2,
        remaining_job_count=2,
        creation_date_time=WHEN,
        start_date_time=datetime(2024, 5, 6, 4, 9, tzinfo=timezone.utc),
        error=ClassificationError(
            odata_type="#microsoft.graph.classificationError", code="throttled", message="Later."
        ),
    )


def upload_agent(name: str) -> ExactMatchUploadAgent:
    return ExactMatchUploadAgent(description=name, creation_date_time=WHEN)


def job(model: type[JobResponseBase]) -> Callable[[str], JobResponseBase]:
    """Jobs of one type, named by their status: ``odata_type`` set, as the SDK sends none."""
    odata_type = f"#microsoft.graph.{model.__name__[0].lower()}{model.__name__[1:]}"

    def new(name: str) -> JobResponseBase:
        return model(
            odata_type=odata_type,
            status=name,
            type="scheduled",
            tenant_id="c0ffee00-0000-4000-8000-000000000004",
            user_id="c0ffee00-0000-4000-8000-000000000005",
            creation_date_time=WHEN,
            start_date_time=datetime(2024, 5, 6, 4, 9, tzinfo=timezone.utc),
            error=ClassificationError(
                odata_type="#microsoft.graph.classificationError", code="partial", message="Two."
            ),
        )

    return new


def job_change(model: type[JobResponseBase]) -> Callable[[], JobResponseBase]:
    return lambda: model(status="completed", end_date_time=datetime(2024, 5, 6, 9, tzinfo=EAST))


def job_set(path: str, model: type[JobResponseBase]) -> Collection:
    """A job collection: any job type may be created in it; this one is its own."""
    return Collection(
        path,
        model,
        lambda graph, _: getattr(graph.data_classification, snake(path)),
        lambda builder, id_: builder.by_job_response_base_id(id_),
        job(model),
        job_change(model),
        "status",
        noun="job",
    )


def snake(name: str) -> str:
    """A Graph name as the SDK's attribute: ``classifyFileJobs`` -> ``classify_file_jobs``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def camel(attribute: str) -> str:
    """The other way: ``applicable_to`` -> ``applicableTo``."""
    head, *rest = attribute.split("_")
    return head + "".join(word.title() for word in rest)


def sublabels(graph: GraphServiceClient, ids: list[str]) -> Any:
    return graph.data_classification.sensitivity_labels.by_sensitivity_label_id(ids[0]).sublabels


def sessions(graph: GraphServiceClient, ids: list[str]) -> Any:
    stores = graph.data_classification.exact_match_data_stores
    return stores.by_exact_match_data_store_id(ids[0]).sessions


@dataclass(frozen=True)
class Collection:
    """A collection the SDK reaches below the singleton, and how a test fills it."""

    path: str  # the set's path in the mock (docs/collections.md), its parent's before the last "/"
    model: type
    reach: Callable[[GraphServiceClient, list[str]], Any]  # its builder, given its parents' ids
    item: Callable[[Any, str], Any]  # the collection's builder, an id -> the item's builder
    new: Callable[[str], Any]  # a body with every property the SDK writes, named
    change: Callable[[], Any]  # a PATCH body
    named: str  # the string property ``new`` names (what $filter, $orderby, $select use here)
    flags: tuple[str, ...] = ()  # flags properties: sent as one member, read back as a list
    noun: str = "item"  # what the mock's 404 calls one


SETS = {
    c.path: c
    for c in (
        Collection(
            "sensitiveTypes",
            SensitiveType,
            lambda graph, _: graph.data_classification.sensitive_types,
            lambda builder, id_: builder.by_sensitive_type_id(id_),
            sensitive_type,
            lambda: SensitiveType(state="retired", scope=SensitiveTypeScope.PartialDocument),
            "name",
            ("scope",),
        ),
        Collection(
            "sensitivityLabels",
            SensitivityLabel,
            lambda graph, _: graph.data_classification.sensitivity_labels,
            lambda builder, id_: builder.by_sensitivity_label_id(id_),
            label,
            lambda: SensitivityLabel(priority=7, is_enabled=False),
            "displayName",
            ("applicable_to",),
        ),
        Collection(
            "sensitivityLabels/sublabels",
            SensitivityLabel,
            sublabels,
            lambda builder, id_: builder.by_sensitivity_label_id1(id_),
            label,
            lambda: SensitivityLabel(color="#00ff00", applicable_to=SensitivityLabelTarget.Site),
            "displayName",
            ("applicable_to",),
        ),
        Collection(
            "exactMatchDataStores",
            ExactMatchDataStore,
            lambda graph, _: graph.data_classification.exact_match_data_stores,
            lambda builder, id_: builder.by_exact_match_data_store_id(id_),
            data_store,
            lambda: ExactMatchDataStore(
                columns=[ExactDataMatchStoreColumn(odata_type=COLUMN, name="iban")]
            ),
            "displayName",
        ),
        Collection(
            "exactMatchDataStores/sessions",
            ExactMatchSession,
            sessions,
            lambda builder, id_: builder.by_exact_match_session_id(id_),
            session,
            lambda: ExactMatchSession(state="completed", remaining_block_count=0),
            "fileName",
        ),
        Collection(
            "exactMatchUploadAgents",
            ExactMatchUploadAgent,
            lambda graph, _: graph.data_classification.exact_match_upload_agents,
            lambda builder, id_: builder.by_exact_match_upload_agent_id(id_),
            upload_agent,
            lambda: ExactMatchUploadAgent(creation_date_time=datetime(2025, 1, 2, tzinfo=EAST)),
            "description",
        ),
        job_set("jobs", JobResponseBase),
        job_set("classifyFileJobs", ClassificationJobResponse),
        job_set("classifyTextJobs", ClassificationJobResponse),
        job_set("evaluateDlpPoliciesJobs", DlpEvaluatePoliciesJobResponse),
        job_set("evaluateLabelJobs", EvaluateLabelJobResponse),
    )
}


def parents(graph: GraphServiceClient, run: Run[Any], collection: Collection) -> list[str]:
    """Create what holds an item of ``collection`` (a label for a sublabel): its ids."""
    parent, _, _ = collection.path.rpartition("/")
    if not parent:
        return []
    above = SETS[parent]
    ids = parents(graph, run, above)
    return [*ids, run(above.reach(graph, ids).post(above.new("parent"))).id]


def container(collection: Collection, ids: list[str]) -> str:
    """The mock's name for the items inside these parents: ``sensitivityLabels/<id>/sublabels``."""
    first, *names = collection.path.split("/")
    return "/".join([first, *(part for pair in zip(ids, names, strict=True) for part in pair)])


def query(builder: Any, **options: Any) -> RequestConfiguration[Any]:
    """The builder's own GET query parameters class, as a user fills it."""
    parameters = getattr(type(builder), f"{type(builder).__name__}GetQueryParameters")
    return RequestConfiguration(query_parameters=parameters(**options))
