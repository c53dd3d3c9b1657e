"""Every rule's good and bad cases (see tests/lint/cases.py for the format)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.cases import CASES_DIR, all_cases, expected_lines, lint_case


@pytest.mark.parametrize(("code", "case"), all_cases("bad"))
def test_bad_case_reports_exactly_the_marked_lines(tmp_path: Path, code: str, case: str) -> None:
    expected = expected_lines(CASES_DIR / code / case, code)
    assert expected, f"cases/{code}/{case} marks no line with -- expect: {code}"
    findings = lint_case(tmp_path, code, case)
    assert sorted(f.line for f in findings) == sorted(expected), [f"{f.line}:{f.column} {f.message}" for f in findings]


@pytest.mark.parametrize(("code", "case"), all_cases("good"))
def test_good_case_reports_nothing(tmp_path: Path, code: str, case: str) -> None:
    findings = lint_case(tmp_path, code, case)
    assert findings == [], [f"{f.line}:{f.column} {f.message}" for f in findings]
