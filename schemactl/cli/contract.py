"""`schemactl contract check`: the OpenAPI contracts, their mapping and the schema agree."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schemactl.cli.common import DatabaseUrlOption, reported_errors, resolve, settings_for
from schemactl.cli.help import Group, PlainCommand
from schemactl.cli.lint import LintFormat
from schemactl.formats import OutputFormat

contract_app = typer.Typer(
    help=(
        "Check the API contracts (api-contracts/openapi/) against the database schema.\n\n"
        "Example: schemactl contract check --format github"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=Group,
)


@contract_app.command(cls=PlainCommand, short_help="Check every contract field against its mapped column.")
def check(
    ctx: typer.Context,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", "-m", metavar="FILE", help="Mapping file (default: docs/contract_schema_mapping.yaml)."
        ),
    ] = None,
    live: Annotated[
        bool,
        typer.Option("--live", help="Check the resolved database itself instead of sql/ built in a throwaway one."),
    ] = False,
    database_url: DatabaseUrlOption = None,
    output: Annotated[
        LintFormat, typer.Option("--format", "-f", metavar="[text|json|sarif|github]", help="Output format.")
    ] = LintFormat.TEXT,
) -> None:
    """Check every contract field against its mapped column: existence, type, enum values, coverage.

    The mapping (docs/contract_schema_mapping.yaml) names the OpenAPI files and maps each field to a
    column. By default sql/ is built in a throwaway database on the resolved server (dropped
    afterwards); with --live the resolved database is checked as it is. Exit 0 when everything
    agrees, 1 on any finding, 2 on a missing or invalid file or an unreachable database.

    Example: schemactl contract check --live --database-url "$STAGING_URL"
    """
    from contextlib import closing

    from schemactl import report
    from schemactl.contract.check import check_contracts
    from schemactl.contract.load import load_sources
    from schemactl.contract.rules import CONTRACT_RULES
    from schemactl.lint.engine import LintReport

    errors_format = OutputFormat.JSON if output is LintFormat.JSON else OutputFormat.TEXT
    with reported_errors(ctx, errors_format):
        settings = settings_for(ctx)
        sources = load_sources(settings.project_dir, mapping)
        target = resolve(settings, database_url)
        report.print_target(target, errors_format)
        if live:
            from schemactl.database import connect
            from schemactl.snapshot.inspect import introspect

            with closing(connect(target)) as conn:
                snapshot = introspect(conn)
        else:
            from schemactl.snapshot.build import snapshot_from_sql

            snapshot = snapshot_from_sql(settings, target)
        findings = check_contracts(sources, snapshot)
        report.print_lint_report(LintReport(findings, sources.files), output.value, CONTRACT_RULES)
        if findings:
            raise typer.Exit(1)
