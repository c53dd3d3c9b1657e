"""The project's own migrations follow its own style guide: CI fails when they do not."""

from __future__ import annotations

from pathlib import Path

from schemactl.config import load_settings
from schemactl.lint.engine import lint_project
from schemactl.lint.settings import load_lint_settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# SC407 (function-search-path-not-pinned) judges each function's final definition. The applied file
# 0001 defines app_current_tenant_id() without a pinned search_path; a later migration pins it with
# ALTER FUNCTION ... SET search_path, and the finding goes away without editing 0001. Until that
# migration is in sql/, this one finding is tolerated, and only this one.
PENDING = {("SC407", "sql/0001_baseline.sql", "app_current_tenant_id()")}


def test_project_sql_lints_clean() -> None:
    report = lint_project(load_settings(PROJECT_ROOT), load_lint_settings(PROJECT_ROOT))
    assert len(report.files) >= 3
    unexpected = [
        f"{f.file}:{f.line}:{f.column} {f.code} {f.message}"
        for f in report.findings
        if not any(f.code == code and f.file == file and name in f.message for code, file, name in PENDING)
    ]
    assert unexpected == []
