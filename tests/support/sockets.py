"""Reading answers off a raw socket, for tests (and the benchmark's hostile clients) that speak
HTTP by hand."""

from __future__ import annotations

import socket


def read_answer(connection: socket.socket) -> tuple[int, bytes]:
    """Read one Content-Length framed answer on a keep-alive connection: its status and body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data[:200]!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("closed mid-body")
        body += chunk
    return int(head.split(b" ", 2)[1]), body
