"""Helpers of the migration-safety rules (SC7xx) and the model bookkeeping they rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.lint.builder import update_model
from schemactl.lint.migration_safety import timeout_disabled
from schemactl.lint.model import SchemaModel
from schemactl.lint.rules.missing_lock_timeout import _lock_timeout_set
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile, LintStatement


def _build(model: SchemaModel, display: str, sql: str) -> None:
    from pglast import parse_sql

    file = LintFile(Path(display), display, sql, sql, transactional=True, lock_timeout="5s")
    for raw in parse_sql(sql):
        start = raw.stmt_location or 0
        statement = LintStatement(raw.stmt, start, start + (raw.stmt_len or len(sql)), sql, "")
        update_model(model, statement, file, LintSettings())


@pytest.mark.parametrize(
    ("value", "disabled"),
    [("0", True), ("0ms", True), ("0 s", True), ("00", True), ("0.0s", True), (None, True)],
)
def test_zero_lock_timeouts_are_disabled(value: str | None, disabled: bool) -> None:
    assert timeout_disabled(value) is disabled


@pytest.mark.parametrize("value", ["5s", "500ms", "1", "2min", "0.5s", "not a duration"])
def test_nonzero_or_unreadable_lock_timeouts_are_not_disabled(value: str) -> None:
    assert timeout_disabled(value) is False


@pytest.mark.parametrize(
    ("sql", "transactional", "expected"),
    [
        ("SET lock_timeout = 0", True, "0"),
        ("SET lock_timeout TO '3s'", True, "3s"),
        ("SET LOCAL lock_timeout = 1500", True, "1500"),
        ("SET LOCAL lock_timeout = '3s'", False, None),  # no effect outside a transaction block
        ("SET lock_timeout = 1.5", True, "1.5"),
        ("RESET lock_timeout", True, "the server default (RESET)"),
        ("SET lock_timeout TO DEFAULT", True, "the server default (RESET)"),
        ("RESET ALL", True, "the server default (RESET)"),
        ("SET statement_timeout = 0", True, None),
        ("SELECT set_config('lock_timeout', '0', true)", True, "0"),
        ("SELECT set_config('lock_timeout', '2s', true)", False, None),
        ("SELECT set_config('lock_timeout', '2s', false)", False, "2s"),
        ("SELECT set_config('search_path', 'x', true)", True, None),
    ],
)
def test_lock_timeout_set_by_a_statement(sql: str, transactional: bool, expected: str | None) -> None:
    from pglast import parse_sql

    assert _lock_timeout_set(parse_sql(sql)[0].stmt, transactional) == expected


def test_model_tracks_indexes_through_renames_and_drops() -> None:
    model = SchemaModel()
    _build(
        model,
        "sql/0001_a.sql",
        "CREATE TABLE orders (id uuid PRIMARY KEY, note text);"
        "CREATE INDEX idx_orders_note ON orders (note);"
        "CREATE INDEX idx_orders_id_note ON orders (id, note);"
        "CREATE INDEX ON orders (id);",
    )
    index = model.index("IDX_ORDERS_NOTE")
    assert index is not None
    assert (index.table, index.file) == ("orders", "sql/0001_a.sql")
    assert set(model.indexes) == {"idx_orders_note", "idx_orders_id_note"}  # an unnamed index cannot be dropped by name
    _build(
        model,
        "sql/0002_b.sql",
        "ALTER INDEX idx_orders_note RENAME TO idx_orders_remark;"
        "ALTER TABLE orders RENAME TO purchases;"
        "DROP INDEX idx_orders_id_note;",
    )
    assert set(model.indexes) == {"idx_orders_remark"}
    assert model.indexes["idx_orders_remark"].table == "purchases"
    _build(model, "sql/0003_c.sql", "DROP TABLE purchases;")
    assert model.indexes == {}


def test_model_tracks_not_null_checks() -> None:
    model = SchemaModel()
    _build(
        model,
        "sql/0001_a.sql",
        "CREATE TABLE orders (id uuid PRIMARY KEY, a text, b text, c text, CONSTRAINT ck_c CHECK (c IS NOT NULL));"
        "ALTER TABLE orders ADD CONSTRAINT ck_a CHECK (a IS NOT NULL) NOT VALID, ADD CHECK (b IS NOT NULL) NOT VALID;"
        "ALTER TABLE orders ADD CONSTRAINT ck_positive CHECK (length(a) > 0) NOT VALID;",
    )
    table = model.table("orders")
    assert table is not None
    checks = {name: (check.column, check.validated) for name, check in table.not_null_checks.items()}
    assert checks == {"ck_c": ("c", True), "ck_a": ("a", False), "orders_b_check": ("b", False)}
    _build(
        model,
        "sql/0002_b.sql",
        "ALTER TABLE orders VALIDATE CONSTRAINT ck_a;"
        "ALTER TABLE orders RENAME COLUMN a TO alpha;"
        "ALTER TABLE orders DROP CONSTRAINT orders_b_check;"
        "ALTER TABLE orders DROP COLUMN c;",
    )
    after = {name: (check.column, check.validated, check.file) for name, check in table.not_null_checks.items()}
    assert after == {"ck_a": ("alpha", True, "sql/0001_a.sql")}
