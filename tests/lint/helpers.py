"""Throwaway projects for the linter's infrastructure tests, linted in-process or in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from schemactl.cli import app

# A plain, fixed-width, colourless terminal whatever the environment of the test run says.
TERMINAL: dict[str, str | None] = {
    "COLUMNS": "120",
    "LINES": "50",
    "TERM": "dumb",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}
SUBPROCESS_TIMEOUT = 60.0  # seconds: the time bound of every subprocess run (a hang fails the test)


class LintProject:
    """A project directory: pyproject.toml with [tool.schemactl] (and an optional lint table), sql/, templates/."""

    def __init__(self, root: Path, lint_table: str = "") -> None:
        self.root = root
        (root / "sql").mkdir(parents=True, exist_ok=True)
        (root / "templates").mkdir(exist_ok=True)
        self.configure(lint_table)

    def configure(self, lint_table: str) -> None:
        """Rewrite pyproject.toml; `lint_table` is the body of [tool.schemactl.lint] (empty: no table)."""
        text = '[tool.schemactl]\nlock_timeout = "5s"\n'
        if lint_table:
            text += "\n[tool.schemactl.lint]\n" + lint_table.strip() + "\n"
        (self.root / "pyproject.toml").write_text(text, encoding="utf-8")

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def lint(self, *args: str) -> Result:
        """`schemactl -C ROOT lint ARGS` in-process (run it with the project as the working directory)."""
        return invoke("-C", str(self.root), "lint", *args)

    def findings(self, *args: str) -> list[dict[str, Any]]:
        """The findings of `lint --format json ARGS`."""
        result = self.lint("--format", "json", *args)
        assert result.exit_code in (0, 1), describe(result)
        findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
        return findings

    def run(self, *args: str, timeout: float = SUBPROCESS_TIMEOUT) -> subprocess.CompletedProcess[str]:
        """`python -m schemactl -C ROOT lint ARGS` in a subprocess, bounded by `timeout` seconds."""
        return subprocess.run(
            [sys.executable, "-m", "schemactl", "-C", str(self.root), "lint", *args],
            cwd=self.root,
            env=subprocess_environment(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )


def invoke(*args: str) -> Result:
    """Run `schemactl ARGS` in-process; an exception other than an exit is a crash and fails the test."""
    result = CliRunner(env=TERMINAL).invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"schemactl {' '.join(args)} crashed with {result.exception!r}\n{describe(result)}"
        ) from result.exception
    return result


def subprocess_environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in TERMINAL}
    environment.update({k: v for k, v in TERMINAL.items() if v is not None})
    return environment


def describe(result: Result) -> str:
    """For assertion messages: the exit code and both streams."""
    return f"exit {result.exit_code}\n--- stdout:\n{result.stdout}--- stderr:\n{result.stderr}"


def brief(findings: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(code, file, line) of each finding, for compact assertions."""
    return [(f["code"], f["file"], f["line"]) for f in findings]
