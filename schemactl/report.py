"""Output for people (rich) and machines (JSON). Only this module and the CLI print."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

from schemactl.errors import SchemactlError
from schemactl.snapshot.diff import ChangeType

if TYPE_CHECKING:
    from rich.console import Console

    from schemactl.database import DatabaseTarget
    from schemactl.embedded import EmbeddedStatus
    from schemactl.lint.engine import LintReport
    from schemactl.lint.rule import Rule
    from schemactl.migrations import Plan, PreparedMigration, StatusRow
    from schemactl.runner import ApplyResult
    from schemactl.snapshot.diff import SnapshotDiff


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def stdout_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True, default=_json_default) + "\n")


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def error_document(err: SchemactlError) -> dict[str, object]:
    return {
        "error": {
            "kind": err.kind,
            "message": err.message,
            "file": err.file,
            "line": err.line,
            "sqlstate": err.sqlstate,
            "detail": err.detail,
            "hint": err.hint,
            "statement": err.statement,
            "exit_code": int(err.exit_code),
        }
    }


def print_error(err: SchemactlError, output: OutputFormat, context: dict[str, object] | None = None) -> None:
    """`error: <file>:<line>: <what> (<sqlstate>)`, then detail, hint and the failing statement.

    With JSON the error document also goes to stdout, with the keys of `context` beside `error`.
    """
    if output is OutputFormat.JSON:
        emit_json({**(context or {}), **error_document(err)})
    location = display_path(err.file) if err.file else ""
    if err.file and err.line:
        location += f":{err.line}"
    head = f"error: {location}: {err.message}" if location else f"error: {err.message}"
    if err.sqlstate:
        head += f" ({err.sqlstate})"
    lines = [head]
    if err.detail:
        lines += [f"detail: {d}" for d in err.detail.splitlines()]
    if err.hint:
        lines += [f"hint: {h}" for h in err.hint.splitlines()]
    if err.statement:
        lines.append("statement:")
        lines += [f"    {s}" for s in _clip(err.statement.splitlines(), 30)]
    sys.stderr.write("\n".join(lines) + "\n")


def display_path(path: str) -> str:
    """A path as people want to read it: relative to the working directory when inside it."""
    from pathlib import Path

    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _clip(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"... ({len(lines) - limit} more lines)"]


def print_target(target: DatabaseTarget, output: OutputFormat) -> None:
    if output is OutputFormat.TEXT:
        sys.stderr.write(f"database: {target.display} ({target.source.value})\n")


class ApplyProgress:
    """One line per migration with its time, as each one finishes."""

    def __init__(self) -> None:
        self._console = stderr_console()

    def migration_started(self, migration: PreparedMigration) -> None:
        pass

    def migration_finished(self, migration: PreparedMigration, duration_ms: int) -> None:
        from rich.markup import escape

        mode = "" if migration.directives.transactional else " [no-transaction]"
        label = escape(f"{migration.file.label}{mode}")  # unescaped, rich would eat "[no-transaction]" as a tag
        self._console.print(f"[green]applied[/green] {label} [dim]({duration_ms} ms)[/dim]")


class AppliedSteps:
    """Records the migrations an apply finished, so a failure part-way can report them; forwards to `inner`."""

    def __init__(self, inner: ApplyProgress | None) -> None:
        self._inner = inner
        self.database: str | None = None
        self.applied: list[dict[str, object]] = []

    def migration_started(self, migration: PreparedMigration) -> None:
        if self._inner:
            self._inner.migration_started(migration)

    def migration_finished(self, migration: PreparedMigration, duration_ms: int) -> None:
        self.applied.append(
            {
                "version": migration.version,
                "name": migration.file.name,
                "duration_ms": duration_ms,
                "transactional": migration.directives.transactional,
            }
        )
        if self._inner:
            self._inner.migration_finished(migration, duration_ms)

    def document(self) -> dict[str, object]:
        """The keys an apply's JSON error document carries besides `error`."""
        shown: dict[str, object] = {"applied": list(self.applied)}
        if self.database is not None:
            shown["database"] = self.database
        return shown


def print_apply_result(result: ApplyResult, target: DatabaseTarget, output: OutputFormat) -> None:
    if output is OutputFormat.JSON:
        emit_json(
            {
                "database": target.display,
                "dry_run": False,
                "already_applied": result.already_applied,
                "applied": [
                    {
                        "version": s.version,
                        "name": s.name,
                        "duration_ms": s.duration_ms,
                        "transactional": s.transactional,
                    }
                    for s in result.applied
                ],
            }
        )
        return
    total = sum(s.duration_ms for s in result.applied)
    if result.applied:
        stdout_console().print(f"{len(result.applied)} migration(s) applied in {total} ms")
    else:
        stdout_console().print(f"nothing to apply ({result.already_applied} already applied)")


