"""Text output for people: apply progress, the status table, rendered SQL, and --help everywhere."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command

from schemactl.cli import app
from schemactl.database import redact
from tests.cli.helpers import apply, describe, in_project, invoke, matching, ms_line, status
from tests.conftest import Project


def test_apply_prints_the_database_and_one_line_per_migration(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_index_a.sql", "-- schemactl: no-transaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 0, describe(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 3, describe(result)
    assert lines[0] == f"database: {redact(database_url)} (--database-url)"
    assert ms_line("applied 0001_create_a.sql").match(lines[1]), describe(result)
    assert ms_line("applied 0002_index_a.sql [no-transaction]").match(lines[2]), describe(result)
    assert re.fullmatch(r"2 migration\(s\) applied in \d+ ms\n", result.stdout), describe(result)


def test_apply_with_nothing_pending_says_so(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    assert apply(project.root, database_url).exit_code == 0

    result = apply(project.root, database_url)

    assert result.exit_code == 0, describe(result)
    assert result.stdout == "nothing to apply (1 already applied)\n"
    assert not matching(result.stderr.splitlines(), re.compile(r"^applied "))


def test_apply_to_stops_at_the_version(project: Project, database_url: str) -> None:
    for version in (1, 2, 3):
        project.migration(f"000{version}_t{version}.sql", f"CREATE TABLE t{version} (id int);\n")

    result = apply(project.root, database_url, "--to", "2")

    assert result.exit_code == 0, describe(result)
    applied = matching(result.stderr.splitlines(), re.compile(r"^applied "))
    assert [line.split()[1] for line in applied] == ["0001_t1.sql", "0002_t2.sql"]


def test_dry_run_text_shows_the_rendered_sql(project: Project, database_url: str) -> None:
    project.template("m.sql.j2", "{% macro table_for(name) %}\nCREATE TABLE {{ name }} (id int);\n{% endmacro %}\n")
    project.migration("0001_create_a.sql", "{{ table_for('a') }}\n")

    result = apply(project.root, database_url, "--dry-run")

    assert result.exit_code == 0, describe(result)
    assert result.stdout.splitlines()[:3] == [
        "would apply 1 migration(s):",
        "-- ==== 0001_create_a.sql (transaction) ====",
        "CREATE TABLE a (id int);",
    ]


def _row(stdout: str, version: str) -> str:
    rows = [line for line in stdout.splitlines() if f" {version} " in line]
    assert len(rows) == 1, stdout
    return rows[0]


def test_status_prints_a_table_with_each_file_and_its_state(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    changed = project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")
    missing = project.migration("0003_create_c.sql", "CREATE TABLE c (id int);\n")
    assert apply(project.root, database_url).exit_code == 0
    changed.write_text("CREATE TABLE b (id bigint);\n")
    missing.unlink()
    project.migration("0004_create_d.sql", "CREATE TABLE d (id int);\n")

    result = status(project.root, database_url)

    assert result.exit_code == 1, describe(result)  # changed and missing files fail the check
    expected = {"0001": ("create_a", "applied"), "0002": ("create_b", "changed")}
    expected |= {"0003": ("create_c", "missing"), "0004": ("create_d", "pending")}
    for version, (name, state) in expected.items():
        cells = [cell.strip() for cell in re.split(r"[│|]", _row(result.stdout, version)) if cell.strip()]
        assert cells[:3] == [version, name, state], describe(result)
        if state != "pending":
            assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4}", cells[3]), cells
    assert result.stdout.splitlines()[-1] == "1 applied, 1 pending, 1 changed, 1 missing"
    assert result.stderr == f"database: {redact(database_url)} (--database-url)\n"


def test_render_file_prints_the_sql_with_macros_expanded(project: Project) -> None:
    project.template(
        "security.sql.j2",
        "{% macro owned_by(table, role) %}\nALTER TABLE {{ table }} OWNER TO {{ role }};\n{% endmacro %}\n",
    )
    path = project.migration(
        "0007_orders.sql",
        "-- {{ migration.file }} is version {{ migration.version }}\n"
        "CREATE TABLE orders (id int);\n"
        "{{ owned_by('orders', 'app') }}\n",
    )

    result = in_project(project.root, "render", str(path))

    assert result.exit_code == 0, describe(result)
    assert result.stdout == (
        "-- 0007_orders.sql is version 7\nCREATE TABLE orders (id int);\nALTER TABLE orders OWNER TO app;\n\n"
    )
    assert "{{" not in result.stdout
    assert result.stderr == ""


def test_render_without_arguments_renders_every_file_in_order(project: Project) -> None:
    project.template("m.sql.j2", "{% macro table_for(name) %}\nCREATE TABLE {{ name }} (id int);\n{% endmacro %}\n")
    project.migration("0002_create_b.sql", "{{ table_for('b') }}")
    project.migration("0001_create_a.sql", "{{ table_for('a') }}")

    result = in_project(project.root, "render")

    assert result.exit_code == 0, describe(result)
    assert result.stdout.splitlines() == [
        "-- ==== 0001_create_a.sql ====",
        "CREATE TABLE a (id int);",
        "-- ==== 0002_create_b.sql ====",
        "CREATE TABLE b (id int);",
    ]


def test_render_of_a_missing_file_exits_2(project: Project) -> None:
    missing = project.sql_dir / "0009_nope.sql"

    result = in_project(project.root, "render", str(missing))

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == f"error: {missing}: file not found: {missing}"


def test_version_option() -> None:
    from schemactl import __version__

    result = invoke("--version")

    assert result.exit_code == 0, describe(result)
    assert result.stdout == f"schemactl {__version__}\n"


HELP_TARGETS = [
    [],
    ["apply"],
    ["status"],
    ["render"],
    ["grants-doc"],
    ["snapshot"],
    ["lint"],
    ["rules"],
    ["style-guide"],
    ["docs"],
    ["new"],
    ["contract"],
    ["contract", "check"],
    ["db"],
    ["db", "start"],
    ["db", "stop"],
    ["db", "status"],
    ["db", "url"],
]


def _command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every group and command reachable from the root, as argument lists."""
    paths = [list(prefix)]
    for name, sub in (getattr(command, "commands", None) or {}).items():
        paths += _command_paths(sub, (*prefix, name))
    return paths


def test_the_help_tests_cover_every_command() -> None:
    assert sorted(_command_paths(get_command(app))) == sorted(HELP_TARGETS)


@pytest.mark.parametrize("args", HELP_TARGETS, ids=lambda args: " ".join(args) or "root")
def test_help_exits_0_and_shows_an_example(args: list[str]) -> None:
    result = invoke(*args, "--help")

    assert result.exit_code == 0, describe(result)
    assert "Example" in result.stdout, describe(result)
    assert f"Usage: schemactl {' '.join(args)}".strip() in " ".join(result.stdout.split())


@pytest.mark.parametrize("args", [[], ["db"]], ids=["root", "db"])
def test_a_group_without_a_command_shows_its_help_as_a_usage_error(args: list[str]) -> None:
    result = invoke(*args)

    assert result.exit_code == 2, describe(result)
    assert "Example" in result.stdout
    assert f"Usage: schemactl {' '.join(args)}".strip() in " ".join(result.stdout.split())
