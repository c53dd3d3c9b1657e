"""Every registered rule: its code, name, module, documentation, test cases, CLI help and style guide."""

from __future__ import annotations

import inspect
import re
import shutil
from pathlib import Path

import pytest

from schemactl.lint.findings import Severity
from schemactl.lint.registry import all_rules
from schemactl.lint.rule import Rule
from schemactl.lint.style_guide import render_style_guide
from tests.lint.helpers import describe, invoke

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).parent / "cases"
STYLE_GUIDE = PROJECT_ROOT / "docs" / "SCHEMA_STYLE_GUIDE.md"
ENGINE_CODES = {"SC001", "SC002", "SC003", "SC004"}  # files that cannot be checked, and suppressions
SECTIONS = ("What it does", "Why is this bad?", "Example", "Fix")
RULES = all_rules()


def rule_id(rule: type[Rule]) -> str:
    return f"{rule.code}-{rule.name}"


def test_rules_are_registered() -> None:
    assert len(RULES) >= len(ENGINE_CODES)
    assert {rule.code for rule in RULES} >= ENGINE_CODES


def test_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    assert [code for code in codes if not re.fullmatch(r"SC\d{3}", code)] == []


def test_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert sorted(name for name in names if names.count(name) > 1) == []


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_name_module_and_class(rule: type[Rule]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name), f"{rule.name} is not kebab-case"
    module_file = Path(inspect.getfile(rule))
    assert module_file.parent.name == "rules"
    assert module_file.stem == rule.name.replace("-", "_"), f"{rule.code}: module {module_file.name}"
    assert rule.__name__ == "".join(part.capitalize() for part in rule.name.split("-")), rule.__name__
    assert isinstance(rule.severity, Severity)


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_documentation_has_the_four_sections_in_order(rule: type[Rule]) -> None:
    lines = rule.documentation().splitlines()
    headings = [line for line in lines if line in SECTIONS]
    assert headings == list(SECTIONS), f"{rule.code}: sections {headings}"
    assert lines[0] == SECTIONS[0], f"{rule.code}: the docstring must open with {SECTIONS[0]!r}"
    bounds = [lines.index(title) for title in SECTIONS] + [len(lines)]
    for title, start, end in zip(SECTIONS, bounds, bounds[1:], strict=False):
        body = "\n".join(lines[start + 1 : end]).strip()
        assert body, f"{rule.code}: section {title!r} is empty"
    example = "\n".join(lines[bounds[2] + 1 : bounds[3]])
    assert re.search(r"^```sql\n.+?\n```$", example, re.MULTILINE | re.DOTALL), f"{rule.code}: Example has no ```sql"
    assert example.count("```") % 2 == 0, f"{rule.code}: an unclosed code block in Example"


@pytest.mark.parametrize("rule", [r for r in RULES if r.code not in ENGINE_CODES], ids=rule_id)
def test_rule_has_good_and_bad_cases(rule: type[Rule]) -> None:
    for case in ("bad.sql", "good.sql"):
        assert (CASES_DIR / rule.code / case).is_file(), f"tests/lint/cases/{rule.code}/{case} is missing"


def test_every_case_directory_belongs_to_a_rule() -> None:
    codes = {rule.code for rule in RULES}
    assert sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir() and p.name not in codes) == []


# --- schemactl rules -----------------------------------------------------------------------------------


def test_rules_lists_every_code() -> None:
    from schemactl.verify.registry import every_rule, runs_on

    result = invoke("rules")
    assert result.exit_code == 0, describe(result)
    listed = [line.split() for line in result.stdout.splitlines()]
    assert listed == [[rule.code, rule.name, rule.severity.value, runs_on(rule).value] for rule in every_rule()]
    assert {rule.code for rule in RULES} <= {rule.code for rule in every_rule()}


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_rules_code_prints_the_documentation(rule: type[Rule]) -> None:
    result = invoke("rules", rule.code.lower())
    assert result.exit_code == 0, describe(result)
    assert result.stdout == f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.documentation()}\n"


def test_rules_of_an_unknown_code_is_a_usage_error() -> None:
    result = invoke("rules", "SC999")
    assert result.exit_code == 2, describe(result)
    assert result.stderr.startswith("error: no rule 'SC999'")


# --- docs/SCHEMA_STYLE_GUIDE.md ------------------------------------------------------------------------


def test_the_committed_style_guide_is_current() -> None:
    from schemactl.verify.registry import style_guide

    expected = style_guide()
    current = STYLE_GUIDE.read_text(encoding="utf-8") if STYLE_GUIDE.is_file() else ""
    assert current == expected, (
        "docs/SCHEMA_STYLE_GUIDE.md is stale: run `schemactl style-guide` (.venv/bin/schemactl style-guide) "
        "and commit the result"
    )


def test_the_style_guide_documents_every_rule() -> None:
    guide = render_style_guide(RULES)
    for rule in RULES:
        assert f"### {rule.code} {rule.name}\n" in guide
        assert f"(#{rule.code.lower()}-{rule.name})" in guide
        assert rule.documentation().splitlines()[1] in guide


def test_style_guide_check_fails_when_stale(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "pyproject.toml", project / "pyproject.toml")
    guide = project / "docs" / "SCHEMA_STYLE_GUIDE.md"
    from schemactl.verify.registry import style_guide

    guide.write_text(style_guide().replace("Severity: error.", "Severity: whatever."), encoding="utf-8")

    stale = invoke("-C", str(project), "style-guide", "--check")
    assert stale.exit_code == 1, describe(stale)
    assert "is out of date: run schemactl style-guide" in stale.stdout

    written = invoke("-C", str(project), "style-guide")
    assert written.exit_code == 0, describe(written)
    assert guide.read_text(encoding="utf-8") == style_guide()

    current = invoke("-C", str(project), "style-guide", "--check")
    assert current.exit_code == 0, describe(current)
    assert "is up to date" in current.stdout

    guide.unlink()
    missing = invoke("-C", str(project), "style-guide", "--check")
    assert missing.exit_code == 1, describe(missing)