def print_plan(plan: Plan, target: DatabaseTarget, output: OutputFormat) -> None:
    """`apply --dry-run`: what would run, with the rendered SQL."""
    if output is OutputFormat.JSON:
        emit_json(
            {
                "database": target.display,
                "dry_run": True,
                "already_applied": plan.applied_count,
                "pending": [_plan_entry(m) for m in plan.pending],
            }
        )
        return
    console = stdout_console()
    if not plan.pending:
        console.print(f"nothing to apply ({plan.applied_count} already applied)")
        return
    console.print(f"would apply {len(plan.pending)} migration(s):")
    for migration in plan.pending:
        mode = "transaction" if migration.directives.transactional else "no-transaction"
        console.print(f"-- ==== {migration.file.label} ({mode}) ====", markup=False)
        console.print(migration.rendered.text.rstrip("\n"), markup=False)


def _plan_entry(migration: PreparedMigration) -> dict[str, object]:
    return {
        "version": migration.version,
        "name": migration.file.name,
        "checksum": migration.checksum,
        "transactional": migration.directives.transactional,
        "lock_timeout": migration.directives.lock_timeout,
        "statement_timeout": migration.directives.statement_timeout,
        "sql": migration.rendered.text,
    }


def print_status(rows: Sequence[StatusRow], target: DatabaseTarget, output: OutputFormat) -> None:
    if output is OutputFormat.JSON:
        emit_json(
            {
                "database": target.display,
                "migrations": [
                    {"version": r.version, "name": r.name, "state": r.state.value, "applied_at": r.applied_at}
                    for r in rows
                ],
            }
        )
        return
    from rich.table import Table

    colours = {"applied": "green", "pending": "yellow", "changed": "red", "missing": "red"}
    table = Table(title=f"migrations on {target.display}", title_justify="left")
    for column in ("version", "name", "state", "applied at"):
        table.add_column(column)
    for r in rows:
        state = r.state.value
        applied_at = r.applied_at.strftime("%Y-%m-%d %H:%M:%S%z") if r.applied_at else ""
        table.add_row(f"{r.version:04d}", r.name, f"[{colours[state]}]{state}[/]", applied_at)
    stdout_console().print(table)
    counts = {state: sum(1 for r in rows if r.state.value == state) for state in colours}
    stdout_console().print(", ".join(f"{n} {state}" for state, n in counts.items() if n) or "no migrations")


