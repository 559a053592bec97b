"""`mockgraph serve`'s options, made from the settings table: flag > environment > default,
values checked, unknown variables reported. Parsed in process (click's own context): no server."""

from __future__ import annotations

from typing import Any

import click
import pytest

from mockgraph import pytest_plugin
from mockgraph.cli import serve
from mockgraph.config import DEFAULTS, OPTIONS, TOOL_VARIABLES
from mockgraph.serving.options import settings_of, unknown_variables

SERVE_VARIABLES = ("MOCKGRAPH_HOST", "MOCKGRAPH_PORT", "MOCKGRAPH_SEED", "MOCKGRAPH_QUIET")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MOCKGRAPH_ variable of this environment reaches the parse."""
    for variable in [*OPTIONS, *SERVE_VARIABLES]:
        monkeypatch.delenv(variable, raising=False)


def _params(*args: str) -> dict[str, Any]:
    with serve.make_context("serve", list(args)) as ctx:
        return dict(ctx.params)


def _usage_error(*args: str) -> str:
    with pytest.raises(click.BadParameter) as raised:
        _params(*args)
    return raised.value.format_message()


def test_every_option_is_a_setting_and_every_plugin_setting_is_an_option() -> None:
    assert set(OPTIONS) <= set(DEFAULTS)
    inis: list[str] = []

    class Parser:
        def addini(self, name: str, *_: Any, **__: Any) -> None:
            inis.append(name)

    pytest_plugin.pytest_addoption(Parser())  # type: ignore[arg-type]
    assert inis and {name.upper() for name in inis} <= set(OPTIONS)


def test_without_flags_or_variables_the_settings_are_the_defaults() -> None:
    assert settings_of(_params()) == {name: DEFAULTS[name] for name in OPTIONS}


def test_a_variable_sets_what_no_flag_does_and_a_flag_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MOCKGRAPH_LATENCY_MS", "700")
    monkeypatch.setenv("MOCKGRAPH_LIFECYCLE_POLLS", "3")
    monkeypatch.setenv("MOCKGRAPH_JOURNAL_SIZE", "50")
    monkeypatch.setenv("MOCKGRAPH_AUTH", "false")
    monkeypatch.setenv("MOCKGRAPH_ALLOWED_HOSTS", "mock.test, *.example,")
    monkeypatch.setenv("MOCKGRAPH_QUIET", "1")
    params = _params("--journal-size", "7", "--require-scope", "A.Read", "--require-scope", "B")
    settings = settings_of(params)
    assert settings["MOCKGRAPH_LATENCY_MS"] == 700.0
    assert settings["MOCKGRAPH_LIFECYCLE_POLLS"] == 3
    assert settings["MOCKGRAPH_JOURNAL_SIZE"] == 7  # the flag, over the variable's 50
    assert settings["MOCKGRAPH_AUTH"] is False
    assert settings["MOCKGRAPH_ALLOWED_HOSTS"] == ("mock.test", "*.example")
    assert settings["MOCKGRAPH_REQUIRED_SCOPES"] == ("A.Read", "B")
    assert params["quiet"] is True
    assert settings_of(_params("--auth"))["MOCKGRAPH_AUTH"] is True  # the flag wins again
    assert settings_of(_params("--no-auth"))["MOCKGRAPH_AUTH"] is False


def test_the_existing_flags_still_work() -> None:
    params = _params(
        "--host", "::1", "--port", "0", "--no-auth", "--page-size", "5", "--state", "s.log",
        "--fsync", "--admin-token", "t", "--no-seed", "--allow-host", "mock.test",
    )  # fmt: skip
    assert (params["host"], params["port"], params["seed"]) == ("::1", 0, False)
    assert settings_of(params) == {
        **{name: DEFAULTS[name] for name in OPTIONS},
        "MOCKGRAPH_AUTH": False,
        "MOCKGRAPH_PAGE_SIZE": 5,
        "MOCKGRAPH_STATE_FILE": "s.log",
        "MOCKGRAPH_STATE_FSYNC": True,
        "MOCKGRAPH_ADMIN_TOKEN": "t",
        "MOCKGRAPH_ALLOWED_HOSTS": ("mock.test",),
    }


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("MOCKGRAPH_LATENCY_MS", "soon", "'soon' is not a valid float"),
        ("MOCKGRAPH_LATENCY_MS", "-1", "-1.0 is not in the range x>=0"),
        ("MOCKGRAPH_PAGE_SIZE", "1000", "1000 is not in the range 1<=x<=999"),
        ("MOCKGRAPH_JOURNAL_SIZE", "0", "0 is not in the range x>=1"),
        ("MOCKGRAPH_AUTH", "maybe", "'maybe' is not a valid boolean"),
        ("MOCKGRAPH_PORT", "http", "'http' is not a valid integer"),
        ("MOCKGRAPH_REQUIRED_SCOPES", "A.Read B.Read", "holds a space"),
    ],
    ids=lambda value: str(value),
)
def test_a_bad_variable_is_a_usage_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, said: str
) -> None:
    monkeypatch.setenv(variable, value)
    message = _usage_error()
    assert message.startswith(f"Invalid value for ${variable} ("), message
    assert said in message


def test_a_bad_flag_is_a_usage_error_naming_the_flag() -> None:
    message = _usage_error("--lifecycle-polls", "-2")
    assert message == "Invalid value for '--lifecycle-polls': -2 is not in the range x>=0."


def test_unknown_variables_are_reported_with_the_nearest_name() -> None:
    read = [param.envvar for param in serve.params if isinstance(param.envvar, str)]
    environ = {
        "MOCKGRAPH_LATNCY_MS": "700",  # misspelt
        "MOCKGRAPH_MAX_TOP": "5",  # a setting serve does not take
        "MOCKGRAPH_LATENCY_MS": "1",  # known: read
        "MOCKGRAPH_TOKEN": "x",  # known: another command's
        TOOL_VARIABLES[0]: "x",  # known: a tool's
        "HOME": "/root",  # not ours
    }
    assert unknown_variables(environ, read, ["MOCKGRAPH_TOKEN", *TOOL_VARIABLES]) == [
        "warning: MOCKGRAPH_LATNCY_MS is not a mockgraph variable (did you mean "
        "MOCKGRAPH_LATENCY_MS?); ignored",
        "warning: MOCKGRAPH_MAX_TOP is a create_app setting that mockgraph serve does not take; "
        "ignored",
    ]
    assert set(read) >= {*OPTIONS, *SERVE_VARIABLES}
