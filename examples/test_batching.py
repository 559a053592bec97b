"""JSON batching against mockgraph: one POST to $batch, each request answered on its own."""

import requests


def test_a_batch_creates_then_lists(mockgraph):
    batch = {
        "requests": [
            {
                "id": "create",
                "method": "POST",
                "url": "/dataClassification/classifyFileJobs",  # relative to /beta
                "headers": {"Content-Type": "application/json"},  # required with a body
                "body": {
                    "@odata.type": "#microsoft.graph.classificationJobResponse",
                    "status": "notStarted",
                },
            },
            {
                "id": "list",
                "method": "GET",
                "url": "dataClassification/jobs",
                "dependsOn": ["create"],
            },
        ]
    }
    url = f"{mockgraph.base_url}/$batch"
    answer = requests.post(url, json=batch, headers=mockgraph.headers(), timeout=10)
    assert answer.status_code == 200
    responses = {r["id"]: r for r in answer.json()["responses"]}  # match answers by id
    created = responses["create"]
    assert created["status"] == 201
    assert created["headers"]["Content-Type"].startswith("application/json")
    assert [job["id"] for job in responses["list"]["body"]["value"]] == [created["body"]["id"]]
    # Each request is journaled as its own call, linked to its batch.
    calls = mockgraph.assert_called("*", "*", count=2)
    assert [c["batchRequestId"] for c in calls] == ["create", "list"]
    assert {c["batchId"] for c in calls} == {answer.headers["request-id"]}


def test_a_failed_dependency_is_424(mockgraph):
    batch = {
        "requests": [
            {"id": "1", "method": "GET", "url": "/dataClassification/jobs/no-such-job"},
            {
                "id": "2",
                "method": "DELETE",
                "url": "/dataClassification/jobs/x",
                "dependsOn": ["1"],
            },
        ]
    }
    url = f"{mockgraph.base_url}/$batch"
    answer = requests.post(url, json=batch, headers=mockgraph.headers(), timeout=10).json()
    assert [r["status"] for r in answer["responses"]] == [404, 424]
    assert answer["responses"][1]["body"]["error"]["code"] == "FailedDependency"


def test_mistakes_graph_rejects(mockgraph):
    url = f"{mockgraph.base_url}/$batch"
    absolute = {"id": "1", "method": "GET", "url": f"{mockgraph.base_url}/dataClassification/jobs"}
    answer = requests.post(
        url, json={"requests": [absolute]}, headers=mockgraph.headers(), timeout=10
    )
    assert answer.status_code == 200  # the batch is well formed...
    assert answer.json()["responses"][0]["status"] == 400  # ...its request is not
    twice = {"requests": [{"id": "a", "method": "GET", "url": "/x"}] * 2}
    duplicate = requests.post(url, json=twice, headers=mockgraph.headers(), timeout=10)
    assert duplicate.status_code == 400  # the whole batch: nothing ran
    assert duplicate.json()["error"]["code"] == "BadRequest"


def test_requests_are_throttled_one_by_one(mockgraph):
    mockgraph.throttle("GET", "jobs", retry_after=10, count=1)
    batch = {"requests": [{"id": str(n), "method": "GET", "url": "/dataClassification/jobs"}
                          for n in (1, 2)]}  # fmt: skip
    url = f"{mockgraph.base_url}/$batch"
    answer = requests.post(url, json=batch, headers=mockgraph.headers(), timeout=10).json()
    first, second = answer["responses"]
    assert (first["status"], first["headers"]["Retry-After"]) == (429, "10")
    assert second["status"] == 200
