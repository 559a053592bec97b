"""JUnit XML for ``mockgraph check --junit``: one test case per fixture, as CI systems read it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from mockgraph.replay.engine import Outcome


def junit_xml(outcomes: Sequence[Outcome], suite: str = "mockgraph check") -> bytes:
    """The JUnit XML document for ``outcomes``."""
    failures = sum(1 for outcome in outcomes if not outcome.passed)
    total_time = sum(outcome.seconds for outcome in outcomes)
    root = ET.Element("testsuites", tests=str(len(outcomes)), failures=str(failures))
    element = ET.SubElement(
        root,
        "testsuite",
        name=suite,
        tests=str(len(outcomes)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=f"{total_time:.3f}",
    )
    for outcome in outcomes:
        page = str(outcome.fixture.source.get("page", "fixtures"))
        case = ET.SubElement(
            element,
            "testcase",
            classname=page,
            name=outcome.fixture.name,
            time=f"{outcome.seconds:.3f}",
        )
        if not outcome.passed:
            failure = ET.SubElement(case, "failure", message=outcome.problems[0])
            failure.text = "\n".join(outcome.problems)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_junit(outcomes: Sequence[Outcome], path: Path) -> None:
    """Write the JUnit XML report to ``path``."""
    path.write_bytes(junit_xml(outcomes))
