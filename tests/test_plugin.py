"""The pytest plugin, run the way users run it: inside a pytest session of its own (pytester)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

INI = """
[pytest]
filterwarnings = error
{options}
"""


@pytest.fixture
def tester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester whose runs see no MOCKGRAPH_ variables from this environment."""
    for name in ("AUTH", "PAGE_SIZE", "LATENCY_MS", "LIFECYCLE_POLLS", "JOURNAL_SIZE"):
        monkeypatch.delenv(f"MOCKGRAPH_{name}", raising=False)
    pytester.makeini(INI.format(options=""))
    return pytester


def test_the_fixtures_serve_one_real_server_per_session(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import requests

        SEEN = []

        def test_server(mockgraph_server):
            assert mockgraph_server.base_url.startswith("http://127.0.0.1:")
            assert mockgraph_server.base_url.endswith("/beta")
            health = requests.get(f"{mockgraph_server.url}/_mockgraph/health", timeout=10)
            assert health.json()["status"] == "ok"
            SEEN.append(mockgraph_server)

        def test_helper_wraps_the_same_server(mockgraph, mockgraph_server):
            assert mockgraph.server is mockgraph_server is SEEN[0]
            assert mockgraph.base_url == mockgraph_server.base_url
            url = f"{mockgraph.base_url}/dataClassification/jobs"
            assert requests.get(url, headers=mockgraph.headers(), timeout=10).status_code == 200
            assert requests.get(url, timeout=10).status_code == 401  # auth is on by default

        def test_in_process_client_has_a_token(mockgraph, mockgraph_client):
            created = mockgraph_client.post("/beta/dataClassification/jobs", json={})
            assert created.status_code == 201
            assert [job["id"] for job in mockgraph.jobs()] == [created.get_json()["id"]]
            (call,) = mockgraph.requests("POST", "jobs")
            assert call["headers"]["authorization"] == f"Bearer {mockgraph.token()}"
        """
    )
    tester.runpytest_subprocess().assert_outcomes(passed=3)


def test_each_test_starts_from_a_reset_server(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import requests

        def test_dirty(mockgraph):
            mockgraph.seed({"id": "job-1"}, {"id": "job-2"}, tenant="contoso")
            mockgraph.seed({"id": "job-3", "status": "notStarted"})
            mockgraph.advance_on_polls("job-3", polls=1)
            mockgraph.add_fault("GET", "nothing/*", status=500)
            url = f"{mockgraph.base_url}/dataClassification/jobs"
            requests.get(url, headers=mockgraph.headers(), timeout=10)

        def test_clean(mockgraph):
            assert mockgraph.jobs() == [] and mockgraph.jobs("contoso") == []
            assert mockgraph.requests() == []
            assert mockgraph.faults() == []
            mockgraph.seed({"id": "job-3", "status": "notStarted"})
            url = f"{mockgraph.base_url}/dataClassification/jobs/job-3"
            job = requests.get(url, headers=mockgraph.headers(), timeout=10).json()
            assert job["status"] == "notStarted"  # the lifecycle plan went with the reset
        """
    )
    tester.runpytest_subprocess().assert_outcomes(passed=2)


def test_mockgraph_tenant_seeds_the_tenant_defaults_for_its_test_only(
    tester: pytest.Pytester,
) -> None:
    tester.makepyfile(
        """
        import requests

        from mockgraph.features.tenant_defaults import CONFIDENTIAL, CREDIT_CARD_NUMBER

        def test_seeded(mockgraph_tenant):
            service = f"{mockgraph_tenant.base_url}/dataClassification"
            auth = mockgraph_tenant.headers()
            card = requests.get(
                f"{service}/sensitiveTypes/{CREDIT_CARD_NUMBER}", headers=auth, timeout=10
            )
            assert card.json()["name"] == "Credit Card Number"
            url = f"{service}/sensitivityLabels/{CONFIDENTIAL}/sublabels"
            sublabels = requests.get(url, headers=auth, timeout=10).json()["value"]
            assert [s["displayName"] for s in sublabels][0] == "All Employees"

        def test_plain_mockgraph_starts_empty(mockgraph):
            assert mockgraph.store.export() == {}
            assert len(mockgraph.seed_defaults(tenant="contoso")) == 39
        """
    )
    tester.runpytest_subprocess().assert_outcomes(passed=2)


