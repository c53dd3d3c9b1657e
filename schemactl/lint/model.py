"""The schema as built so far by the files already linted: just enough for the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ColumnInfo:
    name: str
    type_name: str  # last part of the type name, lower case: uuid, int4, timestamptz, ...
    not_null: bool = False
    has_default: bool = False
    comment: bool = False
    references: str | None = None  # table referenced by an inline FOREIGN KEY
    file: str = ""  # the file whose CREATE TABLE or ALTER TABLE ... ADD COLUMN defined it
    offset: int = -1  # where its definition is in that file's rendered SQL (-1: unknown)


@dataclass
class PolicyInfo:
    name: str
    has_using: bool
    has_with_check: bool
    mentions_tenant_column: bool
    command: str = "all"  # FOR all, select, insert, update or delete
    using_mentions_tenant_column: bool = False
    with_check_mentions_tenant_column: bool = False
    file: str = ""  # the file of the CREATE POLICY
    offset: int = -1  # where the CREATE POLICY statement starts in that file's rendered SQL (-1: unknown)


@dataclass
class NotNullCheck:
    """A CHECK (column IS NOT NULL) constraint: once validated, SET NOT NULL uses it instead of a scan."""

    column: str
    validated: bool
    file: str  # the file that added it


@dataclass
class TableInfo:
    """A table as the model knows it; `file` is the file that created it."""

    name: str
    file: str
    statement_offset: int
    columns: dict[str, ColumnInfo] = field(default_factory=dict)
    comment: bool = False
    rls_enabled: bool = False
    rls_forced: bool = False
    policies: list[PolicyInfo] = field(default_factory=list)
    global_table: bool = False
    append_only: bool = False
    foreign_keys: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # (columns, referenced table)
    not_null_checks: dict[str, NotNullCheck] = field(default_factory=dict)  # by lower-case constraint name

    def is_tenant_scoped(self, tenant_column: str, tenants_table: str) -> bool:
        if self.global_table:
            return False
        return self.name == tenants_table or tenant_column in self.columns


@dataclass
class IndexInfo:
    """An index created by CREATE INDEX; `file` is the file that created it."""

    name: str
    table: str  # the table (or materialized view) it is on, unqualified lower case
    file: str


@dataclass
class SchemaModel:
    """Tables (and views) created so far, keyed by unqualified lower-case name."""

    tables: dict[str, TableInfo] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)  # name -> "view" or "materialized view"
    grants: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)  # (object, grantee, privileges)
    extensions: set[str] = field(default_factory=set)
    indexes: dict[str, IndexInfo] = field(default_factory=dict)  # named indexes of CREATE INDEX, by lower-case name

    def table(self, name: str | None) -> TableInfo | None:
        return self.tables.get(name.lower()) if name else None

    def index(self, name: str | None) -> IndexInfo | None:
        return self.indexes.get(name.lower()) if name else None


def relation_name(range_var: Any) -> str | None:
    """Unqualified name of a pglast RangeVar (or None)."""
    if range_var is None:
        return None
    name = getattr(range_var, "relname", None)
    return str(name).lower() if name else None


def type_name_of(type_name: Any) -> str:
    """Last element of a pglast TypeName, lower case (pg_catalog.int4 -> int4)."""
    names = getattr(type_name, "names", None) or ()
    return str(names[-1].sval).lower() if names else ""
