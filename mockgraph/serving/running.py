"""What ``mockgraph serve`` and ``mockgraph record`` share once bound: serving until a signal,
and leaving."""

from __future__ import annotations

import os
import sys

import click

from mockgraph.serving.server import MockGraphServer, ServerStartError
from mockgraph.serving.signals import StopSignals


def serve_until_signalled(server: MockGraphServer, signals: StopSignals) -> None:
    """Serve until ``signals`` has one; a server that does not start is one ``Error:`` line."""
    try:
        server.serve_until_signalled(signals)
    except ServerStartError as error:
        raise click.ClickException(
            f"the server did not start: {error.__cause__ or error}"
        ) from None


def leave(server: MockGraphServer) -> None:
    """End the process now if granian still holds a client that stalled mid-request: its
    threads cannot be joined, and an interpreter finalizing under them aborts."""
    if not server.stopped_cleanly:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