def test_under_xdist_each_worker_has_its_own_server(
    tester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    tester.makepyfile(
        """
        import os
        import pytest
        import requests

        @pytest.mark.parametrize("n", range(6))
        def test_isolated(mockgraph, n):
            mockgraph.seed({"id": "same-id", "status": str(n)})
            url = f"{mockgraph.base_url}/dataClassification/jobs"
            listed = requests.get(url, headers=mockgraph.headers(), timeout=10).json()["value"]
            assert [job["status"] for job in listed] == [str(n)]
            mockgraph.assert_called("GET", "jobs", count=1)
            worker = os.environ["PYTEST_XDIST_WORKER"]
            with open(f"ports-{worker}-{n}.txt", "w") as out:
                out.write(str(mockgraph.server.port))
        """
    )
    # The workers are new processes: load only the plugins under test, not all installed ones.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = tester.runpytest_subprocess("-p", "mockgraph.pytest_plugin", "-p", "xdist", "-n", "2")
    result.assert_outcomes(passed=6)
    ports: dict[str, set[str]] = {}
    for path in Path(tester.path).glob("ports-*.txt"):
        ports.setdefault(path.name.split("-")[1], set()).add(path.read_text())
    assert sorted(ports) == ["gw0", "gw1"]
    assert all(len(seen) == 1 for seen in ports.values())  # one server per worker...
    assert len(set.union(*ports.values())) == 2  # ...and not the same one


def test_journal_assertions(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import requests

        def test_calls_are_journaled(mockgraph):
            url = f"{mockgraph.base_url}/dataClassification/classifyFileJobs"
            requests.post(url, json={"status": "x"}, headers=mockgraph.headers("t1"), timeout=10)
            requests.get(url + "?$top=5", headers=mockgraph.headers("t2"), timeout=10)
            (post,) = mockgraph.assert_called("POST", "classifyFileJobs", count=1)
            assert post["body"] == '{"status": "x"}' and post["status"] == 201
            assert post["tenant"] == "t1" and post["durationMs"] >= 0
            (get,) = mockgraph.assert_called("GET", "classifyFileJobs")
            assert get["query"] == {"$top": "5"}
            assert get["requestId"]
            assert mockgraph.assert_called("*", "*", count=2)
            assert [c["method"] for c in mockgraph.requests(tenant="t2")] == ["GET"]
            mockgraph.assert_called("DELETE", "*", count=0)
            requests.get(f"{mockgraph.url}/_mockgraph/health", timeout=10)
            assert len(mockgraph.requests()) == 2  # the admin API is never journaled

        def test_a_missing_call_fails_with_the_journal(mockgraph):
            url = f"{mockgraph.base_url}/dataClassification/jobs"
            requests.get(url, headers=mockgraph.headers(), timeout=10)
            mockgraph.assert_called("GET", "jobs", count=2)
        """
    )
    result = tester.runpytest_subprocess()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*expected 2 call(s) to GET jobs, found 1; the mock saw:",
            "*GET /beta/dataClassification/jobs -> 200",
        ]
    )


def test_faults_and_throttling(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import requests

        def get(mockgraph, path, tenant="default"):
            url = f"{mockgraph.base_url}/dataClassification/{path}"
            return requests.get(url, headers=mockgraph.headers(tenant), timeout=10)

        def test_throttle(mockgraph):
            rule = mockgraph.throttle("GET", "jobs", retry_after=3, count=2)
            for _ in range(2):
                throttled = get(mockgraph, "jobs")
                assert throttled.status_code == 429
                assert throttled.headers["Retry-After"] == "3"
                assert throttled.headers["x-mockgraph-fault"] == rule["id"]
                error = throttled.json()["error"]
                assert error["code"] == "TooManyRequests"
                assert error["message"] == "Please retry again later."
                assert error["innerError"]["request-id"] == throttled.headers["request-id"]
            assert get(mockgraph, "jobs").status_code == 200
            assert [r["hits"] for r in mockgraph.faults()] == [2]

        def test_error_fault_for_one_tenant(mockgraph):
            mockgraph.add_fault("GET", "jobs/*", status=404, tenant="contoso")
            assert get(mockgraph, "jobs/x", "contoso").json()["error"]["code"] == "itemNotFound"
            assert get(mockgraph, "jobs", "contoso").status_code == 200
            mockgraph.seed({"id": "x"}, tenant="fabrikam")
            assert get(mockgraph, "jobs/x", "fabrikam").status_code == 200

        def test_custom_code_and_latency(mockgraph):
            mockgraph.add_fault(status=500, code="generalException", message="boom", count=1)
            mockgraph.add_fault("GET", "*", latency_ms=1)
            failed = get(mockgraph, "jobs")
            assert (failed.status_code, failed.json()["error"]["message"]) == (500, "boom")
            assert get(mockgraph, "jobs").status_code == 200
            assert [c["fault"] is not None for c in mockgraph.requests()] == [True, True]
            assert mockgraph.take_exceptions() == []  # an injected 500 is not a mock failure
        """
    )
    tester.runpytest_subprocess().assert_outcomes(passed=3)


def test_lifecycle_ticks(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import pytest
        import requests
        from mockgraph.testing import AdminError

        def status(mockgraph, job_id):
            url = f"{mockgraph.base_url}/dataClassification/jobs/{job_id}"
            return requests.get(url, headers=mockgraph.headers(), timeout=10).json()["status"]

        def test_explicit_ticks(mockgraph):
            mockgraph.seed({"id": "job-1", "status": "notStarted"})
            assert mockgraph.advance("job-1")["status"] == "running"
            assert mockgraph.advance("job-1")["status"] == "completed"
            with pytest.raises(AdminError, match="409: conflict"):
                mockgraph.advance("job-1")
            assert status(mockgraph, "job-1") == "completed"

        def test_polls(mockgraph):
            mockgraph.seed({"id": "job-2", "status": "notStarted"})
            mockgraph.advance_on_polls("job-2", polls=2, outcome="failed")
            seen = [status(mockgraph, "job-2") for _ in range(5)]
            assert seen == ["notStarted", "running", "running", "failed", "failed"]
        """
    )
    tester.runpytest_subprocess().assert_outcomes(passed=2)


def test_a_failure_inside_the_server_fails_the_test_that_caused_it(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import requests
        from mockgraph.http import entities

        def broken(*args):
            raise RuntimeError("bug in the mock")

        def list_jobs(mockgraph):
            url = f"{mockgraph.base_url}/dataClassification/jobs"
            return requests.get(url, headers=mockgraph.headers(), timeout=10)

        def test_causes_it(mockgraph, monkeypatch):
            monkeypatch.setattr(entities, "_page", broken)
            assert list_jobs(mockgraph).status_code == 500  # passes, yet the test must fail

        def test_fails_anyway(mockgraph, monkeypatch):
            monkeypatch.setattr(entities, "_page", broken)
            assert list_jobs(mockgraph).json()["value"] == []

        def test_next_one_is_clean(mockgraph):
            assert list_jobs(mockgraph).status_code == 200
        """
    )
    result = tester.runpytest_subprocess()
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*_ test_causes_it _*",
            "*the mock failed while serving this test (it answered 500):",
            "*RuntimeError: bug in the mock",
            "*_ test_fails_anyway _*",
            "*KeyError*",
            "*- Captured mockgraph server call -*",
            "*RuntimeError: bug in the mock",
        ]
    )


