"""Lint files in version order over a model of the schema built so far.

Every file of sql/ is read (earlier and later ones are context); findings are reported only for the
files asked about. A file outside sql/ is linted as if it came after the last one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from schemactl.config import Settings
from schemactl.errors import HeaderError, SchemactlError, TemplateRenderError
from schemactl.lint.builder import update_model
from schemactl.lint.findings import Finding
from schemactl.lint.model import SchemaModel
from schemactl.lint.registry import all_rules, rule_by_code
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.parse_error import ParseError
from schemactl.lint.rules.suppression_without_reason import SuppressionWithoutReason
from schemactl.lint.rules.template_error import TemplateError
from schemactl.lint.rules.unknown_suppression import UnknownSuppression
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile, LintStatement, build_line_map, parse_comments


@dataclass(frozen=True)
class LintReport:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]  # the files asked about, as displayed


def lint_project(settings: Settings, lint_settings: LintSettings, paths: Sequence[Path] = ()) -> LintReport:
    """Lint `paths` (default: every file of sql/) with every enabled rule."""
    from schemactl.migrations import MIGRATION_FILENAME
    from schemactl.project import renderer_for

    sql_dir = settings.sql_dir.resolve()
    sql_files = (
        sorted(
            (p.resolve() for p in sql_dir.glob("*.sql") if MIGRATION_FILENAME.match(p.name)),
            key=lambda p: (int(MIGRATION_FILENAME.match(p.name)["version"]), p.name),  # type: ignore[index]
        )
        if sql_dir.is_dir()
        else []
    )
    targets = [p.resolve() for p in paths] if paths else list(sql_files)
    in_sql_dir = set(sql_files)  # a set: `p not in sql_files` made this quadratic in the number of files
    outside = [p for p in targets if p not in in_sql_dir]
    order = sql_files + outside
    asked = {str(p) for p in targets}
    rules = [rule() for rule in all_rules() if lint_settings.enabled(rule.code)]
    renderer = None
    model = SchemaModel()
    files: dict[str, LintFile] = {}
    spans: dict[str, _StatementSpans] = {}  # by display, like `files`
    findings: list[Finding] = []
    for path in order:
        display = _display(path)
        if renderer is None:
            try:
                renderer = renderer_for(settings)
            except SchemactlError as exc:
                findings.append(_engine_finding(TemplateError, display, exc.line or 1, exc.message, exc.file))
                break
        lint_file, file_findings = _load(path, display, settings, renderer)
        if lint_file is None:
            if str(path) in asked:
                findings.extend(file_findings)
            continue
        files[display] = lint_file
        spans[display] = _StatementSpans(lint_file)
        report_here = str(path) in asked
        findings.extend(file_findings if report_here else ())
        for statement in lint_file.statements:
            context = StatementContext(statement, lint_file, model, lint_settings)
            if report_here:
                findings.extend(_suppressed(_check(rules, context, lint_file), spans[display]))
            update_model(model, statement, lint_file, lint_settings)
        if report_here:
            findings.extend(_suppression_findings(lint_file, lint_settings))
    asked_displays = {_display(p) for p in targets}
    for rule in rules:
        for finding in rule.finish(model, files, lint_settings):
            if finding.file in asked_displays:
                findings.extend(_suppressed([finding], spans[finding.file]))
    enabled = [f for f in findings if lint_settings.enabled(f.code)]
    return LintReport(tuple(sorted(set(enabled), key=lambda f: f.sort_key)), tuple(sorted(asked_displays)))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _engine_finding(rule: type[Rule], display: str, line: int, message: str, file: str | None = None) -> Finding:
    shown = _display(Path(file)) if file else display
    return Finding(rule.code, rule.name, rule.severity, message, shown, line, 1)


def _load(path: Path, display: str, settings: Settings, renderer: object) -> tuple[LintFile | None, list[Finding]]:
    """Read, render and parse one file; problems become findings, never exceptions."""
    from schemactl.migrations import parse_directives
    from schemactl.render import SqlRenderer

    assert isinstance(renderer, SqlRenderer)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_engine_finding(ParseError, display, 1, f"cannot read file: {exc.strerror}")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [_engine_finding(ParseError, display, line, "file contains a NUL byte")]
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [_engine_finding(ParseError, display, line, f"file is not UTF-8 text: {exc.reason}")]
    try:
        from schemactl.migrations import MIGRATION_FILENAME, MigrationFile
        from schemactl.project import migration_context

        match = MIGRATION_FILENAME.match(path.name)
        migration = MigrationFile(int(match["version"]), match["name"], path) if match else None
        rendered = renderer.render_string(source, path, migration_context(migration))
    except TemplateRenderError as exc:
        return None, [_engine_finding(TemplateError, display, exc.line or 1, exc.message, exc.file)]
    from schemactl.render import RenderedSql

    try:
        directives = parse_directives(
            RenderedSql(path, rendered),
            lock_timeout=settings.lock_timeout,
            statement_timeout=settings.statement_timeout,
        )
    except HeaderError as exc:
        return None, [_engine_finding(TemplateError, display, exc.line or 1, exc.message)]
    lint_file = LintFile(
        path=path,
        display=display,
        source=source,
        rendered=rendered,
        transactional=directives.transactional,
        lock_timeout=directives.lock_timeout,
        line_map=build_line_map(source, rendered),
    )
    problem = _parse(lint_file)
    return lint_file, [problem] if problem else []


def _parse(lint_file: LintFile) -> Finding | None:
    from pglast import parse_sql
    from pglast.parser import ParseError as PglastParseError

    text = lint_file.rendered
    try:
        raw_statements = parse_sql(text)
    except PglastParseError as exc:
        offset = int(exc.args[1]) if len(exc.args) > 1 else 0
        lint_file.statements = []
        return ParseError().at(lint_file, offset, f"syntax error: {exc.args[0]}")
    except RecursionError:
        lint_file.statements = []
        return ParseError().at(lint_file, 0, "statement too deeply nested to analyse")
    previous_end = 0
    for raw in raw_statements:
        start = max(raw.stmt_location or 0, 0)
        end = start + raw.stmt_len if raw.stmt_len else len(text)
        gap_start = previous_end
        previous = lint_file.statements[-1] if lint_file.statements else None
        if previous is not None:
            # A comment on the previous statement's line (after its semicolon) belongs to it.
            newline = text.find("\n", previous_end, start)
            tail_end = newline if newline >= 0 else start
            tail_suppressions, _ = parse_comments(text[previous_end:tail_end], previous_end)
            previous.suppressions = previous.suppressions + tail_suppressions
            gap_start = tail_end
        suppressions, markers = parse_comments(text[gap_start:start], gap_start)
        lint_file.statements.append(
            LintStatement(raw.stmt, start, end, text[start:end], text[gap_start:start], suppressions, markers)
        )
        previous_end = end
    if lint_file.statements:
        last = lint_file.statements[-1]
        newline = text.find("\n", last.end)
        tail_suppressions, _ = parse_comments(text[last.end : newline if newline >= 0 else len(text)], last.end)
        last.suppressions = last.suppressions + tail_suppressions
    return None


def _check(rules: Iterable[Rule], context: StatementContext, lint_file: LintFile) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        try:
            found.extend(rule.check(context))
        except RecursionError:
            found.append(ParseError().at(lint_file, context.statement.start, "statement too deeply nested to analyse"))
    return found


def _suppressed(findings: Iterable[Finding], spans: _StatementSpans) -> list[Finding]:
    kept = []
    for finding in findings:
        statement = spans.statement_at(finding.line)
        codes = {code for s in statement.suppressions for code in s.codes} if statement else set()
        if finding.code not in codes:
            kept.append(finding)
    return kept


class _StatementSpans:
    """The source lines (first, last) of each statement of a file, computed once, on the first finding.

    Computing them for every finding made suppression checks O(findings x statements x file size).
    """

    def __init__(self, lint_file: LintFile) -> None:
        self._file = lint_file
        self._spans: list[tuple[int, int, LintStatement]] | None = None

    def statement_at(self, line: int) -> LintStatement | None:
        """The first statement whose lines include `line`."""
        if self._spans is None:
            location = self._file.location
            self._spans = [
                (location(s.start)[0], location(max(s.end - 1, s.start))[0], s) for s in self._file.statements
            ]
        for first_line, last_line, statement in self._spans:
            if first_line <= line <= last_line:
                return statement
        return None


def _suppression_findings(lint_file: LintFile, settings: LintSettings) -> list[Finding]:
    found = []
    for statement in lint_file.statements:
        for suppression in statement.suppressions:
            for code in suppression.codes:
                if rule_by_code(code) is None:
                    found.append(
                        UnknownSuppression().at(
                            lint_file, suppression.offset, f"unknown rule code {code} in suppression"
                        )
                    )
            if not suppression.reason:
                found.append(
                    SuppressionWithoutReason().at(
                        lint_file, suppression.offset, f"suppression of {', '.join(suppression.codes)} gives no reason"
                    )
                )
    return found
