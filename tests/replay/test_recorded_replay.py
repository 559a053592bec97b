"""Replaying recordings (sessions of calls, as ``mockgraph record`` writes them): in order, ids
carried from one exchange to the next, in process and over HTTP, each difference from what was
recorded one line of ``mockgraph check``'s report."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Response

from mockgraph import create_app
from mockgraph.cli import main
from mockgraph.core.fixture import Expected, Fixture, Request, packaged_fixtures, save
from mockgraph.core.store import JobStore
from mockgraph.http.current import state_of
from mockgraph.replay.engine import replay_all
from mockgraph.replay.placeholders import bind_strings
from mockgraph.replay.targets import FlaskTransport, HttpTransport
from mockgraph.serving.server import MockGraphServer
from tests.support.payloads import job

JOBS = "/dataClassification/jobs"
RECORDED_ID = "0b1e3f0a-1111-4222-8333-944455556666"  # what the upstream gave; by shape
JSON = {"Content-Type": "application/json"}


def exchange(
    recording: str,
    sequence: int,
    request: Request,
    status: int,
    body: Any = None,
    **response: Any,
) -> Fixture:
    """One recorded exchange, as the recorder writes it."""
    return Fixture(
        name=f"{recording}-{sequence:04d}-{request.method.lower()}",
        source={
            "recording": recording,
            "sequence": sequence,
            "upstream": "https://graph.example/beta",
            "recorded": "2026-12-06T09:00:00Z",
        },
        request=request,
        response=Expected(status, JSON if body is not None else {}, body, **response),
    )


def answer(**changes: Any) -> dict[str, Any]:
    """A job as the service answers it, bound to the recording's first job."""
    return {**job("jobResponseBase"), "id": "{job1}", **changes}


def crud(recording: str = "crud") -> list[Fixture]:
    """POST a job, GET it, PATCH it, list with $filter, DELETE it, GET it: 404."""
    created = {**answer(), "id": RECORDED_ID, "creationDateTime": "2026-12-06T09:00:00Z"}
    one = f"{JOBS}/{{job1}}"
    running = f"{JOBS}?$filter=status%20eq%20'running'"
    return [
        exchange(recording, 1, Request("POST", JOBS, JSON, job("jobResponseBase")), 201, created,
                 by_shape=("/id", "/creationDateTime"), binds={"job1": "/id"},
                 present=("Location", "request-id")),
        exchange(recording, 2, Request("GET", one), 200, answer()),
        exchange(recording, 3, Request("PATCH", one, JSON, {"status": "running"}), 200,
                 answer(status="running")),
        exchange(recording, 4, Request("GET", running), 200,
                 {"value": [answer(status="running")]}),
        exchange(recording, 5, Request("DELETE", one), 204),
        exchange(recording, 6, Request("GET", one), 404, {"error": {"code": "itemNotFound"}},
                 truncated=True, present=("request-id",)),
    ]  # fmt: skip


def batch(recording: str = "batch") -> list[Fixture]:
    """POST a job; a $batch that reads it by {job1} and creates another; GET that one."""
    created = {**answer(), "id": RECORDED_ID}
    second = job("jobResponseBase", userId="user-2")  # told apart from the first when read
    requests = [
        {"id": "1", "method": "GET", "url": f"{JOBS}/{{job1}}"},
        {"id": "2", "method": "POST", "url": JOBS, "headers": JSON, "body": second},
    ]
    # Recorded in another order than the mock answers: the responses are matched by id, and
    # the bind's pointer follows the recorded item it points into.
    responses = [
        {"id": "2", "status": 201, "body": {**second, "id": RECORDED_ID}},
        {"id": "1", "status": 200, "body": answer()},
    ]
    return [
        exchange(recording, 1, Request("POST", JOBS, JSON, job("jobResponseBase")), 201, created,
                 by_shape=("/id",), binds={"job1": "/id"}),
        exchange(recording, 2, Request("POST", "/$batch", JSON, {"requests": requests}), 200,
                 {"responses": responses}, truncated=True, by_shape=("/responses/0/body/id",),
                 binds={"job2": "/responses/0/body/id"}),
        exchange(recording, 3, Request("GET", f"{JOBS}/{{job2}}"), 200,
                 {**second, "id": "{job2}"}),
    ]  # fmt: skip


def job_count(store: JobStore) -> int:
    return sum(len(jobs) for jobs in store.export().values())


def problems(outcomes: Any) -> dict[str, list[str]]:
    return {outcome.fixture.name: outcome.problems for outcome in outcomes}


