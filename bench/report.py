"""The one table the harness prints, and a met/missed line per target (issues 5 and 13).

Every ratio is mockgraph's figure over the reference in the same row, taken in the same run:
for throughput (req/s) higher is better, for times and memory lower is better.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bench.suite import PHASE_TITLES, PHASES

PEERS = ("prism", "prism-quiet", "json-server")
PEER_TITLES = {"prism": "Prism", "prism-quiet": "Prism -v error", "json-server": "json-server"}
Results = Mapping[str, Any]
# mockgraph serve's options against its default (in memory), and the same app on granian's
# own WSGI server (the other way to put it on granian), same run.
OPTION_ROWS = (
    ("get", "state", "serve --state FILE"),
    ("post", "state", "serve --state FILE"),
    ("post", "fsync", "serve --state FILE --fsync"),
    ("get", "granian-wsgi", "create_app() on granian WSGI, 1 blocking thread"),
    ("list", "granian-wsgi", "create_app() on granian WSGI, 1 blocking thread"),
    ("post", "granian-wsgi", "create_app() on granian WSGI, 1 blocking thread"),
)


# The service's other sets against the jobs, same phase, same run (issue 20: within 1.2x).
SERVICE_ROWS = (
    ("get", "sensitiveTypes", "sensitive type"),
    ("list", "sensitiveTypes", "sensitive types"),
    ("post", "exactMatchDataStores", "data store"),
    ("get", "exactMatchDataStores", "data store"),
    ("list", "exactMatchDataStores", "data stores"),
    ("post", "sensitiveTypes", "sensitive type"),
)
SERVICE_BOUND = 1.2  # the jobs' figure over the set's, at most


def _num(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def _x(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}x"


def _get(results: Results, *path: str) -> Any:
    node: Any = results
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def _rps(results: Results, section: str, server: str, phase: str) -> float | None:
    value = _get(results, section, server, phase, "rps")
    return None if value is None else float(value)


def table(results: Results) -> str:
    """The markdown table of every figure measured."""
    head = ["measure", "mockgraph", "reference", "ratio"]
    head += [f"{PEER_TITLES[p]}" if i == 0 else f"x{PEER_TITLES[p]}" for p in PEERS for i in (0, 1)]
    rows = [head, ["---"] * len(head)]
    for phase in PHASES:
        mine = _rps(results, "http", "mockgraph", phase)
        base = _rps(results, "http", "baseline", phase)
        row = [f"HTTP {PHASE_TITLES[phase]}, req/s", _num(mine), _num(base), _x(_ratio(mine, base))]
        for peer in PEERS:
            theirs = _rps(results, "http", peer, phase)
            row += [_num(theirs), _x(_ratio(mine, theirs))]
        rows.append(row)
    for phase, name, title in OPTION_ROWS:
        value = _rps(results, "options", name, phase)
        default = _rps(results, "options", "default", phase)
        label = f"HTTP {PHASE_TITLES[phase]}, {title}, req/s"
        rows.append(_row(label, value, default, "default"))
    for phase, name, title in SERVICE_ROWS:
        value = _rps(results, "service", name, phase)
        jobs = _rps(results, "service", "jobs", phase)
        rows.append(_row(f"HTTP {PHASE_TITLES[phase]}, {title}, req/s", value, jobs, "jobs"))
    rows += _hostile_rows(results)
    rows += _inprocess_rows(results)
    return "\n".join("| " + " | ".join(row) + " |" for row in _pad(rows))


def _row(
    title: str, value: float | None, reference: float | None, label: str = "", digits: int = 0
) -> list[str]:
    shown = _num(reference, digits) + (f" ({label})" if label and reference is not None else "")
    ratio = _x(_ratio(value, reference)) if reference is not None else "-"
    return [title, _num(value, digits), shown if reference is not None else "-", ratio]


def _hostile_rows(results: Results) -> list[list[str]]:
    delayed = _get(results, "hostile", "latency", "calls") or 200
    stalled = _get(results, "hostile", "stalled", "clients") or 50
    clients = _get(results, "hostile", "keep_alive", "clients") or 200
    return [
        _row(
            f"{delayed} calls at once, each held back 1 s: last answered, s",
            _get(results, "hostile", "latency", "last_s"),
            None,
            digits=2,
        ),
        _row(
            "  meanwhile, GETs without latency: p99, ms",
            _get(results, "hostile", "latency", "others_p99_ms"),
            None,
            digits=1,
        ),
        _row(
            f"GET p99 with {stalled} clients stalled mid-request, ms",
            _get(results, "hostile", "stalled", "p99_ms"),
            None,
            digits=1,
        ),
        _row(
            f"GET p99 on {clients} keep-alive connections at once, ms",
            _get(results, "hostile", "keep_alive", "p99_ms"),
            None,
            digits=1,
        ),
        _row(
            f"  {clients} keep-alive connections: req/s (failed requests)",
            _get(results, "hostile", "keep_alive", "rps"),
            None,
        )[:2]
        + [f"({_get(results, 'hostile', 'keep_alive', 'errors')} failed)", "-"],
    ]


def _inprocess_rows(results: Results) -> list[list[str]]:
    rows = [
        _row(f"in-process {name}, median ms", _get(results, "inprocess", key), None, digits=3)
        for name, key in (("POST", "post_ms"), ("GET by id", "get_ms"), ("list of 50", "list_ms"))
    ]
    title = "  the test client alone: a GET answered a canned body, median ms"
    rows.append(_row(title, _get(results, "inprocess", "client_ms"), None, digits=3))
    rows += [
        _row(f"  the baseline in process: {name}, median ms", value, None, digits=3)
        for name, key in (("POST", "post_ms"), ("GET by id", "get_ms"), ("list of 50", "list_ms"))
        if (value := _get(results, "inprocess", "baseline", key)) is not None
    ]
    rows.append(
        _row("session server start, ms", _get(results, "session", "start_ms"), None, digits=1)
    )
    jobs = _get(results, "session", "reset_jobs") or 10_000
    reset = _get(results, "session", "reset_ms")
    rows.append(_row(f"reset with {jobs:,} documented jobs, ms", reset, None, digits=2))
    small = _get(results, "session", "reset_small_ms")
    title = f"reset with {jobs:,} small jobs + full journal (bench_plugin), ms"
    rows.append(_row(title, small, None, digits=2))
    scale: Mapping[str, Any] = _get(results, "scale") or {}
    idle = _get(scale, "0", "rss_mb")
    rows.append(_row("RSS idle (0 jobs), MB", idle, None, digits=1))
    for size in sorted(scale, key=int):
        if int(size) >= 10_000:
            grown = _rss_growth(scale, size)
            rows.append(_row(f"RSS above idle at {int(size):,} jobs, MB", grown, None, digits=1))
    for key, title, ref_size in (("get_ms", "GET by id", "100"), ("list_ms", "list page", "1000")):
        reference = _get(scale, ref_size, key)
        for size in sorted((s for s in scale if int(s) > 0), key=int):
            value = _get(scale, size, key)
            label = f"at {int(ref_size):,}"
            ref = reference if size != ref_size and int(size) > int(ref_size) else None
            rows.append(_row(f"in-process {title} at {int(size):,} jobs, ms", value, ref, label, 3))
    return rows


def _rss_growth(scale: Mapping[str, Any], size: str) -> float | None:
    at, idle = _get(scale, size, "rss_mb"), _get(scale, size, "rss_idle_mb")
    return None if at is None or idle is None else float(at) - float(idle)


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    sizes = [max(len(row[i]) for row in rows) for i in range(width)]
    return [[cell.ljust(sizes[i]) for i, cell in enumerate(row)] for row in rows]


@dataclass(frozen=True)
class Target:
    """One target of the issue: a figure and the bound it must meet."""

    text: str
    figure: Callable[[Results], float | None]
    bound: float
    at_least: bool  # True: figure >= bound; False: figure <= bound
    unit: str = "x"


def targets() -> list[Target]:
    """The targets of issues 5 and 13, in their order."""

    def vs(server: str, phase: str) -> Callable[[Results], float | None]:
        return lambda r: _ratio(_rps(r, "http", "mockgraph", phase), _rps(r, "http", server, phase))

    def scaled(key: str, size: str, ref: str) -> Callable[[Results], float | None]:
        return lambda r: _ratio(_get(r, "scale", size, key), _get(r, "scale", ref, key))

    def at_most(text: str, bound: float, unit: str, *path: str) -> Target:
        return Target(text, lambda r: _get(r, *path), bound, False, unit)

    found: list[Target] = []
    for phase in PHASES:
        bound = 1.3 if phase in ("get", "list") else 1.0
        text = f"{PHASE_TITLES[phase]} >= {bound:.1f}x Prism -v error"
        found.append(Target(text, vs("prism-quiet", phase), bound, True))
    for peer in ("prism", "json-server"):
        for phase in PHASES:
            text = f"{PHASE_TITLES[phase]} ahead of {PEER_TITLES[peer]} (>= 1.0x)"
            found.append(Target(text, vs(peer, phase), 1.0, True))
    for phase, name, title in SERVICE_ROWS[:3]:
        text = f"{PHASE_TITLES[phase]}, {title} within {SERVICE_BOUND}x of the jobs"
        found.append(Target(text, _service_ratio(name, phase), 1 / SERVICE_BOUND, True))
    found += [
        Target("GET by id >= 0.85x baseline", vs("baseline", "get"), 0.85, True),
        Target("POST (full validation) >= 0.6x baseline", vs("baseline", "post"), 0.6, True),
        at_most(
            "200 calls x 1 s latency all answered within 1.5 s",
            1.5,
            " s",
            "hostile",
            "latency",
            "last_s",
        ),
        at_most(
            "GET p99 under 50 stalled clients < 50 ms", 50, " ms", "hostile", "stalled", "p99_ms"
        ),
        at_most(
            "200 keep-alive clients: p99 < 100 ms",
            100,
            " ms",
            "hostile",
            "keep_alive",
            "p99_ms",
        ),
        at_most("in-process POST <= 0.3 ms", 0.3, " ms", "inprocess", "post_ms"),
        at_most("in-process GET <= 0.15 ms", 0.15, " ms", "inprocess", "get_ms"),
        at_most("session server start <= 150 ms", 150, " ms", "session", "start_ms"),
        at_most("reset with 10k jobs <= 1 ms", 1, " ms", "session", "reset_ms"),
        Target(
            "100k jobs <= 100 MB RSS above idle",
            lambda r: _rss_growth(_get(r, "scale") or {}, "100000"),
            100,
            False,
            " MB",
        ),
        Target(
            "GET by id at 100k within 1.2x of at 100 jobs",
            scaled("get_ms", "100000", "100"),
            1.2,
            False,
        ),
        Target(
            "list page at 100k within 1.5x of at 1k jobs",
            scaled("list_ms", "100000", "1000"),
            1.5,
            False,
        ),
        Target(
            "request journal bounded (entries held / its size <= 1)", _journal_held, 1, False, ""
        ),
    ]
    return found


def _service_ratio(name: str, phase: str) -> Callable[[Results], float | None]:
    return lambda r: _ratio(_rps(r, "service", name, phase), _rps(r, "service", "jobs", phase))


def _journal_held(results: Results) -> float | None:
    journal = _get(results, "inprocess", "journal")
    if not journal or journal["requests"] <= journal["size"]:
        return None  # not enough requests sent to tell
    return float(journal["held"]) / float(journal["size"])


def verdicts(results: Results) -> list[str]:
    """One line per target: met, MISSED, or n/a when the run did not measure it."""
    lines = []
    for target in targets():
        value = target.figure(results)
        if value is None:
            lines.append(f"n/a     {target.text} (not measured in this run)")
            continue
        met = value >= target.bound if target.at_least else value <= target.bound
        shown = f"{value:.2f}{target.unit}"
        lines.append(f"{'met   ' if met else 'MISSED'}  {target.text}: {shown}")
    return lines
