"""bench/intercept.py still runs: every figure is measured and reported. No timing here."""

from __future__ import annotations

from bench import intercept


def test_every_figure_is_measured_and_reported() -> None:
    results = intercept.measure(iterations=3)
    keys = {f"{client} {call}" for client in intercept.CLIENTS for call in intercept.CALLS}
    assert set(results["intercepted"]) == set(results["socket"]) == keys
    shown = intercept.table(results)
    assert all(f"GET by id, {client}" in shown for client in intercept.CLIENTS)
    assert len(intercept.verdicts(results)) == len(intercept.CLIENTS)
    assert set(results["floor"]) == {
        "httpx, canned answer",
        "requests, canned answer",
        "the mock's answer (WSGI call)",
    }
    assert all(label in shown for label in results["floor"])
