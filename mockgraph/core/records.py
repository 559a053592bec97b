"""Reading a state log back (``mockgraph serve --state FILE``): what a file must hold to be used.

Each line is one record (``put``, ``delete``, ``clear``, or a ``batch`` of them written as one
line); every line ends with a newline. Only the last line may lack it: a write cut short by a
crash, dropped with a warning when it begins as a record does. Anything else refuses the file,
naming the line, and so does a live item a seed or an import would refuse
(``mockgraph.core.items``). No Flask imports.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import IO, Any

from mockgraph.core.errors import InvalidRequestError
from mockgraph.core.items import load_item
from mockgraph.core.model.collections import is_job_container, item_key

log = logging.getLogger("mockgraph.core.persistence")

State = dict[str, dict[str, dict[str, Any]]]  # tenant -> key -> {"collection", "job", "line"}

RECORD_START = b'{"op":'  # how every record the mock writes begins


class StateFileError(Exception):
    """The state file cannot be used (locked by another server, unreadable, not a log)."""


def starts_like_a_record(data: bytes) -> bool:
    """Whether ``data`` begins as a record does (or is a beginning of one)."""
    head = data[: len(RECORD_START)]
    return head == RECORD_START[: len(head)]


def read_log(shown: str, file: IO[bytes]) -> State:
    """The live items the log holds, each checked as a seed's is; StateFileError otherwise."""
    state: State = {}
    for number, line in enumerate(file, start=1):
        if not line.endswith(b"\n"):  # the last line, with no newline: a write cut short
            if not starts_like_a_record(line):
                raise StateFileError(f"{shown}:{number}: corrupt record (not one cut short)")
            log.warning("%s: dropped a torn last record (%d bytes)", shown, len(line))
            break
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            raise StateFileError(f"{shown}:{number}: corrupt record") from error
        try:
            _apply(state, record, number)
        except (KeyError, TypeError, ValueError) as error:
            raise StateFileError(f"{shown}:{number}: not a mockgraph record") from error
    _check_items(shown, state)
    return state


def _apply(state: State, record: Mapping[str, Any], line: int, nested: bool = False) -> None:
    op = record["op"]
    if op == "batch" and not nested:  # several records, written as one line
        for inner in record["records"]:
            _apply(state, inner, line, nested=True)
        return
    tenant = record["tenant"]
    if op == "clear":  # of one tenant, or of all (tenant null)
        if tenant is None:
            state.clear()
        else:
            state.pop(_tenant(tenant), None)
        return
    if op == "put":
        job, collection = record["job"], record["collection"]
        held = state.setdefault(_tenant(tenant), {})
        held[key_of(collection, job["id"])] = {"collection": collection, "job": job, "line": line}
    elif op == "delete":
        state.get(_tenant(tenant), {}).pop(key_of(record.get("collection"), record["id"]), None)
    else:
        raise ValueError(f"unknown op {op!r}")


def _tenant(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("a tenant is a non-empty string")
    return value


def _check_items(shown: str, state: State) -> None:
    # Each live item as a seed or an import checks it, kept as they would store it.
    for items in state.values():
        for item in items.values():
            try:
                _, item["job"] = load_item(
                    {"collection": item["collection"], "job": item["job"]}, "record", True
                )
            except InvalidRequestError as error:
                found = [f"{d['target']}: {d['message']}" for d in error.details or []]
                reason = "; ".join(found) or error.message
                raise StateFileError(f"{shown}:{item['line']}: invalid record ({reason})") from None


def exported(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item as the store exports it: a job under "job", any other item under "entity"."""
    return {"collection": item["collection"], item_key(item["collection"]): item["job"]}


def key_of(collection: str | None, item_id: str) -> str:
    """Where an item is held: a job's id is unique in its tenant; any other item's, in its
    container."""
    if collection is None or is_job_container(collection):
        return item_id
    return f"{collection}/{item_id}"
