"""``mockgraph serve``'s options, made from the settings table (``mockgraph.config.OPTIONS``).

Each option is a flag and an environment variable (the flag wins, then the variable, then the
default: click's own precedence); a bad value is a usage error naming the one it came from.
A ``MOCKGRAPH_`` variable that nothing reads is reported with the nearest known name.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from mockgraph.config import DEFAULTS, OPTIONS, Option

PREFIX = "MOCKGRAPH_"
F = TypeVar("F", bound=Callable[..., Any])


class Names(click.ParamType):
    """A name (a scope, a host name): the flag repeated, or a comma-separated variable."""

    name = "name"
    envvar_list_splitter = ","

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        if any(character.isspace() for character in text):
            self.fail(f"{text!r} holds a space (separate names with commas)", param, ctx)
        return text


class VariableOption(click.Option):
    """An option that, when its value came from the environment, names the variable in errors."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        hint = click.Parameter.get_error_hint(self, ctx)
        if ctx is not None and self.name is not None:
            if ctx.get_parameter_source(self.name) is ParameterSource.ENVIRONMENT:
                return f"${self.envvar} ({hint})"
        return hint


def _drop_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    return tuple(name for name in value if name)  # "a,b," in a variable: a trailing comma


def variable_option(
    variable: str, spec: Option, default: Any, name: str | None = None
) -> Callable[[F], F]:
    """The option ``spec`` describes, read from ``variable`` too, as a decorator; ``name``: its
    parameter's name (by default the variable's, in lower case)."""
    attrs: dict[str, Any] = {
        "cls": VariableOption,
        "envvar": variable,
        "show_envvar": True,
        "help": spec.help,
        "default": default,
    }
    if spec.kind == "switch":
        attrs.update(is_flag=True, default=bool(default))
    elif spec.kind == "names":
        attrs.update(multiple=True, type=Names(), callback=_drop_empty)
    else:
        low, high = spec.low, spec.high
        kinds: dict[str, click.ParamType] = {
            "int": click.IntRange(_int(low), _int(high)),
            "float": click.FloatRange(low, high),
            "path": click.Path(dir_okay=False),
            "text": click.STRING,
        }
        attrs.update(type=kinds[spec.kind], show_default=True)
    return click.option(spec.flag, name or variable.lower(), **attrs)


def _int(bound: float | None) -> int | None:
    return None if bound is None else int(bound)


def setting_options(func: F) -> F:
    """Decorate a command with an option for each setting of ``OPTIONS``, in its order."""
    for variable, spec in reversed(OPTIONS.items()):
        func = variable_option(variable, spec, DEFAULTS[variable])(func)
    return func


def settings_of(params: Mapping[str, Any]) -> dict[str, Any]:
    """The settings among a command's parameters (as ``setting_options`` named them)."""
    return {variable: params[variable.lower()] for variable in OPTIONS}


def unknown_variables(
    environ: Mapping[str, str], read: Iterable[str], others: Iterable[str]
) -> list[str]:
    """A warning for each ``MOCKGRAPH_`` variable in ``environ`` that is not ``read`` here nor
    one of ``others`` (what other commands and tools read)."""
    known = set(read) | set(others)
    warnings = []
    for variable in sorted(name for name in environ if name.startswith(PREFIX)):
        if variable in known:
            continue
        if variable in DEFAULTS:
            warnings.append(
                f"warning: {variable} is a create_app setting that mockgraph serve does not "
                "take; ignored"
            )
            continue
        nearest = difflib.get_close_matches(variable, sorted(known), n=1, cutoff=0)
        hint = f" (did you mean {nearest[0]}?)" if nearest else ""
        warnings.append(f"warning: {variable} is not a mockgraph variable{hint}; ignored")
    return warnings
