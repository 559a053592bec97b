"""``POST /beta/$batch``: Graph's JSON batching, each request served by the app itself.

A sub-request is a WSGI environ run through ``app.wsgi_app`` in-process, so every route,
hook and check applies to it unchanged: validation, auth (the batch's bearer token),
tenants, faults and latency, the journal (linked to its batch: ``batchId``,
``batchRequestId``) and lifecycle polls. There is no second implementation of any route.
Requests run one at a time, in the order of the array (a dependency always comes earlier).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

from mockgraph.core import batching
from mockgraph.core.answers import Answer, error_answer, json_answer, next_request_id
from mockgraph.core.errors import BadRequestError, GraphError, not_found
from mockgraph.http import wsgi
from mockgraph.http.body import json_object, loads
from mockgraph.http.call import GraphCall
from mockgraph.http.environ import build_environ, path_from_url, server_keys, wsgi_from_text
from mockgraph.http.instrument import BATCH_KEY
from mockgraph.paths import SERVICE_ROOT

# Environ keys of the outer request a sub-request keeps besides who is calling and over what
# (given to the environ builder): the server's name, and its extension keys (``x.y``; e.g. how
# a caller lends the app a wait for latency).
_INHERITED = frozenset({"SERVER_SOFTWARE"})
_OWN_KEYS = ("wsgi.", "werkzeug.", BATCH_KEY)
_FAILED_DEPENDENCY = 424


def run_batch(call: GraphCall) -> Answer:
    """Run the batch's requests; 200 with their answers when the batch itself is well formed.

    The batch is one HTTP call: the route has authenticated it before any request is read."""
    if call.environ.get(BATCH_KEY):  # the known-issues page: batches do not nest
        raise BadRequestError("A batch request cannot hold another batch.")
    items = batching.parse(json_object(call))  # a bad batch is a 400 before anything runs
    inherited = _inherited(call.environ)
    answers: dict[str, dict[str, Any]] = {}
    statuses: dict[str, int] = {}
    for item in items:
        failed = [d for d in item.depends_on if not 200 <= statuses[d.casefold()] < 300]
        if failed:
            answer = _failed_dependency(item, failed[0])
        elif item.absolute:
            answer = _error(item.id, _absolute_url(item))
        else:
            answer = _serve(call, item, inherited)
        answers[item.id] = answer
        statuses[item.id.casefold()] = answer["status"]
    body = json.dumps({"responses": list(answers.values())}, ensure_ascii=False)
    return json_answer(body.encode())


def _inherited(environ: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in environ.items()
        if key in _INHERITED or ("." in key and not key.startswith(_OWN_KEYS))
    }


def _absolute_url(item: batching.BatchItem) -> GraphError:
    # msgraph-sdk-python #1015: Graph reads an absolute URL as a path and finds no resource.
    return not_found(item.first_segment, BadRequestError)


def _failed_dependency(item: batching.BatchItem, dependency: str) -> dict[str, Any]:
    error = GraphError(
        f"The request '{item.id}' depends on '{dependency}', which failed.",
        status=_FAILED_DEPENDENCY,
        code="FailedDependency",
    )
    return _error(item.id, error)


def _error(request_id: str, error: GraphError) -> dict[str, Any]:
    return _answer(request_id, *error_answer(error, next_request_id(), None, ids=True))


def _serve(call: GraphCall, item: batching.BatchItem, inherited: dict[str, Any]) -> dict[str, Any]:
    """Run one request through the app, as if it had come on its own."""
    outer = call.environ
    path, _, query = item.url.partition("?")
    headers = list(item.headers)
    if "HTTP_AUTHORIZATION" in outer:
        headers.append(("Authorization", outer["HTTP_AUTHORIZATION"]))
    if "HTTP_HOST" in outer and not any(name.lower() == "host" for name, _ in headers):
        headers.append(("Host", outer["HTTP_HOST"]))
    base = server_keys(outer["SERVER_NAME"], outer["SERVER_PORT"], outer["wsgi.url_scheme"])
    base.update(inherited)
    base[BATCH_KEY] = (call.request_id, item.id)
    try:
        environ = build_environ(
            base,
            item.method,
            path_from_url(f"{SERVICE_ROOT}/{path.lstrip('/')}"),
            wsgi_from_text(query),  # JSON text, which may hold any character
            headers,
            item.body or b"",
            protocol=outer.get("SERVER_PROTOCOL", "HTTP/1.1"),
            remote=(outer.get("REMOTE_ADDR", "127.0.0.1"), outer.get("REMOTE_PORT", "")),
        )
    except GraphError as error:  # headers past the limits: this request's own answer
        return _error(item.id, error)
    status, response_headers, raw = wsgi.call(call.app.wsgi_app, environ)
    return _answer(item.id, status, response_headers, raw)


def _answer(
    request_id: str, status: int, headers: Iterable[tuple[str, str]], raw: bytes
) -> dict[str, Any]:
    kept = {name: value for name, value in headers if name.lower() != "content-length"}
    answer: dict[str, Any] = {"id": request_id, "status": status, "headers": kept}
    if raw:
        answer["body"] = _body(raw, kept.get("Content-Type", ""))
    return answer


def _body(raw: bytes, content_type: str) -> Any:
    # JSON as JSON, text ($count) as a string, anything else base64, as Graph writes them.
    mimetype = content_type.split(";", 1)[0].strip().lower()
    if mimetype == "application/json":
        try:
            return loads(raw)
        except ValueError:
            pass
    if mimetype.startswith("text/"):
        return raw.decode("utf-8", errors="replace")
    return base64.b64encode(raw).decode("ascii")
