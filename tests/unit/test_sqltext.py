from __future__ import annotations

import pytest

from schemactl.sqltext import (
    SqlSyntaxError,
    Statement,
    created_index_names,
    is_transaction_control,
    line_of,
    split_statements,
)


def test_statements_keep_their_offsets_and_lines() -> None:
    sql = "-- header\nCREATE TABLE a (id int);\n\n/* note */ SELECT 'x;y';\nSELECT 2"
    statements = split_statements(sql)
    assert [s.text for s in statements] == ["CREATE TABLE a (id int)", "SELECT 'x;y'", "SELECT 2"]
    assert [s.line for s in statements] == [2, 4, 5]
    assert all(sql[s.start : s.start + len(s.text)] == s.text for s in statements)


def test_offsets_count_characters_not_bytes() -> None:
    sql = "SELECT 'ünïcødé';\nSELECT 2;"
    second = split_statements(sql)[1]
    assert sql[second.start :].startswith("SELECT 2")


def test_a_syntax_error_carries_its_offset() -> None:
    with pytest.raises(SqlSyntaxError) as caught:
        split_statements("SELECT 1;\nSELEC 2;")
    assert line_of("SELECT 1;\nSELEC 2;", caught.value.offset) == 2


def test_created_index_names() -> None:
    sql = "CREATE INDEX CONCURRENTLY idx_a_b ON a (b);\nCREATE UNIQUE INDEX ux ON s.a (c);\nCREATE TABLE t (x int);"
    assert created_index_names(sql) == [(None, "idx_a_b"), ("s", "ux")]


@pytest.mark.parametrize(
    ("text", "control"),
    [
        ("COMMIT", True),
        ("commit work", True),
        ("BEGIN", True),
        ("START TRANSACTION ISOLATION LEVEL SERIALIZABLE", True),
        ("ROLLBACK", True),
        ("END", True),
        ("ABORT", True),
        ("PREPARE TRANSACTION 'x'", True),
        ("ROLLBACK TO SAVEPOINT s", False),
        ("ROLLBACK TO s", False),
        ("SAVEPOINT s", False),
        ("CREATE TABLE commit_log (id int)", False),
        ("DO $$ BEGIN PERFORM 1; END $$", False),
        ("BEGIN_ATOMIC_TABLE", False),
    ],
)
def test_transaction_control_is_recognised(text: str, control: bool) -> None:
    assert is_transaction_control(Statement(text, 0, 1)) is control
