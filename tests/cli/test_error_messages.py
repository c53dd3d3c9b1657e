"""The shape of error messages: `error: <file>:<line>: <message> (<sqlstate>)`, then detail, hint, statement."""

from __future__ import annotations

from schemactl.database import redact
from tests.cli.helpers import (
    applied_versions,
    apply,
    assert_no_traceback,
    describe,
    error_lines,
    in_project,
    invoke,
)
from tests.conftest import Project

RAISING_DO = (
    "DO $$ BEGIN\n"
    "    RAISE EXCEPTION 'boom' USING ERRCODE = 'SC001', DETAIL = 'the detail', HINT = 'the hint';\n"
    "END $$;\n"
)


def test_sql_error_prints_location_sqlstate_detail_hint_and_statement(project: Project, database_url: str) -> None:
    path = project.migration("0001_raise.sql", "CREATE TABLE a (id int);\n\n" + RAISING_DO)

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    assert result.stderr.splitlines() == [
        f"database: {redact(database_url)} (--database-url)",
        f"error: {path.relative_to(project.root)}:3: boom (SC001)",
        "detail: the detail",
        "hint: the hint",
        "statement:",
        "    DO $$ BEGIN",
        "        RAISE EXCEPTION 'boom' USING ERRCODE = 'SC001', DETAIL = 'the detail', HINT = 'the hint';",
        "    END $$",
    ], describe(result)
    assert result.stdout == ""
    assert applied_versions(database_url) == []


def test_sql_error_detail_from_the_server(project: Project, database_url: str) -> None:
    path = project.migration(
        "0001_dupe.sql",
        "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1);\n\nINSERT INTO t\nVALUES (1);\n",
    )

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    assert error_lines(result) == [
        f'error: {path.relative_to(project.root)}:4: duplicate key value violates unique constraint "t_pkey" (23505)',
        "detail: Key (id)=(1) already exists.",
        "statement:",
        "    INSERT INTO t",
        "    VALUES (1)",
    ], describe(result)


def test_sql_error_line_is_the_line_of_the_rendered_sql(project: Project, database_url: str) -> None:
    project.template(
        "tables.sql.j2",
        "{% macro three_tables() %}\n"
        "CREATE TABLE a (id int);\n"
        "CREATE TABLE b (id int);\n"
        "CREATE TABLE c (id int);\n"
        "{% endmacro %}\n",
    )
    source = "-- three tables, then a bad column\n{{ three_tables() }}\nSELECT\n    no_such_column\nFROM pg_class;\n"
    path = project.migration("0001_tables.sql", source)
    rendered = in_project(project.root, "render", str(path)).stdout
    rendered_line = rendered.splitlines().index("    no_such_column") + 1
    source_line = source.splitlines().index("    no_such_column") + 1
    assert rendered_line != source_line  # else this test could not tell them apart

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    lines = error_lines(result)
    assert (
        lines[0]
        == f'error: {path.relative_to(project.root)}:{rendered_line}: column "no_such_column" does not exist (42703)'
    )
    assert "hint: line numbers refer to the rendered SQL: schemactl render 0001_tables.sql" in lines
    assert lines[lines.index("statement:") + 1 :] == ["    SELECT", "        no_such_column", "    FROM pg_class"]
    assert applied_versions(database_url) == []
    assert not any(line.startswith("detail:") for line in lines)


def test_no_traceback_without_debug(project: Project, database_url: str) -> None:
    project.migration("0001_raise.sql", RAISING_DO)

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    assert_no_traceback(result)


def test_debug_shows_the_traceback_and_the_message(project: Project, database_url: str) -> None:
    path = project.migration("0001_raise.sql", RAISING_DO)

    result = invoke("--debug", "-C", str(project.root), "apply", "--database-url", database_url)

    assert result.exit_code == 1, describe(result)
    assert "Traceback (most recent call last):" in result.stderr
    assert "MigrationFailedError: boom" in result.stderr
    assert error_lines(result)[0] == f"error: {path.relative_to(project.root)}:1: boom (SC001)"


def test_debug_shows_the_traceback_of_a_usage_error(project: Project) -> None:
    project.migration("0001_x.sql", "SELECT {{ nope }};\n")

    result = invoke("--debug", "-C", str(project.root), "render")

    assert result.exit_code == 2, describe(result)
    assert "Traceback (most recent call last):" in result.stderr
    assert "TemplateRenderError" in result.stderr


def test_jinja_undefined_name_names_the_sql_file_and_line(project: Project, database_url: str) -> None:
    path = project.migration("0001_x.sql", "-- header\nCREATE TABLE a (id int);\nCREATE TABLE {{ table_nmae }} ();\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines() == [
        f"error: {path.relative_to(project.root)}:3: undefined name: 'table_nmae' is undefined"
    ]
    assert_no_traceback(result)


def test_jinja_undefined_name_inside_a_macro_names_both_locations(project: Project, database_url: str) -> None:
    project.template(
        "x.sql.j2",
        "{% macro grant_read(table) %}\nGRANT SELECT ON {{ table }} TO {{ reader_role }};\n{% endmacro %}\n",
    )
    project.migration("0001_x.sql", "CREATE TABLE a (id int);\n\n{{ grant_read('a') }}\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines() == [
        "error: sql/0001_x.sql:3: undefined name: 'reader_role' is undefined (in templates/x.sql.j2:2)"
    ], describe(result)
    assert applied_versions(database_url) is None


def test_jinja_syntax_error_names_file_and_line(project: Project, database_url: str) -> None:
    path = project.migration("0001_x.sql", "CREATE TABLE a (id int);\n{% if %}\nSELECT 1;\n{% endif %}\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 2, describe(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, describe(result)
    assert lines[0].startswith(f"error: {path.relative_to(project.root)}:2: Jinja syntax error: "), describe(result)
    assert_no_traceback(result)


def test_jinja_syntax_error_in_a_macro_library_names_the_template(project: Project) -> None:
    template = project.template("x.sql.j2", "{% macro ok() %}\nSELECT 1;\n{% endmacro %}\n{% macro %}\n")
    project.migration("0001_x.sql", "{{ ok() }}\n")

    result = in_project(project.root, "render")

    assert result.exit_code == 2, describe(result)
    assert result.stderr.startswith(f"error: {template.relative_to(project.root)}:4: Jinja syntax error: "), describe(
        result
    )
    assert_no_traceback(result)


def test_render_reports_jinja_errors_like_apply(project: Project) -> None:
    path = project.migration("0001_x.sql", "SELECT 1;\n\n\nSELECT {{ nope }};\n")

    for args in (["render"], ["render", str(path)]):
        result = in_project(project.root, *args)
        assert result.exit_code == 2, describe(result)
        assert result.stderr.splitlines() == [
            f"error: {path.relative_to(project.root)}:4: undefined name: 'nope' is undefined"
        ]
        assert result.stdout == ""
