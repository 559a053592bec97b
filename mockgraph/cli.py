"""The ``mockgraph`` command: serve (and, as they land, import-docs, check, openapi)."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from mockgraph.config import TOOL_VARIABLES, Option
from mockgraph.core.errors import GraphError
from mockgraph.core.persistence import StateFileError
from mockgraph.features.seeding import seed_new_store
from mockgraph.http.current import state_of
from mockgraph.paths import ADMIN_PREFIX, SINGLETON
from mockgraph.recording.commands import PORT_VARIABLE, record
from mockgraph.replay.commands import DEFAULT_TOKEN_ENV, check, import_docs
from mockgraph.serving.listening import (
    DEFAULT_HOST,
    HOST,
    PORT,
    is_loopback,
    listen_error,
    reason,
)
from mockgraph.serving.options import (
    setting_options,
    settings_of,
    unknown_variables,
    variable_option,
)
from mockgraph.serving.request_log import RequestLog
from mockgraph.serving.running import leave, serve_until_signalled
from mockgraph.serving.server import MockGraphServer
from mockgraph.serving.signals import StopSignals
from mockgraph.specs.openapi import document_json
from mockgraph.version import __version__

# Variables other commands and tools read: not reported as misspelt by serve.
_OTHER_VARIABLES = (DEFAULT_TOKEN_ENV, PORT_VARIABLE, *TOOL_VARIABLES)


@click.group()
@click.version_option(__version__, prog_name="mockgraph")
def main() -> None:
    """An in-memory mock of the Microsoft Graph beta dataClassification service."""


# serve's own options (the settings' are config.OPTIONS'): each a flag and a variable too.
_SEED = Option(
    "--seed/--no-seed",
    "switch",
    "Start with Microsoft's built-in sensitive types, a label taxonomy and the documented "
    "example jobs in the default tenant (--no-seed: empty).",
)
_QUIET = Option("--quiet", "switch", "Print no line for each Graph call.")


@main.command()
@variable_option("MOCKGRAPH_HOST", HOST, DEFAULT_HOST, "host")
@variable_option("MOCKGRAPH_PORT", PORT, 8000, "port")
@setting_options
@variable_option("MOCKGRAPH_SEED", _SEED, True, "seed")
@variable_option("MOCKGRAPH_QUIET", _QUIET, False, "quiet")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, seed: bool, quiet: bool, **_: Any) -> None:
    """Serve the mock until Ctrl-C."""
    with StopSignals() as signals:  # first: a signal while it binds and seeds counts too
        _serve(ctx, signals, host, port, seed, quiet)


def _serve(
    ctx: click.Context, signals: StopSignals, host: str, port: int, seed: bool, quiet: bool
) -> None:
    for warning in unknown_variables(os.environ, _variables(ctx.command), _OTHER_VARIABLES):
        click.echo(warning, err=True)
    config = settings_of(ctx.params)
    config["MOCKGRAPH_ADMIN_REQUIRES_TOKEN"] = beyond_loopback = not is_loopback(host)
    server = _bound(host, port, config)
    if beyond_loopback:
        _warn_beyond_loopback(host, guarded=bool(config["MOCKGRAPH_ADMIN_TOKEN"]))
    store = state_of(server.app).store
    try:
        seeded = seed_new_store(store) if seed else 0
    except OSError as error:
        raise click.ClickException(f"cannot write the state file: {reason(error)}") from None
    except GraphError as error:  # the state file did not take the seed (a full disk)
        cause = error.__cause__
        why = reason(cause) if isinstance(cause, OSError) else error.message
        raise click.ClickException(f"cannot write the state file: {why}") from None
    _banner(server, seeded)
    log = None if quiet or sys.stdout is None else RequestLog(server.app, sys.stdout).start()
    try:
        serve_until_signalled(server, signals)
    finally:
        if log is not None:
            log.stop()
        store.close()
    click.echo("mockgraph stopped")
    leave(server)


def _warn_beyond_loopback(host: str, guarded: bool) -> None:
    click.echo(
        f"warning: listening on {host}, beyond this machine: anyone who can reach it can use the "
        "mock" + ("" if guarded else "; the admin API is off without --admin-token"),
        err=True,
    )


def _banner(server: MockGraphServer, seeded: int) -> None:
    # Its first line is parsed by other tools (the tests, the docs' harness): keep its shape.
    click.echo(f"mockgraph {__version__} serving Microsoft Graph beta at {server.base_url}")
    if seeded:
        click.echo(
            f"  seeded {seeded} items in the default tenant: sensitive types, labels and "
            "documented jobs (--no-seed: none)"
        )
    click.echo(f"  try: curl -H 'Authorization: Bearer x' {server.base_url}/{SINGLETON}/jobs")
    click.echo(f"  inspector: {server.url}{ADMIN_PREFIX}/ (what the mock saw, live, in a browser)")
    click.echo("  Ctrl-C to stop")


def _bound(host: str, port: int, config: dict[str, Any]) -> MockGraphServer:
    """The server, its state file open and its socket bound; what stops either is one line."""
    state = config["MOCKGRAPH_STATE_FILE"]
    try:
        server = MockGraphServer(host=host, port=port, config=config)
    except StateFileError as error:
        raise click.ClickException(f"--state {state}: {error}") from None
    except OSError as error:
        raise click.ClickException(f"cannot open the state file {state}: {reason(error)}") from None
    try:
        server.prepare()
    except OSError as error:
        state_of(server.app).store.close()
        raise click.ClickException(listen_error(error, host, port)) from None
    return server


def _variables(command: click.Command) -> list[str]:
    """The environment variables ``command``'s options read."""
    return [
        param.envvar
        for param in command.params
        if isinstance(param, click.Option) and isinstance(param.envvar, str)
    ]


@main.command()
def openapi() -> None:
    """Print the OpenAPI 3.1 document of the Graph routes (served at /_mockgraph/openapi.json)."""
    click.echo(document_json().decode())


main.add_command(import_docs)
main.add_command(check)
main.add_command(record)
