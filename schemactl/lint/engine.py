"""Lint files in version order over a model of the schema built so far.

Every file of sql/ is read (earlier and later ones are context); findings are reported only for the
files asked about. A file outside sql/ is linted as if it came after the last one.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from schemactl.config import Settings
from schemactl.errors import ConfigError, DiscoveryError, HeaderError, SchemactlError, TemplateRenderError
from schemactl.lint.builder import update_model
from schemactl.lint.builder_security import end_of_file
from schemactl.lint.cache import open_cache
from schemactl.lint.findings import Finding
from schemactl.lint.model import SchemaModel
from schemactl.lint.registry import all_rules, rule_by_code
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.byte_order_mark import ByteOrderMark
from schemactl.lint.rules.duplicate_migration_version import DuplicateMigrationVersion
from schemactl.lint.rules.migration_without_statements import MigrationWithoutStatements
from schemactl.lint.rules.misnamed_migration_file import MisnamedMigrationFile
from schemactl.lint.rules.parse_error import ParseError
from schemactl.lint.rules.suppression_without_reason import SuppressionWithoutReason
from schemactl.lint.rules.template_error import TemplateError
from schemactl.lint.rules.transaction_control_in_transactional_file import TransactionControlInTransactionalFile
from schemactl.lint.rules.unknown_suppression import UnknownSuppression
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile, LintStatement, build_line_map, parse_comments, template_line_map
from schemactl.lint.state import StateRule
from schemactl.preflight import BOM, ProblemKind, bom_problem, bytes_problem, is_editor_artefact, no_statements_problem

# What apply refuses before running anything, and the rule that reports it.
PROBLEM_RULES: dict[ProblemKind, type[Rule]] = {
    ProblemKind.MISNAMED: MisnamedMigrationFile,
    ProblemKind.DUPLICATE_VERSION: DuplicateMigrationVersion,
    ProblemKind.UNREADABLE: ParseError,
    ProblemKind.BYTE_ORDER_MARK: ByteOrderMark,
    ProblemKind.NO_STATEMENTS: MigrationWithoutStatements,
    ProblemKind.TRANSACTION_CONTROL: TransactionControlInTransactionalFile,
}

# Reported unless ignored by name, even under --select: a file apply refuses is never passed silently.
ALWAYS_REPORTED = (ParseError.code, TemplateError.code, *(rule.code for rule in PROBLEM_RULES.values()))
TOO_DEEP = "statement too deeply nested to analyse"
PARSE_STACK_BYTES = 64 * 1024 * 1024  # the parse runs in a thread with this stack (pglast recurses in C)


@dataclass(frozen=True)
class LintReport:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]  # the files asked about, as displayed


def lint_project(
    settings: Settings, lint_settings: LintSettings, paths: Sequence[Path] = (), *, use_cache: bool = True
) -> LintReport:
    """Lint `paths` (default: every file of sql/) with every enabled rule.

    Inside a project, what each file contributes is cached (schemactl.lint.cache) unless `use_cache`
    is false; the report is the same either way.
    """
    collecting = gc.isenabled()
    gc.disable()  # the parse trees and the model are large and hold no garbage cycles: ~15% of a cold run
    try:
        return _lint_project(settings, lint_settings, paths, use_cache)
    finally:
        if collecting:
            gc.enable()


def _lint_project(
    settings: Settings, lint_settings: LintSettings, paths: Sequence[Path], use_cache: bool
) -> LintReport:
    from schemactl.paths import shown, shown_resolved
    from schemactl.preflight import scan_sql_dir
    from schemactl.project import renderer_for

    sql_dir = settings.sql_dir.resolve()
    if not paths and not sql_dir.is_dir():
        raise DiscoveryError(
            f"migration directory not found: {shown(sql_dir)}",
            hint="create it, set sql_dir in [tool.schemactl], or name the files to lint",
        )
    scan = scan_sql_dir(sql_dir) if sql_dir.is_dir() else None
    sql_files = [_resolved_entry(p) for _, _, p in scan.files] if scan else []
    apply_set = sql_files + ([_resolved_entry(p) for p in scan.misnamed] if scan else [])
    file_problems: dict[Path, list[Finding]] = {}
    for problem in scan.problems if scan else ():
        file_problems.setdefault(problem.file.resolve(), []).append(
            _engine_finding(PROBLEM_RULES[problem.kind], display_path(problem.file.resolve()), 1, problem.message)
        )
    targets = _targets(paths, sql_dir, apply_set) if paths else list(apply_set)
    in_sql_dir = set(sql_files)  # a set: `p not in sql_files` made this quadratic in the number of files
    outside = [p for p in targets if p not in in_sql_dir]
    order = sql_files + outside
    asked = {str(p) for p in targets}
    rules = [rule() for rule in all_rules() if lint_settings.enabled(rule.code)]
    rules_for = RuleDispatch(rules)
    report_always = {c for c in ALWAYS_REPORTED if not lint_settings.ignored(c)}
    renderer: object | None = None
    model = SchemaModel()
    files: dict[str, LintFile] = {}
    spans: dict[str, _StatementSpans] = {}  # by display, like `files`
    findings: list[Finding] = []
    displays = [shown_resolved(path) for path in order]  # every path of `order` is resolved
    display_of = dict(zip(order, displays, strict=True))
    per_file: dict[int, list[Finding]] = {}  # the findings of each file asked about, by its index in `order`
    cache = open_cache(settings, lint_settings, rules) if use_cache else None
    plan = cache.plan(order, displays, [str(p) in asked for p in order]) if cache else None
    if plan is not None and plan.model is not None:
        model, files = plan.model, dict(plan.files)
        spans.update((display, _StatementSpans(lint_file)) for display, lint_file in files.items())
    for index, path in enumerate(order):
        display = displays[index]
        report_here = str(path) in asked
        cached = plan.findings.get(index) if plan is not None and report_here else None
        if plan is not None and index < plan.start:
            if cached is not None:
                per_file[index] = cached
                findings.extend(cached)
            continue
        if cache is not None and plan is not None and index in plan.checkpoints:
            cache.store_snapshot(plan.keys[index], model, files, {plan.keys[i + 1]: f for i, f in per_file.items()})
        if renderer is None and ((plan is not None and plan.start > 0) or not _has_template_files(settings)):
            # Building cannot fail: a snapshot was written by a run that built it, or there is no macro
            # library or data file to build from (loose files, a project without templates/).
            renderer = _LazyRenderer(settings)
        if renderer is None:
            try:
                renderer = renderer_for(settings)
            except SchemactlError as exc:
                findings.append(_engine_finding(TemplateError, display, exc.line or 1, exc.message, exc.file))
                break
        read = plan.contents[index] if plan is not None else None  # the bytes the cache key was made of
        lint_file, file_findings = load_file(path, display, settings, renderer, read)
        here: list[Finding] = []  # this file's findings (when it is asked about)
        if lint_file is None:
            here.extend(file_findings)
        else:
            files[display] = lint_file
            spans[display] = _StatementSpans(lint_file)
            check = report_here and cached is None
            here.extend(file_findings)
            for statement in lint_file.statements:
                context = StatementContext(statement, lint_file, model, lint_settings)
                if check:
                    checking = rules_for(statement.node)
                    here.extend(_suppressed(_check(checking, context, lint_file), spans[display]))
                try:
                    update_model(model, statement, lint_file, lint_settings)
                except (RecursionError, MemoryError):
                    here.append(ParseError().at(lint_file, statement.start, TOO_DEEP))
            end_of_file(model, display)
            if check:
                here.extend(_suppression_findings(lint_file, lint_settings))
        if report_here:
            per_file[index] = here if cached is None else cached
            findings.extend(per_file[index])
    if cache is not None:
        cache.finish()
    for path in targets:  # what the scan of sql/ found (names, versions): never cached, it is not one file's
        findings.extend(file_problems.get(path, []))
    asked_displays = {display_of[p] for p in targets}
    for rule in rules:
        if isinstance(rule, StateRule):
            findings.extend(_state_findings(rule, model, files, lint_settings, asked_displays, spans))
        try:
            finished = list(rule.finish(model, files, lint_settings))
        except (RecursionError, MemoryError):
            continue
        for finding in finished:
            if finding.file in asked_displays:
                findings.extend(_suppressed([finding], spans[finding.file]))
    # A file that cannot be parsed or rendered is never passed silently, whatever --select says.
    enabled = [f for f in findings if lint_settings.enabled(f.code) or f.code in report_always]
    return LintReport(tuple(sorted(set(enabled), key=lambda f: f.sort_key)), tuple(sorted(asked_displays)))


def _state_findings(
    rule: StateRule,
    model: SchemaModel,
    files: dict[str, LintFile],
    settings: LintSettings,
    asked: set[str],
    spans: dict[str, _StatementSpans],
) -> list[Finding]:
    """A state rule's findings on the final model, at the statements of the files asked about."""
    found: list[Finding] = []
    try:
        for state in rule.check_state(model, settings):
            place = state.place
            if place is None or place.file not in asked or place.file not in files:
                continue
            found.extend(_suppressed([rule.at(files[place.file], place.offset, state.message)], spans[place.file]))
    except (RecursionError, MemoryError):
        return found
    return found


