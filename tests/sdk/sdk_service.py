"""Every collection below the singleton through the official SDK's request builders, driven the
same way from one table (``sets.py``): sensitive types, sensitivity labels and their sublabels,
exact-match data stores and their sessions, upload agents, and the job collections. Create, read
back, list, count, change, delete, each result typed; the query options through the SDK's
RequestConfiguration. What is particular to a set is in ``sdk_containment.py``.

Every test has a fresh tenant, and still reads only what it created (by the ids it got back),
so whatever else a store holds changes nothing here.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any

import pytest
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.exact_match_session import ExactMatchSession
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError

from mockgraph.features.sessions import SET_ON_CREATION
from tests.sdk.sets import SETS, Collection, camel, container, parents, query, snake
from tests.sdk.support import Run, wire

SERVER_ADDS = ("id", "@odata.context", "@odata.type")  # @odata.type: checked as the model's


def assert_as_sent(got: Any, sent: Any, collection: Collection) -> None:
    """The typed model, and every value as sent: datetimes as datetimes with their offsets,
    enums as the SDK's enums, a flags member as a one-member list."""
    assert type(got) is collection.model
    model = collection.model.__name__
    assert got.odata_type == f"#microsoft.graph.{model[0].lower()}{model[1:]}"
    uuid.UUID(got.id)
    for field in dataclasses.fields(sent):
        value, back = getattr(sent, field.name), getattr(got, field.name)
        if field.name in collection.flags:
            assert back == ([value] if value else None)
        elif isinstance(value, Enum):
            assert back is value
        elif isinstance(value, datetime):
            assert (type(back), back, back.utcoffset()) == (datetime, value, value.utcoffset())
    flags = {camel(name) for name in collection.flags}
    given = {k: v for k, v in wire(sent).items() if k not in (*SERVER_ADDS, *flags)}
    # A new session also holds what the service sets where the client sent nothing.
    added = SET_ON_CREATION if collection.model is ExactMatchSession else ()
    kept = {
        k: v
        for k, v in wire(got).items()
        if k not in (*SERVER_ADDS, *flags) and (k in given or k not in added)
    }
    assert kept == given


def by_id(items: list[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


IDS = list(SETS)


@pytest.mark.parametrize("path", IDS)
def test_create_read_list_and_count(graph: GraphServiceClient, run: Run[Any], path: str) -> None:
    collection = SETS[path]
    builder = collection.reach(graph, parents(graph, run, collection))
    before = run(builder.count.get())
    sent = [collection.new("Alpha"), collection.new("Beta")]
    created = [run(builder.post(body)) for body in sent]
    for got, body in zip(created, sent, strict=True):
        assert_as_sent(got, body, collection)
        assert_as_sent(run(collection.item(builder, got.id).get()), body, collection)
    listed = by_id(run(builder.get()).value)
    for got, body in zip(created, sent, strict=True):
        assert_as_sent(listed[got.id], body, collection)
    assert run(builder.count.get()) == before + 2


@pytest.mark.parametrize("path", IDS)
def test_patch_changes_what_it_sends(graph: GraphServiceClient, run: Run[Any], path: str) -> None:
    collection = SETS[path]
    builder = collection.reach(graph, parents(graph, run, collection))
    created = run(builder.post(collection.new("Alpha")))
    item = collection.item(builder, created.id)
    change = collection.change()
    expected = collection.new("Alpha")
    for field in dataclasses.fields(change):
        if getattr(change, field.name) not in (None, {}):
            setattr(expected, field.name, getattr(change, field.name))
    patched = run(item.patch(change))
    assert_as_sent(patched, expected, collection)
    assert patched.id == created.id
    assert_as_sent(run(item.get()), expected, collection)


AFTER_DELETE: dict[str, Callable[[Collection, Any], Any]] = {  # item builder -> a coroutine
    "get": lambda collection, item: item.get(),
    "patch": lambda collection, item: item.patch(collection.change()),
    "delete-again": lambda collection, item: item.delete(),
}


@pytest.mark.parametrize("then", list(AFTER_DELETE))
@pytest.mark.parametrize("path", IDS)
def test_deleted_item_is_an_odata_error_404(
    graph: GraphServiceClient, run: Run[Any], path: str, then: str
) -> None:
    collection = SETS[path]
    ids = parents(graph, run, collection)
    builder = collection.reach(graph, ids)
    kept, gone = (run(builder.post(collection.new(name))) for name in ("Kept", "Gone"))
    assert run(collection.item(builder, gone.id).delete()) is None
    with pytest.raises(ODataError) as caught:
        run(AFTER_DELETE[then](collection, collection.item(builder, gone.id)))
    assert caught.value.response_status_code == 404
    assert caught.value.error.code == "itemNotFound"
    where = container(collection, ids)
    message = f"The {collection.noun} '{gone.id}' was not found in '{where}'."
    assert caught.value.error.message == message
    assert caught.value.error.inner_error.request_id
    listed = by_id(run(builder.get()).value)
    assert kept.id in listed and gone.id not in listed


@pytest.mark.parametrize("path", IDS)
def test_query_options_through_the_request_configuration(
    graph: GraphServiceClient, run: Run[Any], path: str
) -> None:
    collection = SETS[path]
    builder = collection.reach(graph, parents(graph, run, collection))
    prefix = f"run {uuid.uuid4()}"  # only what this test made matches the filter
    names = [f"{prefix} {letter}" for letter in "bdac"]
    created = {run(builder.post(collection.new(name))).id: name for name in names}
    run(builder.post(collection.new("other")))
    mine = f"startswith({collection.named}, '{prefix}')"
    config = query(
        builder, filter=mine, orderby=[f"{collection.named} desc"], top=2, count=True,
        select=["id", collection.named],
    )  # fmt: skip
    first = run(builder.get(config))
    assert (first.odata_count, len(first.value)) == (4, 2)
    second = run(builder.with_url(first.odata_next_link).get())  # the server's link, as given
    assert second.odata_next_link is None
    listed = [*first.value, *second.value]
    attribute = snake(collection.named)
    assert [getattr(item, attribute) for item in listed] == sorted(names, reverse=True)
    assert all(type(item) is collection.model for item in listed)
    assert {item.id for item in listed} == set(created)
    for item in listed:  # $select: the rest is not there
        assert set(wire(item)) == {"id", "@odata.type", collection.named}
    skipped = run(builder.get(query(builder, filter=mine, orderby=[collection.named], skip=3)))
    assert [getattr(item, attribute) for item in skipped.value] == [max(names)]
    count = query(builder.count, filter=mine)
    assert run(builder.count.get(count)) == 4
