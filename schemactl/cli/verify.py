"""`schemactl verify`: the security rules over a live database."""

from __future__ import annotations

from typing import Annotated

import typer

from schemactl.cli.common import DatabaseUrlOption, reported_errors, resolve, settings_for
from schemactl.cli.lint import FailOn, LintFormat


def verify(
    ctx: typer.Context,
    database_url: DatabaseUrlOption = None,
    schema: Annotated[
        list[str] | None,
        typer.Option(
            "--schema", "-s", metavar="SCHEMA", help="Verify only this schema (repeatable; default: every user schema)."
        ),
    ] = None,
    output: Annotated[
        LintFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text, json, sarif or github.")
    ] = LintFormat.TEXT,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Lowest severity that fails (default: fail_on of [tool.schemactl.verify]).",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODE", help="Only these codes or prefixes (SC903, SC9); repeatable."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="CODE", help="Skip these codes or prefixes; repeatable.")
    ] = None,
) -> None:
    """Check a live database against the security rules; exit 1 on findings at or above --fail-on.

    Runs the live rules (SC9xx: roles and memberships, database privileges, login timeouts,
    extensions, owners, relations outside the committed snapshot, the migration ledger) and the
    lint rules that judge the schema's state (SC301-SC304) on a model read from the catalog. Each
    finding names its object and points at the migration that created or last changed it.

    A read-only login is enough: CONNECT on the database, USAGE on schema schemactl and SELECT on
    schemactl.schema_migrations (see README, "Verifying a live database").

    Example: schemactl verify --database-url "$PROD_VERIFY_URL" --format sarif > verify.sarif
    """
    from dataclasses import replace

    from schemactl import report
    from schemactl.formats import OutputFormat
    from schemactl.lint.findings import Severity
    from schemactl.lint.settings import load_lint_settings, selectors
    from schemactl.verify.engine import verify_database
    from schemactl.verify.settings import load_verify_settings

    with reported_errors(ctx, OutputFormat.JSON if output is LintFormat.JSON else OutputFormat.TEXT):
        settings = settings_for(ctx)
        verify_settings = load_verify_settings(settings.project_dir, load_lint_settings(settings.project_dir))
        if select:
            verify_settings = replace(verify_settings, select=selectors(select, "--select"))
        if ignore:
            verify_settings = replace(verify_settings, ignore=selectors(ignore, "--ignore"))
        threshold = Severity(fail_on.value) if fail_on else verify_settings.fail_on
        target = resolve(settings, database_url)
        report.print_target(target, OutputFormat.TEXT)
        result = verify_database(settings, verify_settings, target, tuple(schema or ()))
        report.print_verify_report(result, output.value)
        if any(f.finding.severity.rank >= threshold.rank for f in result.findings):
            raise typer.Exit(1)
