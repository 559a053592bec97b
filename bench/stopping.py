"""How long `mockgraph serve` takes to stop, as a real process, whatever its clients do.

For each signal (SIGINT, SIGTERM) and each way of starting (SIGINT as it comes, and ignored,
as `mockgraph serve &` in a non-interactive shell starts it): a client stalled mid-head, one
stalled mid-body and an idle keep-alive one are open when the signal is sent; the figure is
the time from the signal to the process's exit. The promise is 2 s at most.

    python -m bench.stopping [ROUNDS]
"""

from __future__ import annotations

import signal
import statistics
import subprocess
import sys
import time

from tests.support.stopping import serving_with_clients

DEADLINE_SECONDS = 15.0  # a server that has not stopped by then is killed and reported


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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
