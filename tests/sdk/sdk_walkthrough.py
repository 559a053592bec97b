"""The walk-through of docs/walkthrough.md in Python, with the official SDK: classify a document,
poll the job, evaluate the label, read the label's rights. The page embeds the sections below;
``tox -e sdk`` runs them against ``mockgraph serve``, whose tenant is seeded with the defaults."""

from __future__ import annotations

from typing import Any

from msgraph_beta import GraphServiceClient

from tests.sdk.support import Admin, Run

DOCUMENT = b"Card 4111 1111 1111 1111, exp 04/28, for order 7731."


# --8<-- [start:walkthrough]
from msgraph_beta.generated.data_classification.classify_file.classify_file_post_request_body import (  # noqa: E402, E501
    ClassifyFilePostRequestBody,
)
from msgraph_beta.generated.data_classification.sensitivity_labels.evaluate.evaluate_post_request_body import (  # noqa: E402, E501
    EvaluatePostRequestBody,
)
from msgraph_beta.generated.models.discovered_sensitive_type import (  # noqa: E402
    DiscoveredSensitiveType,
)


async def walk_through(graph: GraphServiceClient, document: bytes) -> dict[str, Any]:
    service = graph.data_classification
    # 1. Classify the document: the answer is a job, complete, with what the file holds.
    body = ClassifyFilePostRequestBody(file=document)
    job = await service.classify_file.post(body)
    # 2. Poll the job, as a client does until its status is "completed".
    job = await service.classify_file_jobs.by_job_response_base_id(job.id).get()
    found = job.result.classification
    # 3. Ask which label those findings call for.
    discovered = [
        DiscoveredSensitiveType(id=item.id, count=item.unique_count, confidence=item.confidence)
        for item in found
    ]
    body = EvaluatePostRequestBody(discovered_sensitive_types=discovered)
    evaluation = await service.sensitivity_labels.evaluate.post(body)
    chosen = evaluation.result.automatic or evaluation.result.recommended
    label = chosen.sensitivity_label
    # 4. Read what the caller may do with content carrying that label.
    labels = service.sensitivity_labels.by_sensitivity_label_id(label.id)
    rights = await labels.rights.get()
    return {
        "status": job.status,
        "found": [(item.display_name, item.unique_count) for item in found],
        "label": (label.display_name, label.application_mode.value),
        "rights": rights.value,
    }


# --8<-- [end:walkthrough]


def test_the_walk_through_runs_as_the_docs_show(
    graph: GraphServiceClient, run: Run[Any], admin: Admin
) -> None:
    admin.call("POST", "seed", {"defaults": True})  # what mockgraph serve gives every tenant
    seen = run(walk_through(graph, DOCUMENT))
    assert seen["status"] == "completed"
    assert seen["found"] == [("Credit Card Number", 1)]
    assert seen["label"] == ("Confidential", "recommended")
    assert [right.value for right in seen["rights"]] == ["owner"]  # Confidential's, as seeded
    assert admin.statuses("POST", "*/evaluate") == [200]
