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


@dataclass
class PolicyInfo:
    name: str
    has_using: bool
    has_with_check: bool
    mentions_tenant_column: bool


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

    def is_tenant_scoped(self, tenant_column: str, tenants_table: str) -> bool:
        if self.global_table:
            return False
        return self.name == tenants_table or tenant_column in self.columns


@dataclass
class SchemaModel:
    """Tables (and views) created so far, keyed by unqualified lower-case name."""

    tables: dict[str, TableInfo] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)  # name -> "view" or "materialized view"
    grants: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)  # (object, grantee, privileges)
    extensions: set[str] = field(default_factory=set)

    def table(self, name: str | None) -> TableInfo | None:
        return self.tables.get(name.lower()) if name else None


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
