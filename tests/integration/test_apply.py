"""`schemactl apply` against a real database: order, ledger, no-op re-run, failures, --to and --dry-run."""

from __future__ import annotations

import psycopg
import pytest

from schemactl.errors import MigrationFailedError
from schemactl.runner import MIGRATION_LOCK_KEY
from tests.conftest import Project
from tests.integration.support import (
    applied_versions,
    apply,
    ledger,
    ledger_versions,
    migrations_of,
    preview,
    relation_exists,
    rows,
    run_cli,
    scalar,
    schema_exists,
    sha256,
    user_relations,
)

PK_MACRO = "{% macro pk() %}id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY{% endmacro %}\n"
AUDITED_TABLE_MACRO = """\
{% macro audited_table(name) %}
CREATE TABLE {{ name }} (
    id bigint PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE {{ name }} IS 'audited';
{% endmacro %}
"""


def three_tables(project: Project) -> None:
    project.migration("0001_one.sql", "CREATE TABLE one (id int);\n")
    project.migration("0002_two.sql", "CREATE TABLE two (id int);\nINSERT INTO two VALUES (2);\n")
    project.migration("0003_three.sql", "CREATE TABLE three (id int);\n")


def test_apply_from_empty_applies_every_file_in_version_order_and_records_it(
    project: Project, database_url: str
) -> None:
    project.template("keys.sql.j2", PK_MACRO)
    # Versions 1, 2, 10: file-name order would be 10, 1, 2, and 10 fails unless 1 and 2 ran first.
    sources = {
        1: "CREATE TABLE apply_log (id serial PRIMARY KEY, version int NOT NULL);\n"
        "INSERT INTO apply_log (version) VALUES ({{ migration.version }});\n",
        2: "CREATE TABLE accounts ({{ pk() }}, email text NOT NULL);\nINSERT INTO apply_log (version) VALUES (2);\n",
        10: "ALTER TABLE accounts ADD COLUMN name text;\nINSERT INTO apply_log (version) VALUES (10);\n",
    }
    rendered = {
        1: "CREATE TABLE apply_log (id serial PRIMARY KEY, version int NOT NULL);\n"
        "INSERT INTO apply_log (version) VALUES (1);\n",
        2: "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n"
        "INSERT INTO apply_log (version) VALUES (2);\n",
        10: sources[10],
    }
    project.migration("1_apply_log.sql", sources[1])
    project.migration("2_accounts.sql", sources[2])
    project.migration("10_accounts_name.sql", sources[10])

    before = scalar(database_url, "SELECT clock_timestamp()")
    result = apply(project, database_url)
    after = scalar(database_url, "SELECT clock_timestamp()")

    assert applied_versions(result) == [1, 2, 10]
    assert result.already_applied == 0
    assert [row[0] for row in rows(database_url, "SELECT version FROM apply_log ORDER BY id")] == [1, 2, 10]
    columns = rows(
        database_url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts' ORDER BY ordinal_position",
    )
    assert [row[0] for row in columns] == ["id", "email", "name"]

    session_user = scalar(database_url, "SELECT session_user")
    recorded = ledger(database_url)
    assert [(row.version, row.name) for row in recorded] == [(1, "apply_log"), (2, "accounts"), (10, "accounts_name")]
    for row, step in zip(recorded, result.applied, strict=True):
        assert row.checksum == sha256(rendered[row.version])
        assert row.source_checksum == sha256(sources[row.version])
        assert before <= row.applied_at <= after
        assert row.duration_ms == step.duration_ms
        assert row.duration_ms >= 0
        assert row.applied_by == session_user
        assert row.transactional is True
        assert step.transactional is True
    assert recorded[0].applied_at <= recorded[1].applied_at <= recorded[2].applied_at
    # The macro makes the rendered SQL differ from the file: the two checksums are distinct.
    assert recorded[1].checksum != recorded[1].source_checksum
    assert recorded[2].checksum == recorded[2].source_checksum


def test_reapply_is_a_noop(project: Project, database_url: str) -> None:
    three_tables(project)
    apply(project, database_url)
    recorded = ledger(database_url)

    result = apply(project, database_url)

    assert result.applied == ()
    assert result.already_applied == 3
    assert ledger(database_url) == recorded  # every column, applied_at included
    assert scalar(database_url, "SELECT count(*) FROM two") == 1


