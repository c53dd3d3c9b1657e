"""The one pglast entry point: split rendered SQL into statements with their positions."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    """One statement of a rendered file: its text and where it starts."""

    text: str
    start: int  # character offset into the rendered SQL
    line: int  # 1-based line of the first character


class SqlSyntaxError(Exception):
    """pglast could not parse the text; `offset` is a character offset into it."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def split_statements(sql: str) -> list[Statement]:
    """Statements of `sql` in order; raise SqlSyntaxError when pglast cannot parse it."""
    from pglast import parser

    try:
        slices = parser.split(sql, with_parser=True, only_slices=True)
    except parser.ParseError as exc:
        raise SqlSyntaxError(str(exc.args[0]), int(exc.args[1]) if len(exc.args) > 1 else 0) from exc
    statements = []
    line = 1
    counted_to = 0
    for piece in slices:
        # Slices come in order: count only the newlines since the previous statement (linear, not quadratic).
        line += sql.count("\n", counted_to, piece.start)
        counted_to = piece.start
        statements.append(Statement(sql[piece], piece.start, line))
    return statements


def created_index_names(sql: str) -> list[tuple[str | None, str]]:
    """(schema or None, name) of the indexes that the CREATE INDEX statements of `sql` build."""
    from pglast import ast, parse_sql
    from pglast.parser import ParseError

    from schemactl.lint.walk import breadth_first

    try:
        tree = parse_sql(sql)
    except ParseError:
        return []
    names: list[tuple[str | None, str]] = []
    for node in breadth_first(tree):  # CREATE SCHEMA ... CREATE INDEX too
        if isinstance(node, ast.IndexStmt) and node.idxname:
            schema = node.relation.schemaname if node.relation is not None else None
            names.append((str(schema) if schema else None, str(node.idxname)))
    return names


TRANSACTION_CONTROL = re.compile(
    r"^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ABORT|PREPARE\s+TRANSACTION|ROLLBACK(?!\s+(?:WORK\s+|TRANSACTION\s+)?TO\b))\b",
    re.IGNORECASE,
)


def is_transaction_control(statement: Statement) -> bool:
    """BEGIN, COMMIT, ROLLBACK, END...: statements that would break a file's own transaction."""
    return TRANSACTION_CONTROL.match(statement.text) is not None


COPY = re.compile(r"^\s*COPY\b", re.IGNORECASE)


def is_copy(statement: Statement) -> bool:
    """COPY ... FROM STDIN / TO STDOUT talks a sub-protocol of its own."""
    return COPY.match(statement.text) is not None


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, max(0, min(offset, len(text)))) + 1