def _resolved_entry(path: Path) -> Path:
    """An entry of the resolved migration directory, resolved: only a symbolic link can change."""
    return path.resolve() if path.is_symlink() else path


def _targets(paths: Sequence[Path], sql_dir: Path, apply_set: Sequence[Path]) -> list[Path]:
    """The files named, each once, in the order given. The migration directory stands for the files
    apply reads; another directory for the .sql files under it, skipping hidden directories and
    virtualenvs."""
    found: dict[Path, None] = {}
    for given in paths:
        path = given.resolve()
        if path == sql_dir and path.is_dir():
            found.update(dict.fromkeys(apply_set))
        elif path.is_dir():
            found.update(dict.fromkeys(sorted(_sql_files_under(path))))
        elif path.is_file():
            found[path] = None
        else:
            raise ConfigError(f"no such file: {given}", hint="name .sql files or directories of them")
    return list(found)


def _sql_files_under(directory: Path) -> Iterator[Path]:
    """.sql files (any case of the extension) below `directory`, not in hidden directories or virtualenvs."""
    import os

    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _is_virtualenv(Path(root, d))]
        for name in names:
            path = Path(root, name)
            if name.lower().endswith(".sql") and not is_editor_artefact(name) and path.is_file():
                yield path.resolve()


def _is_virtualenv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file() or path.name in ("node_modules", "__pycache__", "site-packages")


