"""Every job collection is Collection(jobResponseBase): any job type goes in any of them."""

import requests

DLP = "#microsoft.graph.dlpEvaluatePoliciesJobResponse"
CLASSIFICATION = "#microsoft.graph.classificationJobResponse"


def post(mockgraph, collection, body):
    url = f"{mockgraph.base_url}/dataClassification/{collection}"
    return requests.post(url, json=body, headers=mockgraph.headers(), timeout=10)


def test_any_job_type_in_any_collection(mockgraph):
    created = post(mockgraph, "evaluateDlpPoliciesJobs", {"@odata.type": CLASSIFICATION})
    assert created.status_code == 201
    job_id = created.json()["id"]
    # Found through /jobs and the collection it was created in, and nowhere else.
    root = f"{mockgraph.base_url}/dataClassification"
    for collection, status in [
        ("jobs", 200),
        ("evaluateDlpPoliciesJobs", 200),
        ("classifyFileJobs", 404),
    ]:
        found = requests.get(
            f"{root}/{collection}/{job_id}", headers=mockgraph.headers(), timeout=10
        )
        assert found.status_code == status


def test_a_body_without_odata_type_is_a_job_response_base(mockgraph):
    untyped = post(mockgraph, "evaluateDlpPoliciesJobs", {"status": "running"})
    assert untyped.json()["@odata.type"] == "#microsoft.graph.jobResponseBase"
    # So a derived type's properties need their @odata.type: jobResponseBase has no result.
    result = {"@odata.type": "#microsoft.graph.dlpPoliciesJobResult", "matchingRules": []}
    refused = post(mockgraph, "evaluateDlpPoliciesJobs", {"result": result})
    assert refused.status_code == 400
    assert refused.json()["error"]["details"][0]["target"] == "result"
    typed = post(mockgraph, "evaluateDlpPoliciesJobs", {"@odata.type": DLP, "result": result})
    assert typed.status_code == 201
