"""The project's own migrations follow its own style guide: CI fails when they do not."""

from __future__ import annotations

from pathlib import Path

from schemactl.config import load_settings
from schemactl.lint.engine import lint_project
from schemactl.lint.settings import load_lint_settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_project_sql_lints_clean() -> None:
    report = lint_project(load_settings(PROJECT_ROOT), load_lint_settings(PROJECT_ROOT))
    assert len(report.files) >= 3
    assert [f"{f.file}:{f.line}:{f.column} {f.code} {f.message}" for f in report.findings] == []
