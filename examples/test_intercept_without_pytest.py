"""``mockgraph.intercept()`` without the fixture: a context manager, or a decorator."""

import asyncio

import httpx

import mockgraph

JOBS = "https://graph.microsoft.com/beta/dataClassification/jobs"


def test_the_context_manager():
    with mockgraph.intercept() as graph:  # graph: the same helper as the fixture's
        graph.seed({"id": "job-1", "status": "running"})
        answer = httpx.get(f"{JOBS}/job-1", headers=graph.headers())
        assert answer.json()["status"] == "running"
        graph.assert_called("GET", "jobs/job-1", count=1)


@mockgraph.intercept  # each call of the function gets an empty mock
def test_the_decorator():
    created = httpx.post(JOBS, json={"status": "notStarted"}, headers={"Authorization": "Bearer x"})
    assert created.status_code == 201


def test_async_code():
    @mockgraph.intercept(config={"MOCKGRAPH_AUTH": False})  # settings, as for create_app
    async def list_jobs():
        async with httpx.AsyncClient() as client:
            return (await client.get(JOBS)).json()["value"]

    assert asyncio.run(list_jobs()) == []
