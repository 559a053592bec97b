"""Settings and their defaults; ``create_app(config)`` and the CLI override them by name."""

from __future__ import annotations

from typing import Any

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
