"""What a recorded answer holds that the server chose: marked so a replay compares its shape,
or bound so a replay carries it from the answer that created it into the requests that use it.

Server-assigned ids (an ``id`` the client never sent), DateTimeOffsets the client never sent
and OData links are compared by shape (``by_shape``). The id of what a 201 created is bound
to a placeholder (``job1``, named after its entity set), and every later occurrence of that
id, in a path, a header, a body, is written as ``{job1}``, which the replay fills in.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mockgraph.core.schemas.fields import parse_datetime_offset

CONTEXT = "@odata.context"  # names the upstream's host: never written
# Annotations holding a URL of the server's making (a page's skip token, the entity's address).
_LINKS = ("@odata.nextLink", "@odata.deltaLink", "@odata.id", "@odata.editLink", "@odata.readLink")
_NAME = re.compile(r"[^0-9A-Za-z]")


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) to ``parts``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def set_name(path: str) -> str:
    """The placeholder stem for what a POST to ``path`` creates: ``/dataClassification/jobs``
    gives ``job``, ``.../classifyFileJobs`` ``classifyFileJob``."""
    segments = [s for s in path.split("?", 1)[0].split("/") if s and "{" not in s]
    last = _NAME.sub("", segments[-1]) if segments else ""
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s"):
        last = last[:-1]
    return last if last and not last[0].isdigit() else "item"


@dataclass
class Marked:
    """A recorded answer's body, with what a replay compares by shape and what it binds."""

    body: Any
    by_shape: list[str] = field(default_factory=list)
    binds: dict[str, str] = field(default_factory=dict)
    truncated: bool = False


class Marker:
    """One recording's bound ids and the values its client sent, in the order of exchanges."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bound: dict[str, str] = {}  # an id the server assigned to its placeholder's name
        self._counters: dict[str, Iterator[int]] = defaultdict(lambda: itertools.count(1))
        self._sent: set[str] = set()  # every string a request of the recording sent

    def request(self, path: str, headers: dict[str, str], body: Any) -> tuple[str, Any, Any]:
        """The request with bound ids as placeholders; what it sends is noted as the client's."""
        with self._lock:
            self._sent.update(_strings(body))
            self._sent.update(path.split("?", 1)[0].split("/"))
            return (
                self._substitute(path),
                {name: self._substitute(value) for name, value in headers.items()},
                self._in_strings(body),
            )

    def answer(self, path: str, status: int, body: Any, requests: Any = None) -> Marked:
        """Mark a JSON answer; ``requests``: a ``$batch``'s request body, for its answers."""
        with self._lock:
            if _is_batch(body):
                return self._batch(body, requests)
            if _is_error(status, body):
                return Marked(_error_only(body), truncated=True)
            marked = Marked(None)
            created = self._created(status, body)
            marked.body = self._walk(body, (), marked.by_shape)
            if created is not None:
                marked.binds[self._bind(created, path)] = pointer("id")
            return marked

    def _batch(self, body: dict[str, Any], requests: Any) -> Marked:
        # One exchange, its answers matched by id on replay. Their headers (request ids,
        # Location) vary and no "present" reaches inside a body: left out, so the batch answer
        # is compared as a subset (truncated), its inner errors by code alone.
        urls = _batch_urls(requests)
        marked = Marked(None, truncated=True)
        answers = []
        for index, answer in enumerate(body["responses"]):
            if not isinstance(answer, dict):
                answers.append(answer)
                continue
            inner = {key: value for key, value in answer.items() if key != "headers"}
            status, inner_body = inner.get("status"), inner.get("body")
            at = ("responses", index, "body")
            if isinstance(status, int) and _is_error(status, inner_body):
                inner["body"] = _error_only(inner_body)
            elif "body" in inner:
                created = self._created(status, inner_body)
                inner["body"] = self._walk(inner_body, at, marked.by_shape)
                if created is not None:
                    name = self._bind(created, urls.get(str(inner.get("id")), ""))
                    marked.binds[name] = pointer(*at, "id")
            answers.append(inner)
        marked.body = {**_without_context(body), "responses": answers}
        return marked

    def _created(self, status: Any, body: Any) -> str | None:
        if status != 201 or not isinstance(body, dict):
            return None
        new_id = body.get("id")
        return new_id if isinstance(new_id, str) and new_id and new_id not in self._sent else None

    def _bind(self, new_id: str, path: str) -> str:
        stem = set_name(path)
        name = f"{stem}{next(self._counters[stem])}"
        self._bound[new_id] = name
        return name

    def _walk(self, value: Any, at: tuple[str | int, ...], by_shape: list[str]) -> Any:
        if isinstance(value, dict):
            return {
                key: self._value(key, item, (*at, key), by_shape)
                for key, item in value.items()
                if key != CONTEXT
            }
        if isinstance(value, list):
            return [self._walk(item, (*at, index), by_shape) for index, item in enumerate(value)]
        return self._value(None, value, at, by_shape)

    def _value(
        self, key: str | None, value: Any, at: tuple[str | int, ...], by_shape: list[str]
    ) -> Any:
        if not isinstance(value, str):
            return self._walk(value, at, by_shape) if isinstance(value, (dict, list)) else value
        if value in self._bound:  # an id this recording created: the replay fills it in
            return "{" + self._bound[value] + "}"
        server_set = key in _LINKS or (
            value not in self._sent and (key == "id" or parse_datetime_offset(value) is not None)
        )
        if server_set:
            by_shape.append(pointer(*at))
            return value
        return self._substitute(value)

    def _substitute(self, text: str) -> str:
        for value, name in self._bound.items():
            if value in text:
                text = text.replace(value, "{" + name + "}")
        return text

    def _in_strings(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self._in_strings(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._in_strings(item) for item in value]
        return self._substitute(value) if isinstance(value, str) else value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _is_batch(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("responses"), list)


def _is_error(status: int, body: Any) -> bool:
    return status >= 400 and isinstance(body, dict) and isinstance(body.get("error"), dict)


def _error_only(body: Any) -> dict[str, Any]:
    # Messages and innerError are the service's own words, request ids and dates: the code is
    # the contract.
    return {"error": {"code": body["error"].get("code")}}


def _without_context(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != CONTEXT}


def _batch_urls(requests: Any) -> dict[str, str]:
    """A ``$batch`` request body's urls, by request id."""
    items = requests.get("requests") if isinstance(requests, dict) else None
    return {
        str(item.get("id")): str(item.get("url", ""))
        for item in items or ()
        if isinstance(item, dict)
    }
