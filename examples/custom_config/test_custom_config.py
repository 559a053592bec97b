"""Runs with the conftest.py beside it, as a project of its own (tests/test_docs.py runs it)."""

import requests


def test_the_overridden_setting_applies(mockgraph):
    url = f"{mockgraph.base_url}/dataClassification/jobs?$top=51"
    answer = requests.get(url, headers=mockgraph.headers(), timeout=10)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "BadRequest"
