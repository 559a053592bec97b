"""The ``mockgraph import-docs`` and ``mockgraph check`` commands."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

from mockgraph.core.fixture import FixtureError, file_name, packaged_fixtures, save
from mockgraph.replay import recordings
from mockgraph.replay.engine import Outcome, replay_all
from mockgraph.replay.importer import PageImport, import_pages
from mockgraph.replay.junit import write_junit
from mockgraph.replay.loading import load_paths
from mockgraph.replay.targets import FlaskTransport, HttpTransport, Transport, UnreachableError

DEFAULT_TOKEN_ENV = "MOCKGRAPH_TOKEN"


@click.command("import-docs")
@click.argument(
    "pages", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write one JSON fixture per example pair into.",
)
@click.option(
    "--clean", is_flag=True, help="Remove fixtures in --out that these pages no longer give."
)
def import_docs(pages: tuple[Path, ...], out: Path, clean: bool) -> None:
    """Turn Graph docs pages' example pairs into fixtures, printing a lint line per doc defect
    and a line per page declined (what it documents is not served) or not read."""
    imports = import_pages(list(pages))
    for page in imports:
        for finding in sorted(page.findings, key=lambda f: f.line):
            click.echo(str(finding))
        if page.declined is not None:
            click.echo(f"{page.page}: declined: {page.declined}")
        if page.error is not None:
            click.echo(f"Error: cannot import: {page.page}: {page.error}", err=True)
    failed = sum(1 for page in imports if page.error is not None)
    try:
        # --clean cannot tell a page that could not be read from one gone: it removes nothing.
        written = _write(imports, out, clean and not failed)
    except (FixtureError, OSError) as error:
        raise click.ClickException(f"cannot write the fixtures: {error}") from error
    defects = sum(len(page.findings) for page in imports)
    given = sum(1 for page in imports if page.fixtures)
    summary = f"{written} fixtures from {given} pages written to {out}; {defects} findings"
    declined = sum(1 for page in imports if page.declined is not None)
    if declined:
        summary += f"; {declined} pages declined"
    if failed:
        summary += f"; {failed} pages not imported"
        summary += ", so --clean removed nothing" if clean else ""
    click.echo(summary)
    click.get_current_context().exit(1 if failed else 0)


def _write(imports: Iterable[PageImport], out: Path, clean: bool) -> int:
    fixtures = [fixture for page in imports for fixture in page.fixtures]
    for fixture in fixtures:
        save(fixture, out)
    if clean:
        kept = {file_name(fixture.name) for fixture in fixtures}
        for stale in out.glob("*.json"):
            if stale.name not in kept:
                stale.unlink()
    return len(fixtures)


@click.command()
@click.option(
    "--fixtures",
    "paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="A fixture file, or a directory of them (repeatable; default: the fixtures shipped "
    "with mockgraph).",
)
@click.option(
    "--base-url",
    help="A service root to replay against over HTTP, e.g. http://127.0.0.1:8000/beta "
    "(default: an in-process mock).",
)
@click.option(
    "--token-env",
    default=DEFAULT_TOKEN_ENV,
    show_default=True,
    help="With --base-url: the environment variable holding the bearer token.",
)
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML.")
@click.option(
    "-k",
    "select",
    help="Only fixtures whose name contains this text; a recording is replayed whole when any "
    "of its exchanges' names, or its own, contains it (later exchanges need the ids the earlier "
    "ones were given).",
)
def check(
    paths: tuple[Path, ...],
    base_url: str | None,
    token_env: str,
    junit: Path | None,
    select: str | None,
) -> None:
    """Replay documented examples and recordings and compare the answers, one line per
    difference; exit 0 only when all pass."""
    try:
        fixtures = load_paths(paths) if paths else packaged_fixtures()
    except FixtureError as error:
        raise click.ClickException(str(error)) from error
    if select is not None:
        fixtures = recordings.select(fixtures, select)
    if not fixtures:
        raise click.ClickException("no fixtures to replay")
    transport = _transport(base_url, token_env)
    try:
        outcomes = [_report(outcome) for outcome in replay_all(fixtures, transport)]
    except UnreachableError as error:  # said once: every fixture would fail the same way
        raise click.ClickException(str(error)) from error
    if junit is not None:
        write_junit(outcomes, junit)
    failed = sum(1 for outcome in outcomes if not outcome.passed)
    click.echo(f"{len(outcomes) - failed} passed, {failed} failed")
    click.get_current_context().exit(1 if failed else 0)


def _transport(base_url: str | None, token_env: str) -> Transport:
    if base_url is None:
        return FlaskTransport()
    token = os.environ.get(token_env)
    if not token:
        # Said once, before any fixture runs: otherwise every fixture fails with a bare 401.
        click.echo(
            f"warning: ${token_env} is not set: requests go without a bearer token, and a service "
            f"that needs one answers 401 to every fixture. Set {token_env} to the token (any "
            "string will do for a mockgraph serve), or name another variable with --token-env.",
            err=True,
        )
    return HttpTransport(base_url, token)


def _report(outcome: Outcome) -> Outcome:
    click.echo(f"{'PASS' if outcome.passed else 'FAIL'} {outcome.fixture.name}")
    for problem in outcome.problems:
        click.echo(f"    {problem}")
    return outcome
