"""The ``mockgraph`` command: serve (and, as they land, import-docs, check, openapi)."""

from __future__ import annotations

import ipaddress
import os
import sys

import click

from mockgraph.config import DEFAULTS
from mockgraph.core.persistence import StateFileError
from mockgraph.features.seeding import seed_new_store
from mockgraph.http.current import state_of
from mockgraph.paths import ADMIN_PREFIX, SINGLETON
from mockgraph.replay.commands import check, import_docs
from mockgraph.serving.server import MockGraphServer
from mockgraph.specs.openapi import document_json
from mockgraph.version import __version__


@click.group()
@click.version_option(__version__, prog_name="mockgraph")
def main() -> None:
    """An in-memory mock of the Microsoft Graph beta dataClassification service."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0: any free one).")
@click.option("--no-auth", is_flag=True, help="Accept requests without a bearer token.")
@click.option(
    "--page-size",
    default=DEFAULTS["MOCKGRAPH_PAGE_SIZE"],
    show_default=True,
    type=click.IntRange(1, DEFAULTS["MOCKGRAPH_MAX_TOP"]),
    help="Items per page when the client sends no $top.",
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False),
    help="Keep the jobs in this file across restarts (an append-only log).",
)
@click.option("--fsync", is_flag=True, help="With --state: fsync every write (power-loss safe).")
@click.option(
    "--require-scope",
    multiple=True,
    help="Accept only tokens whose scp or roles grant this (repeatable; 403 otherwise).",
)
@click.option(
    "--admin-token",
    envvar="MOCKGRAPH_ADMIN_TOKEN",
    help="Require this token (header X-MockGraph-Admin-Token) on the /_mockgraph admin API.",
)
@click.option(
    "--no-seed",
    is_flag=True,
    help="Start empty instead of with Microsoft's built-in sensitive types, a label taxonomy and "
    "the documented example jobs in the default tenant.",
)
def serve(
    host: str,
    port: int,
    no_auth: bool,
    page_size: int,
    state: str | None,
    fsync: bool,
    require_scope: tuple[str, ...],
    admin_token: str | None,
    no_seed: bool,
) -> None:
    """Serve the mock until Ctrl-C."""
    beyond_loopback = not is_loopback(host)
    config = {
        "MOCKGRAPH_AUTH": not no_auth,
        "MOCKGRAPH_PAGE_SIZE": page_size,
        "MOCKGRAPH_STATE_FILE": state,
        "MOCKGRAPH_STATE_FSYNC": fsync,
        "MOCKGRAPH_REQUIRED_SCOPES": require_scope,
        "MOCKGRAPH_ADMIN_TOKEN": admin_token,
        "MOCKGRAPH_ADMIN_REQUIRES_TOKEN": beyond_loopback,
    }
    try:
        server = MockGraphServer(host=host, port=port, config=config)
    except StateFileError as error:
        raise click.ClickException(str(error)) from error
    if beyond_loopback:
        click.echo(
            f"warning: listening on {host}, beyond this machine: anyone who can reach it can "
            "use the mock"
            + ("" if admin_token else "; the admin API is off without --admin-token"),
            err=True,
        )
    seeded = 0 if no_seed else seed_new_store(state_of(server.app).store)
    server.prepare()
    click.echo(f"mockgraph {__version__} serving Microsoft Graph beta at {server.base_url}")
    if seeded:
        click.echo(
            f"  seeded {seeded} items in the default tenant: sensitive types, labels and "
            "documented jobs (--no-seed: none)"
        )
    click.echo(f"  try: curl -H 'Authorization: Bearer x' {server.base_url}/{SINGLETON}/jobs")
    click.echo(f"  inspector: {server.url}{ADMIN_PREFIX}/ (what the mock saw, live, in a browser)")
    click.echo("  Ctrl-C to stop")
    try:
        server.serve_until_signalled()
    finally:
        state_of(server.app).store.close()
    click.echo("mockgraph stopped")
    if not server.stopped_cleanly:
        # granian's threads still hold a client that stalled mid-request: they cannot be
        # joined, and an interpreter finalizing under them aborts. Leave without them.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@main.command()
def openapi() -> None:
    """Print the OpenAPI 3.1 document of the Graph routes (served at /_mockgraph/openapi.json)."""
    click.echo(document_json().decode())


main.add_command(import_docs)
main.add_command(check)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address (or name) only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
