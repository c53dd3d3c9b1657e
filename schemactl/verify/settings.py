"""`[tool.schemactl.verify]`: which roles own, deploy and use the schema, and rule selection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemactl.errors import ConfigError
from schemactl.lint.findings import Severity
from schemactl.lint.settings import LintSettings, selectors

ALWAYS_ALLOWED_EXTENSIONS = frozenset({"plpgsql"})  # installed in every database by initdb
REQUIRED_LOGIN_SETTINGS = ("lock_timeout", "idle_in_transaction_session_timeout")
PRIVILEGED_PREDEFINED_ROLES = (
    "pg_read_all_data",
    "pg_write_all_data",
    "pg_maintain",
    "pg_read_server_files",
    "pg_write_server_files",
    "pg_execute_server_program",
)


@dataclass(frozen=True)
class VerifySettings:
    """What verify needs beyond the linter's settings (app roles, allow-list and selection come from there)."""

    lint: LintSettings
    owner_roles: tuple[str, ...] = ("migration_owner", "rls_definer")
    deployer_roles: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    required_login_settings: tuple[str, ...] = REQUIRED_LOGIN_SETTINGS

    @property
    def app_roles(self) -> tuple[str, ...]:
        return self.lint.app_roles

    @property
    def allowed_extensions(self) -> frozenset[str]:
        return self.lint.allowed_extensions | ALWAYS_ALLOWED_EXTENSIONS

    def enabled(self, code: str) -> bool:
        selected = not self.select or any(code.startswith(prefix) for prefix in self.select)
        return selected and not any(code.startswith(prefix) for prefix in self.ignore)


KEYS = ("owner_roles", "deployer_roles", "select", "ignore", "fail_on", "required_login_settings")


def load_verify_settings(project_dir: Path, lint: LintSettings) -> VerifySettings:
    """`[tool.schemactl.verify]` of the project's pyproject.toml (every key optional)."""
    from schemactl.config import read_tool_table

    pyproject = project_dir / "pyproject.toml"
    table = read_tool_table(pyproject).get("verify", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.schemactl.verify] must be a table", file=pyproject)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"[tool.schemactl.verify] has unknown key(s): {', '.join(unknown)}",
            file=pyproject,
            hint=f"known keys: {', '.join(KEYS)}",
        )
    values: dict[str, object] = {}
    for key in ("owner_roles", "deployer_roles", "required_login_settings"):
        if key in table:
            values[key] = tuple(_string_list(table, key, pyproject))
    for key in ("select", "ignore"):
        if key in table:
            values[key] = selectors(_string_list(table, key, pyproject), f"[tool.schemactl.verify] {key}")
    if "fail_on" in table:
        value = table["fail_on"]
        try:
            values["fail_on"] = Severity(str(value))
        except ValueError as exc:
            raise ConfigError(
                f"[tool.schemactl.verify] fail_on: unknown severity {value!r}: use error, warning or info",
                file=pyproject,
            ) from exc
    return VerifySettings(lint, **values)  # type: ignore[arg-type]


def _string_list(table: dict[str, object], key: str, pyproject: Path) -> list[str]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.schemactl.verify] {key} must be a list of strings", file=pyproject)
    return [str(v) for v in value]