def display_path(path: Path) -> str:
    from schemactl.paths import shown

    return shown(path)


def _engine_finding(
    rule: type[Rule], display: str, line: int, message: str, file: str | None = None, *, column: int = 1
) -> Finding:
    shown = display_path(Path(file)) if file else display
    return Finding(rule.code, rule.name, rule.severity, message, shown, line, column)


def load_file(
    path: Path, display: str, settings: Settings, renderer: object, read: bytes | None = None
) -> tuple[LintFile | None, list[Finding]]:
    """Read, render and parse one file; problems become findings, never exceptions."""
    from schemactl.migrations import parse_directives
    from schemactl.render import SqlRenderer

    assert isinstance(renderer, SqlRenderer | _LazyRenderer)
    try:
        raw = path.read_bytes() if read is None else read
    except OSError as exc:
        return None, [_engine_finding(ParseError, display, 1, f"cannot read file: {exc.strerror}")]
    unreadable = bytes_problem(path, raw)
    if unreadable is not None:
        line, column, message = unreadable.line, unreadable.column, unreadable.message
        return None, [_engine_finding(ParseError, display, line, message, column=column)]
    source = raw.decode("utf-8")
    preliminary: list[Finding] = []
    bom = bom_problem(path, source)
    if bom is not None:
        preliminary.append(_engine_finding(ByteOrderMark, display, 1, bom.message))
        source = source.removeprefix(BOM)  # the rest of the file is still checked
    try:
        from schemactl.migrations import MIGRATION_FILENAME, MigrationFile
        from schemactl.project import migration_context

        match = MIGRATION_FILENAME.match(path.name)
        migration = MigrationFile(int(match["version"]), match["name"], path) if match else None
        context = migration_context(migration)
        rendered = renderer.render_string(source, path, context)
    except TemplateRenderError as exc:
        return None, [_engine_finding(TemplateError, display, exc.line or 1, exc.message, exc.file)]
    except RecursionError as exc:
        line = _template_line(exc, path)
        return None, [_engine_finding(TemplateError, display, line, "template error: macro recursion too deep")]
    except Exception as exc:  # the template's own code failed (e.g. a division by zero in an expression)
        line = _template_line(exc, path)
        return None, [_engine_finding(TemplateError, display, line, f"template error: {type(exc).__name__}: {exc}")]
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
        line_map=_line_map(renderer, source, path, context, rendered),
    )
    problem = _parse(lint_file)
    if problem is not None:
        return lint_file, [*preliminary, problem]
    return lint_file, preliminary + _statement_problems(lint_file)


