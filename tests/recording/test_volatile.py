"""What the server chose is marked (by shape) or bound (a placeholder), and nothing else."""

from __future__ import annotations

from mockgraph.recording.volatile import Marker, set_name

JOB = "5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f"


def test_a_create_binds_its_id_and_later_exchanges_use_the_placeholder() -> None:
    marker = Marker()
    marker.request(
        "/dataClassification/jobs",
        {},
        {"status": "running", "startDateTime": "2026-01-01T00:00:00Z"},
    )
    created = marker.answer(
        "/dataClassification/jobs",
        201,
        {
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#jobs/$entity",
            "id": JOB,
            "status": "running",
            "startDateTime": "2026-01-01T00:00:00Z",  # as the client sent it
            "creationDateTime": "2026-12-06T10:00:00.123Z",  # the server's
        },
    )
    assert created.binds == {"job1": "/id"}
    assert created.by_shape == ["/id", "/creationDateTime"]
    assert "@odata.context" not in created.body
    assert created.body["id"] == JOB  # compared by shape; the replay binds the target's

    path, headers, body = marker.request(
        f"/dataClassification/jobs/{JOB}", {"If-Match": f'W/"{JOB}"'}, {"note": f"about {JOB}"}
    )
    assert path == "/dataClassification/jobs/{job1}"
    assert headers == {"If-Match": 'W/"{job1}"'}
    assert body == {"note": "about {job1}"}
    read = marker.answer(path, 200, {"id": JOB, "self": f"/jobs/{JOB}"})
    assert read.body == {"id": "{job1}", "self": "/jobs/{job1}"}
    assert read.by_shape == [] and read.binds == {}


def test_a_page_link_is_compared_by_shape() -> None:
    marker = Marker()
    marker.request("/dataClassification/jobs?$top=1", {}, None)
    page = marker.answer(
        "/dataClassification/jobs",
        200,
        {"value": [], "@odata.nextLink": "https://graph.microsoft.com/beta/x?$skiptoken=Zm9v"},
    )
    assert page.by_shape == ["/@odata.nextLink"]
    assert page.truncated is False


def test_an_error_keeps_its_code_only() -> None:
    marker = Marker()
    error = {"error": {"code": "itemNotFound", "message": "No job.", "innerError": {"date": "x"}}}
    marked = marker.answer("/dataClassification/jobs/x", 404, error)
    assert marked.body == {"error": {"code": "itemNotFound"}}
    assert marked.truncated is True


def test_placeholder_names_come_from_the_set() -> None:
    assert set_name("/dataClassification/jobs") == "job"
    assert set_name("/dataClassification/classifyFileJobs") == "classifyFileJob"
    assert set_name("/dataClassification/exactMatchDataStores/{store1}/sessions") == "session"
    assert set_name("/dataClassification/policies?$top=1") == "policy"
    assert set_name("/") == "item"
