"""The root command group: where arguments are read before any command sees them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

import typer
from typer.core import TyperGroup


class RootGroup(TyperGroup):
    """The root command: `--debug` is accepted after a subcommand too (`schemactl apply --debug`), and a
    command-line usage error is also written as a JSON error document when `--format json` was asked for."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        args = hoist_debug(args)
        ctx.meta[_ARGS] = args
        with _usage_errors_as_json(args):
            return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        with _usage_errors_as_json(ctx.meta.get(_ARGS, [])):
            return super().invoke(ctx)


_ARGS = "schemactl.args"


@contextmanager
def _usage_errors_as_json(args: list[str]) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        format_message = getattr(exc, "format_message", None)  # click's UsageError, BadParameter, NoSuchOption
        if callable(format_message) and getattr(exc, "exit_code", None) == 2 and wants_json(args):
            from schemactl.errors import UsageError
            from schemactl.report import emit_json, error_document

            emit_json(error_document(UsageError(str(format_message()))))
        raise


def wants_json(args: list[str]) -> bool:
    """Whether the command line asks for `--format json` (in any of the spellings click accepts)."""
    for flag, value in pairwise([*args, ""]):
        if flag in ("--format", "-f") and value == "json":
            return True
        if flag in ("--format=json", "-fjson"):
            return True
    return False


def hoist_debug(args: list[str]) -> list[str]:
    """Move every `--debug` before a `--` to the front, where the root command reads it."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]
