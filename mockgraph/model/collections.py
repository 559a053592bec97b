"""The job collections under ``/dataClassification`` and which job types each accepts."""

from __future__ import annotations

from dataclasses import dataclass

from mockgraph.model import types as t


@dataclass(frozen=True)
class JobCollection:
    """A navigation property of dataClassificationService holding jobs."""

    name: str
    default_type: str  # what a body without ``@odata.type`` is
    accepted_types: tuple[str, ...]


ALL_JOBS = "jobs"

# Graph declares every collection as jobResponseBase; a typed collection holds the base type
# and the job type it is named after (the docs list jobResponseBase items in classifyFileJobs).
COLLECTIONS: dict[str, JobCollection] = {
    c.name: c
    for c in (
        JobCollection(ALL_JOBS, t.JOB_RESPONSE_BASE, t.JOB_TYPES),
        JobCollection(
            "classifyFileJobs",
            t.CLASSIFICATION_JOB_RESPONSE,
            (t.JOB_RESPONSE_BASE, t.CLASSIFICATION_JOB_RESPONSE),
        ),
        JobCollection(
            "classifyTextJobs",
            t.CLASSIFICATION_JOB_RESPONSE,
            (t.JOB_RESPONSE_BASE, t.CLASSIFICATION_JOB_RESPONSE),
        ),
        JobCollection(
            "evaluateDlpPoliciesJobs",
            t.DLP_EVALUATE_POLICIES_JOB_RESPONSE,
            (t.JOB_RESPONSE_BASE, t.DLP_EVALUATE_POLICIES_JOB_RESPONSE),
        ),
        JobCollection(
            "evaluateLabelJobs",
            t.EVALUATE_LABEL_JOB_RESPONSE,
            (t.JOB_RESPONSE_BASE, t.EVALUATE_LABEL_JOB_RESPONSE),
        ),
        JobCollection(
            "labelsAndPoliciesEvaluationJobs",
            t.EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE,
            (t.JOB_RESPONSE_BASE, t.EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE),
        ),
    )
}

# The collection a job of each type naturally lives in, for the docs importer and seeding.
HOME_COLLECTION: dict[str, str] = {
    t.JOB_RESPONSE_BASE: ALL_JOBS,
    t.CLASSIFICATION_JOB_RESPONSE: "classifyFileJobs",
    t.DLP_EVALUATE_POLICIES_JOB_RESPONSE: "evaluateDlpPoliciesJobs",
    t.EVALUATE_LABEL_JOB_RESPONSE: "evaluateLabelJobs",
    t.EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE: "labelsAndPoliciesEvaluationJobs",
}

# What $select, $filter and $orderby may name on a job, with each property's kind; ``result``
# is declared on every derived job type.
JOB_PROPERTIES: dict[str, str] = {
    **{prop.name: prop.kind.value for prop in t.all_props(t.JOB_RESPONSE_BASE)},
    "result": t.Kind.COMPLEX.value,
}
