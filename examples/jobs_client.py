"""A small client of the Graph beta dataClassification jobs API: the code mockgraph tests.

It submits a classification job, polls it until it finishes, lists jobs page by page, and
retries throttled (429) and unavailable (503) calls after ``Retry-After``, as Graph asks
(https://learn.microsoft.com/graph/throttling). ``sleep`` is injectable so tests never wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

FINISHED = ("completed", "failed")
RETRIED = (429, 503)


class GraphApiError(Exception):
    """A Graph error answer: its status, code, message and request id."""

    def __init__(self, response: requests.Response) -> None:
        error = response.json().get("error", {})
        self.status = response.status_code
        self.code = str(error.get("code"))
        self.request_id = response.headers.get("request-id")
        super().__init__(f"{self.status} {self.code}: {error.get('message')}")


class JobsClient:
    """Classification jobs at ``base_url`` (``https://graph.microsoft.com/beta``)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = 3,
        timeout: float = 10,
    ) -> None:
        self.root = f"{base_url.rstrip('/')}/dataClassification"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.sleep = sleep
        self.max_retries = max_retries
        self.timeout = timeout

    def _call(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        for attempt in range(self.max_retries + 1):
            response = self.http.request(method, url, timeout=self.timeout, **kwargs)
            if response.status_code not in RETRIED or attempt == self.max_retries:
                break
            self.sleep(float(response.headers.get("Retry-After", 2**attempt)))
        if response.status_code >= 400:
            raise GraphApiError(response)
        return response

    def submit(self, kind: str = "classifyFile") -> dict[str, Any]:
        """Start a classification job; the new job (``notStarted``), with its id."""
        job = {
            "@odata.type": "#microsoft.graph.classificationJobResponse",
            "type": kind,
            "status": "notStarted",
        }
        result: dict[str, Any] = self._call(
            "POST", f"{self.root}/classifyFileJobs", json=job
        ).json()
        return result

    def get(self, job_id: str) -> dict[str, Any]:
        """One job."""
        result: dict[str, Any] = self._call("GET", f"{self.root}/jobs/{job_id}").json()
        return result

    def wait(self, job_id: str, interval: float = 5, max_polls: int = 60) -> dict[str, Any]:
        """Poll the job until it is completed or failed; TimeoutError after ``max_polls``."""
        for poll in range(max_polls):
            job = self.get(job_id)
            if job.get("status") in FINISHED:
                return job
            if poll + 1 < max_polls:
                self.sleep(interval)
        raise TimeoutError(f"job {job_id} still {job.get('status')} after {max_polls} polls")

    def list(self, status: str | None = None, page_size: int = 100) -> list[dict[str, Any]]:
        """Every job (with ``status``), following ``@odata.nextLink`` page by page."""
        params: dict[str, Any] | None = {"$top": page_size}
        if status is not None and params is not None:
            params["$filter"] = f"status eq '{status}'"
        url: str | None = f"{self.root}/jobs"
        jobs: list[dict[str, Any]] = []
        while url is not None:
            page = self._call("GET", url, params=params).json()
            jobs.extend(page["value"])
            url, params = page.get("@odata.nextLink"), None  # the link carries the options
        return jobs
