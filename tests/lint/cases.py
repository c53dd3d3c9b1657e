"""Table-driven rule cases: tests/lint/cases/<CODE>/{bad.sql, good.sql, context.sql}.

- context.sql (optional) is an earlier migration of a throwaway project: tables it creates
  "already exist" when bad.sql and good.sql are linted (as files after the last migration).
- bad.sql marks every line where the rule must report with a trailing `-- expect: <CODE>`;
  the rule must report on exactly those lines (once per marker) and nowhere else.
- good.sql must give no finding of the rule.
- More cases may sit beside them: bad_<what>.sql and good_<what>.sql. One whose name contains
  "alone" is linted without context.sql (a file linted on its own, with no earlier migrations).
Only the rule under test is selected. The project's templates/ are available to every case.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from schemactl.config import load_settings
from schemactl.lint.engine import lint_project
from schemactl.lint.findings import Finding
from schemactl.lint.settings import LintSettings, read_extension_allowlist

CASES_DIR = Path(__file__).parent / "cases"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXPECT = re.compile(r"--\s*expect:\s*(?P<codes>SC\d{3}(?:[\s,]+SC\d{3})*)")


def case_codes() -> list[str]:
    return sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


def case_files(code: str, kind: str) -> list[str]:
    """bad.sql / good.sql and the extra bad_*.sql / good_*.sql of one rule."""
    return sorted(p.name for p in (CASES_DIR / code).glob(f"{kind}*.sql"))


def all_cases(kind: str) -> list[tuple[str, str]]:
    return [(code, name) for code in case_codes() for name in case_files(code, kind)]


def expected_lines(path: Path, code: str) -> list[int]:
    """Line numbers of `-- expect: CODE` markers, one entry per marker (repeated for several)."""
    lines: list[int] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            lines.extend(number for c in re.split(r"[\s,]+", match["codes"]) if c == code)
    return lines


def lint_case(tmp_path: Path, code: str, case_file: str) -> list[Finding]:
    """Lint cases/<code>/<case_file> in a throwaway project whose sql/ holds context.sql."""
    case_dir = CASES_DIR / code
    project = tmp_path / "project"
    (project / "sql").mkdir(parents=True)
    shutil.copytree(PROJECT_ROOT / "templates", project / "templates")
    (project / "docs").mkdir()
    shutil.copy(PROJECT_ROOT / "docs" / "EXTENSION_ALLOWLIST.md", project / "docs" / "EXTENSION_ALLOWLIST.md")
    context = case_dir / "context.sql"
    if context.is_file() and "alone" not in case_file:
        shutil.copy(context, project / "sql" / "0001_context.sql")
    target = project / case_file
    shutil.copy(case_dir / case_file, target)
    settings = load_settings(project)
    lint_settings = replace(
        LintSettings(select=(code, "SC00")),
        allowed_extensions=read_extension_allowlist(project / "docs" / "EXTENSION_ALLOWLIST.md"),
    )
    report = lint_project(settings, lint_settings, [target])
    engine = [f for f in report.findings if f.code.startswith("SC00") and f.code != code]
    assert engine == [], f"cases/{code}/{case_file} does not parse or render: {engine}"
    return [f for f in report.findings if f.code == code]
