"""The ``mockgraph`` command: serve (and, as they land, import-docs, check, openapi)."""

from __future__ import annotations

import click

from mockgraph import __version__
from mockgraph.server import MockGraphServer


@click.group()
@click.version_option(__version__, prog_name="mockgraph")
def main() -> None:
    """An in-memory mock of the Microsoft Graph beta dataClassification jobs API."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0: any free one).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@click.option("--no-auth", is_flag=True, help="Accept requests without a bearer token.")
@click.option("--page-size", default=100, show_default=True, type=click.IntRange(1, 999))
def serve(host: str, port: int, threads: int, no_auth: bool, page_size: int) -> None:
    """Serve the mock until Ctrl-C."""
    config = {"MOCKGRAPH_AUTH": not no_auth, "MOCKGRAPH_PAGE_SIZE": page_size}
    server = MockGraphServer(host=host, port=port, threads=threads, config=config)
    server.prepare()
    click.echo(f"mockgraph {__version__} serving Microsoft Graph beta at {server.base_url}")
    click.echo(
        f"  try: curl -H 'Authorization: Bearer x' {server.base_url}/dataClassification/jobs"
    )
    click.echo("  Ctrl-C to stop")
    server.serve_forever()
    click.echo("mockgraph stopped")
