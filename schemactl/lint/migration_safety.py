"""Helpers shared by the migration-safety rules (SC7xx): timeouts, index ownership, locating commands."""

from __future__ import annotations

import re
from typing import Any

from schemactl.lint.rule import StatementContext

_DURATION = re.compile(r"^\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>us|ms|s|min|h|d)?\s*$", re.IGNORECASE)
_LINE_COMMENT = re.compile(r"--[^\n]*")

# Functions PostgreSQL marks VOLATILE that turn up in column defaults (now(), current_timestamp,
# statement_timestamp() and transaction_timestamp() are STABLE: evaluated once, no rewrite).
VOLATILE_FUNCTIONS = frozenset(
    {
        "clock_timestamp",
        "currval",
        "gen_random_bytes",
        "gen_random_uuid",
        "lastval",
        "nextval",
        "random",
        "random_normal",
        "setval",
        "timeofday",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "uuidv4",
        "uuidv7",
    }
)

SERIAL_TYPES = frozenset({"smallserial", "serial", "bigserial", "serial2", "serial4", "serial8"})


def timeout_disabled(value: str | None) -> bool:
    """Whether a lock_timeout value means "wait forever": 0 in any unit, or no value at all."""
    if value is None:
        return True
    match = _DURATION.match(value)
    return match is not None and float(match["number"]) == 0


def index_on_existing_table(context: StatementContext, name: str) -> str | None:
    """What dropping (or reindexing) index `name` locks that may be in use, or None when nothing is.

    Safe: the index's table was created in this file, or the index was created in this file on a
    relation that is not an earlier file's table (a materialized view of this file). An index the
    model does not know was not created by a plain CREATE INDEX of these migrations: it may sit on a
    large, busy table, so it counts as existing.
    """
    index = context.model.index(name)
    if index is None:
        return "its table, which may be in use (these migrations never created the index)"
    table = context.model.table(index.table)
    if table is not None:
        if context.existing_table(index.table) is None:
            return None
        return f"existing table {index.table}"
    if index.file == context.file.display:
        return None
    return f"{index.table} (of an earlier migration)"


def locate(context: StatementContext, pattern: str, default: Any = None) -> int:
    """Offset of the first match of `pattern` (case-insensitive) in the statement's text, comments
    blanked out; else `default`'s own location; else the statement's start."""
    text = _LINE_COMMENT.sub(lambda m: " " * len(m.group()), context.statement.text)
    match = re.search(pattern, text, re.IGNORECASE)
    if match:
        return context.statement.start + match.start()
    offset = getattr(default, "location", None)
    return offset if isinstance(offset, int) and offset >= 0 else context.statement.start


def identifier(name: str) -> str:
    """A regex matching identifier `name` as written, quoted or not."""
    return rf'"?{re.escape(name)}"?(?![\w$])'


def object_name(item: Any) -> str:
    """Display name of one entry of a DropStmt's objects."""
    from pglast import ast

    if isinstance(item, tuple):
        return ".".join(str(getattr(part, "sval", part)) for part in item)
    if isinstance(item, ast.String):
        return str(item.sval)
    if isinstance(item, ast.ObjectWithArgs):
        return ".".join(str(part.sval) for part in item.objname or ())
    if isinstance(item, ast.TypeName):
        return ".".join(str(part.sval) for part in item.names or ())
    return "object"


def option_on(options: Any, name: str) -> bool:
    """Whether option `name` of a parenthesised option list (VACUUM (FULL), REINDEX (CONCURRENTLY)) is on:
    present with no value or a true value; `FULL false`, `CONCURRENTLY off`, `FULL 0` turn it off."""
    from pglast import ast

    found = False
    for option in options or ():
        if isinstance(option, ast.DefElem) and str(option.defname).lower() == name:
            value = option.arg
            if value is None:
                found = True
            elif isinstance(value, ast.Boolean):
                found = bool(value.boolval)
            elif isinstance(value, ast.Integer):
                found = bool(value.ival)
            else:
                found = str(getattr(value, "sval", "true")).lower() in ("true", "on", "yes", "1")
    return found