def print_rendered(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def print_embedded_status(status: EmbeddedStatus, output: OutputFormat) -> None:
    if output is OutputFormat.JSON:
        emit_json(
            {
                "data_dir": str(status.data_dir),
                "initialised": status.initialised,
                "running": status.running,
                "pid": status.pid,
                "url": status.url,
            }
        )
        return
    state = f"running (pid {status.pid})" if status.running else "stopped"
    lines = [f"embedded server: {state}", f"data: {status.data_dir}"]
    if status.url:
        lines.append(f"url: {status.url}")
    sys.stdout.write("\n".join(lines) + "\n")


def print_line(text: str) -> None:
    sys.stdout.write(text + "\n")


_CHANGE_MARK = {"added": "+", "removed": "-", "changed": "~"}
_CHANGE_STYLE = {"added": "green", "removed": "red", "changed": "yellow"}


def print_snapshot_written(
    path: str, objects: int, source: str, database: str, output: OutputFormat = OutputFormat.TEXT
) -> None:
    if output is OutputFormat.JSON:
        emit_json({"database": database, "source": source, "written": display_path(path), "objects": objects})
        return
    sys.stdout.write(f"wrote {display_path(path)}: {objects} objects from {source}\n")


def print_snapshot_diff(diff: SnapshotDiff, before: str, after: str, output: OutputFormat) -> None:
    """Grouped by object: added / removed / changed, each change with its attribute, before -> after."""
    if output is OutputFormat.JSON:
        emit_json(snapshot_diff_document(diff, before, after))
        return
    from rich.markup import escape

    console = stdout_console()
    console.print(f"comparing {escape(before)} (before) with {escape(after)} (after)")
    for change in diff.changes:
        kind = change.change.value
        head = f"[{_CHANGE_STYLE[kind]}]{_CHANGE_MARK[kind]} {change.kind.value} {escape(change.identity)}[/]"
        console.print(head if kind != "changed" else head + ":")
        for attribute in change.attributes:
            console.print(
                f"    {escape(attribute.path)}: {escape(_short_json(attribute.before))} -> "
                f"{escape(_short_json(attribute.after))}"
            )
    summary = (
        f"{len(diff.changes)} difference(s): {diff.count(ChangeType.ADDED)} added, "
        f"{diff.count(ChangeType.REMOVED)} removed, {diff.count(ChangeType.CHANGED)} changed"
    )
    console.print("no differences" if diff.is_empty else summary)


def snapshot_diff_document(diff: SnapshotDiff, before: str, after: str) -> dict[str, object]:
    return {
        "before": before,
        "after": after,
        "equal": diff.is_empty,
        "summary": {change.value: diff.count(change) for change in ChangeType},
        "changes": [
            {
                "kind": c.kind.value,
                "identity": c.identity,
                "change": c.change.value,
                "attributes": [{"path": a.path, "before": a.before, "after": a.after} for a in c.attributes],
            }
            for c in diff.changes
        ],
    }


def _short_json(value: object) -> str:
    text = "NULL" if value is None else value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "..."


def print_lint_report(report: LintReport, output: OutputFormat | str, rules: Sequence[type[Rule]]) -> None:
    """Findings as text (with a code frame), json, sarif or github annotations."""
    from schemactl import __version__
    from schemactl.lint import formats

    kind = str(output.value if isinstance(output, Enum) else output)
    if kind == "json":
        sys.stdout.write(formats.to_json(report.findings, report.files))
    elif kind == "sarif":
        sys.stdout.write(formats.to_sarif(report.findings, rules, __version__))
    elif kind == "github":
        sys.stdout.write(formats.to_github(report.findings))
    else:
        _print_lint_text(report)


def _print_lint_text(report: LintReport) -> None:
    from rich.markup import escape

    console = stdout_console()
    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    sources: dict[str, list[str]] = {}
    for f in report.findings:
        macro = " [dim](in SQL produced by a macro)[/dim]" if f.from_macro else ""
        console.print(
            f"{escape(f.file)}:{f.line}:{f.column}: [{colours[f.severity.value]}]{f.severity.value} {f.code}[/] "
            f"[bold]{f.name}[/bold] {escape(f.message)}{macro}"
        )
        lines = sources.setdefault(f.file, _read_lines(f.file))
        if 0 < f.line <= len(lines):
            text, caret = _frame_line(lines[f.line - 1], f.column)
            console.print(f"  {f.line:>4} | {escape(text)}", highlight=False)
            if not f.from_macro:
                console.print("       | " + " " * caret + "^")
    counts = {s: sum(1 for f in report.findings if f.severity.value == s) for s in colours}
    files = len(report.files)
    if report.findings:
        detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        console.print(f"{len(report.findings)} finding(s) in {files} file(s): {detail}")
    else:
        console.print(f"no findings in {files} file(s)")


_FRAME_WIDTH = 160  # longest source line shown whole in a code frame


def _frame_line(line: str, column: int) -> tuple[str, int]:
    """The source line to show (a window around `column` when long) and the caret's offset in it.

    Tabs become spaces and unprintable characters U+FFFD, so the caret lines up under the column.
    """
    caret = max(column - 1, 0)
    prefix = suffix = ""
    if len(line) > _FRAME_WIDTH:
        start = max(0, min(caret - _FRAME_WIDTH // 2, len(line) - _FRAME_WIDTH))
        prefix = "..." if start > 0 else ""
        suffix = "..." if start + _FRAME_WIDTH < len(line) else ""
        line, caret = line[start : start + _FRAME_WIDTH], caret - start + len(prefix)
    shown = "".join(" " if c == "\t" else c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in line)
    return prefix + shown + suffix, caret


def _read_lines(path: str) -> list[str]:
    """The file's lines as the linter numbers them (universal newlines; no other line breaks)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().split("\n")
    except OSError:
        return []


def print_rules(rules: Sequence[type[Rule]]) -> None:
    for rule in rules:
        sys.stdout.write(f"{rule.code}  {rule.name:<44} {rule.severity.value}\n")


def print_rule_documentation(rule: type[Rule]) -> None:
    sys.stdout.write(f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.documentation()}\n")
