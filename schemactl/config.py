"""Settings: command-line flag > environment > `[tool.schemactl]` > defaults."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from schemactl.errors import ConfigError

DEFAULT_LOCK_TIMEOUT = "5s"
DEFAULT_STATEMENT_TIMEOUT = "15min"
DEFAULT_LOCK_WAIT_SECONDS = 60.0
# Keys of [tool.schemactl]; `lint` is validated by schemactl.lint.settings, `embedded_version` by the embedded server.
KNOWN_KEYS = (
    "sql_dir",
    "templates_dir",
    "snapshots_dir",
    "state_dir",
    "lock_timeout",
    "statement_timeout",
    "lock_wait_seconds",
    "embedded_version",
    "vars",
    "lint",
    "verify",
)
# The durations a `-- schemactl:` header accepts too: a PostgreSQL setting value such as 500ms, 5s, 2min.
DURATION = re.compile(r"^\d+\s*(us|ms|s|min|h|d)?$")
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


NOT_A_PROJECT = "not a schemactl project (no pyproject.toml with [tool.schemactl] or sql/ found from here up)"


def find_project_dir(start: Path) -> Path:
    """The project root found from `start` (see `locate_project`), else `start` itself."""
    return locate_project(start) or start.resolve()


def locate_project(start: Path) -> Path | None:
    """The nearest directory, from `start` upwards, whose pyproject.toml has `[tool.schemactl]`;
    else the nearest one holding a `sql/` directory (a bare project); else None."""
    start = start.resolve()
    candidates = (start, *start.parents)
    for candidate in candidates:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.schemactl" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return candidate
    return next((candidate for candidate in candidates if (candidate / "sql").is_dir()), None)


def require_project(start: Path) -> Path:
    """The project root, or a usage error: commands that read or write a project never create one."""
    root = locate_project(start)
    if root is None:
        raise ConfigError(NOT_A_PROJECT, hint="run it in a project directory, or name one with -C DIR")
    return root


def load_settings(project_dir: Path | None = None) -> Settings:
    """Read and validate `[tool.schemactl]` from the project's pyproject.toml, if any."""
    root = find_project_dir(project_dir or Path.cwd())
    pyproject = root / "pyproject.toml"
    table = _Table(read_tool_table(pyproject), pyproject)
    table.reject_unknown_keys()
    table.require_table("lint")
    table.require_table("verify")
    return Settings(
        project_dir=root,
        sql_dir=table.path(root, "sql_dir", "sql"),
        templates_dir=table.path(root, "templates_dir", "templates"),
        snapshots_dir=table.path(root, "snapshots_dir", "snapshots"),
        state_dir=table.path(root, "state_dir", ".schemactl"),
        lock_timeout=table.duration("lock_timeout", DEFAULT_LOCK_TIMEOUT),
        statement_timeout=table.duration("statement_timeout", DEFAULT_STATEMENT_TIMEOUT),
        lock_wait_seconds=table.seconds("lock_wait_seconds", DEFAULT_LOCK_WAIT_SECONDS),
        template_vars=table.variables(),
        embedded_version=table.embedded_version(),
    )


def read_tool_table(pyproject: Path) -> dict[str, object]:
    if not pyproject.is_file():
        return {}
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot parse: {exc}", file=pyproject) from exc
    tool = document.get("tool", {})
    table = tool.get("schemactl", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError("[tool.schemactl] must be a table", file=pyproject)
    return table


class _Table:
    """`[tool.schemactl]` with typed getters whose errors name pyproject.toml and the key's line."""

    def __init__(self, values: dict[str, object], pyproject: Path) -> None:
        self.values = values
        self.pyproject = pyproject

    def error(self, key: str, message: str, hint: str | None = None, section: str = "tool.schemactl") -> ConfigError:
        line = _line_of_key(self.pyproject, key, section)
        return ConfigError(message, file=self.pyproject, line=line, hint=hint)

    def reject_unknown_keys(self) -> None:
        _reject_unknown(self, self.values, KNOWN_KEYS, "tool.schemactl")
        lint = self.values.get("lint")
        if isinstance(lint, dict):
            from schemactl.lint.settings import KEYS as LINT_KEYS

            _reject_unknown(self, lint, LINT_KEYS, "tool.schemactl.lint")

    def require_table(self, key: str) -> None:
        if key in self.values and not isinstance(self.values[key], dict):
            raise self.error(key, f"[tool.schemactl.{key}] must be a table")

    def path(self, root: Path, key: str, default: str) -> Path:
        value = self.values.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"[tool.schemactl] {key} must be a string path, got {value!r}")
        return (root / value).resolve()

    def duration(self, key: str, default: str) -> str:
        value = self.values.get(key, default)
        if not isinstance(value, str):
            raise self.error(key, f"[tool.schemactl] {key} must be a string such as '5s', got {value!r}")
        if not DURATION.match(value.strip()):
            raise self.error(
                key,
                f"[tool.schemactl] {key} must be a PostgreSQL duration such as '500ms', '5s' or '2min', got {value!r}",
                hint="units: us, ms, s, min, h, d; 0 disables the timeout",
            )
        return value.strip()

    def seconds(self, key: str, default: float) -> float:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise self.error(key, f"[tool.schemactl] {key} must be a non-negative number, got {value!r}")
        return float(value)

    def embedded_version(self) -> int:
        value = self.values.get("embedded_version", DEFAULT_EMBEDDED_VERSION)
        if isinstance(value, bool) or value not in EMBEDDED_VERSIONS:
            choices = " or ".join(str(v) for v in EMBEDDED_VERSIONS)
            raise self.error(
                "embedded_version",
                f"[tool.schemactl] embedded_version must be {choices} (the major versions shipped), got {value!r}",
            )
        return int(str(value))

    def variables(self) -> dict[str, str]:
        value = self.values.get("vars", {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.error("vars", "[tool.schemactl.vars] must map names to strings")
        return {str(k): str(v) for k, v in value.items()}


def _reject_unknown(table: _Table, values: dict[str, object], known: tuple[str, ...], section: str) -> None:
    import difflib

    unknown = [key for key in values if key not in known]
    if not unknown:
        return
    close = difflib.get_close_matches(unknown[0], known, n=1)
    suggestion = f"did you mean {close[0]}? " if close else ""
    raise table.error(
        unknown[0],
        f"[{section}] has unknown key(s): {', '.join(unknown)}",
        hint=f"{suggestion}known keys: {', '.join(known)}",
        section=section,
    )


def _line_of_key(pyproject: Path, key: str, within: str = "tool.schemactl") -> int | None:
    """The line where `key` is set in the section `within` (or where its subtable starts), if it can be found."""
    try:
        lines = pyproject.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    section = None
    assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(lines, start=1):
        header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            section = header[1].replace(" ", "")
            if section == f"{within}.{key}":
                return number
            continue
        if section == within and assignment.match(line):
            return number
    return None