def _has_template_files(settings: Settings) -> bool:
    """Whether templates/ holds a macro library or a data file (what building the renderer reads)."""
    from schemactl.render import DATA_FILE_GLOB, MACRO_LIBRARY_GLOB

    directory = settings.templates_dir
    if not directory.is_dir():
        return False
    return any(True for _ in directory.glob(MACRO_LIBRARY_GLOB)) or any(True for _ in directory.glob(DATA_FILE_GLOB))


class _LazyRenderer:
    """The project's renderer, built when a file first needs rendering (plain SQL does not: a warm
    pre-commit run over plain files never imports Jinja). Only where building it is known to succeed:
    a cache snapshot under the same key (templates/ and the render vars are part of it) proves it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._built: Any = None

    def _renderer(self) -> Any:
        if self._built is None:
            from schemactl.project import renderer_for

            self._built = renderer_for(self._settings)
        return self._built

    def render_string(self, source: str, path: Path, context: dict[str, object]) -> str:
        from schemactl.render import needs_rendering

        return self._renderer().render_string(source, path, context) if needs_rendering(source) else source

    def __getattr__(self, name: str) -> Any:  # `_env` (the marked render of _line_map) and the like: the built one's
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._renderer(), name)


def _statement_problems(lint_file: LintFile) -> list[Finding]:
    """What apply refuses in a file's statements, with apply's messages (see schemactl.preflight)."""
    from schemactl.preflight import transaction_control_problem
    from schemactl.sqltext import TRANSACTION_CONTROL

    if not lint_file.statements:
        message = no_statements_problem(lint_file.path).message
        return [_engine_finding(MigrationWithoutStatements, lint_file.display, 1, message)]
    if not lint_file.transactional:
        return []
    rule = TransactionControlInTransactionalFile()
    return [
        rule.at(lint_file, s.start, transaction_control_problem(lint_file.path, 1, 1, s.text).message)
        for s in lint_file.statements
        if TRANSACTION_CONTROL.match(s.text)
    ]


def _line_map(
    renderer: object, source: str, path: Path, context: dict[str, object], rendered: str
) -> list[tuple[int, bool]]:
    """Rendered line -> source line: from a marked render of the template, else by aligning the texts."""
    if source == rendered:
        return []
    environment = getattr(renderer, "_env", None)  # SqlRenderer's Jinja environment, for the marked render
    code_cache = getattr(renderer, "code_cache", None)
    marked = (
        template_line_map(environment, source, path, context, rendered, code_cache) if environment is not None else None
    )
    return marked or build_line_map(source, rendered)


def _template_line(exc: BaseException, path: Path) -> int:
    """The line of `path` where the template code that raised `exc` is (Jinja puts it in the traceback)."""
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == str(path):
            return traceback.tb_lineno
        traceback = traceback.tb_next
    return 1


def _parse(lint_file: LintFile) -> Finding | None:
    from pglast.parser import ParseError as PglastParseError

    text = lint_file.rendered
    try:
        raw_statements = _raw_parse(text)
    except PglastParseError as exc:
        lint_file.statements = []
        message = str(exc.args[0]) if exc.args else "syntax error"
        location = exc.args[1] if len(exc.args) > 1 else None
        if message in _DEPTH_ERRORS or message.startswith(_DEPTH_ERRORS):
            return ParseError().at(lint_file, _deep_statement(text), TOO_DEEP)
        offset = int(location) if isinstance(location, int) else 0
        if message.startswith("memory exhausted"):  # bison's stack: too many nested parentheses or subqueries
            where = message.removeprefix("memory exhausted").strip()
            return ParseError().at(lint_file, offset, f"statement too deeply nested to parse ({where})")
        return ParseError().at(lint_file, offset, f"syntax error: {message}")
    except (RecursionError, MemoryError):
        lint_file.statements = []
        return ParseError().at(lint_file, 0, TOO_DEEP)
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


_DEPTH_ERRORS = ("stack depth limit exceeded", "parse tree is nested too deeply")


def _raw_parse(text: str) -> Any:
    """pglast's RawStmts of `text`, refusing a tree so deep that building it would overflow the C stack.

    pglast turns the parse tree into Python objects recursively in C, with no depth check: a long chain
    of operators (`1 + 1 + ... + 1`, 50,000 terms) crashes the process. libpg_query's JSON output
    checks the depth, so it goes first and raises "stack depth limit exceeded" instead; a text shorter
    than `_SHALLOW_CHARS` cannot nest that deep (each level of the JSON takes at least one character),
    so it is parsed once. A text short enough for the calling thread's stack (see `_main_thread_chars`)
    is parsed there; a longer one in a thread with a known, large stack (one, reused), so the result
    does not depend on `ulimit -s`. Handing every file to that thread cost about 0.2 ms a file.
    """
    from pglast import parse_sql, parser

    from schemactl.lint import json_ast

    def work() -> Any:
        try:
            return json_ast.parse_sql(text)  # the same tree, built faster (see json_ast)
        except json_ast.Unconvertible:
            pass
        if len(text) >= _SHALLOW_CHARS:
            parser.parse_sql_json(text)
        return parse_sql(text)

    if len(text) < _main_thread_chars():
        return work()
    executor = _parse_thread()
    if executor is None:  # no settable stack size here: parse in this thread
        return work()
    return executor.submit(work).result()


_STACK_PER_LEVEL = 512  # bytes of C stack pglast's conversion takes per level of the tree (measured: ~350)
_STACK_RESERVE = 2 * 1024 * 1024  # what the interpreter and the parser's own frames may already use
_DEFAULT_STACK = 8 * 1024 * 1024  # the main thread's stack when `ulimit -s` is unlimited


def _main_thread_chars() -> int:
    """Texts shorter than this are parsed in the calling thread: a tree cannot be deeper than the
    text is long, so its conversion fits the stack `ulimit -s` gives the main thread. 0 elsewhere
    (another thread, or no stack limit to read): every text goes to the parse thread."""
    if threading.current_thread() is not threading.main_thread():
        return 0
    return _chars_for_main_stack()


@lru_cache(maxsize=1)
def _chars_for_main_stack() -> int:
    try:
        import resource
    except ImportError:
        return 0
    soft, _hard = resource.getrlimit(resource.RLIMIT_STACK)
    stack = _DEFAULT_STACK if soft == resource.RLIM_INFINITY else soft
    return max(0, (stack - _STACK_RESERVE) // _STACK_PER_LEVEL)


_SHALLOW_CHARS = 16_000  # libpg_query's JSON refuses ~32,000 levels; a level takes at least one character
_PARSER: list[Any] = []  # the parse thread's executor, once made (None: parse in the calling thread)


def _parse_thread() -> Any:
    """A one-thread executor whose thread has PARSE_STACK_BYTES of stack (None where that cannot be set)."""
    if _PARSER:
        return _PARSER[0]
    from concurrent.futures import ThreadPoolExecutor

    try:
        previous = threading.stack_size(PARSE_STACK_BYTES)
    except (ValueError, RuntimeError):
        _PARSER.append(None)
        return None
    try:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="schemactl-lint-parse")
        executor.submit(lambda: None).result()  # the thread starts now, with the stack size set
    finally:
        threading.stack_size(previous)
    _PARSER.append(executor)
    return executor


def _deep_statement(text: str) -> int:
    """Offset of the first statement of `text` that is too deeply nested (0 if it cannot be told)."""
    from pglast import parser

    try:
        slices = parser.split(text, with_parser=False, only_slices=True)
    except parser.ParseError:
        return 0
    for piece in slices:
        try:
            parser.parse_sql_json(text[piece])
        except parser.ParseError as exc:
            if exc.args and str(exc.args[0]).startswith(_DEPTH_ERRORS):
                return int(piece.start)
    return 0


class RuleDispatch:
    """The rules whose `check` sees a statement: those declaring its node type (Rule.node_types) or none.

    Built per node type on first sight, in the rules' order; an isinstance test, so a subclass of a
    declared type is dispatched as it. Most statements interest a handful of the rules: calling only
    those took a cold lint of 1,000 files from ~1 s of rule calls to a few hundred ms.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = rules
        self._by_type: dict[type, list[Rule]] = {}

    def __call__(self, node: object) -> list[Rule]:
        kind = type(node)
        found = self._by_type.get(kind)
        if found is None:
            found = self._by_type[kind] = [rule for rule in self._rules if _inspects(rule, kind)]
        return found


