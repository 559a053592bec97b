"""The fixture format: one documented request/response pair as versioned JSON, and its files.

A fixture says everything a replay needs and nothing about where it runs: the request's path is
relative to the service root (``/dataClassification/jobs``), ``{name}`` placeholders in it are
bound at replay to the entities ``setup`` creates, and ``repairs`` records what the importer
changed from the page, rule by rule. The format is described in the README.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mockgraph.paths import SINGLETON

FORMAT = "mockgraph-fixture/1"


class FixtureError(Exception):
    """A file that is not a fixture of a format this version reads."""


@dataclass(frozen=True)
class SetupEntity:
    """An entity to create before the request: ``bind`` names the placeholder its id fills."""

    collection: str
    body: dict[str, Any]
    documented_id: str | None = None
    bind: str | None = None


@dataclass(frozen=True)
class Request:
    """The request to send; ``path`` is relative to the service root."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


@dataclass(frozen=True)
class Expected:
    """The documented response: ``body`` is a subset of what must come back.

    ``truncated`` (the docs' annotation) lets the response carry undocumented properties and
    items; ``by_shape`` lists JSON pointers (``/id``) whose values the server assigns, compared
    by shape rather than value. A recorded exchange also has ``binds`` (a placeholder's name to
    the JSON pointer of the value in this answer that later requests of its recording use) and
    ``present`` (header names whose values vary, such as ``Retry-After``: there, not compared).
    """

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    truncated: bool = False
    by_shape: tuple[str, ...] = ()
    binds: dict[str, str] = field(default_factory=dict)
    present: tuple[str, ...] = ()


@dataclass(frozen=True)
class Repair:
    """One named repair rule the importer applied, and what it changed."""

    rule: str
    detail: str


@dataclass(frozen=True)
class Fixture:
    """One documented example pair, ready to replay."""

    name: str
    source: dict[str, Any]
    request: Request
    response: Expected
    setup: tuple[SetupEntity, ...] = ()
    repairs: tuple[Repair, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The fixture as the JSON object its file holds."""
        data = asdict(self)
        response = data["response"]
        response["by_shape"] = list(self.response.by_shape)
        response["present"] = list(self.response.present)
        for optional in ("binds", "present"):  # a recording's: a documented pair has none
            if not response[optional]:
                del response[optional]
        return {
            "format": FORMAT,
            "name": data["name"],
            "source": data["source"],
            "repairs": data["repairs"],
            "setup": data["setup"],
            "request": data["request"],
            "response": data["response"],
        }

    @classmethod
    def from_json(cls, data: Any) -> Fixture:
        """Read a fixture file's JSON object; FixtureError when it is not one."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise FixtureError(f"not a {FORMAT} fixture (format: {found!r})")
        try:
            response = dict(data["response"])
            response["by_shape"] = tuple(response.get("by_shape", ()))
            response["present"] = tuple(response.get("present", ()))
            fixture = cls(
                name=data["name"],
                source=dict(data["source"]),
                request=Request(**data["request"]),
                response=Expected(**response),
                setup=tuple(SetupEntity(**item) for item in data["setup"]),
                repairs=tuple(Repair(**item) for item in data["repairs"]),
            )
        except (KeyError, TypeError) as error:
            raise FixtureError(f"a {FORMAT} fixture with a bad field: {error}") from error
        _check_path("request.path", fixture.request.path)
        for entity in fixture.setup:
            _check_path("setup collection", f"/{SINGLETON}/{entity.collection}")
        return fixture


def _check_path(what: str, path: Any) -> None:
    """A path a replay sends must stay below the service root it is given (``--base-url``):
    one that climbs out (``/../v1.0/me``, ``/%2e%2e/...``) would take the caller's token
    elsewhere on the host."""
    route = path.split("?", 1)[0] if isinstance(path, str) else ""
    segments = unquote(route).split("/")
    if not route.startswith("/") or "\\" in unquote(route) or {".", ".."} & set(segments):
        raise FixtureError(f"{what} {path!r} is not a path below the service root")


_MAX_FILE_NAME = 255  # bytes: what Linux, macOS and Windows file systems allow in one name


def file_name(name: str) -> str:
    """The file a fixture named ``name`` is saved as: one name in the directory, never a path.

    FixtureError when ``name`` could leave the directory (``/``, ``\\``, ``..``) or is no
    usable file name at all (empty, NUL, a lone surrogate, too long).
    """
    result = f"{name}.json"
    if not _usable(name, result):
        raise FixtureError(f"{name[:80]!r} cannot name a fixture file")
    return result


def _usable(name: str, result: str) -> bool:
    if not name or name in (".", "..") or any(char in name for char in "/\\\0"):
        return False
    try:
        return len(result.encode()) <= _MAX_FILE_NAME
    except UnicodeEncodeError:  # a lone surrogate, which no file name can hold
        return False


def dumps(fixture: Fixture) -> str:
    """The fixture file's text: stable (sorted nothing, indented), so diffs read well."""
    return json.dumps(fixture.to_json(), indent=2, ensure_ascii=False) + "\n"


def save(fixture: Fixture, directory: Path) -> Path:
    """Write the fixture into ``directory``; returns the file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(fixture.name)
    path.write_text(dumps(fixture), encoding="utf-8")
    return path


def load(path: Path) -> Fixture:
    """Read one fixture file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise FixtureError(f"{path}: not JSON: {error}") from error
    try:
        return Fixture.from_json(data)
    except FixtureError as error:
        raise FixtureError(f"{path}: {error}") from error


def load_dirs(directories: Iterable[Path]) -> list[Fixture]:
    """Every ``*.json`` fixture in the directories, by name; FixtureError on a duplicate name."""
    fixtures: dict[str, Fixture] = {}
    for directory in directories:
        if not directory.is_dir():
            raise FixtureError(f"{directory}: not a directory")
        for path in sorted(directory.glob("*.json")):
            fixture = load(path)
            if fixture.name in fixtures:
                raise FixtureError(f"{path}: a second fixture named {fixture.name!r}")
            fixtures[fixture.name] = fixture
    return [fixtures[name] for name in sorted(fixtures)]


def packaged_dir() -> Path:
    """Where the fixtures shipped with mockgraph are.

    An installed wheel carries them as package data (``mockgraph/fixtures``); an editable
    install or a checkout reads the repository's top-level ``fixtures/`` directly.
    """
    installed = Path(str(resources.files("mockgraph"))) / "fixtures"
    if installed.is_dir():
        return installed
    return Path(str(resources.files("mockgraph"))).parent / "fixtures"


def packaged_fixtures() -> list[Fixture]:
    """The documented examples shipped with mockgraph."""
    return load_dirs([packaged_dir()])
