"""Where a command listens (``serve``'s and ``record``'s ``--host`` and ``--port``), what a user is
told when it cannot, and whether an address is this machine's alone."""

from __future__ import annotations

import errno
import ipaddress
import socket

from mockgraph.config import Option

HOST = Option("--host", "text", "Address to bind.")
PORT = Option("--port", "int", "Port (0: any free one).", 0, 65535)
DEFAULT_HOST = "127.0.0.1"


def listen_error(error: OSError, host: str, port: int) -> str:
    """What a user is told when ``host:port`` cannot be listened on, and what to do."""
    address = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"
    other_port = "pick another port with --port, or --port 0 for any free one"
    other_host = "use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface)"
    if error.errno == errno.EADDRINUSE:
        return f"{address} is in use (another mockgraph serve?); {other_port}."
    if error.errno == errno.EACCES:
        return f"{address}: permission denied (ports below 1024 need privileges); {other_port}."
    if error.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: it is not an address of this machine; {other_host}."
    if isinstance(error, socket.gaierror):
        why = reason(error)
        return f"cannot listen on {host}: not an address, nor a name found ({why}); {other_host}."
    return f"cannot listen on {address}: {reason(error)}."


def reason(error: OSError) -> str:
    """``File exists: /etc/hostname``: the system's words, without Python's."""
    text = error.strerror or str(error)
    return f"{text}: {error.filename}" if error.filename else text


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address (or name) only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