def check(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.output.splitlines()


@pytest.fixture(scope="module")
def server() -> Iterator[MockGraphServer]:
    with MockGraphServer() as running:
        yield running


@pytest.mark.parametrize("recording", [crud, batch], ids=["crud", "batch"])
def test_a_recording_replays_green_in_process_and_leaves_nothing(
    recording: Callable[[], list[Fixture]],
) -> None:
    transport = FlaskTransport()
    outcomes = list(replay_all(recording(), transport))
    assert problems(outcomes) == {fixture.name: [] for fixture in recording()}
    assert job_count(state_of(transport.app).store) == 0  # what the exchanges created: deleted


@pytest.mark.parametrize("recording", [crud, batch], ids=["crud", "batch"])
def test_a_recording_replays_green_over_http_and_leaves_nothing(
    recording: Callable[[], list[Fixture]], server: MockGraphServer
) -> None:
    transport = HttpTransport(server.base_url, token="any-token")
    try:
        outcomes = list(replay_all(recording(), transport))
    finally:
        transport.close()
    assert problems(outcomes) == {fixture.name: [] for fixture in recording()}
    assert job_count(state_of(server.app).store) == 0


def test_check_base_url_replays_a_recording_twice_on_one_tenant(
    tmp_path: Path, server: MockGraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOCKGRAPH_TOKEN", "any-token")
    for fixture in crud("first") + crud("second"):
        save(fixture, tmp_path)
    # One token, one tenant: the second's $filter list sees no job the first left behind.
    code, lines = check("--fixtures", str(tmp_path), "--base-url", server.base_url)
    assert code == 0, lines
    assert lines == [f"PASS {f.name}" for f in crud("first") + crud("second")] + [
        "12 passed, 0 failed"
    ]


def test_each_replay_of_a_recording_in_process_gets_a_fresh_tenant() -> None:
    transport = FlaskTransport()
    assert all(outcome.passed for outcome in replay_all(crud(), transport))
    # A running job left in this tenant must not show in the next replay's $filter list.
    transport.send("POST", JOBS, job("jobResponseBase", status="running"))
    assert problems(replay_all(crud(), transport)) == {fixture.name: [] for fixture in crud()}


def test_a_mixed_run_replays_documented_pairs_and_recordings(tmp_path: Path) -> None:
    documented = packaged_fixtures()[0]
    save(documented, tmp_path)
    for fixture in crud("zz-crud"):
        save(fixture, tmp_path)
    code, lines = check("--fixtures", str(tmp_path))
    assert code == 0, lines
    names = [documented.name] + [f.name for f in crud("zz-crud")]
    assert lines == [f"PASS {name}" for name in names] + ["7 passed, 0 failed"]


def test_k_selecting_a_later_exchange_runs_its_whole_recording(tmp_path: Path) -> None:
    for fixture in crud("crud") + batch("batch"):
        save(fixture, tmp_path)
    code, lines = check("--fixtures", str(tmp_path), "-k", "crud-0004")
    assert code == 0, lines
    assert lines == [f"PASS {f.name}" for f in crud()] + ["6 passed, 0 failed"]
    code, lines = check("--fixtures", str(tmp_path), "-k", "batch")
    assert lines == [f"PASS {f.name}" for f in batch()] + ["3 passed, 0 failed"]


def test_check_help_says_k_selects_a_recording_whole() -> None:
    code, lines = check("--help")
    assert code == 0
    assert "a recording is replayed whole when any of its" in " ".join(" ".join(lines).split())


def planted(index: int, **response: Any) -> Callable[[list[Fixture]], None]:
    def plant(fixtures: list[Fixture]) -> None:
        fixture = fixtures[index]
        fixtures[index] = dataclasses.replace(
            fixture, response=dataclasses.replace(fixture.response, **response)
        )

    return plant


def without(key: str) -> dict[str, Any]:
    body = answer()
    del body[key]
    return body


# Each difference planted in the recording, and the one line check reports for it.
PLANTED: dict[str, tuple[Callable[[list[Fixture]], None], int, str]] = {
    "status": (planted(5, status=400), 5,
               "status: expected 400, got 404: itemNotFound: The job '"),
    "error-code": (planted(5, body={"error": {"code": "badRequest"}}), 5,
                   'body.error.code: expected "badRequest", got "itemNotFound"'),
    "value": (planted(2, body=answer(status="completed")), 2,
              'body.status: expected "completed", got "running"'),
    "type": (planted(1, body=answer(userId=5)), 1,
             'body.userId: expected a number (5), got a string ("user-1")'),
    "missing-property": (planted(1, body=answer(priority=1)), 1,
                         "body.priority: missing (recorded: 1)"),
    "extra-property": (planted(1, body=without("userId")), 1,
                       'body.userId: not recorded: "user-1"'),
    "present-header": (planted(1, present=("Retry-After",)), 1,
                       "header Retry-After: expected present, got none"),
}  # fmt: skip


@pytest.mark.parametrize(("plant", "at", "line"), PLANTED.values(), ids=PLANTED.keys())
def test_each_planted_difference_is_one_line_and_exit_1(
    tmp_path: Path, plant: Callable[[list[Fixture]], None], at: int, line: str
) -> None:
    fixtures = crud()
    plant(fixtures)
    for fixture in fixtures:
        save(fixture, tmp_path)
    code, lines = check("--fixtures", str(tmp_path))
    assert code == 1
    failing = fixtures[at].name
    before = [f"PASS {f.name}" for f in fixtures[:at]]
    after = [f"PASS {f.name}" for f in fixtures[at + 1 :]]
    assert lines[: at + 1] == [*before, f"FAIL {failing}"]
    assert lines[at + 1].startswith(f"    {line}")
    assert lines[at + 2 :] == [*after, "5 passed, 1 failed"]


def test_a_bind_the_answer_cannot_give_fails_its_exchange_and_those_that_need_it() -> None:
    fixtures = crud()
    planted(0, binds={"job1": "/jobId"})(fixtures)
    outcomes = problems(replay_all(fixtures, FlaskTransport()))
    assert outcomes[fixtures[0].name] == ["binds {job1}: /jobId is not in the answer"]
    for fixture in fixtures[1:]:
        if fixture.request.method == "GET" and "$filter" in fixture.request.path:
            # Its path names no job; its recorded list does.
            assert outcomes[fixture.name] == ['body.value[0]: no item with id "{job1}"']
            continue
        path = fixture.request.path
        assert outcomes[fixture.name] == [
            f"nothing binds the placeholder {{job1}} in {path}: no earlier exchange of the "
            "recording bound it"
        ]


def test_a_bind_to_a_value_that_is_no_string_fails_its_exchange() -> None:
    fixtures = crud()[:1]
    planted(0, binds={"job1": "/error/details/1/details"})(fixtures)
    [outcome] = replay_all(fixtures, FlaskTransport())
    assert outcome.problems == ["binds {job1}: /error/details/1/details is [], not a string"]


def test_a_server_set_datetime_answered_as_no_datetime_is_one_line(tmp_path: Path) -> None:
    # userId stands for a datetime the server set: recorded as one, by shape; answered as "x".
    sent = job("jobResponseBase", userId="x")
    recorded = {**sent, "id": "{job1}", "userId": "2026-12-06T09:00:00Z"}
    fixtures = [
        exchange("dates", 1, Request("POST", JOBS, JSON, sent), 201,
                 {**sent, "id": RECORDED_ID}, by_shape=("/id",), binds={"job1": "/id"}),
        exchange("dates", 2, Request("GET", f"{JOBS}/{{job1}}"), 200, recorded,
                 by_shape=("/userId",)),
    ]  # fmt: skip
    for fixture in fixtures:
        save(fixture, tmp_path)
    code, lines = check("--fixtures", str(tmp_path))
    assert code == 1
    assert lines == [
        "PASS dates-0001-post",
        "FAIL dates-0002-get",
        '    body.userId: expected a server-set DateTimeOffset, got "x"',
        "1 passed, 1 failed",
    ]


def test_bound_names_are_replaced_anywhere_in_strings_and_other_braces_left_alone() -> None:
    body = {
        "requests": [
            {
                "id": "1",
                "url": f"{JOBS}/{{job1}}?x={{other}}",
                "body": {"note": "{job1}{job1}", "n": 1},
            }
        ]
    }
    assert bind_strings(body, {"job1": "abc"}) == {
        "requests": [
            {"id": "1", "url": f"{JOBS}/abc?x={{other}}", "body": {"note": "abcabc", "n": 1}}
        ]
    }


def test_a_clean_up_that_fails_is_the_last_exchanges_problem() -> None:
    app = create_app()
    served = app.wsgi_app

    def refuse_deletes(environ: dict[str, Any], start_response: Any) -> Any:
        if environ["REQUEST_METHOD"] != "DELETE":
            return served(environ, start_response)
        refused = Response('{"error": {"code": "accessDenied", "message": "no"}}', status=403)
        return refused(environ, start_response)

    app.wsgi_app = refuse_deletes  # type: ignore[method-assign]
    fixtures = crud()[:4]  # created, never deleted by the recording itself
    outcomes = list(replay_all(fixtures, FlaskTransport(app)))
    assert [outcome.problems for outcome in outcomes[:3]] == [[], [], []]
    [problem] = outcomes[3].problems
    assert problem.startswith(f"cleanup: DELETE {JOBS}/")
    assert problem.endswith(" answered 403: accessDenied: no")
