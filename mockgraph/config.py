"""Settings and their defaults; ``create_app(config)`` and the CLI override them by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

DEFAULTS: dict[str, Any] = {
    # Require "Authorization: Bearer ..." on Graph routes (401 otherwise).
    "MOCKGRAPH_AUTH": True,
    # Items per page when the client sends no $top; $top may ask for up to MAX_TOP.
    "MOCKGRAPH_PAGE_SIZE": 100,
    "MOCKGRAPH_MAX_TOP": 999,
    # $filter: characters, and operands + operators (answered 400).
    "MOCKGRAPH_MAX_FILTER_LENGTH": 2000,
    "MOCKGRAPH_MAX_FILTER_NODES": 100,
    # Request bodies: size (bytes, answered 413) and JSON nesting depth (answered 400).
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MOCKGRAPH_MAX_JSON_DEPTH": 64,
    # At most this many jobs per tenant (answered 507 quotaLimitReached); None: no limit.
    "MOCKGRAPH_MAX_JOBS_PER_TENANT": 500_000,
    # Keep the store in this file across restarts (an append-only log); fsync every write too.
    "MOCKGRAPH_STATE_FILE": None,
    "MOCKGRAPH_STATE_FSYNC": False,
    # Accept only tokens whose scp or roles claim grants one of these (403 otherwise).
    "MOCKGRAPH_REQUIRED_SCOPES": (),
    # The admin API (/_mockgraph/) wants this token in X-MockGraph-Admin-Token when set;
    # with ADMIN_REQUIRES_TOKEN (set when serving beyond loopback) and no token, it is off.
    "MOCKGRAPH_ADMIN_TOKEN": None,
    "MOCKGRAPH_ADMIN_REQUIRES_TOKEN": False,
    # Host names (beside loopback's) the admin API answers under; "*": any. A name not listed
    # is refused, so a DNS name rebound to 127.0.0.1 cannot reach it from a web page.
    "MOCKGRAPH_ALLOWED_HOSTS": (),
    # Test features: journal entries kept, latency added to every Graph call (ms), and GETs
    # of a job that advance its status one step (0: only explicit ticks).
    "MOCKGRAPH_JOURNAL_SIZE": 1000,
    "MOCKGRAPH_LATENCY_MS": 0,
    "MOCKGRAPH_LIFECYCLE_POLLS": 0,
}


# How a value is given: a switch (``--x``, or ``--x/--no-x``), a number, a file, a text, or
# names (the flag repeated; the variable comma-separated).
Kind = Literal["switch", "int", "float", "path", "text", "names"]


@dataclass(frozen=True)
class Option:
    """How a user gives a value: ``mockgraph serve``'s flag and what it takes (its environment
    variable is the name the table files it under); a number is checked against low and high."""

    flag: str
    kind: Kind
    help: str
    low: float | None = None
    high: float | None = None
    plugin: bool = False  # the pytest plugin takes it too (ini: the name in lower case)


# The settings a user gives ``mockgraph serve`` (a flag, or the variable of the setting's name;
# ``mockgraph.serving.options`` makes the options from this) and, where ``plugin``, the pytest
# plugin. The others are ``create_app``'s alone.
OPTIONS: dict[str, Option] = {
    "MOCKGRAPH_AUTH": Option(
        "--auth/--no-auth",
        "switch",
        "Require a bearer token on Graph routes (401 otherwise).",
        plugin=True,
    ),
    "MOCKGRAPH_PAGE_SIZE": Option(
        "--page-size",
        "int",
        "Items per page when the client sends no $top.",
        1,
        DEFAULTS["MOCKGRAPH_MAX_TOP"],
        plugin=True,
    ),
    "MOCKGRAPH_LATENCY_MS": Option(
        "--latency-ms",
        "float",
        "Latency added to every Graph call, in milliseconds.",
        0,
        plugin=True,
    ),
    "MOCKGRAPH_LIFECYCLE_POLLS": Option(
        "--lifecycle-polls",
        "int",
        "Every Nth GET of a job advances its status one step (0: only explicit ticks).",
        0,
        plugin=True,
    ),
    "MOCKGRAPH_JOURNAL_SIZE": Option(
        "--journal-size", "int", "Journal entries kept, the oldest dropped first.", 1, plugin=True
    ),
    "MOCKGRAPH_STATE_FILE": Option(
        "--state", "path", "Keep the jobs in this file across restarts (an append-only log)."
    ),
    "MOCKGRAPH_STATE_FSYNC": Option(
        "--fsync", "switch", "With --state: fsync every write (power-loss safe)."
    ),
    "MOCKGRAPH_REQUIRED_SCOPES": Option(
        "--require-scope",
        "names",
        "Accept only tokens whose scp or roles grant this (repeatable; 403 otherwise).",
    ),
    "MOCKGRAPH_ADMIN_TOKEN": Option(
        "--admin-token",
        "text",
        "Require this token (header X-MockGraph-Admin-Token) on the /_mockgraph admin API.",
    ),
    "MOCKGRAPH_ALLOWED_HOSTS": Option(
        "--allow-host",
        "names",
        "A host name (beside loopback's) the admin API answers under (repeatable; *: any).",
    ),
}
# Variables other tools of this repository read (the bench, the browser and SDK tests): known,
# so that ``mockgraph serve`` does not report them as misspelt.
TOOL_VARIABLES = (
    "MOCKGRAPH_BENCH_CACHE",
    "MOCKGRAPH_CHROMIUM",
    "MOCKGRAPH_SCREENSHOT",
    "MOCKGRAPH_SDK_COVERAGE",
)


def settings(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The defaults with ``overrides`` applied (Flask's own settings pass through).

    A misspelt ``MOCKGRAPH_`` name is an error rather than a silent no-op.
    """
    merged = dict(DEFAULTS)
    for name, value in (overrides or {}).items():
        if name.startswith("MOCKGRAPH_") and name not in DEFAULTS:
            raise KeyError(f"unknown mockgraph setting {name!r}")
        merged[name] = value
    return merged
