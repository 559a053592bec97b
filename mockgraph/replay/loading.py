"""The fixtures a replay is given, as files or folders of them, each file checked field by field.

The fields and their types are the fixture dataclasses' own (``mockgraph.core.fixture``), read
from their annotations, so a bad file is refused saying where and what: ``x.json:
response.status: expected an integer from 100 to 599, got "abc"``.
"""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from mockgraph.core.fixture import FORMAT, Fixture, FixtureError
from mockgraph.replay.compare import show
from mockgraph.replay.placeholders import PLACEHOLDER

# What a field's type does not say: an HTTP status code is three digits (RFC 9110, section 15).
_RANGES = {"response.status": (100, 599)}
_MISSING = object()


def load_paths(paths: Iterable[Path]) -> list[Fixture]:
    """The fixtures of each path, a fixture file or a folder of ``*.json`` ones, by name;
    FixtureError naming every problem of every file, one a line, or a name given twice."""
    fixtures: dict[str, Fixture] = {}
    problems: list[str] = []
    exchanges: dict[tuple[str, int], Path] = {}  # a recording's sequence numbers, to their files
    for given in paths:
        for path in sorted(given.glob("*.json")) if given.is_dir() else [given]:
            fixture, found = _read(path)
            problems += [f"{path}: {problem}" for problem in found]
            if fixture is not None and fixture.name in fixtures:
                problems.append(f"{path}: a second fixture named {fixture.name!r}")
            elif fixture is not None:
                fixtures[fixture.name] = fixture
                problems += _sequence_taken(fixture, path, exchanges)
    if problems:
        raise FixtureError("\n".join(problems))
    return [fixtures[name] for name in sorted(fixtures)]


def _sequence_taken(
    fixture: Fixture, path: Path, exchanges: dict[tuple[str, int], Path]
) -> list[str]:
    """A problem when another exchange of the fixture's recording has its sequence number."""
    recording, sequence = fixture.source.get("recording"), fixture.source.get("sequence")
    if not isinstance(recording, str) or not isinstance(sequence, int):
        return []
    first = exchanges.setdefault((recording, sequence), path)
    if first == path:
        return []
    return [
        f"{path}: source.sequence: expected a number no other exchange of recording "
        f"{show(recording)} has, got {sequence} (as {first.name} has)"
    ]


def _read(path: Path) -> tuple[Fixture | None, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return None, [f"cannot read: {error}"]
    except ValueError as error:
        return None, [f"not JSON: {error}"]
    problems = check_fixture(data)
    if problems:
        return None, problems
    try:
        return Fixture.from_json(data), []
    except FixtureError as error:  # a path that climbs out of the service root
        return None, [str(error)]


def check_fixture(data: Any) -> list[str]:
    """What is wrong with a fixture file's JSON, each as ``where: expected ..., got ...``."""
    if not isinstance(data, dict):
        return [f"expected an object, got {show(data)}"]
    if data.get("format") != FORMAT:
        return [f"format: expected {show(FORMAT)}, got {show(data.get('format'))}"]
    problems: list[str] = []
    # The reader takes every field of the top level (the file holds them all) and ignores
    # others; below it, a dataclass's fields without a default, and no other.
    for name, hint in _hints(Fixture).items():
        if name not in data:
            problems.append(f"{name}: expected {_expected(hint, name)}, but it is missing")
        else:
            problems += _check(data[name], hint, name)
    return problems + _recorded_problems(data)


def _recorded_problems(data: dict[str, Any]) -> list[str]:
    """What the types do not say of a recording's fields: a bind names a placeholder and a JSON
    pointer, and an exchange of a recording says which one it is, by number from 1."""
    problems = []
    response = data.get("response")
    binds = response.get("binds") if isinstance(response, dict) else None
    for name, pointer in binds.items() if isinstance(binds, dict) else ():
        where = f"response.binds.{name}"
        if not PLACEHOLDER.fullmatch(f"{{{name}}}"):
            problems.append(
                f"{where}: expected a placeholder name (letters, digits, _), got {show(name)}"
            )
        elif isinstance(pointer, str) and not pointer.startswith("/"):
            problems.append(
                f'{where}: expected a JSON pointer starting with "/", got {show(pointer)}'
            )
    source = data.get("source")
    if not isinstance(source, dict) or "recording" not in source:
        return problems
    if not isinstance(source["recording"], str) or not source["recording"]:
        problems.append(
            f"source.recording: expected a non-empty string, got {show(source['recording'])}"
        )
    sequence = source.get("sequence", _MISSING)
    if sequence is _MISSING:
        problems.append("source.sequence: expected a positive integer, but it is missing")
    elif type(sequence) is not int or sequence < 1:
        problems.append(f"source.sequence: expected a positive integer, got {show(sequence)}")
    return problems


def _check(value: Any, hint: Any, where: str) -> list[str]:
    """How ``value`` is not of type ``hint``, ``where`` being its path in the file."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any or (origin in (Union, types.UnionType) and value is None and type(None) in args):
        return []
    if not _is(value, hint, where):
        return [f"{where}: expected {_expected(hint, where)}, got {show(value)}"]
    if dataclasses.is_dataclass(hint):
        return _check_object(value, hint, where)
    if origin is dict and args[1] is not Any:
        return [p for key, item in value.items() for p in _check(item, args[1], f"{where}.{key}")]
    if origin is tuple:
        return [p for i, item in enumerate(value) for p in _check(item, args[0], f"{where}[{i}]")]
    return []


def _check_object(value: dict[str, Any], hint: Any, where: str) -> list[str]:
    fields = {field.name: field for field in dataclasses.fields(hint)}
    problems = [
        f"{where}.{key}: unknown field ({where} has {', '.join(fields)})"
        for key in value
        if key not in fields
    ]
    for name, field_hint in _hints(hint).items():
        at = f"{where}.{name}"
        if name in value:
            problems += _check(value[name], field_hint, at)
        elif _required(fields[name]):
            problems.append(f"{at}: expected {_expected(field_hint, at)}, but it is missing")
    return problems


def _is(value: Any, hint: Any, where: str) -> bool:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(_is(value, arg, where) for arg in get_args(hint) if arg is not type(None))
    if hint is int:
        low, high = _RANGES.get(where, (value, value))
        return type(value) is int and low <= value <= high  # a bool is no int in JSON
    if hint is bool or hint is str:
        return type(value) is hint
    if dataclasses.is_dataclass(hint) or origin is dict:
        return isinstance(value, dict)
    return origin is tuple and isinstance(value, list)


def _expected(hint: Any, where: str) -> str:
    """What a value of type ``hint`` is in JSON, for a person."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        kinds = [_expected(arg, where) for arg in get_args(hint) if arg is not type(None)]
        return " or ".join(kinds) + (" or null" if type(None) in get_args(hint) else "")
    if hint is int:
        bounds = _RANGES.get(where)
        return "an integer" + (f" from {bounds[0]} to {bounds[1]}" if bounds else "")
    if hint is bool:
        return "true or false"
    if hint is str:
        return "a string"
    return "a list" if origin is tuple else "an object"


def _required(field: dataclasses.Field[Any]) -> bool:
    missing = dataclasses.MISSING
    return field.default is missing and field.default_factory is missing


@cache
def _hints(cls: type) -> dict[str, Any]:
    """A dataclass's fields' types, resolved (the module's annotations are strings)."""
    names = {field.name for field in dataclasses.fields(cls)}
    return {name: hint for name, hint in get_type_hints(cls).items() if name in names}
