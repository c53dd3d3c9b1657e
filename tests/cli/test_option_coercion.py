"""The fast option converters (schemactl.cli.coercion) give what typer's pydantic adapters give.

Every option and argument of every command is converted both ways from the same command-line
values; the results, or the error messages, must be equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer._click import Command, Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter
from typer.main import get_command

from schemactl.cli.app import app
from schemactl.cli.coercion import fast_runtime_param

SAMPLES: tuple[Any, ...] = (
    "text",
    "",
    "json",
    "JSON",
    "warning",
    "0",
    "17",
    "-3",
    "2.5",
    "1e3",
    "1_000",
    " 4",
    "99999999999999999999",
    ".",
    "sql",
    "/nonexistent/x.sql",
    True,
    False,
    ("a", "b"),
    ["sql", "SC101"],
    (),
)


def parameters() -> Iterator[tuple[str, Command, _TyperParameter]]:
    root = get_command(app)
    commands: list[tuple[str, Command]] = [("schemactl", root)]
    while commands:
        name, command = commands.pop()
        context = Context(command, info_name=name)
        for param in command.get_params(context):
            if isinstance(param, _TyperParameter):
                yield f"{name} {param.name}", command, param
        for sub_name, sub in getattr(command, "commands", {}).items():
            commands.append((f"{name} {sub_name}", sub))


PARAMETERS = list(parameters())


def outcome(runtime: Any, value: Any, param: _TyperParameter, context: Context) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=context)
    except BadParameter as exc:
        return "error", exc.format_message()


def test_every_option_type_has_a_fast_converter() -> None:
    slow = [label for label, _, param in PARAMETERS if fast_runtime_param(param.type_descriptor) is None]

    assert slow == []


@pytest.mark.parametrize(("label", "command", "param"), PARAMETERS, ids=[label for label, _, _ in PARAMETERS])
def test_fast_conversion_equals_typers(
    label: str, command: Command, param: _TyperParameter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sql").mkdir()
    fast = fast_runtime_param(param.type_descriptor)
    assert fast is not None
    typers = build_runtime_param(param.type_descriptor)
    context = Context(command, info_name=label)
    for value in SAMPLES:
        assert outcome(fast, value, param, context) == outcome(typers, value, param, context), (label, value)
