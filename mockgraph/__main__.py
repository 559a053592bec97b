"""The ``mockgraph`` command, and ``python -m mockgraph``.

Ctrl-C and SIGTERM are taken before the command's modules load (Flask, granian, half a second):
one that comes meanwhile ends the command quietly, with the status a shell gives a program a
signal ended (130, 143), instead of Python's traceback from inside an import.
"""

from __future__ import annotations

import sys

from mockgraph.serving.signals import StopSignals


def main() -> None:
    """Run the command, unless a signal came while it loaded."""
    with StopSignals() as loading:
        from mockgraph.cli import main as command  # the one import that must wait: see above
    if loading.received is not None:
        sys.exit(128 + loading.received)
    command()


if __name__ == "__main__":
    main()
