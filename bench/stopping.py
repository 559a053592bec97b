"""How long `mockgraph serve` takes to stop, as a real process, whatever its clients do.

For each signal (SIGINT, SIGTERM) and each way of starting (SIGINT as it comes, and ignored,
as `mockgraph serve &` in a non-interactive shell starts it): a client stalled mid-head, one
stalled mid-body and an idle keep-alive one are open when the signal is sent; the figure is
the time from the signal to the process's exit. The promise is 2 s at most.

With ``--startup``, the signal lands at a moment of start-up instead: ROUNDS starts of
`mockgraph serve --seed --state FILE`, each signalled after a delay spread evenly over the first
1.5 s (importing, binding, seeding, serving), with SIGTERM once, SIGTERM twice at once (as `timeout`
sends it: to the server, then to its group) and SIGINT once in turn; it prints how each ended
and the distribution of stop times. A start that has not ended 15 s after its signal is a hang.

    python -m bench.stopping [ROUNDS]
    python -m bench.stopping --startup [ROUNDS]
"""

from __future__ import annotations

import collections
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.stopping import serving_with_clients, spawn_serve

DEADLINE_SECONDS = 15.0  # a server that has not stopped by then is killed and reported
STARTUP_SPREAD = 1.5  # seconds of start-up the signals are spread over (imports take ~0.7 s)
# How a start-up round signals: a name and the signals sent, back to back.
STARTUP_WAYS = (
    ("SIGTERM", (signal.SIGTERM,)),
    ("SIGTERM twice", (signal.SIGTERM, signal.SIGTERM)),
    ("SIGINT", (signal.SIGINT,)),
)


def stop_seconds(stop: signal.Signals, ignore_sigint: bool) -> float:
    """Seconds from ``stop`` to the exit of a server with stalled and idle clients open."""
    with serving_with_clients(ignore_sigint) as process:
        started = time.monotonic()
        process.send_signal(stop)
        try:
            process.communicate(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            return float("inf")
        return time.monotonic() - started


def main(rounds: int = 3) -> None:
    """Print the median and worst stop time of each signal and start."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        for ignored in (False, True):
            times = [stop_seconds(stop, ignored) for _ in range(rounds)]
            start = "SIGINT ignored" if ignored else "SIGINT default"
            print(
                f"{stop.name:8} {start:15} median {statistics.median(times):.2f} s, "
                f"worst {max(times):.2f} s ({rounds} rounds)"
            )


def startup_round(
    delay: float, signals: tuple[signal.Signals, ...], state: Path
) -> tuple[str, float]:
    """How a start signalled ``delay`` s after it was spawned ended, and seconds to the end."""
    process = spawn_serve(False, ["--seed", "--quiet", "--state", str(state)])
    time.sleep(delay)
    started = time.monotonic()
    for stop in signals:
        process.send_signal(stop)
    try:
        _, err = process.communicate(timeout=DEADLINE_SECONDS)
    except subprocess.TimeoutExpired:
        _dump(process.pid)
        process.kill()
        process.communicate()
        return "hang (killed)", float("inf")
    seconds = time.monotonic() - started
    traceback = " with a traceback" if "Traceback" in err else ""
    if process.returncode == 0:
        return f"stopped (exit 0){traceback}", seconds
    if process.returncode < 0:
        name = signal.Signals(-process.returncode).name
        return f"ended by {name}'s default action{traceback}", seconds
    if process.returncode > 128 and signal.Signals(process.returncode - 128) in signals:
        return f"ended while the command loaded (exit {process.returncode}){traceback}", seconds
    return f"exit {process.returncode}{traceback}", seconds


def _dump(pid: int) -> None:
    """Where a hung server's threads are, when py-spy is installed (it is not a dependency)."""
    spy = shutil.which("py-spy")
    if spy is not None:
        subprocess.run([spy, "dump", "--pid", str(pid)], timeout=30, check=False)


def startup(rounds: int) -> None:
    """Signal ``rounds`` starts at moments spread over start-up; print outcomes and times."""
    outcomes: dict[str, collections.Counter[str]] = {
        way: collections.Counter() for way, _ in STARTUP_WAYS
    }
    times: dict[str, list[float]] = {way: [] for way, _ in STARTUP_WAYS}
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(rounds):
            way, signals = STARTUP_WAYS[index % len(STARTUP_WAYS)]
            state = Path(scratch) / f"state-{index}.log"
            outcome, seconds = startup_round(STARTUP_SPREAD * index / rounds, signals, state)
            outcomes[way][outcome] += 1
            times[way].append(seconds)
            state.unlink(missing_ok=True)
    for way, _ in STARTUP_WAYS:
        ended = sorted(times[way])
        print(
            f"{way}: {len(ended)} starts; "
            + "; ".join(f"{n} {o}" for o, n in outcomes[way].most_common())
        )
        print(
            f"    stop time median {_at(ended, 0.5):.2f} s, p90 {_at(ended, 0.9):.2f} s, "
            f"p99 {_at(ended, 0.99):.2f} s, worst {ended[-1]:.2f} s; "
            f"{sum(1 for t in ended if t > 2.0)} over 2 s"
        )


def _at(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--startup"]
    count = int(arguments[0]) if arguments else 3
    startup(count) if "--startup" in sys.argv else main(count)
