from __future__ import annotations

import pytest

from schemactl.sqltext import SqlSyntaxError, created_index_names, line_of, split_statements


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
    assert created_index_names(sql) == ["idx_a_b", "ux"]
