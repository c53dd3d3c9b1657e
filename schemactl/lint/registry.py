"""Every rule: one module per rule in schemactl/lint/rules/, discovered, unique codes, sorted by code."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from schemactl.lint.rule import Rule


@cache
def all_rules() -> tuple[type[Rule], ...]:
    from schemactl.lint import rules as package

    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value is not Rule
                and value.__module__ == module.__name__
            ):
                if value.code in found:
                    raise RuntimeError(f"rule code {value.code} is used twice: {found[value.code]} and {value}")
                found[value.code] = value
    return tuple(found[code] for code in sorted(found))


def rule_by_code(code: str) -> type[Rule] | None:
    return next((rule for rule in all_rules() if rule.code == code.upper()), None)
