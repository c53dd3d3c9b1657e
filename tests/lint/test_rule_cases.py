"""Every rule's good and bad cases (see tests/lint/cases.py for the format)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.cases import CASES_DIR, case_codes, expected_lines, lint_case


@pytest.mark.parametrize("code", case_codes())
def test_bad_case_reports_exactly_the_marked_lines(tmp_path: Path, code: str) -> None:
    expected = expected_lines(CASES_DIR / code / "bad.sql", code)
    assert expected, f"cases/{code}/bad.sql marks no line with -- expect: {code}"
    findings = lint_case(tmp_path, code, "bad.sql")
    assert sorted(f.line for f in findings) == sorted(expected), [f"{f.line}:{f.column} {f.message}" for f in findings]


@pytest.mark.parametrize("code", case_codes())
def test_good_case_reports_nothing(tmp_path: Path, code: str) -> None:
    findings = lint_case(tmp_path, code, "good.sql")
    assert findings == [], [f"{f.line}:{f.column} {f.message}" for f in findings]
