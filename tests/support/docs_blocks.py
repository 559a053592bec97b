"""The code blocks of README.md and docs/*.md, and a runner for the shell blocks marked runnable.

The convention (docs/contributing.md): the line before a ```sh fence is an HTML comment,
``<!-- docs-test: run -->`` (optionally ``statuses=201,200`` and ``exit=1``),
``<!-- docs-test: serve -->`` or ``<!-- docs-test: skip (why) -->``. Python blocks in docs/
embed a file of examples/ with pymdownx.snippets; the README's are excerpts of one.
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
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = {"sh", "bash", "shell", "console"}
DOCUMENTED_ADDRESS = "127.0.0.1:8000"
BIN = Path(sys.executable).parent  # mockgraph, installed beside this interpreter

_FENCE = re.compile(r"^```\s*([\w+-]*)\s*$")
_MARKER = re.compile(r"^<!-- docs-test: (run|serve|skip)\b(.*?)-->\s*$")
_SERVING = re.compile(r"serving Microsoft Graph beta at (http://\S+)/beta")
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
    action: str | None = None  # run, serve, skip; None: no marker
    options: dict[str, str] = field(default_factory=dict)
    note: str = ""  # what follows the action in the marker

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
        found.append(block)
        index = end + 1
    return found


def all_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page)]


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


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


@contextmanager
def serving(command: str, cwd: Path, timeout: float = 30) -> Iterator[Served]:
    """``mockgraph serve ...`` on a free port; it must stop cleanly on SIGINT (Ctrl-C)."""
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
        requests.get(f"{match.group(1)}/_mockgraph/health", timeout=timeout).close()
        yield Served(match.group(1), process, lines)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=timeout) == 0, f"{command!r} did not stop cleanly"
        pump.join(timeout=timeout)
        rest = [line for line in iter(lines.get_nowait, None)]
        assert rest[-1:] == ["mockgraph stopped\n"], rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        pump.join(timeout=timeout)
        process.stdout.close()


def run_block(block: Block, served: Served, cwd: Path, headers: Path) -> list[int]:
    """Run a shell block against ``served``; the HTTP statuses its curl calls got, in order."""
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
    return [_status(path) for path in sorted(headers.iterdir(), key=lambda p: int(p.name))]


def _status(dump: Path) -> int:
    # The last status line: a 100 Continue may come before the answer's.
    statuses = re.findall(r"^HTTP/\S+ (\d{3})", dump.read_text(), re.MULTILINE)
    return int(statuses[-1])
