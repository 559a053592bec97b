"""The repository stands on its own: a fresh ``git clone`` into an empty directory passes the
README's install-and-test command, and its install-and-serve command serves.

Slow (a virtualenv, an install, the whole suite), so not in the default suite (the file name
does not match ``test_*.py``): ``tox -e clone``, or
``pytest tests/clone_check.py -o python_files=clone_*.py``. It clones the committed HEAD, not
the working tree: commit first. pip's cache is reused.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.support.docs_blocks import ROOT, blocks

INSTALL_SECONDS = 900
SUITE_SECONDS = 1800


def _readme_command(clone: Path, ending: str) -> str:
    """The README's shell block that ends with ``ending``."""
    found = [b.text.strip() for b in blocks(clone / "README.md") if b.language == "sh"]
    (command,) = [text for text in found if text.endswith(ending)]
    return command


def _environment() -> dict[str, str]:
    """A new user's shell: no virtualenv of ours on PATH, nothing of this checkout importable."""
    ours = {str(Path(sys.executable).parent), str(Path(sys.prefix) / "bin")}
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MOCKGRAPH_TOKEN"}
        and not k.startswith(("TOX_", "PYTEST_"))
    }
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p not in ours)
    return env


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    empty = tmp_path_factory.mktemp("empty")
    target = empty / "mockgraph"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True, timeout=120)
    assert [p.name for p in empty.iterdir()] == ["mockgraph"]  # nothing beside the checkout
    return target


def test_the_readme_test_command_passes_in_a_fresh_clone(clone: Path) -> None:
    command = _readme_command(clone, ".venv/bin/pytest")
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=clone,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS + SUITE_SECONDS,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, f"{command}\n{done.stdout[-5000:]}\n{done.stderr[-3000:]}"
    assert re.search(r"\d+ passed", summary) and "failed" not in summary, summary
    print(f"\nin a fresh clone: {summary}")


def test_the_readme_serve_command_serves_in_a_fresh_clone(clone: Path) -> None:
    # After the test command (module order): the virtualenv exists, and pip's cache is warm.
    command = _readme_command(clone, ".venv/bin/mockgraph serve") + " --port 0"
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=clone,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # Ctrl-C goes to the whole group, as in a terminal
    )
    assert process.stdout is not None
    try:
        url = None
        for line in process.stdout:
            match = re.search(r"serving Microsoft Graph beta at (http://\S+)", line)
            if match:
                url = match.group(1)
                break
        assert url, "mockgraph serve printed no address"
        answer = requests.get(
            f"{url}/dataClassification/jobs", headers={"Authorization": "Bearer x"}, timeout=30
        )
        assert answer.status_code == 200 and answer.json()["value"], answer.text  # seeded
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()
