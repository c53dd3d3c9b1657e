"""`[tool.schemactl.lint]`: rule selection and the project's conventions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from schemactl.errors import ConfigError
from schemactl.lint.findings import Severity


@dataclass(frozen=True)
class LintSettings:
    select: tuple[str, ...] = ()  # code prefixes; empty means every rule
    ignore: tuple[str, ...] = ()
    tenant_column: str = "tenant_id"
    tenants_table: str = "tenants"
    global_marker: str = "global"
    append_only_marker: str = "append-only"
    extension_allowlist: str = "docs/EXTENSION_ALLOWLIST.md"
    app_roles: tuple[str, ...] = ("app_rw", "app_ro", "app_admin")
    fail_on: Severity = Severity.WARNING
    allowed_extensions: frozenset[str] = field(default_factory=frozenset)

    def enabled(self, code: str) -> bool:
        selected = not self.select or any(code.startswith(prefix) for prefix in self.select)
        return selected and not self.ignored(code)

    def ignored(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.ignore)


SELECTOR = re.compile(r"^SC\d{0,3}$")  # a rule code (SC701) or a prefix of codes (SC7, SC)
KEYS = (
    "select",
    "ignore",
    "fail_on",
    "tenant_column",
    "tenants_table",
    "global_marker",
    "append_only_marker",
    "app_roles",
    "extension_allowlist",
    "allowed_extensions",
)


def selectors(values: list[str], where: str) -> tuple[str, ...]:
    """Rule codes or code prefixes, upper-cased; anything else is a configuration error."""
    from schemactl.lint.registry import all_rules

    normalised = tuple(value.strip().upper() for value in values)
    codes = [rule.code for rule in all_rules()]
    for value in normalised:
        if not SELECTOR.match(value):
            raise ConfigError(
                f"{where}: {value!r} is not a rule code or prefix",
                hint="use codes such as SC701 or prefixes such as SC7; schemactl rules lists them",
            )
        if not any(code.startswith(value) for code in codes):
            what = f"no rule {value!r}" if len(value) == len("SC000") else f"{value!r} matches no rule"
            raise ConfigError(
                f"{where}: {what}",
                hint="schemactl rules lists the rules",
            )
    return normalised


def load_lint_settings(project_dir: Path) -> LintSettings:
    """`[tool.schemactl.lint]` of the project's pyproject.toml, and the extension allow-list it names."""
    from schemactl.config import read_tool_table

    table = read_tool_table(project_dir / "pyproject.toml").get("lint", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.schemactl.lint] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"[tool.schemactl.lint] has unknown key(s): {', '.join(unknown)}",
            file=project_dir / "pyproject.toml",
            hint=f"known keys: {', '.join(KEYS)}",
        )
    values: dict[str, object] = {}
    for key in ("select", "ignore"):
        if key in table:
            values[key] = selectors(_string_list(table, key), f"[tool.schemactl.lint] {key}")
    if "app_roles" in table:
        values["app_roles"] = tuple(_string_list(table, "app_roles"))
    for key in ("tenant_column", "tenants_table", "global_marker", "append_only_marker", "extension_allowlist"):
        if key in table:
            values[key] = _string(table, key)
    if "fail_on" in table:
        values["fail_on"] = _severity(_string(table, "fail_on"))
    settings = LintSettings(**values)  # type: ignore[arg-type]
    allowed = (
        frozenset(_string_list(table, "allowed_extensions"))
        if "allowed_extensions" in table
        else read_extension_allowlist(project_dir / settings.extension_allowlist)
    )
    return replace(settings, allowed_extensions=allowed)


def read_extension_allowlist(path: Path) -> frozenset[str]:
    """Extension names from the allow-list document: the backticked name opening each table row."""
    if not path.is_file():
        return frozenset()
    names = re.findall(r"^\|\s*`([A-Za-z0-9_\-]+)`\s*\|", path.read_text(encoding="utf-8"), re.MULTILINE)
    return frozenset(names)


def _string(table: dict[str, object], key: str) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise ConfigError(f"[tool.schemactl.lint] {key} must be a string")
    return value


def _string_list(table: dict[str, object], key: str) -> list[str]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.schemactl.lint] {key} must be a list of strings")
    return [str(v) for v in value]


def _severity(value: str) -> Severity:
    try:
        return Severity(value)
    except ValueError as exc:
        raise ConfigError(f"unknown severity {value!r}: use error, warning or info") from exc
