"""What `apply` refuses before it writes anything: changed applied files, unknown and out-of-order versions."""

from __future__ import annotations

import pytest

from schemactl import runner
from schemactl.errors import ChecksumMismatchError, UnknownVersionError
from tests.conftest import Project
from tests.integration.support import (
    apply,
    ledger,
    migrations_of,
    relation_exists,
    rows,
    sha256,
    target,
    user_relations,
)


def columns_of(url: str, table: str) -> list[str]:
    found = rows(
        url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        (table,),
    )
    return [str(row[0]) for row in found]


def test_changed_applied_file_is_refused(project: Project, database_url: str) -> None:
    first = project.migration("0001_accounts.sql", "CREATE TABLE accounts (id int);\n")
    apply(project, database_url)
    recorded = ledger(database_url)
    relations = user_relations(database_url)
    edited = "CREATE TABLE accounts (id int);\n-- even a comment changes the checksum\n"
    first.write_text(edited)
    project.migration("0002_orders.sql", "CREATE TABLE orders (id int);\n")

    with pytest.raises(ChecksumMismatchError) as caught:
        apply(project, database_url)

    assert caught.value.file == str(first)
    assert "0001_accounts.sql" in caught.value.message
    assert recorded[0].checksum[:12] in caught.value.message
    assert sha256(edited)[:12] in caught.value.message
    assert ledger(database_url) == recorded
    assert user_relations(database_url) == relations
    assert not relation_exists(database_url, "orders")  # the pending file did not run either


def test_changed_macro_used_by_an_applied_file_is_refused(project: Project, database_url: str) -> None:
    project.template("audit.sql.j2", "{% macro audit_columns() %}created_at timestamptz{% endmacro %}\n")
    project.migration("0001_events.sql", "CREATE TABLE events (id int, {{ audit_columns() }});\n")
    apply(project, database_url)
    recorded = ledger(database_url)
    project.template(
        "audit.sql.j2", "{% macro audit_columns() %}created_at timestamptz, updated_at timestamptz{% endmacro %}\n"
    )
    project.migration("0002_orders.sql", "CREATE TABLE orders (id int);\n")
    migrations = migrations_of(project)
    # The file itself is byte for byte the same; only its rendered SQL differs.
    assert migrations[0].source_sha256 == recorded[0].source_checksum
    assert migrations[0].checksum != recorded[0].checksum

    with pytest.raises(ChecksumMismatchError) as caught:
        runner.apply(target(database_url), migrations, lock_wait_seconds=5)

    assert caught.value.file == str(migrations[0].file.path)
    assert ledger(database_url) == recorded
    assert columns_of(database_url, "events") == ["id", "created_at"]
    assert not relation_exists(database_url, "orders")


def test_applied_version_missing_from_sql_dir_is_refused(project: Project, database_url: str) -> None:
    project.migration("0001_accounts.sql", "CREATE TABLE accounts (id int);\n")
    second = project.migration("0002_orders.sql", "CREATE TABLE orders (id int);\n")
    apply(project, database_url)
    recorded = ledger(database_url)
    second.unlink()
    project.migration("0003_invoices.sql", "CREATE TABLE invoices (id int);\n")

    with pytest.raises(UnknownVersionError) as caught:
        apply(project, database_url)

    assert "2 (orders)" in caught.value.message
    assert ledger(database_url) == recorded
    assert not relation_exists(database_url, "invoices")


def test_pending_file_older_than_the_last_applied_version_is_refused(project: Project, database_url: str) -> None:
    project.migration("0001_accounts.sql", "CREATE TABLE accounts (id int);\n")
    project.migration("0003_invoices.sql", "CREATE TABLE invoices (id int);\n")
    apply(project, database_url)
    recorded = ledger(database_url)
    late = project.migration("0002_orders.sql", "CREATE TABLE orders (id int);\n")

    with pytest.raises(UnknownVersionError) as caught:
        apply(project, database_url)

    assert caught.value.file == str(late)
    assert "0002_orders.sql is older than the last applied version 3" in caught.value.message
    assert ledger(database_url) == recorded
    assert not relation_exists(database_url, "orders")
