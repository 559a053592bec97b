"""The dataClassification singleton through the official SDK: GET and PATCH, typed."""

from __future__ import annotations

from typing import Any

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.data_classification.data_classification_request_builder import (
    DataClassificationRequestBuilder,
)
from msgraph_beta.generated.models.data_classification_service import DataClassificationService

from tests.sdk.support import Run


def test_get_is_the_typed_singleton_with_its_id(graph: GraphServiceClient, run: Run[Any]) -> None:
    service = run(graph.data_classification.get())
    assert type(service) is DataClassificationService
    assert service.id and run(graph.data_classification.get()).id == service.id
    query = DataClassificationRequestBuilder.DataClassificationRequestBuilderGetQueryParameters(
        select=["id"]
    )
    config = RequestConfiguration(query_parameters=query)
    assert run(graph.data_classification.get(request_configuration=config)).id == service.id


def test_patch_changes_nothing_and_answers_the_singleton(
    graph: GraphServiceClient, run: Run[Any]
) -> None:
    before = run(graph.data_classification.get())
    patched = run(graph.data_classification.patch(DataClassificationService()))
    assert type(patched) is DataClassificationService
    assert patched.id == before.id
