"""`schemactl new NAME`: create the next numbered migration from the scaffold template."""

from __future__ import annotations

from typing import Annotated

import typer

from schemactl.cli.common import SqlDirOption, reported_errors, settings_for


def new(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="snake_case name: [a-z][a-z0-9_]*, at most 50 characters.", show_default=False
        ),
    ],
    sql_dir: SqlDirOption = None,
) -> None:
    """Create sql/NNNN_NAME.sql, numbered one after the highest existing version, and print its path.

    The file comes from templates/scaffold/migration.sql.j2 (a built-in default without it): a
    revision note with the current UTC time, the configured timeouts as a header directive, and the
    migration safety checklist as comments. Gaps in the numbering are kept, never filled; an
    existing file is never overwritten.

    Example: schemactl new add_orders
    """
    from datetime import UTC, datetime

    from schemactl import report
    from schemactl.scaffold import create_migration

    with reported_errors(ctx):
        created = create_migration(settings_for(ctx, sql_dir=sql_dir), name, datetime.now(UTC))
        report.print_line(report.display_path(str(created.path)))
