"""`schemactl lint`, `schemactl rules`, `schemactl style-guide`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from schemactl.cli.common import reported_errors, settings_for


class LintFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def lint(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files, or directories of .sql files, to lint (default: every file of sql/).", show_default=False
        ),
    ] = None,
    output: Annotated[
        LintFormat, typer.Option("--format", "-f", help="text, json, sarif or github.")
    ] = LintFormat.TEXT,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that fails (default: fail_on, warning).")
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Only these codes or prefixes (SC701, SC7); repeatable. SC001 and SC002 are always reported.",
        ),
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these codes or prefixes.")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the lint cache (.schemactl/cache/).")
    ] = False,
) -> None:
    """Lint migrations with the style guide's rules; exit 1 on findings at or above --fail-on.

    Earlier files of sql/ are read as context (so a rule knows which tables already exist), but
    only the files given are reported. This is how the pre-commit hook calls it.

    Example: schemactl lint sql/0004_add_orders.sql --format github
    """
    from dataclasses import replace

    from schemactl import report
    from schemactl.lint.engine import lint_project
    from schemactl.lint.findings import Severity
    from schemactl.lint.registry import all_rules
    from schemactl.lint.settings import load_lint_settings, selectors
    from schemactl.report import OutputFormat

    with reported_errors(ctx, OutputFormat.JSON if output is LintFormat.JSON else OutputFormat.TEXT):
        settings = settings_for(ctx)
        lint_settings = load_lint_settings(settings.project_dir)
        if select:
            lint_settings = replace(lint_settings, select=selectors(select, "--select"))
        if ignore:
            lint_settings = replace(lint_settings, ignore=selectors(ignore, "--ignore"))
        threshold = Severity(fail_on.value) if fail_on else lint_settings.fail_on
        result = lint_project(settings, lint_settings, list(paths or ()), use_cache=not no_cache)
        report.print_lint_report(result, output.value, all_rules())
        if any(f.severity.rank >= threshold.rank for f in result.findings):
            raise typer.Exit(1)


def rules(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Argument(help="A rule code, e.g. SC701, for its documentation.")] = None,
) -> None:
    """List the lint rules, or print one rule's documentation.

    Example: schemactl rules SC701
    """
    from schemactl import report
    from schemactl.errors import ConfigError
    from schemactl.lint.registry import all_rules, rule_by_code

    with reported_errors(ctx):
        if code is None:
            report.print_rules(all_rules())
            return
        rule = rule_by_code(code)
        if rule is None:
            raise ConfigError(f"no rule {code!r}", hint="schemactl rules lists them")
        report.print_rule_documentation(rule)


def style_guide(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the committed guide is stale.")] = False,
) -> None:
    """Write docs/SCHEMA_STYLE_GUIDE.md from the rules' documentation.

    Example: schemactl style-guide --check
    """
    from schemactl import report
    from schemactl.lint.registry import all_rules
    from schemactl.lint.style_guide import render_style_guide

    with reported_errors(ctx):
        target = settings_for(ctx).project_dir / "docs" / "SCHEMA_STYLE_GUIDE.md"
        text = render_style_guide(all_rules())
        if check:
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if current != text:
                report.print_line(f"{target} is out of date: run schemactl style-guide")
                raise typer.Exit(1)
            report.print_line(f"{target} is up to date")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        report.print_line(f"wrote {target}")
