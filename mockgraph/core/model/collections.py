"""The job collections under ``/dataClassification`` and which job types each accepts."""

from __future__ import annotations

from dataclasses import dataclass

from mockgraph.core.model import types as t


@dataclass(frozen=True)
class JobCollection:
    """A navigation property of dataClassificationService holding jobs."""

    name: str
    # The job type the collection is named after: what the docs' pages for it describe (the
    # importer reads a documented example's placeholders and values as this type).
    named_type: str
    # What a body without ``@odata.type`` is, and which types the collection takes: Graph
    # declares every job collection ``Collection(jobResponseBase)``, so these are the same
    # for all of them (https://learn.microsoft.com/graph/api/resources/dataclassificationservice).
    default_type: str = t.JOB_RESPONSE_BASE
    accepted_types: tuple[str, ...] = t.JOB_TYPES


ALL_JOBS = "jobs"

# Any type derived from jobResponseBase is valid in any of them (the CSDL's rule); a job is
# found through /jobs and through the collection it was created in.
COLLECTIONS: dict[str, JobCollection] = {
    c.name: c
    for c in (
        JobCollection(ALL_JOBS, t.JOB_RESPONSE_BASE),
        JobCollection("classifyFileJobs", t.CLASSIFICATION_JOB_RESPONSE),
        JobCollection("classifyTextJobs", t.CLASSIFICATION_JOB_RESPONSE),
        JobCollection("evaluateDlpPoliciesJobs", t.DLP_EVALUATE_POLICIES_JOB_RESPONSE),
        JobCollection("evaluateLabelJobs", t.EVALUATE_LABEL_JOB_RESPONSE),
        JobCollection(
            "labelsAndPoliciesEvaluationJobs", t.EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE
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
