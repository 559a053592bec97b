"""Testing against mockgraph with its pytest plugin: installing mockgraph is the whole setup."""

import requests


def test_create_and_read_a_job(mockgraph):
    jobs = f"{mockgraph.base_url}/dataClassification/jobs"
    auth = mockgraph.headers()  # a bearer JWT for the "default" tenant
    created = requests.post(jobs, json={"status": "notStarted"}, headers=auth, timeout=10)
    assert created.status_code == 201
    job_id = created.json()["id"]
    read = requests.get(f"{jobs}/{job_id}", headers=auth, timeout=10)
    assert read.json()["status"] == "notStarted"
    mockgraph.assert_called("POST", "jobs", count=1)
    mockgraph.assert_called("GET", f"jobs/{job_id}")


def test_every_test_starts_empty(mockgraph):
    assert mockgraph.jobs() == [] and mockgraph.requests() == []


def test_seeded_jobs_keep_their_ids(mockgraph):
    mockgraph.seed({"id": "job-1", "status": "running"})
    url = f"{mockgraph.base_url}/dataClassification/jobs/job-1"
    assert requests.get(url, headers=mockgraph.headers(), timeout=10).json()["status"] == "running"


def test_throttling(mockgraph):
    mockgraph.throttle("GET", "jobs", retry_after=5)  # the next GET of /jobs only
    url = f"{mockgraph.base_url}/dataClassification/jobs"
    throttled = requests.get(url, headers=mockgraph.headers(), timeout=10)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "5"
    assert throttled.json()["error"]["code"] == "TooManyRequests"
    assert requests.get(url, headers=mockgraph.headers(), timeout=10).status_code == 200


def test_faults(mockgraph):
    mockgraph.add_fault("POST", "*", status=503, count=1)
    url = f"{mockgraph.base_url}/dataClassification/jobs"
    failed = requests.post(url, json={}, headers=mockgraph.headers(), timeout=10)
    assert failed.json()["error"]["code"] == "serviceNotAvailable"


def test_job_lifecycle_without_sleeping(mockgraph):
    mockgraph.seed({"id": "job-1", "status": "notStarted"})
    assert mockgraph.advance("job-1")["status"] == "running"  # an explicit tick
    mockgraph.advance_on_polls("job-1", polls=1, outcome="failed")  # or: every GET is a tick
    url = f"{mockgraph.base_url}/dataClassification/jobs/job-1"
    assert requests.get(url, headers=mockgraph.headers(), timeout=10).json()["status"] == "failed"


def test_in_process_client(mockgraph_client):
    response = mockgraph_client.get("/beta/dataClassification/jobs")  # no socket, token set
    assert response.status_code == 200
    assert response.get_json()["value"] == []
