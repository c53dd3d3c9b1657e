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
            metavar="PATH",
            help="Files, or directories of .sql files, to lint (default: every file of sql/).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        LintFormat, typer.Option("--format", "-f", metavar="[text|json|sarif|github]", help="Output format.")
    ] = LintFormat.TEXT,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="[error|warning|info]",
            help="Lowest severity that fails (default: fail_on in [tool.schemactl.lint], else warning).",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="CODE",
            help="Only these codes or prefixes (SC701, SC7); repeatable. "
            "Findings that apply would refuse (SC0xx) are always reported.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="CODE", help="Skip these codes or prefixes; repeatable.")
    ] = None,
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
    from schemactl.formats import OutputFormat
    from schemactl.lint.engine import lint_project
    from schemactl.lint.findings import Severity
    from schemactl.lint.registry import all_rules
    from schemactl.lint.settings import load_lint_settings, selectors

    with reported_errors(ctx, OutputFormat.JSON if output is LintFormat.JSON else OutputFormat.TEXT):
        settings = settings_for(ctx, need_project=not paths)  # files named may be linted anywhere
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
    code: Annotated[
        str | None,
        typer.Argument(metavar="CODE", help="A rule code, e.g. SC701, for its documentation.", show_default=False),
    ] = None,
) -> None:
    """List the rules with where each runs (files: lint, live: verify, both), or print one rule's documentation.

    Example: schemactl rules SC701
    """
    from schemactl import report
    from schemactl.errors import ConfigError
    from schemactl.verify.registry import any_rule_by_code, every_rule, where_rules_run

    with reported_errors(ctx):
        if code is None:
            rules = every_rule()
            report.print_rules(rules, where_rules_run(rules))
            return
        rule = any_rule_by_code(code)
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
    from schemactl.verify.registry import style_guide as render_style_guide

    with reported_errors(ctx):
        target = settings_for(ctx).project_dir / "docs" / "SCHEMA_STYLE_GUIDE.md"
        text = render_style_guide()
        if check:
            if not report.check_generated(target, text, "schemactl style-guide"):
                raise typer.Exit(1)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        report.print_line(f"wrote {report.display_path(str(target))}")
