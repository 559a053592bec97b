"""The fixtures ``mockgraph check`` is given: files and folders, and a bad file refused with
its path, the field's path and what was expected there."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockgraph.core.fixture import FixtureError, packaged_dir, packaged_fixtures, save
from mockgraph.replay.loading import load_paths

FIXTURES = packaged_fixtures()
GOOD = FIXTURES[0]


def good() -> dict[str, Any]:
    data: dict[str, Any] = GOOD.to_json()
    data["setup"] = [{"collection": "jobs", "body": {}, "documented_id": None, "bind": None}]
    return data


def refused(tmp_path: Path, data: Any) -> list[str]:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data))
    with pytest.raises(FixtureError) as caught:
        load_paths([path])
    prefix = f"{path}: "
    lines = str(caught.value).splitlines()
    assert all(line.startswith(prefix) for line in lines), lines
    return [line.removeprefix(prefix) for line in lines]


def changed(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = good()
    change(data)
    return data


BAD: list[tuple[str, Any, str]] = [
    ("not-an-object", [], "expected an object, got []"),
    ("other-format", {"format": "something-else/9"},
     'format: expected "mockgraph-fixture/1", got "something-else/9"'),
    ("missing-response", changed(lambda d: d.pop("response")),
     "response: expected an object, but it is missing"),
    ("status-not-a-number", changed(lambda d: d["response"].update(status="abc")),
     'response.status: expected an integer from 100 to 599, got "abc"'),
    ("status-out-of-range", changed(lambda d: d["response"].update(status=700)),
     "response.status: expected an integer from 100 to 599, got 700"),
    ("status-a-boolean", changed(lambda d: d["response"].update(status=True)),
     "response.status: expected an integer from 100 to 599, got true"),
    ("method-not-a-string", changed(lambda d: d["request"].update(method=3)),
     "request.method: expected a string, got 3"),
    ("unknown-request-field", changed(lambda d: d["request"].update(bdy={})),
     "request.bdy: unknown field (request has method, path, headers, body)"),
    ("header-not-a-string", changed(lambda d: d["request"].update(headers={"A": 1})),
     "request.headers.A: expected a string, got 1"),
    ("setup-not-a-list", changed(lambda d: d.update(setup={})),
     "setup: expected a list, got {}"),
    ("setup-without-collection", changed(lambda d: d["setup"][0].pop("collection")),
     "setup[0].collection: expected a string, but it is missing"),
    ("bind-not-a-string", changed(lambda d: d["setup"][0].update(bind=3)),
     "setup[0].bind: expected a string or null, got 3"),
    ("truncated-not-a-boolean", changed(lambda d: d["response"].update(truncated="yes")),
     'response.truncated: expected true or false, got "yes"'),
    ("by-shape-item", changed(lambda d: d["response"].update(by_shape=[1])),
     "response.by_shape[0]: expected a string, got 1"),
    ("path-out-of-the-root", changed(lambda d: d["request"].update(path="/../v1.0/me")),
     "request.path '/../v1.0/me' is not a path below the service root"),
    ("binds-not-an-object", changed(lambda d: d["response"].update(binds=["/id"])),
     'response.binds: expected an object, got ["/id"]'),
    ("bind-pointer-not-a-string", changed(lambda d: d["response"].update(binds={"job1": 1})),
     "response.binds.job1: expected a string, got 1"),
    ("bind-not-a-pointer", changed(lambda d: d["response"].update(binds={"job1": "id"})),
     'response.binds.job1: expected a JSON pointer starting with "/", got "id"'),
    ("bind-name-not-a-placeholder", changed(lambda d: d["response"].update(binds={"job-1": "/id"})),
     'response.binds.job-1: expected a placeholder name (letters, digits, _), got "job-1"'),
    ("present-not-a-list", changed(lambda d: d["response"].update(present="Retry-After")),
     'response.present: expected a list, got "Retry-After"'),
    ("present-item", changed(lambda d: d["response"].update(present=[1])),
     "response.present[0]: expected a string, got 1"),
    ("recording-not-a-string", changed(lambda d: d["source"].update(recording=3, sequence=1)),
     "source.recording: expected a non-empty string, got 3"),
    ("sequence-missing", changed(lambda d: d["source"].update(recording="r")),
     "source.sequence: expected a positive integer, but it is missing"),
    ("sequence-zero", changed(lambda d: d["source"].update(recording="r", sequence=0)),
     "source.sequence: expected a positive integer, got 0"),
    ("sequence-a-string", changed(lambda d: d["source"].update(recording="r", sequence="1")),
     'source.sequence: expected a positive integer, got "1"'),
]  # fmt: skip


@pytest.mark.parametrize(("data", "problem"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_fixture_names_the_file_the_field_and_what_was_expected(
    tmp_path: Path, data: Any, problem: str
) -> None:
    assert refused(tmp_path, data) == [problem]


def test_every_problem_of_every_file_is_named_at_once(tmp_path: Path) -> None:
    data = changed(lambda d: (d["request"].update(method=3), d["response"].update(status="x")))
    (tmp_path / "a.json").write_text(json.dumps(data))
    (tmp_path / "b.json").write_text("not json")
    with pytest.raises(FixtureError) as caught:
        load_paths([tmp_path])
    lines = str(caught.value).splitlines()
    assert lines[:2] == [
        f"{tmp_path / 'a.json'}: request.method: expected a string, got 3",
        f'{tmp_path / "a.json"}: response.status: expected an integer from 100 to 599, got "x"',
    ]
    assert lines[2].startswith(f"{tmp_path / 'b.json'}: not JSON: ")
    assert len(lines) == 3


def test_files_and_folders_are_read_together_by_name(tmp_path: Path) -> None:
    one, two, three = FIXTURES[:3]
    file = save(one, tmp_path / "a")
    save(two, tmp_path / "b")
    save(three, tmp_path / "b")
    save(FIXTURES[3], tmp_path / "a")  # beside the file given: not read
    loaded = load_paths([tmp_path / "b", file])
    assert loaded == sorted((one, two, three), key=lambda f: f.name)


def test_a_fixture_given_twice_is_refused(tmp_path: Path) -> None:
    file = save(GOOD, tmp_path)
    with pytest.raises(FixtureError, match=f"a second fixture named {GOOD.name!r}"):
        load_paths([tmp_path, file])


def test_every_packaged_fixture_is_read_as_the_core_reads_it() -> None:
    assert load_paths([packaged_dir()]) == FIXTURES


def test_two_exchanges_of_a_recording_with_one_sequence_number_are_refused(tmp_path: Path) -> None:
    for name, sequence in (("r-1", 1), ("r-2", 2), ("r-2-again", 2), ("other-2", 2)):
        recording = "other" if name.startswith("other") else "r"
        source = {"recording": recording, "sequence": sequence}
        save(dataclasses.replace(GOOD, name=name, source=source), tmp_path)
    with pytest.raises(FixtureError) as caught:
        load_paths([tmp_path])
    assert str(caught.value).splitlines() == [
        f"{tmp_path / 'r-2.json'}: source.sequence: expected a number no other exchange of "
        'recording "r" has, got 2 (as r-2-again.json has)'
    ]