CONFIG_TEST = """
import requests

def test_config(mockgraph):
    assert mockgraph.app.config["MOCKGRAPH_LATENCY_MS"] == {latency}
    assert mockgraph.state.journal.size == 7
    mockgraph.seed(*({{"id": f"job-{{n}}"}} for n in range(3)))
    url = f"{{mockgraph.base_url}}/dataClassification/jobs"
    page = requests.get(url, timeout=10).json()  # no token: auth is off
    assert len(page["value"]) == {page_size}
"""


@pytest.mark.parametrize(
    ("environment", "latency", "page_size"),
    [({}, 0.5, 2), ({"MOCKGRAPH_PAGE_SIZE": "1", "MOCKGRAPH_LATENCY_MS": "0"}, 0, 1)],
    ids=["ini", "environment-wins"],
)
def test_ini_options_and_environment(
    tester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    latency: float,
    page_size: int,
) -> None:
    options = """
        mockgraph_auth = false
        mockgraph_page_size = 2
        mockgraph_latency_ms = 0.5
        mockgraph_journal_size = 7
    """
    tester.makeini(INI.format(options=re.sub(r"\n\s+", "\n", options)))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    tester.makepyfile(CONFIG_TEST.format(latency=latency, page_size=page_size))
    tester.runpytest_subprocess().assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("MOCKGRAPH_AUTH", "maybe", "must be a bool, not 'maybe'"),
        # the bounds serve's flags have, from the same table: a page holds at least one item
        ("MOCKGRAPH_PAGE_SIZE", "0", "must be from 1 to 999, not '0'"),
        ("MOCKGRAPH_LATENCY_MS", "-5", "must be from 0 up, not '-5'"),
    ],
)
def test_a_bad_option_is_a_usage_error(
    tester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str, value: str, said: str
) -> None:
    monkeypatch.setenv(name, value)
    tester.makepyfile("def test_any(mockgraph):\n    pass\n")
    result = tester.runpytest_subprocess()
    result.stdout.fnmatch_lines([f"*mockgraph: ${name} {said}*"])
    result.assert_outcomes(errors=1)


