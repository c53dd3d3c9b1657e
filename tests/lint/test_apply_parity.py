"""Lint fails where apply would: the same refusals, with the same messages; selectors that name no rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.cli.helpers import applied_versions, apply, describe, error_lines, in_project
from tests.conftest import Project


@dataclass(frozen=True)
class Refusal:
    """A project apply refuses: the files to write, the lint code, and the file and line both name."""

    files: Callable[[], dict[str, str | bytes]]
    code: str
    file: str
    line: int | None


B_TABLE = "CREATE TABLE b (id int);\n"
REFUSALS: dict[str, Refusal] = {
    "upper-case .SQL": Refusal(
        lambda: {"0002_create_b.SQL": "CREATE TABLE b (id int);\n"}, "SC021", "0002_create_b.SQL", None
    ),
    "dashes in the name": Refusal(
        lambda: {"0002-create-b.sql": "CREATE TABLE b (id int);\n"}, "SC021", "0002-create-b.sql", None
    ),
    "duplicate version": Refusal(
        lambda: {"001_create_b.sql": "CREATE TABLE b (id int);\n"}, "SC022", "001_create_b.sql", None
    ),
    "BEGIN/COMMIT in a transactional file": Refusal(
        lambda: {"0002_create_b.sql": "CREATE TABLE b (id int);\nCOMMIT;\n"}, "SC023", "0002_create_b.sql", 2
    ),
    "byte-order mark": Refusal(
        lambda: {"0002_create_b.sql": b"\xef\xbb\xbf-- schemactl: no-transaction\nCREATE TABLE b (id int);\n"},
        "SC024",
        "0002_create_b.sql",
        1,
    ),
    "empty file": Refusal(lambda: {"0002_create_b.sql": ""}, "SC025", "0002_create_b.sql", None),
    "comment-only file": Refusal(
        lambda: {"0002_create_b.sql": "-- TODO\n/* later */\n{# and a template comment #}\n"},
        "SC025",
        "0002_create_b.sql",
        None,
    ),
    "not UTF-8": Refusal(lambda: {"0002_create_b.sql": b"SELECT 'caf\xe9';\n"}, "SC001", "0002_create_b.sql", 1),
    "--schemactl: without a space": Refusal(
        lambda: {"0002_create_b.sql": "--schemactl: no-transaction\nCREATE INDEX CONCURRENTLY i ON a (id);\n"},
        "SC002",
        "0002_create_b.sql",
        1,
    ),
    "-- SchemaCtl: in mixed case": Refusal(
        lambda: {"0002_create_b.sql": "-- a header\n-- SchemaCtl: no-transaction\nCREATE TABLE b (id int);\n"},
        "SC002",
        "0002_create_b.sql",
        2,
    ),
    "lock_timeout = 2s with spaces": Refusal(
        lambda: {"0002_create_b.sql": "-- schemactl: lock_timeout = 2s\nCREATE TABLE b (id int);\n"},
        "SC002",
        "0002_create_b.sql",
        1,
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_lint_reports_what_apply_refuses_with_the_same_message(project: Project, database_url: str, name: str) -> None:
    refusal = REFUSALS[name]
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    for filename, content in refusal.files().items():
        path = project.sql_dir / filename
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)

    applied = apply(project.root, database_url)
    linted = in_project(project.root, "lint", "--format", "json")

    assert applied.exit_code in (1, 2), describe(applied)
    assert not applied_versions(database_url), "apply ran something before refusing"
    location = f"sql/{refusal.file}" + (f":{refusal.line}" if refusal.line else "")
    head = error_lines(applied)[0]
    assert head.startswith(f"error: {location}: "), describe(applied)
    message = head.removeprefix(f"error: {location}: ")

    assert linted.exit_code == 1, describe(linted)
    findings = json.loads(linted.stdout)["findings"]
    matching = [f for f in findings if f["code"] == refusal.code and f["file"] == f"sql/{refusal.file}"]
    assert matching, describe(linted)
    assert matching[0]["message"] == message
    assert matching[0]["line"] == (refusal.line or 1)


@pytest.mark.parametrize("name", ["upper-case .SQL", "BEGIN/COMMIT in a transactional file", "comment-only file"])
def test_apply_parity_findings_are_reported_whatever_select_says(project: Project, name: str) -> None:
    refusal = REFUSALS[name]
    for filename, content in refusal.files().items():
        (project.sql_dir / filename).write_text(str(content))

    linted = in_project(project.root, "lint", "--select", "SC7", "--format", "json")

    assert linted.exit_code == 1, describe(linted)
    assert refusal.code in {f["code"] for f in json.loads(linted.stdout)["findings"]}


def test_lint_of_sql_reads_the_files_apply_reads(project: Project) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE as_ (id int);\n")
    project.migration("0002_create_b.SQL", "CREATE TABLE bs (id int);\n")
    project.migration("0001_create_a.sql~", "CREATE TABLE olds (id int);\n")
    project.migration(".#0001_create_a.sql", "CREATE TABLE locks (id int);\n")
    (project.sql_dir / "archive").mkdir()
    project.migration("archive/0000_old.sql", "CREATE TABLE archived (id int);\n")

    for args in (["sql"], ["sql/"], []):
        result = in_project(project.root, "lint", *args, "--format", "json")
        assert result.exit_code == 1, describe(result)
        assert json.loads(result.stdout)["files"] == ["sql/0001_create_a.sql", "sql/0002_create_b.SQL"], args


def test_lint_of_a_directory_skips_hidden_directories_and_virtualenvs(project: Project) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE as_ (id int);\n")
    for directory in (".venv/lib", "env/lib", ".git/x", "node_modules/pkg"):
        (project.root / directory).mkdir(parents=True)
        (project.root / directory / "vendored.sql").write_text("CREATE TABLE vendored (at timestamp);\n")
    (project.root / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (project.root / "db" / "seeds").mkdir(parents=True)
    (project.root / "db" / "seeds" / "seed.sql").write_text("SELECT 1;\n")

    result = in_project(project.root, "lint", ".", "--format", "json")

    assert result.exit_code == 1, describe(result)  # sql/0001 has findings; what matters is the file set
    assert json.loads(result.stdout)["files"] == ["db/seeds/seed.sql", "sql/0001_create_a.sql"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "SC999"], "error: --select: no rule 'SC999'"),
        (["--select", "SC8"], "error: --select: 'SC8' matches no rule"),
        (["--ignore", "SC799"], "error: --ignore: no rule 'SC799'"),
        (["--select", "SC701", "--select", "SC8"], "error: --select: 'SC8' matches no rule"),
    ],
)
def test_a_selector_that_matches_no_rule_is_a_usage_error(project: Project, args: list[str], message: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE as_ (at timestamp);\n")

    result = in_project(project.root, "lint", *args)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == message
    assert result.stdout == ""


def test_a_configured_selector_that_matches_no_rule_is_a_usage_error(project: Project) -> None:
    (project.root / "pyproject.toml").write_text(
        '[tool.schemactl]\n\n[tool.schemactl.lint]\nselect = ["SC7", "SC99"]\n'
    )
    project.migration("0001_create_a.sql", "CREATE TABLE as_ (at timestamp);\n")

    result = in_project(project.root, "lint")

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == "error: [tool.schemactl.lint] select: 'SC99' matches no rule"
