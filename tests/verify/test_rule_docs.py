"""Every live rule: code, name, module, documentation, a planted test, `schemactl rules` and the style guide."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from schemactl.lint.findings import Severity
from schemactl.lint.registry import all_rules
from schemactl.lint.rule import Rule
from schemactl.verify.registry import RunsOn, live_rules, runs_on, shared_rules, style_guide
from tests.cli.helpers import invoke

SECTIONS = ("What it does", "Why is this bad?", "Example", "Fix")
LIVE = live_rules()
TESTS = Path(__file__).parent


def rule_id(rule: type[Rule]) -> str:
    return f"{rule.code}-{rule.name}"


def test_live_codes_are_their_own_family() -> None:
    codes = [rule.code for rule in LIVE]
    assert codes == sorted(set(codes))
    assert all(re.fullmatch(r"SC9\d\d", code) for code in codes)
    assert not set(codes) & {rule.code for rule in all_rules()}
    assert len(codes) >= 11


@pytest.mark.parametrize("rule", LIVE, ids=rule_id)
def test_name_module_class_and_documentation(rule: type[Rule]) -> None:
    module_file = Path(inspect.getfile(rule))
    assert module_file.stem == rule.name.replace("-", "_")
    assert rule.__name__ == "".join(part.capitalize() for part in rule.name.split("-"))
    assert isinstance(rule.severity, Severity)
    lines = rule.documentation().splitlines()
    assert [line for line in lines if line in SECTIONS] == list(SECTIONS)
    assert lines[0] == SECTIONS[0]
    assert "```sql" in rule.documentation()


@pytest.mark.parametrize("rule", LIVE + shared_rules(), ids=rule_id)
def test_every_rule_verify_runs_has_a_planted_test(rule: type[Rule]) -> None:
    planted = (TESTS / "test_live_rules.py").read_text() + (TESTS / "test_shared_rules.py").read_text()
    assert f'"{rule.code}"' in planted, f"no test plants a {rule.code} finding"


@pytest.mark.parametrize("rule", LIVE, ids=rule_id)
def test_rules_code_prints_the_documentation(rule: type[Rule]) -> None:
    result = invoke("rules", rule.code)
    assert result.exit_code == 0
    assert result.stdout == f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.documentation()}\n"


def test_where_each_rule_runs() -> None:
    assert {runs_on(rule) for rule in LIVE} == {RunsOn.LIVE}
    assert {runs_on(rule) for rule in shared_rules()} == {RunsOn.BOTH}
    assert runs_on(next(rule for rule in all_rules() if rule.code == "SC701")) is RunsOn.FILES
    guide = style_guide()
    for live in LIVE:
        assert f"### {live.code} {live.name}\n\nSeverity: {live.severity.value}. Runs on live databases" in guide
    for shared in shared_rules():
        assert (
            f"### {shared.code} {shared.name}\n\nSeverity: {shared.severity.value}. Runs on files (`schemactl lint`) "
            "and" in guide
        )
