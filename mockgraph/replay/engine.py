"""The replay engine: set up what a fixture needs, send its request, compare, clean up.

Set-up goes through the API itself (a POST per entity, a PATCH for a single-valued property's
value), parents before what they contain, so a replay works against any service;
placeholders in the request path are bound to the ids the service assigned, and documented ids
in the expected body are replaced by them. Whatever a replay created is deleted afterwards, so
replays do not see each other, whichever server they run against. A recording (a session of
calls, ``mockgraph record``'s) is replayed as one: its exchanges in order on one tenant, each
answer's bound ids carried into the next requests, its creations deleted at its end. A service
that no connection can be made to stops the run (``UnreachableError``): no fixture could pass
there.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from mockgraph.core.fixture import Fixture
from mockgraph.core.model.collections import ENTITY_SETS, set_of
from mockgraph.paths import SINGLETON
from mockgraph.replay.compare import check, summary
from mockgraph.replay.placeholders import UnboundError, bind_fixture, bind_path
from mockgraph.replay.recordings import bound_by, recording_of, runs
from mockgraph.replay.targets import Transport, TransportError, UnreachableError

_JSON = {"Content-Type": "application/json"}
_BATCH = "/$batch"


class ReplayError(Exception):
    """The replay could not get as far as comparing: its set-up failed."""


@dataclass
class Outcome:
    """A fixture's result: ``problems`` is empty when it passed."""

    fixture: Fixture
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.problems


def replay(fixture: Fixture, transport: Transport) -> Outcome:
    """Replay one fixture against ``transport``; UnreachableError when nothing answers there."""
    started = time.perf_counter()
    transport.isolate()
    created: list[str] = []
    problems: list[str] = []
    try:
        bindings = _set_up(fixture, transport, created)
        request = fixture.request
        path = bind_path(request.path, bindings.placeholders)
        reply = transport.send(request.method, path, request.body, request.headers)
        created += created_by(path, request.method, reply.status, reply.json(), request.body)
        problems = check(fixture, reply, bindings.ids)
    except UnreachableError:
        raise
    except UnboundError as error:  # nothing in the fixture's set-up binds it
        problems = [f"setup: {error}"]
    except (ReplayError, TransportError) as error:
        problems = [str(error)]
    finally:
        problems += _tear_down(transport, created)
    return Outcome(fixture, problems, time.perf_counter() - started)


def replay_all(fixtures: Iterable[Fixture], transport: Transport) -> Iterator[Outcome]:
    """Replay each fixture in turn (a recording's as one), yielding each outcome when known."""
    for run in runs(fixtures):
        if recording_of(run[0]) is None:
            yield replay(run[0], transport)
        else:
            yield from replay_recording(run, transport)


def replay_recording(exchanges: Sequence[Fixture], transport: Transport) -> Iterator[Outcome]:
    """Replay a recording's exchanges, in the order given, on one fresh tenant: the names each
    answer binds are carried into the later exchanges, and what they created is deleted at the
    end (problems doing so are the last exchange's). An outcome per exchange."""
    transport.isolate()
    names: dict[str, str] = {}
    created: list[str] = []
    for index, fixture in enumerate(exchanges):
        started = time.perf_counter()
        try:
            problems = _exchange(fixture, transport, names, created)
        except UnreachableError:
            raise
        except UnboundError as error:  # the exchange that binds it failed, or there is none
            problems = [f"{error}: no earlier exchange of the recording bound it"]
        except (ReplayError, TransportError) as error:
            problems = [str(error)]
        if index == len(exchanges) - 1:
            problems += _tear_down(transport, created)
        yield Outcome(fixture, problems, time.perf_counter() - started)


def _exchange(
    fixture: Fixture, transport: Transport, names: dict[str, str], created: list[str]
) -> list[str]:
    """Send one exchange of a recording with ``names`` bound, compare, and bind what it binds."""
    bindings = _set_up(fixture, transport, created)  # a recording creates what it uses: rare
    names.update(bindings.placeholders)
    bound = bind_fixture(fixture, names)
    request = bound.request
    reply = transport.send(request.method, request.path, request.body, request.headers)
    answer = reply.json()
    created += created_by(request.path, request.method, reply.status, answer, request.body)
    problems = check(bound, reply, bindings.ids, reference="recorded")
    given, unbound = bound_by(bound, answer)
    names.update(given)
    # An answer that already differs explains why its binds fail: one line for one difference.
    return problems or unbound


@dataclass
class Bindings:
    """What set-up gave: placeholder names and documented ids, each to the id assigned."""

    placeholders: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)


def _set_up(fixture: Fixture, transport: Transport, created: list[str]) -> Bindings:
    """Create the fixture's entities, recording what each one's new id stands for."""
    bindings = Bindings()
    for entity in fixture.setup:
        path = bind_path(f"/{SINGLETON}/{entity.collection}", bindings.placeholders)
        entity_set = ENTITY_SETS.get(set_of(entity.collection))
        # A single-valued property is given its value by PATCH (an upsert), at its own path.
        single = entity_set is not None and not entity_set.many
        method = "PATCH" if single else "POST"
        reply = transport.send(method, path, entity.body, _JSON)
        body = reply.json()
        new_id = body.get("id") if isinstance(body, dict) else None
        if reply.status != 201 or not isinstance(new_id, str):
            raise ReplayError(f"setup: {method} {path} answered {reply.status}: {summary(reply)}")
        created.append(path if single else f"{path}/{new_id}")
        if entity.bind:
            bindings.placeholders[entity.bind] = new_id
        if entity.documented_id:
            bindings.ids[entity.documented_id] = new_id
    return bindings


def created_by(path: str, method: str, status: int, body: Any, sent: Any = None) -> list[str]:
    """The paths of what a request created, to delete afterwards like the set-up entities: a
    POST's new entity, a single-valued property's new value (a PATCH answered 201), and what
    the requests of a ``$batch`` created (``sent``, the batch's body, names them)."""
    at = path.split("?", 1)[0].rstrip("/")
    if at == _BATCH and method == "POST" and status == 200:
        return _created_in_batch(sent, body)
    if status != 201 or not isinstance(body, dict):
        return []
    new_id = body.get("id")
    if method == "PATCH":
        return [at]
    return [f"{at}/{new_id}"] if method == "POST" and isinstance(new_id, str) else []


def _created_in_batch(sent: Any, answer: Any) -> list[str]:
    requests = sent.get("requests") if isinstance(sent, dict) else None
    responses = answer.get("responses") if isinstance(answer, dict) else None
    if not isinstance(requests, list) or not isinstance(responses, list):
        return []
    by_id = {r.get("id"): r for r in responses if isinstance(r, dict)}
    created: list[str] = []
    for request in requests:
        if not isinstance(request, dict):
            continue
        response, url, method = (
            by_id.get(request.get("id")),
            request.get("url"),
            request.get("method"),
        )
        if isinstance(response, dict) and isinstance(url, str) and isinstance(method, str):
            status = response.get("status")
            if isinstance(status, int):  # a batch's URLs are relative to the service root
                path = "/" + url.lstrip("/")
                created += created_by(path, method.upper(), status, response.get("body"))
    return created


def _tear_down(transport: Transport, created: list[str]) -> list[str]:
    problems = []
    for path in reversed(created):
        try:
            reply = transport.send("DELETE", path)
        except TransportError as error:
            problems.append(f"cleanup: {error}")
            continue
        if reply.status not in (204, 404):  # 404: the fixture deleted it itself
            problems.append(f"cleanup: DELETE {path} answered {reply.status}: {summary(reply)}")
    return problems