def test_the_config_fixture_can_be_overridden(tester: pytest.Pytester) -> None:
    tester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def mockgraph_config(mockgraph_config):
            return {**mockgraph_config, "MOCKGRAPH_LIFECYCLE_POLLS": 1}
        """
    )
    tester.makepyfile(
        """
        import requests

        def test_every_get_is_a_tick(mockgraph):
            mockgraph.seed({"id": "job-1", "status": "notStarted"})
            url = f"{mockgraph.base_url}/dataClassification/jobs/job-1"
            get = lambda: requests.get(url, headers=mockgraph.headers(), timeout=10).json()
            assert [get()["status"] for _ in range(3)] == ["running", "completed", "completed"]
        """
    )
    tester.runpytest_subprocess().assert_outcomes(passed=1)


def test_the_docs_pytest_page_shows_the_example_file() -> None:
    # Embedded whole by pymdownx.snippets; tests/test_docs.py checks every docs example so.
    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "pytest.md").read_text()
    assert '```python\n--8<-- "examples/test_quickstart.py"\n```' in page


def test_only_what_the_user_set_is_passed_on_the_rest_is_create_apps(
    tester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOCKGRAPH_PAGE_SIZE", "7")
    tester.makepyfile(
        """
        from mockgraph.config import DEFAULTS

        def test_config(mockgraph_config, mockgraph):
            assert mockgraph_config == {"MOCKGRAPH_PAGE_SIZE": 7}
            config = mockgraph.app.config
            assert config["MOCKGRAPH_PAGE_SIZE"] == 7
            for name in ("MOCKGRAPH_AUTH", "MOCKGRAPH_JOURNAL_SIZE", "MOCKGRAPH_LATENCY_MS"):
                assert config[name] == DEFAULTS[name]
        """
    )
    tester.runpytest_subprocess().assert_outcomes(passed=1)
