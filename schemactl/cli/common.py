"""Options shared by commands, and the one place errors become messages and exit codes."""

from __future__ import annotations

import math
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from schemactl.config import Settings
from schemactl.database import DatabaseTarget
from schemactl.errors import SchemactlError
from schemactl.report import OutputFormat


@dataclass(frozen=True)
class GlobalOptions:
    project_dir: Path | None
    debug: bool


DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        "-d",
        help="PostgreSQL URL. Default: $DATABASE_URL, then libpq PG* variables, then the embedded server.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: text for people, json for machines."),
]
SqlDirOption = Annotated[
    Path | None,
    typer.Option("--sql-dir", help="Directory of numbered .sql files (default: sql_dir in \\[tool.schemactl])."),
]


def global_options(ctx: typer.Context) -> GlobalOptions:
    options = ctx.find_root().obj
    return options if isinstance(options, GlobalOptions) else GlobalOptions(None, False)


def settings_for(ctx: typer.Context, *, sql_dir: Path | None = None) -> Settings:
    from schemactl.config import load_settings

    return load_settings(global_options(ctx).project_dir).with_overrides(sql_dir=sql_dir)


def resolve(settings: Settings, database_url: str | None) -> DatabaseTarget:
    from schemactl.database import resolve_target

    return resolve_target(database_url, os.environ, settings.state_dir)


def seconds_option(flag: str, value: float | None, default: float) -> float:
    """A duration in seconds from the command line: finite and not negative."""
    if value is None:
        return default
    if not math.isfinite(value) or value < 0:
        from schemactl.errors import ConfigError

        raise ConfigError(f"{flag} must be a number of seconds, 0 or more, got {value:g}")
    return value


@contextmanager
def reported_errors(
    ctx: typer.Context,
    output: OutputFormat = OutputFormat.TEXT,
    *,
    context: Callable[[], dict[str, object]] | None = None,
) -> Iterator[None]:
    """Turn a SchemactlError into one clear message and its exit code; tracebacks only with --debug.

    `context` adds keys to the JSON error document (what an apply did before it failed).
    """
    try:
        yield
    except SchemactlError as err:
        from schemactl.report import print_error

        if global_options(ctx).debug:
            traceback.print_exc()
        print_error(err, output, context() if context else None)
        raise typer.Exit(int(err.exit_code)) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
