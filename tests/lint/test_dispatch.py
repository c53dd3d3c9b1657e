"""The engine calls a rule's `check` only for the statement types it declares (Rule.node_types).

Audited here: every statement of a broad corpus (every rule case, this project's sql/, a file of
assorted and exotic statement kinds, in transactional and no-transaction files) is also given to every rule
that does not declare its type, and that rule must report nothing on it. The reports with the
dispatch are thereby the reports without it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from schemactl.config import load_settings
from schemactl.lint import engine
from schemactl.lint.engine import RuleDispatch, lint_project
from schemactl.lint.findings import Finding
from schemactl.lint.registry import all_rules
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.settings import LintSettings, read_extension_allowlist
from schemactl.lint.source import LintFile
from tests.lint.cases import CASES_DIR, PROJECT_ROOT

CORPUS = Path(__file__).parent / "corpus"


@dataclass
class Undeclared:
    """What the audit found: rules that reported on a statement type they do not declare."""

    calls: int = 0
    findings: list[tuple[str, str, str]] = field(default_factory=list)


def corpus_files() -> Iterator[tuple[str, list[Path]]]:
    """(label, files of one project in order): each rule case after its context, and the whole corpora."""
    for case_dir in sorted(p for p in CASES_DIR.iterdir() if p.is_dir()):
        context = case_dir / "context.sql"
        for case in sorted(case_dir.glob("*.sql")):
            if case.name != "context.sql":
                yield f"{case_dir.name}/{case.name}", [*([context] if context.is_file() else []), case]
    yield "sql/", sorted((PROJECT_ROOT / "sql").glob("*.sql"))
    yield "assorted", [CORPUS / "assorted.sql"]
    yield "exotic", [CORPUS / "exotic.sql"]


PROJECTS = list(corpus_files())


def audited_lint(
    tmp_path: Path, files: list[Path], no_transaction: bool, monkeypatch: pytest.MonkeyPatch, *, must_parse: bool
) -> Undeclared:
    project = tmp_path / "project"
    (project / "sql").mkdir(parents=True)
    shutil.copytree(PROJECT_ROOT / "templates", project / "templates")
    (project / "docs").mkdir()
    shutil.copy(PROJECT_ROOT / "docs" / "EXTENSION_ALLOWLIST.md", project / "docs" / "EXTENSION_ALLOWLIST.md")
    for number, source in enumerate(files, start=1):
        text = source.read_text(encoding="utf-8")
        header = "-- schemactl: no-transaction\n" if no_transaction else ""
        (project / "sql" / f"{number:04d}_{source.stem}.sql").write_text(header + text, encoding="utf-8")

    audit = Undeclared()
    pending: list[list[Rule]] = []
    original_check = engine._check

    class AuditingDispatch(RuleDispatch):
        def __call__(self, node: object) -> list[Rule]:
            declared = super().__call__(node)
            pending.append([r for r in self._rules if type(r).check is not Rule.check and r not in declared])
            return declared

    def auditing_check(rules: list[Rule], context: StatementContext, lint_file: LintFile) -> list[Finding]:
        found = original_check(rules, context, lint_file)
        for rule in pending.pop():
            audit.calls += 1
            for finding in rule.check(context):
                audit.findings.append((rule.code, type(context.node).__name__, finding.message))
        return found

    monkeypatch.setattr(engine, "RuleDispatch", AuditingDispatch)
    monkeypatch.setattr(engine, "_check", auditing_check)
    settings = load_settings(project)
    lint_settings = replace(
        LintSettings(), allowed_extensions=read_extension_allowlist(project / "docs" / "EXTENSION_ALLOWLIST.md")
    )
    report = lint_project(settings, lint_settings, use_cache=False)
    if must_parse:  # every statement of the corpus reached the rules (some cases are unparsable on purpose)
        unparsed = [f for f in report.findings if f.code in ("SC001", "SC002")]
        assert unparsed == [], unparsed
    return audit


@pytest.mark.parametrize("no_transaction", [False, True], ids=["transactional", "no-transaction"])
@pytest.mark.parametrize(("label", "files"), PROJECTS, ids=[label for label, _ in PROJECTS])
def test_no_rule_reports_on_a_statement_type_it_does_not_declare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str, files: list[Path], no_transaction: bool
) -> None:
    audit = audited_lint(
        tmp_path, files, no_transaction, monkeypatch, must_parse=label in ("sql/", "assorted", "exotic")
    )

    assert audit.findings == []


def test_the_audit_sees_undeclared_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit is not vacuous: the assorted corpus gives many rules statements they do not declare."""
    audit = audited_lint(tmp_path, [CORPUS / "assorted.sql"], False, monkeypatch, must_parse=True)

    assert audit.calls > 500


def test_every_declared_type_is_a_pglast_statement_node() -> None:
    from pglast import ast

    for rule in all_rules():
        for name in rule.node_types or ():
            assert isinstance(getattr(ast, name, None), type), f"{rule.code}: no pglast.ast.{name}"
