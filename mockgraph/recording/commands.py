"""The ``mockgraph record`` command: the recorder on a local port until Ctrl-C."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click

from mockgraph.core.fixture import FixtureError, file_name
from mockgraph.paths import GRAPH_HOST, SERVICE_ROOT
from mockgraph.recording.proxy import create_proxy
from mockgraph.recording.redaction import Redactor
from mockgraph.recording.upstream import Upstream
from mockgraph.recording.writer import Writer
from mockgraph.serving.listening import DEFAULT_HOST, HOST, PORT, is_loopback, listen_error
from mockgraph.serving.options import variable_option
from mockgraph.serving.running import leave, serve_until_signalled
from mockgraph.serving.server import MockGraphServer
from mockgraph.serving.signals import StopSignals

# Beside serve's 8000 (and its own variable): recording a local `mockgraph serve` is common.
RECORD_PORT = 8001
PORT_VARIABLE = "MOCKGRAPH_RECORD_PORT"
DEFAULT_TIMEOUT = 30.0
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _upstream(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The upstream's service root, without userinfo, query or fragment."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an http:// or https:// URL")
    if parts.username or parts.password:
        raise click.BadParameter("give credentials as a bearer token, not in the URL")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


@click.command()
@click.option(
    "--upstream",
    required=True,
    callback=_upstream,
    help=f"The service root to forward to, e.g. {GRAPH_HOST}{SERVICE_ROOT}.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write one fixture per exchange into.",
)
@click.option("--name", help="The recording's name (default: the --out directory's name).")
@variable_option("MOCKGRAPH_HOST", HOST, DEFAULT_HOST, "host")
@variable_option(PORT_VARIABLE, PORT, RECORD_PORT, "port")
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for the upstream's answer (then 504).",
)
@click.option(
    "--redact",
    "values",
    multiple=True,
    help="A value to replace with a placeholder wherever it appears (repeatable).",
)
@click.option(
    "--redact-property",
    "properties",
    multiple=True,
    help="A JSON property whose values get placeholders (repeatable).",
)
@click.option(
    "--record-failures",
    is_flag=True,
    help="Record the 502/504 answered when the upstream fails too.",
)
@click.option("--quiet", is_flag=True, help="Print no line for each exchange recorded.")
def record(
    upstream: str,
    out: Path,
    name: str | None,
    host: str,
    port: int,
    timeout: float,
    values: tuple[str, ...],
    properties: tuple[str, ...],
    record_failures: bool,
    quiet: bool,
) -> None:
    """Forward Graph calls to --upstream and record each exchange as a fixture, with
    tokens, cookies, secrets and identifiers replaced: `mockgraph check --fixtures DIR`
    then replays them."""
    recording = name or out.resolve().name
    _check_name(recording, out)
    echo = None if quiet else click.echo
    with StopSignals() as signals:  # first: a signal while it binds counts too, as serve's
        writer = Writer(out, recording, upstream, Redactor(values, properties), echo)
        forwarder = Upstream(timeout)
        app = create_proxy(upstream, writer, forwarder, record_failures)
        server = _bound(MockGraphServer(app, host, port))
        if not is_loopback(host):
            click.echo(
                f"warning: listening on {host}, beyond this machine: anyone who can reach it "
                f"can call {upstream} through it (with a token of their own)",
                err=True,
            )
        click.echo(f"mockgraph record: point clients at {server.base_url}")
        click.echo(f"  forwarding to {upstream}")
        click.echo(f"  recording {recording!r} into {out}")
        click.echo("  Ctrl-C to stop")
        try:
            serve_until_signalled(server, signals)
        finally:
            forwarder.close()  # calls still waiting on the upstream end now
    click.echo(f"{writer.count} exchanges recorded in {out}")
    leave(server)


def _bound(server: MockGraphServer) -> MockGraphServer:
    """The server, its socket bound; what stops it is one line."""
    try:
        server.prepare()
    except OSError as error:
        raise click.ClickException(listen_error(error, server.host, server.port)) from None
    return server


def _check_name(recording: str, out: Path) -> None:
    """A name that makes file names, and a recording not already in ``out``."""
    try:
        if not _NAME.match(recording):
            raise FixtureError("use letters, digits, '.', '_' and '-'")
        file_name(recording + "-0000-post-" + "x" * 40)  # its longest fixture's name
    except FixtureError as error:
        raise click.BadParameter(f"{recording!r}: {error}", param_hint="--name") from None
    if any(out.glob(f"{recording}-[0-9][0-9][0-9][0-9]-*.json")):
        raise click.UsageError(
            f"{out} already holds a recording named {recording!r}: give another --name, or "
            "remove its files (its placeholders and sequence would clash)"
        )