def test_sql_error_mid_file_rolls_back_that_file_only(project: Project, database_url: str) -> None:
    project.migration("0001_base.sql", "CREATE TABLE base (id int);\n")
    project.migration("0002_same_run.sql", "CREATE TABLE same_run (id int);\n")
    failing = project.migration(
        "0003_half_done.sql",
        # Multi-byte characters before the error: positions are characters, not bytes.
        "-- " + "é" * 60 + "\n"
        "CREATE TABLE half_done (id int);\n"
        "\n"
        "SELECT 'ça—va' AS label,\n"
        "no_such_column\n"
        "FROM half_done;\n",
    )
    project.migration("0004_after.sql", "CREATE TABLE after_failure (id int);\n")
    apply(project, database_url, to=1)
    recorded = ledger(database_url)

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    error = caught.value
    assert error.file == str(failing)
    assert error.line == 5  # the line of no_such_column, from the server's error position
    assert error.sqlstate == "42703"
    assert error.message == 'column "no_such_column" does not exist'
    assert error.statement == "SELECT 'ça—va' AS label,\nno_such_column\nFROM half_done"
    assert not relation_exists(database_url, "half_done")  # statement 1 rolled back with the file
    assert not relation_exists(database_url, "after_failure")
    assert relation_exists(database_url, "base")
    assert relation_exists(database_url, "same_run")  # applied earlier in the same run: stays
    assert ledger(database_url)[:1] == recorded
    assert ledger_versions(database_url) == [1, 2]


def test_error_without_position_reports_the_statement_line(project: Project, database_url: str) -> None:
    failing = project.migration(
        "0001_divide.sql",
        "CREATE TABLE numbers (n int);\nINSERT INTO numbers VALUES (1);\n\nUPDATE numbers\nSET n = n / 0;\n",
    )

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert (caught.value.file, caught.value.line, caught.value.sqlstate) == (str(failing), 4, "22012")
    assert caught.value.statement == "UPDATE numbers\nSET n = n / 0"
    assert not relation_exists(database_url, "numbers")
    assert ledger_versions(database_url) == []


def test_syntax_error_reports_the_line_of_the_whole_file(project: Project, database_url: str) -> None:
    # pglast cannot split this file, so the server runs it whole and its position is into the whole file.
    failing = project.migration("0001_bad.sql", "CREATE TABLE fine (id int);\n\nCREATE TABLE bad (id int,);\n")

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert (caught.value.file, caught.value.line, caught.value.sqlstate) == (str(failing), 3, "42601")
    assert caught.value.message == 'syntax error at or near ")"'
    assert not relation_exists(database_url, "fine")
    assert ledger_versions(database_url) == []


def test_error_line_refers_to_the_rendered_sql_below_a_macro(project: Project, database_url: str) -> None:
    project.template("tables.sql.j2", AUDITED_TABLE_MACRO)
    source = "{{ audited_table('orders') }}\nSELECT id,\n       no_such_column\nFROM orders;\n"
    project.migration("0001_orders.sql", source)
    rendered = migrations_of(project)[0].rendered.text
    rendered_line = next(n for n, text in enumerate(rendered.splitlines(), 1) if "no_such_column" in text)
    source_line = next(n for n, text in enumerate(source.splitlines(), 1) if "no_such_column" in text)
    assert rendered_line != source_line  # the macro expands to several lines

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert caught.value.line == rendered_line
    assert caught.value.sqlstate == "42703"
    assert caught.value.hint is not None
    assert "line numbers refer to the rendered SQL: schemactl render 0001_orders.sql" in caught.value.hint
    assert not relation_exists(database_url, "orders")  # the macro's CREATE TABLE rolled back


def test_to_applies_up_to_that_version_and_a_later_apply_continues(project: Project, database_url: str) -> None:
    three_tables(project)

    first = apply(project, database_url, to=2)

    assert applied_versions(first) == [1, 2]
    assert ledger_versions(database_url) == [1, 2]
    assert not relation_exists(database_url, "three")

    second = apply(project, database_url)

    assert applied_versions(second) == [3]
    assert second.already_applied == 2
    assert ledger_versions(database_url) == [1, 2, 3]
    assert relation_exists(database_url, "three")


def test_preview_on_an_empty_database_writes_nothing(project: Project, database_url: str) -> None:
    three_tables(project)

    plan = preview(project, database_url)

    assert [migration.version for migration in plan.pending] == [1, 2, 3]
    assert plan.applied_count == 0
    assert not schema_exists(database_url, "schemactl")
    assert user_relations(database_url) == []


def test_preview_on_a_partly_applied_database_lists_only_pending(project: Project, database_url: str) -> None:
    three_tables(project)
    apply(project, database_url, to=1)
    recorded = ledger(database_url)
    relations = user_relations(database_url)

    # The preview takes no lock: it works while another session holds the migration lock.
    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        plan = preview(project, database_url)
        up_to_two = preview(project, database_url, to=2)

    assert [migration.version for migration in plan.pending] == [2, 3]
    assert plan.applied_count == 1
    assert [migration.version for migration in up_to_two.pending] == [2]
    assert ledger(database_url) == recorded
    assert user_relations(database_url) == relations


def test_cli_dry_run_prints_the_rendered_plan_and_writes_nothing(project: Project, database_url: str) -> None:
    project.template("keys.sql.j2", PK_MACRO)
    project.migration("0001_accounts.sql", "CREATE TABLE accounts ({{ pk() }});\n")

    completed = run_cli(project, database_url, "--dry-run")

    assert completed.returncode == 0, completed.stderr
    assert "would apply 1 migration(s)" in completed.stdout
    assert "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);" in completed.stdout
    assert not schema_exists(database_url, "schemactl")
    assert user_relations(database_url) == []
