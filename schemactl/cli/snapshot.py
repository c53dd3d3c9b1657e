"""`schemactl snapshot`: write the catalog snapshot, or diff it (the CI drift gate)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from schemactl.cli.common import DatabaseUrlOption, FormatOption, reported_errors, resolve, settings_for
from schemactl.formats import OutputFormat

if TYPE_CHECKING:
    from schemactl.config import Settings
    from schemactl.database import DatabaseTarget
    from schemactl.snapshot.model import Snapshot


def snapshot(
    ctx: typer.Context,
    diff: Annotated[bool, typer.Option("--diff", help="Compare instead of writing; exit 1 on drift.")] = False,
    from_sql: Annotated[
        bool,
        typer.Option(
            "--from-sql",
            help="Build sql/ in a throwaway database (dropped afterwards) instead of reading the live database.",
        ),
    ] = False,
    against: Annotated[
        str | None,
        typer.Option("--against", metavar="URL", help="With --diff: compare the live database with this one."),
    ] = None,
    path: Annotated[
        Path | None,
        typer.Option("--snapshot", "-o", metavar="FILE", help="Snapshot file (default: snapshots/schema.json)."),
    ] = None,
    schemas: Annotated[
        list[str] | None,
        typer.Option("--schema", "-s", metavar="NAME", help="Schema to include (repeatable; default: all)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write the live database's snapshot even without a ledger or with migrations not applied.",
        ),
    ] = False,
    database_url: DatabaseUrlOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Write a deterministic JSON snapshot of the catalog, or diff snapshots and databases.

    Without --diff: write the live database's snapshot (or, with --from-sql, the snapshot of sql/
    built in a throwaway database) to snapshots/schema.json. A live database without a ledger, or
    with files of sql/ pending, changed or unknown, is refused (exit 2) unless --force.

    With --diff (exit 0 equal, 1 drift, 2 error): the committed snapshot against the live database;
    with --from-sql, against sql/ built in a throwaway database (the CI check); with --against URL,
    the live database against another one.

    Example: schemactl snapshot --diff --from-sql
    """
    from schemactl import report
    from schemactl.database import explicit_target, validate_conninfo
    from schemactl.errors import ConfigError

    with reported_errors(ctx, output):
        settings = settings_for(ctx)
        snapshot_path = path or settings.snapshots_dir / "schema.json"
        chosen = tuple(schemas or ())
        if against is not None and (not diff or from_sql):
            raise ConfigError("--against needs --diff and cannot be combined with --from-sql")
        if against is not None and not against.strip():
            raise ConfigError("--against is empty", hint="pass the URL of the database to compare with")
        target = resolve(settings, database_url)
        report.print_target(target, output)
        if not diff:
            if not from_sql and not force:
                from schemactl.snapshot.guard import check_up_to_date

                check_up_to_date(settings, target)
            taken = _take(settings, target, chosen, from_sql)
            from schemactl.snapshot.serialize import write_snapshot

            write_snapshot(taken, snapshot_path)
            report.print_snapshot_written(
                str(snapshot_path), taken.count(), _label(target.display, from_sql), target.display, output
            )
            return
        from schemactl.snapshot.diff import diff_snapshots, diff_with_file_text
        from schemactl.snapshot.serialize import from_json, read_snapshot_bytes

        if against is not None:
            other = explicit_target(validate_conninfo(against), {})
            assert other is not None
            before_label, after_label = target.display, other.display
            result = diff_snapshots(_take(settings, target, chosen, False), _take(settings, other, chosen, False))
        else:
            before_label, after_label = report.display_path(str(snapshot_path)), _label(target.display, from_sql)
            committed = read_snapshot_bytes(snapshot_path)
            if from_sql:  # a build of sql/ takes a while: the file is checked first
                result = diff_snapshots(from_json(committed, snapshot_path), _take(settings, target, chosen, True))
            else:
                result = diff_with_file_text(committed, snapshot_path, _take(settings, target, chosen, False))
        report.print_snapshot_diff(result, before_label, after_label, output)
        if not result.is_empty:
            raise typer.Exit(1)


def _take(settings: Settings, target: DatabaseTarget, schemas: tuple[str, ...], from_sql: bool) -> Snapshot:
    """A snapshot of the live target, or of sql/ built in a throwaway database on its server."""
    from contextlib import closing

    from schemactl.database import connect
    from schemactl.snapshot.inspect import introspect

    if from_sql:
        from schemactl.snapshot.build import snapshot_from_sql

        return snapshot_from_sql(settings, target, schemas)
    with closing(connect(target)) as conn:
        return introspect(conn, schemas, connect_again=lambda: connect(target))


def _label(display: str, from_sql: bool) -> str:
    return f"sql/ built on {display}" if from_sql else display
