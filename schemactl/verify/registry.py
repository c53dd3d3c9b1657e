"""The live rules (one module each in verify/rules/), the lint rules verify also runs over a live
database, and where every rule runs: on files (lint), on a live database (verify), or both."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from enum import StrEnum
from functools import cache

from schemactl.lint.rule import Rule
from schemactl.verify.rule import LiveRule

# Lint rules that judge the model at the end through `finish` rather than as state rules, which
# verify also runs on the model read from the live catalog (see verify/shared.py).
SHARED_FINISH_CODES = ("SC301",)


class RunsOn(StrEnum):
    FILES = "files"
    LIVE = "live"
    BOTH = "both"


@cache
def live_rules() -> tuple[type[LiveRule], ...]:
    from schemactl.verify import rules as package

    found: dict[str, type[LiveRule]] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, LiveRule)
                and value is not LiveRule
                and value.__module__ == module.__name__
            ):
                if value.code in found:
                    raise RuntimeError(f"rule code {value.code} is used twice: {found[value.code]} and {value}")
                found[value.code] = value
    return tuple(found[code] for code in sorted(found))


def shared_rules() -> tuple[type[Rule], ...]:
    """The lint rules verify runs: every state rule that judges live databases, and SHARED_FINISH_CODES."""
    from schemactl.lint.registry import rule_by_code
    from schemactl.lint.state import Judges, state_rules

    live = [rule for rule in state_rules() if rule.judges in (Judges.LIVE, Judges.BOTH)]
    finish = [rule for code in SHARED_FINISH_CODES if (rule := rule_by_code(code)) is not None]
    return tuple(sorted({*live, *finish}, key=lambda rule: rule.code))


def verify_rules() -> tuple[type[Rule], ...]:
    """Every rule `schemactl verify` runs, by code."""
    return tuple(sorted((*shared_rules(), *live_rules()), key=lambda rule: rule.code))


def every_rule() -> tuple[type[Rule], ...]:
    """Lint's rules and the live ones, by code: what `schemactl rules` lists."""
    from schemactl.lint.registry import all_rules

    return tuple(sorted((*all_rules(), *live_rules()), key=lambda rule: rule.code))


def runs_on(rule: type[Rule]) -> RunsOn:
    from schemactl.lint.state import StateRule

    if issubclass(rule, LiveRule):
        return RunsOn.LIVE
    if issubclass(rule, StateRule):
        return RunsOn(rule.judges.value)
    return RunsOn.BOTH if rule.code in SHARED_FINISH_CODES else RunsOn.FILES


def where_rules_run(rules: Sequence[type[Rule]]) -> dict[str, str]:
    return {rule.code: runs_on(rule).value for rule in rules}


def any_rule_by_code(code: str) -> type[Rule] | None:
    return next((rule for rule in every_rule() if rule.code == code.upper()), None)


def style_guide() -> str:
    """docs/SCHEMA_STYLE_GUIDE.md: every rule, lint's and the live ones, with where each runs."""
    from schemactl.lint.style_guide import render_style_guide

    rules = every_rule()
    return render_style_guide(rules, where_rules_run(rules))