def _inspects(rule: Rule, kind: type) -> bool:
    from pglast import ast

    if type(rule).check is Rule.check:
        return False  # it only has `finish` (or state checks)
    if rule.node_types is None:
        return True
    return any(
        isinstance(getattr(ast, name, None), type) and issubclass(kind, getattr(ast, name)) for name in rule.node_types
    )


def _check(rules: Iterable[Rule], context: StatementContext, lint_file: LintFile) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        try:
            found.extend(rule.check(context))
        except (RecursionError, MemoryError):
            found.append(ParseError().at(lint_file, context.statement.start, TOO_DEEP))
    return found


def _suppressed(findings: Iterable[Finding], spans: _StatementSpans) -> list[Finding]:
    return [finding for finding in findings if finding.code not in spans.suppressed_at(finding.line)]


class _StatementSpans:
    """The codes suppressed on each source line: those of every statement whose lines include it.

    Built once per file, on the first finding, from the statements that carry a suppression. A
    statement's lines run from its first to its last token, so a suppression covers its statement
    and no other; every statement a macro call produces sits on the call's line, so a suppression
    in front of the call covers them all.
    """

    def __init__(self, lint_file: LintFile) -> None:
        self._file = lint_file
        self._codes: dict[int, set[str]] | None = None

    def suppressed_at(self, line: int) -> set[str]:
        if self._codes is None:
            self._codes = {}
            location = self._file.location
            for statement in self._file.statements:
                codes = {code for suppression in statement.suppressions for code in suppression.codes}
                if not codes:
                    continue
                first = location(statement.start)[0]
                last = location(max(statement.end - 1, statement.start))[0]
                for number in range(first, last + 1):
                    self._codes.setdefault(number, set()).update(codes)
        return self._codes.get(line, set())


def _suppression_findings(lint_file: LintFile, settings: LintSettings) -> list[Finding]:
    found = []
    for statement in lint_file.statements:
        for suppression in statement.suppressions:
            if not suppression.codes:
                found.append(UnknownSuppression().at(lint_file, suppression.offset, "suppression names no rule code"))
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
