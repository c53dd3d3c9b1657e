"""Settings: command-line flag > environment > `[tool.schemactl]` > defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from schemactl.errors import ConfigError

DEFAULT_LOCK_TIMEOUT = "5s"
DEFAULT_STATEMENT_TIMEOUT = "15min"
DEFAULT_LOCK_WAIT_SECONDS = 60.0
EMBEDDED_VERSIONS = (16, 18)  # the major versions the embedded server's wheel ships
DEFAULT_EMBEDDED_VERSION = 18


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about the project on disk."""

    project_dir: Path
    sql_dir: Path
    templates_dir: Path
    snapshots_dir: Path
    state_dir: Path
    lock_timeout: str = DEFAULT_LOCK_TIMEOUT
    statement_timeout: str = DEFAULT_STATEMENT_TIMEOUT
    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS
    template_vars: dict[str, str] = field(default_factory=dict)
    embedded_version: int = DEFAULT_EMBEDDED_VERSION

    def with_overrides(
        self,
        *,
        sql_dir: Path | None = None,
        lock_wait_seconds: float | None = None,
    ) -> Settings:
        """Return a copy with command-line overrides applied."""
        updated = self
        if sql_dir is not None:
            updated = replace(updated, sql_dir=sql_dir.resolve())
        if lock_wait_seconds is not None:
            updated = replace(updated, lock_wait_seconds=lock_wait_seconds)
        return updated


def find_project_dir(start: Path) -> Path:
    """The nearest directory, from `start` upwards, whose pyproject.toml has `[tool.schemactl]`.

    Falls back to `start` itself, so a bare directory with `sql/` works too.
    """
    start = start.resolve()
    for candidate in (start, *start.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.schemactl" in pyproject.read_text(encoding="utf-8"):
            return candidate
    return start


def load_settings(project_dir: Path | None = None) -> Settings:
    """Read `[tool.schemactl]` from the project's pyproject.toml, if any."""
    root = find_project_dir(project_dir or Path.cwd())
    table = read_tool_table(root / "pyproject.toml")
    return Settings(
        project_dir=root,
        sql_dir=_path_option(root, table, "sql_dir", "sql"),
        templates_dir=_path_option(root, table, "templates_dir", "templates"),
        snapshots_dir=_path_option(root, table, "snapshots_dir", "snapshots"),
        state_dir=_path_option(root, table, "state_dir", ".schemactl"),
        lock_timeout=_str_option(table, "lock_timeout", DEFAULT_LOCK_TIMEOUT),
        statement_timeout=_str_option(table, "statement_timeout", DEFAULT_STATEMENT_TIMEOUT),
        lock_wait_seconds=_float_option(table, "lock_wait_seconds", DEFAULT_LOCK_WAIT_SECONDS),
        template_vars=_vars_option(table),
        embedded_version=_embedded_version_option(table),
    )


def read_tool_table(pyproject: Path) -> dict[str, object]:
    if not pyproject.is_file():
        return {}
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot parse {pyproject.name}: {exc}", file=pyproject) from exc
    tool = document.get("tool", {})
    table = tool.get("schemactl", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError("[tool.schemactl] must be a table", file=pyproject)
    return table


def _path_option(root: Path, table: dict[str, object], key: str, default: str) -> Path:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"[tool.schemactl] {key} must be a string path, got {value!r}")
    return (root / value).resolve()


def _str_option(table: dict[str, object], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"[tool.schemactl] {key} must be a string such as '5s', got {value!r}")
    return value


def _float_option(table: dict[str, object], key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"[tool.schemactl] {key} must be a non-negative number, got {value!r}")
    return float(value)


def _vars_option(table: dict[str, object]) -> dict[str, str]:
    value = table.get("vars", {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError("[tool.schemactl.vars] must map names to strings")
    return {str(k): str(v) for k, v in value.items()}


def _embedded_version_option(table: dict[str, object]) -> int:
    value = table.get("embedded_version", DEFAULT_EMBEDDED_VERSION)
    if isinstance(value, bool) or value not in EMBEDDED_VERSIONS:
        choices = " or ".join(str(v) for v in EMBEDDED_VERSIONS)
        raise ConfigError(
            f"[tool.schemactl] embedded_version must be {choices} (the major versions shipped), got {value!r}"
        )
    return int(str(value))
