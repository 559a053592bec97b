"""Recordings: the fixtures of one ``source.recording``, a session of calls replayed in order.

Each exchange of a recording may bind names (``response.binds``) to values of its answer, such as
the id the service gave a job it created; later exchanges use them as ``{name}``. So a recording
is replayed whole and in ``source.sequence`` order, and ``-k`` selects it whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mockgraph.core.fixture import Fixture
from mockgraph.replay.compare import index_by_id, show

_MISSING = object()


def recording_of(fixture: Fixture) -> str | None:
    """The name of the recording the fixture is an exchange of, or None for a documented pair."""
    name = fixture.source.get("recording")
    return name if isinstance(name, str) else None


def runs(fixtures: Iterable[Fixture]) -> list[list[Fixture]]:
    """The fixtures as they are replayed: each documented pair alone, each recording's exchanges
    together in sequence order, where the recording's first fixture comes."""
    grouped: list[list[Fixture]] = []
    recordings: dict[str, list[Fixture]] = {}
    for fixture in fixtures:
        name = recording_of(fixture)
        if name is None:
            grouped.append([fixture])
        elif name in recordings:
            recordings[name].append(fixture)
        else:
            recordings[name] = [fixture]
            grouped.append(recordings[name])
    for exchanges in recordings.values():
        exchanges.sort(key=lambda fixture: fixture.source.get("sequence", 0))
    return grouped


def select(fixtures: Iterable[Fixture], text: str) -> list[Fixture]:
    """The fixtures whose name contains ``text``, and the whole recording of any such exchange
    (or of a recording whose name contains it): its later exchanges need the earlier ones."""
    given = list(fixtures)
    chosen = {
        name
        for fixture in given
        if (name := recording_of(fixture)) is not None and (text in fixture.name or text in name)
    }
    return [f for f in given if text in f.name or recording_of(f) in chosen]


def bound_by(fixture: Fixture, answer: Any) -> tuple[dict[str, str], list[str]]:
    """The names the exchange's answer binds, and a problem for each bind it cannot give.

    ``fixture`` is the exchange with its names bound, so that its recorded items line up with
    the answer's as the comparison lines them up (by id where they have one).
    """
    names: dict[str, str] = {}
    problems: list[str] = []
    by_shape = frozenset(fixture.response.by_shape)
    for name, pointer in fixture.response.binds.items():
        value = _at(pointer, answer, fixture.response.body, by_shape)
        if value is _MISSING:
            problems.append(f"binds {{{name}}}: {pointer} is not in the answer")
        elif not isinstance(value, str):
            problems.append(f"binds {{{name}}}: {pointer} is {show(value)}, not a string")
        else:
            names[name] = value
    return names, problems


def _at(pointer: str, answer: Any, recorded: Any, by_shape: frozenset[str]) -> Any:
    """The value at ``pointer`` (RFC 6901) of the answer, or _MISSING; an array index is read in
    the recorded body and matched to the answer's item as the comparison matches them."""
    here = ""
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(answer, dict) and key in answer:
            answer = answer[key]
            recorded = recorded.get(key) if isinstance(recorded, dict) else None
        elif isinstance(answer, list) and key.isdigit():
            items = recorded if isinstance(recorded, list) else []
            index = int(key)
            by_id = index_by_id(items, answer, here, by_shape)
            recorded = items[index] if index < len(items) else None
            if by_id is not None and isinstance(recorded, dict):
                answer = by_id.get(recorded["id"], _MISSING)
            else:
                answer = answer[index] if index < len(answer) else _MISSING
            if answer is _MISSING:
                return _MISSING
        else:
            return _MISSING
        here += f"/{token}"
    return answer
