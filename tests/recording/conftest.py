"""What the recording tests share: a recorder in this process, a session of calls through it,
and ``mockgraph check`` run on what it wrote."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from click.testing import CliRunner

from mockgraph.cli import main
from mockgraph.recording.proxy import create_proxy
from mockgraph.recording.redaction import Redactor
from mockgraph.recording.upstream import Upstream
from mockgraph.recording.writer import Writer
from mockgraph.serving.server import MockGraphServer
from tests.support import payloads

TIMEOUT = 10  # seconds, for every HTTP call a test makes


@contextmanager
def recorder(
    upstream: str,
    out: Path,
    *,
    timeout: float = 10,
    values: tuple[str, ...] = (),
    properties: tuple[str, ...] = (),
    record_failures: bool = False,
) -> Iterator[str]:
    """A recorder forwarding to ``upstream``, writing into ``out``; its service root."""
    writer = Writer(out, out.name, upstream, Redactor(values, properties))
    forwarder = Upstream(timeout)
    try:
        with MockGraphServer(create_proxy(upstream, writer, forwarder, record_failures)) as server:
            yield server.base_url
    finally:
        forwarder.close()


@dataclass(frozen=True)
class Checked:
    """What ``mockgraph check`` said: its exit code, and each failed fixture's problem lines."""

    exit_code: int
    output: str

    @property
    def failures(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in self.output.splitlines():
            if line.startswith("FAIL "):
                current = found.setdefault(line[len("FAIL ") :], [])
            elif line.startswith("    ") and current is not None:
                current.append(line.strip())
            else:
                current = None
        return found


def check(fixtures: Path, base_url: str | None = None, token: str | None = None) -> Checked:
    """``mockgraph check --fixtures DIR`` (against ``base_url`` with ``token``, or the mock)."""
    args = ["check", "--fixtures", str(fixtures)]
    if base_url is not None:
        args += ["--base-url", base_url]
    env = {"MOCKGRAPH_TOKEN": token} if token is not None else None
    result = CliRunner().invoke(main, args, env=env)
    return Checked(result.exit_code, result.output)


def session(base_url: str, headers: dict[str, str]) -> dict[str, requests.Response]:
    """A client's session: create a job, read it, patch it, list with $filter, a $batch that
    reads it and creates another, a missing job, the sensitive types, delete the job."""
    graph = requests.Session()
    graph.headers.update(headers)
    jobs = f"{base_url}/dataClassification/jobs"
    answers = {"create": graph.post(jobs, json=payloads.job(), timeout=TIMEOUT)}
    job = answers["create"].json()["id"]
    answers["read"] = graph.get(f"{jobs}/{job}", timeout=TIMEOUT)
    answers["patch"] = graph.patch(f"{jobs}/{job}", json={"status": "running"}, timeout=TIMEOUT)
    answers["list"] = graph.get(jobs, params={"$filter": "status eq 'running'"}, timeout=TIMEOUT)
    batch = {
        "requests": [
            {"id": "1", "method": "GET", "url": f"/dataClassification/jobs/{job}"},
            {
                "id": "2",
                "method": "POST",
                "url": "/dataClassification/classifyFileJobs",
                "headers": {"Content-Type": "application/json"},
                "body": payloads.job(),
            },
        ]
    }
    answers["batch"] = graph.post(f"{base_url}/$batch", json=batch, timeout=TIMEOUT)
    answers["missing"] = graph.get(f"{jobs}/{uuid.uuid4()}", timeout=TIMEOUT)
    answers["types"] = graph.get(f"{base_url}/dataClassification/sensitiveTypes", timeout=TIMEOUT)
    answers["delete"] = graph.delete(f"{jobs}/{job}", timeout=TIMEOUT)
    graph.close()
    return answers


def recorded(out: Path) -> list[Path]:
    """The fixture files a recording wrote, in sequence order."""
    return sorted(out.glob("*.json"))
