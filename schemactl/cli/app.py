"""The root command, its global options, and the migration commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from schemactl.cli.common import (
    DatabaseUrlOption,
    FormatOption,
    GlobalOptions,
    SqlDirOption,
    reported_errors,
    resolve,
    seconds_option,
    settings_for,
)
from schemactl.cli.contract import contract_app
from schemactl.cli.db import db_app
from schemactl.cli.docs import docs
from schemactl.cli.group import RootGroup
from schemactl.cli.lint import lint, rules, style_guide
from schemactl.cli.new import new
from schemactl.cli.snapshot import snapshot
from schemactl.report import OutputFormat

app = typer.Typer(
    name="schemactl",
    cls=RootGroup,
    help=(
        "Raw-SQL, schema-as-code migrations for PostgreSQL.\n\n"
        "Renders sql/NNNN_name.sql through the Jinja macros of templates/ and applies them in order. "
        "Without a database URL it uses an embedded PostgreSQL under .schemactl/.\n\n"
        "Exit codes: 0 ok, 1 failed (migration error, changed file, drift), 2 usage or configuration error.\n\n"
        "Example: schemactl apply && schemactl status"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(db_app, name="db")
app.add_typer(contract_app, name="contract")
app.command()(snapshot)
app.command()(lint)
app.command()(rules)
app.command("style-guide")(style_guide)
app.command()(docs)
app.command()(new)


def _version(value: bool) -> None:
    if value:
        from schemactl import __version__

        typer.echo(f"schemactl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    project_dir: Annotated[
        Path | None,
        typer.Option(
            "--project-dir",
            "-C",
            help="Project root (default: the nearest pyproject.toml with \\[tool.schemactl]).",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show Python tracebacks for errors (also accepted after the command).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = GlobalOptions(project_dir, debug)


@app.command()
def apply(
    ctx: typer.Context,
    database_url: DatabaseUrlOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan and rendered SQL; write nothing.")] = False,
    to: Annotated[int | None, typer.Option("--to", help="Apply pending migrations up to this version only.")] = None,
    lock_wait: Annotated[
        float | None,
        typer.Option("--lock-wait", help="Seconds to wait for another apply's lock (default: lock_wait_seconds)."),
    ] = None,
    sql_dir: SqlDirOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Apply pending migrations in version order, each in one transaction with its ledger row.

    Example: schemactl apply --to 3 --database-url postgresql://me@localhost/app
    """
    from schemactl import report, runner
    from schemactl.project import load_migrations

    recorder = report.AppliedSteps(report.ApplyProgress() if output is OutputFormat.TEXT else None)
    with reported_errors(ctx, output, context=recorder.document):
        settings = settings_for(ctx, sql_dir=sql_dir)
        lock_wait_seconds = seconds_option("--lock-wait", lock_wait, settings.lock_wait_seconds)
        migrations = load_migrations(settings)
        target = resolve(settings, database_url)
        recorder.database = target.display
        report.print_target(target, output)
        if dry_run:
            report.print_plan(runner.preview(target, migrations, to=to), target, output)
            return
        result = runner.apply(target, migrations, to=to, lock_wait_seconds=lock_wait_seconds, observer=recorder)
        report.print_apply_result(result, target, output)


@app.command()
def status(
    ctx: typer.Context,
    database_url: DatabaseUrlOption = None,
    sql_dir: SqlDirOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show each migration as applied, pending, changed (edited after it was applied) or missing.

    Exit 1 when a file is changed or missing (apply would refuse), 0 otherwise.

    Example: schemactl status --format json
    """
    from schemactl import report
    from schemactl.migrations import MigrationState
    from schemactl.project import load_migrations
    from schemactl.status import read_status

    with reported_errors(ctx, output):
        settings = settings_for(ctx, sql_dir=sql_dir)
        migrations = load_migrations(settings)
        target = resolve(settings, database_url)
        report.print_target(target, output)
        rows = read_status(target, migrations)
        report.print_status(rows, target, output)
    if any(row.state in (MigrationState.CHANGED, MigrationState.MISSING) for row in rows):
        raise typer.Exit(1)  # as apply would refuse: CI wants the same answer from both


@app.command()
def render(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None, typer.Argument(help="Files to render (default: every file of sql/).", show_default=False)
    ] = None,
    sql_dir: SqlDirOption = None,
) -> None:
    """Print SQL exactly as it would be applied, after the Jinja macros have run.

    Example: schemactl render sql/0002_core_tables.sql
    """
    from schemactl import report
    from schemactl.project import load_migrations, render_file

    with reported_errors(ctx):
        settings = settings_for(ctx, sql_dir=sql_dir)
        if files:
            for path in files:
                report.print_rendered(render_file(settings, path).text)
            return
        for migration in load_migrations(settings):
            report.print_line(f"-- ==== {migration.file.label} ====")
            report.print_rendered(migration.rendered.text)


@app.command("grants-doc")
def grants_doc(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the file differs from the matrix.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: docs/ROLES_AND_GRANTS.md.")] = None,
) -> None:
    """Write docs/ROLES_AND_GRANTS.md from the grants matrix templates/grants.toml.

    Example: schemactl grants-doc --check
    """
    from schemactl import report
    from schemactl.grants_doc import render_grants_doc

    with reported_errors(ctx):
        settings = settings_for(ctx)
        target = output or settings.project_dir / "docs" / "ROLES_AND_GRANTS.md"
        text = render_grants_doc(settings.templates_dir / "grants.toml")
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if check:
            if current != text:
                report.print_line(f"{target} is out of date: run schemactl grants-doc")
                raise typer.Exit(1)
            report.print_line(f"{target} is up to date")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        report.print_line(f"wrote {target}")


def main() -> None:
    """Console entry point: run the app, then leave without the interpreter's slow teardown.

    Every connection is closed by the commands themselves; skipping the teardown of the
    libraries psycopg loads saves more than 100 ms per invocation.
    """
    try:
        app()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if isinstance(exit_.code, str):
            sys.stderr.write(exit_.code + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
