"""Each command loads only the libraries it uses: checked on the modules a fresh process imported.

Start-up time is what a person feels on every command; it is set mostly by what gets imported
(psycopg, pglast, jinja2 and rich cost tens of milliseconds each). These tests assert the import
sets, not times: times are the benchmark's business (bench/startup.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Project

HEAVY = frozenset({"psycopg", "pglast", "jinja2", "rich", "pydantic", "email"})  # email: importlib.metadata

# Runs the CLI as the console script does, then records the top-level packages it imported.
RUNNER = """
import json, sys
from schemactl.cli.app import app
try:
    app(sys.argv[2:], prog_name="schemactl")
except SystemExit:
    pass
with open(sys.argv[1], "w") as out:
    json.dump(sorted({name.split(".")[0] for name in sys.modules}), out)
"""


def loaded(tmp_path: Path, *args: str, cwd: Path | None = None) -> set[str]:
    """The heavy libraries a fresh `schemactl <args>` process imported (in `cwd`); its output is piped."""
    record = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(record), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=cwd,
    )
    assert record.exists(), result.stderr
    return set(HEAVY.intersection(json.loads(record.read_text())))


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["rules"], ["apply", "--help"], ["lint", "--help"]])
def test_help_version_and_rules_load_no_parser_driver_or_template_engine(tmp_path: Path, args: list[str]) -> None:
    assert loaded(tmp_path, *args).isdisjoint({"pglast", "psycopg", "jinja2", "pydantic"})


def test_version_loads_nothing_heavy(tmp_path: Path) -> None:
    assert loaded(tmp_path, "--version") == set()


def test_render_needs_no_database_driver(tmp_path: Path, project: Project) -> None:
    project.template("t.sql.j2", "{% macro one() %}SELECT 1{% endmacro %}\n")
    project.migration("0001_one.sql", "{{ one() }};\n")

    modules = loaded(tmp_path, "-C", str(project.root), "render")

    assert "jinja2" in modules  # the file is a template: rendering it needs Jinja
    assert "psycopg" not in modules


def test_a_clean_lint_loads_neither_the_driver_nor_rich(tmp_path: Path, project: Project) -> None:
    project.migration("0001_noop.sql", "SELECT 1;\n")

    modules = loaded(tmp_path, "-C", str(project.root), "lint")

    assert "pglast" in modules  # lint parses
    assert modules.isdisjoint({"psycopg", "rich", "email"})  # the lint cache's key reads no package metadata


def test_lint_with_findings_needs_no_database_driver(tmp_path: Path, project: Project) -> None:
    project.migration("0001_bad.sql", "CREATE TABLE BadName (id int);\n")

    modules = loaded(tmp_path, "-C", str(project.root), "lint")

    assert "psycopg" not in modules


def test_a_piped_apply_does_not_load_rich(tmp_path: Path, project: Project, database_url: str) -> None:
    project.migration("0001_t.sql", "CREATE TABLE t (id int);\n")

    modules = loaded(tmp_path, "-C", str(project.root), "apply", "--database-url", database_url)

    assert "psycopg" in modules  # it did apply
    assert "rich" not in modules


def test_options_are_converted_without_pydantic(tmp_path: Path, project: Project, database_url: str) -> None:
    project.migration("0001_bad.sql", "CREATE TABLE BadName (id int);\n")
    lint_args = ["lint", "--format", "json", "--fail-on", "warning", "--select", "SC1", "--ignore", "SC101"]
    apply_args = ["apply", "--database-url", database_url, "--dry-run", "--to", "1", "--lock-wait", "2.5"]

    linted = loaded(tmp_path, "-C", str(project.root), *lint_args, str(project.root / "sql"))
    planned = loaded(tmp_path, "-C", str(project.root), *apply_args)

    assert "pglast" in linted  # the command ran
    assert "psycopg" in planned  # so did this one, against the test's database
    assert "pydantic" not in linted | planned


def test_a_refused_option_value_still_gets_typers_message(tmp_path: Path, project: Project) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "schemactl", "-C", str(project.root), "apply", "--to", "5x"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "Invalid value for '--to': Input should be a valid integer" in result.stderr


def test_lint_of_a_plain_loose_file_loads_no_template_engine(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "one.sql").write_text("CREATE TABLE t (id bigint, at timestamp);\n")
    (loose / "two.sql").write_text("{% if true %}SELECT 1;{% endif %}\n")

    plain = loaded(tmp_path, "lint", str(loose / "one.sql"), cwd=loose)  # outside any project
    templated = loaded(tmp_path, "lint", str(loose / "two.sql"), cwd=loose)

    assert "pglast" in plain  # it did lint
    assert "jinja2" not in plain
    assert "jinja2" in templated  # a file with template syntax still renders
