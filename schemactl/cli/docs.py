"""`schemactl docs`: write (or check) docs/DATA_DICTIONARY.md from the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schemactl.cli.common import DatabaseUrlOption, SqlDirOption, reported_errors, resolve, settings_for
from schemactl.formats import OutputFormat

_DIFF_LINES = 60


def docs(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the file differs from what would be written.")
    ] = False,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Read the resolved database itself instead of building sql/ in a throwaway database.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="File to write or check (default: docs/DATA_DICTIONARY.md)."
        ),
    ] = None,
    database_url: DatabaseUrlOption = None,
    sql_dir: SqlDirOption = None,
) -> None:
    """Write docs/DATA_DICTIONARY.md: tables, columns, constraints, indexes, RLS, views, roles and grants.

    By default sql/ is built in a throwaway database on the resolved server (the same build as
    `snapshot --from-sql`; the database is dropped afterwards), so the dictionary documents the
    migrations, not whatever a database happens to hold. With --live the resolved database is read
    instead (its ledger names the migrations in the header).

    With --check nothing is written: exit 0 if the file is current, 1 if it differs (the diff is
    printed), 2 on errors.

    Example: schemactl docs --check --database-url postgresql://me@localhost/postgres
    """
    from schemactl import report
    from schemactl.docs.catalog import data_dictionary
    from schemactl.docs.dictionary import DATA_DICTIONARY_PATH, unified_diff

    with reported_errors(ctx):
        settings = settings_for(ctx, sql_dir=sql_dir)
        path = output or settings.project_dir / DATA_DICTIONARY_PATH
        target = resolve(settings, database_url)
        report.print_target(target, OutputFormat.TEXT)
        text = data_dictionary(settings, target, live=live)
        shown = report.display_path(str(path))
        if check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current is None:
                report.print_line(
                    f"{shown} is missing: write it with `{'schemactl docs --live' if live else 'schemactl docs'}`"
                )
                raise typer.Exit(1)
            if current != text:
                command = "schemactl docs --live" if live else "schemactl docs"
                report.print_line(f"{shown} is out of date: regenerate it with `{command}`")
                diff = unified_diff(current, text, shown)
                for line in diff[:_DIFF_LINES]:
                    report.print_line(line)
                if len(diff) > _DIFF_LINES:
                    report.print_line(f"... ({len(diff) - _DIFF_LINES} more diff lines)")
                raise typer.Exit(1)
            report.print_line(f"{shown} is up to date")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        report.print_line(f"wrote {shown}")
