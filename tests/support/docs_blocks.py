"""The code blocks of README.md and docs/*.md, and a runner for the shell blocks marked runnable.

The convention (docs/contributing.md): the line before a ```sh fence is an HTML comment,
``<!-- docs-test: run -->`` (optionally ``statuses=201,200`` and ``exit=1``),
``<!-- docs-test: serve -->`` or ``<!-- docs-test: skip (why) -->``; a block marked
``<!-- docs-test: output -->`` right after a run or serve block is what that block prints.
Python blocks in docs/ embed a file of examples/ with pymdownx.snippets; the README's are
excerpts of one, and each runs as a file of its own.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = {"sh", "bash", "shell", "console"}
DOCUMENTED_ADDRESS = "127.0.0.1:8000"
DEFAULT_SERVER = "mockgraph serve"  # what a page's run blocks talk to when no serve block is above
BIN = Path(sys.executable).parent  # mockgraph, installed beside this interpreter

_FENCE = re.compile(r"^```\s*([\w+-]*)\s*$")
_MARKER = re.compile(r"^<!-- docs-test: (run|serve|skip|output)\b(.*?)-->\s*$")
# mockgraph serve's first line, or Flask's development server's (flask --app mockgraph run).
_SERVING = re.compile(r"(?:serving Microsoft Graph beta at|Running on) (http://[^/\s]+)")
# The first request a server gets is this one: its log line, if it prints one, ends the banner.
PROBE = "/_mockgraph/health"
BANNER_END = "Ctrl-C to stop"  # the banner's last line
STOPPED = "mockgraph stopped"
# curl, recording each answer's headers (its status line) in a file of its own, in order.
_PRELUDE = """
curl() { command curl -D "$DOCS_TEST_HEADERS/$(date +%s%N)" "$@"; }
"""


@dataclass
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    action: str | None = None  # run, serve, skip, output; None: no marker
    options: dict[str, str] = field(default_factory=dict)
    note: str = ""  # what follows the action in the marker
    output: Block | None = None  # the block marked output right after this one: what it prints

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """Every fenced block of a page (fences at the start of a line), with its marker if any."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening or not opening.group(1):
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        block = Block(page, index + 1, opening.group(1), "\n".join(lines[index + 1 : end]) + "\n")
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        marker = _MARKER.match(before)
        if marker:
            block.action = marker.group(1)
            block.note = marker.group(2).strip()
            block.options = dict(re.findall(r"(\w+)=(\S+)", block.note))
        if block.action == "output" and found:
            found[-1].output = block
        found.append(block)
        index = end + 1
    return found


def all_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page)]


def servers(page_blocks: list[Block]) -> list[tuple[Block | None, list[Block]]]:
    """A page's serve blocks, each with the run blocks below it (up to the next serve block);
    first ``None`` (the default server) with the run blocks above every serve block, if any."""
    found: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for block in page_blocks:
        if block.action == "serve":
            found.append((block, []))
        elif block.action == "run":
            found[-1][1].append(block)
    return found if found[0][1] else found[1:]


def environment(**extra: str) -> dict[str, str]:
    """What a reader's shell has: the installed mockgraph on PATH, no MOCKGRAPH_TOKEN."""
    env = {k: v for k, v in os.environ.items() if k != "MOCKGRAPH_TOKEN"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    return {**env, **extra}


def workdir(tmp: Path) -> Path:
    """A reader's checkout, as far as the blocks need one: a copy of fixtures/."""
    shutil.copytree(ROOT / "fixtures", tmp / "fixtures")
    return tmp


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[str]
    lines: queue.Queue[str | None]
    printed: list[str] = field(default_factory=list)  # once stopped; its address as documented

    @property
    def banner(self) -> list[str]:
        """What it printed on start: up to its "Ctrl-C to stop" line (the request log follows)."""
        shown = list(takewhile(lambda line: PROBE not in line and line != STOPPED, self.printed))
        ends = [i for i, line in enumerate(shown) if BANNER_END in line]
        return shown[: ends[0] + 1] if ends else shown


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


@contextmanager
def serving(command: str, cwd: Path, timeout: float = 30) -> Iterator[Served]:
    """A server command (``mockgraph serve ...``, ``flask --app mockgraph run``) on a free port;
    it must stop cleanly on SIGINT (Ctrl-C). Once stopped, ``printed`` holds what it printed."""
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command} --port 0"],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    pump = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
    pump.start()
    try:
        printed = []
        while True:
            line = lines.get(timeout=timeout)
            assert line is not None, f"{command!r} exited: {''.join(printed)}"
            printed.append(line)
            match = _SERVING.search(line)
            if match:
                break
        # Answering a request, it is past start-up: a Ctrl-C sent right after the address is
        # printed can come before serve_forever() and hang it (a race of the server's own).
        requests.get(f"{match.group(1)}{PROBE}", timeout=timeout).close()
        served = Served(match.group(1), process, lines)
        yield served
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=timeout) == 0, f"{command!r} did not stop cleanly"
        pump.join(timeout=timeout)
        printed += iter(lines.get_nowait, None)
        ours = served.url.removeprefix("http://")
        served.printed = [line.rstrip().replace(ours, DOCUMENTED_ADDRESS) for line in printed]
        if command.startswith("mockgraph "):
            assert served.printed[-1:] == [STOPPED], printed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        pump.join(timeout=timeout)
        process.stdout.close()


@dataclass
class Ran:
    statuses: list[int]  # of its curl calls, in order
    output: list[str]  # its stdout, lines, with the documented address for the server's


def run_block(block: Block, served: Served, cwd: Path, headers: Path) -> Ran:
    """Run a shell block against ``served``: its curl calls' HTTP statuses, what it printed."""
    headers.mkdir()
    script = block.text.replace(f"http://{DOCUMENTED_ADDRESS}", served.url)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _PRELUDE + script],
        cwd=cwd,
        env=environment(DOCS_TEST_HEADERS=str(headers)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    expected = int(block.options.get("exit", "0"))
    assert done.returncode == expected, (
        f"{block.where}: exit {done.returncode}, not {expected}\n{done.stdout}\n{done.stderr}"
    )
    ours = served.url.removeprefix("http://")
    output = done.stdout.replace(ours, DOCUMENTED_ADDRESS).splitlines()
    statuses = [_status(path) for path in sorted(headers.iterdir(), key=lambda p: int(p.name))]
    return Ran(statuses, [line.rstrip() for line in output])


def _status(dump: Path) -> int:
    # The last status line: a 100 Continue may come before the answer's.
    statuses = re.findall(r"^HTTP/\S+ (\d{3})", dump.read_text(), re.MULTILINE)
    return int(statuses[-1])


def _matches(shown: str, line: str) -> bool:
    """Whether a line a page shows is this line of output: ``...`` in it stands for any text."""
    pattern = ".*".join(re.escape(part) for part in shown.rstrip().split("..."))
    return re.fullmatch(pattern, line) is not None


def shown_in(shown: str, output: list[str]) -> bool:
    """Whether every line shown is a line of ``output``, in order (other lines may come between)."""
    rest = iter(output)
    return all(any(_matches(line, printed) for printed in rest) for line in shown.splitlines())


def shown_whole(shown: str, output: list[str]) -> bool:
    """Whether the lines shown are ``output``, line for line."""
    wanted = shown.splitlines()
    return len(wanted) == len(output) and all(map(_matches, wanted, output))
