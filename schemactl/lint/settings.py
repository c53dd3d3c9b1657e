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
    admin_roles: tuple[str, ...] = ("app_admin",)  # a permissive policy scoped TO these may see every tenant
    tenant_setting: str = "app.current_tenant_id"  # the setting that carries the session's tenant
    tenant_functions: tuple[str, ...] = ()  # functions returning the session's tenant (besides those inferred)
    # Append-only tables: "name" (no UPDATE at all) or "name(col, ...)" (UPDATE of those columns only).
    append_only_tables: tuple[str, ...] = (
        "attribution_events",
        "revenue_ledger(is_verified, verified_at, reconciliation_run_id)",
    )
    fail_on: Severity = Severity.WARNING
    allowed_extensions: frozenset[str] = field(default_factory=frozenset)

    def enabled(self, code: str) -> bool:
        selected = not self.select or any(code.startswith(prefix) for prefix in self.select)
        return selected and not self.ignored(code)

    def ignored(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.ignore)

    def append_only(self) -> dict[str, frozenset[str]]:
        """Configured append-only tables: name -> the columns app roles may still UPDATE."""
        found: dict[str, frozenset[str]] = {}
        for entry in self.append_only_tables:
            match = _APPEND_ONLY.match(entry)
            if match:
                columns = match["columns"] or ""
                found[match["name"].lower()] = frozenset(c.strip().lower() for c in columns.split(",") if c.strip())
        return found


_APPEND_ONLY = re.compile(r"^\s*(?P<name>[A-Za-z_][\w.$]*)\s*(?:\((?P<columns>[^)]*)\))?\s*$")


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
    "admin_roles",
    "tenant_setting",
    "tenant_functions",
    "append_only_tables",
    "extension_allowlist",
    "allowed_extensions",
)


def selectors(values: list[str], where: str) -> tuple[str, ...]:
    """Rule codes or code prefixes, upper-cased; anything else is a configuration error."""
    from schemactl.verify.registry import every_rule

    normalised = tuple(value.strip().upper() for value in values)
    codes = [rule.code for rule in every_rule()]  # lint's and verify's: the same settings select both
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
    for key in ("app_roles", "admin_roles", "tenant_functions"):
        if key in table:
            values[key] = tuple(_string_list(table, key))
    if "append_only_tables" in table:
        entries = _string_list(table, "append_only_tables")
        bad = [e for e in entries if not _APPEND_ONLY.match(e)]
        if bad:
            raise ConfigError(
                f"[tool.schemactl.lint] append_only_tables: {bad[0]!r} is not a table name or name(col, ...)"
            )
        values["append_only_tables"] = tuple(entries)
    for key in (
        "tenant_column",
        "tenants_table",
        "global_marker",
        "append_only_marker",
        "extension_allowlist",
        "tenant_setting",
    ):
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
