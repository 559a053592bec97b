"""Calling the upstream, bounded: in time (``--timeout``), in size, and by the recorder stopping.

Each call runs on a daemon thread of its own while the caller waits on an event, so the
recorder can give up on a call (its timeout passed, or it is stopping) at once, whatever the
socket is doing, and an interpreter exiting does not wait for a stalled upstream.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import requests

from mockgraph.core.errors import BadGatewayError, GatewayTimeoutError, GraphError, StoppingError

Headers = list[tuple[str, str]]
# The most of an answer the recorder reads: Graph's pages are 999 items at most, well under.
MAX_ANSWER_BYTES = 32 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Answered:
    """What the upstream answered: its status, its headers as sent, its whole (decoded) body."""

    status: int
    headers: Headers
    body: bytes


class _Call:
    """One call in flight: done once it has an answer or an error."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.answered: Answered | None = None
        self.error: GraphError | None = None


class Upstream:
    """The service the recorder forwards to; ``close()`` wakes every caller still waiting."""

    def __init__(self, timeout: float, max_answer: int = MAX_ANSWER_BYTES) -> None:
        self.timeout = timeout
        self.max_answer = max_answer
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._waiting: set[_Call] = set()

    def send(self, method: str, url: str, headers: Headers, body: bytes) -> Answered:
        """The upstream's answer; GatewayTimeoutError when none comes in time, BadGatewayError
        when the connection fails or the answer is too large, StoppingError when stopping."""
        call = _Call()
        with self._lock:
            if self._stopping.is_set():
                raise _stopping()
            self._waiting.add(call)
        worker = threading.Thread(
            target=self._run,
            args=(call, method, url, headers, body),
            name="mockgraph-record-upstream",
            daemon=True,  # a stalled upstream must not keep the process alive
        )
        worker.start()
        try:
            finished = call.done.wait(self.timeout)
        finally:
            with self._lock:
                self._waiting.discard(call)
        if self._stopping.is_set() and call.answered is None:
            raise _stopping()
        if not finished:
            raise GatewayTimeoutError(f"The upstream did not answer within {self.timeout:g} s.")
        if call.error is not None:
            raise call.error
        assert call.answered is not None
        return call.answered

    def close(self) -> None:
        """Stop: callers still waiting get StoppingError now, new calls at once."""
        with self._lock:
            self._stopping.set()
            for call in self._waiting:
                call.done.set()

    def _run(self, call: _Call, method: str, url: str, headers: Headers, body: bytes) -> None:
        try:
            call.answered = self._request(method, url, headers, body)
        except GraphError as error:
            call.error = error
        except requests.Timeout:
            call.error = GatewayTimeoutError(
                f"The upstream did not answer within {self.timeout:g} s."
            )
        except requests.RequestException as error:
            call.error = BadGatewayError(f"The upstream could not be reached: {_reason(error)}.")
        finally:
            call.done.set()

    def _request(self, method: str, url: str, headers: Headers, body: bytes) -> Answered:
        deadline = time.monotonic() + self.timeout
        response = requests.request(
            method,
            url,
            headers=dict(headers),
            data=body or None,
            timeout=(self.timeout, self.timeout),
            stream=True,  # read in chunks: the size bound holds before it is all in memory
            allow_redirects=False,  # a redirect is the client's to follow, as Graph sent it
        )
        with response:
            chunks, size = [], 0
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > self.max_answer:
                    raise BadGatewayError(
                        f"The upstream's answer is larger than {self.max_answer} bytes."
                    )
                if time.monotonic() > deadline:  # an answer dripping in never ends otherwise
                    raise requests.Timeout()
                chunks.append(chunk)
            return Answered(
                response.status_code, list(response.raw.headers.items()), b"".join(chunks)
            )


def _stopping() -> StoppingError:
    return StoppingError("The recorder is stopping: the call was not forwarded to the end.")


def _reason(error: requests.RequestException) -> str:
    """The innermost reason (``Connection refused``), without urllib3's object names."""
    cause: BaseException = error
    while cause.__context__ is not None or getattr(cause, "reason", None) is not None:
        reason = getattr(cause, "reason", None)
        nxt = reason if isinstance(reason, BaseException) else cause.__context__
        if nxt is None or nxt is cause:
            break
        cause = nxt
    text = getattr(cause, "strerror", None) or str(cause)
    return text.rsplit(": ", 1)[-1] if isinstance(text, str) else str(text)
