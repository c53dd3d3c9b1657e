"""The schema as built so far by the files already linted: just enough for the rules.

Plain dataclasses, so that a reader of a live database's catalog can fill the same model and run the
state rules (`schemactl.lint.state`) on it. Relation and function names are lower case, unqualified
for schema `public` and `schema.name` for any other schema, so `audit.orders` is not `orders`.
Where a field records a `Place`, it is the statement that created or last changed that aspect of
the object (a catalog reader leaves it None).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Place:
    """A statement of a migration file: its display path and offset in the file's rendered SQL."""

    file: str
    offset: int


@dataclass
class ColumnInfo:
    name: str
    type_name: str  # last part of the type name, lower case: uuid, int4, timestamptz, ...
    not_null: bool = False
    has_default: bool = False
    comment: bool = False
    references: str | None = None  # table referenced by an inline FOREIGN KEY
    default_call: str = ""  # the function its DEFAULT calls (last name part), "" for none
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
    file: str = ""  # the file of the CREATE POLICY (or of the ALTER POLICY that last changed it)
    offset: int = -1  # where that statement starts in that file's rendered SQL (-1: unknown)
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)  # lower case; "public" for TO PUBLIC or no TO
    using: str | None = None  # the USING expression as SQL text (pg_get_expr, from a catalog)
    with_check: str | None = None  # the WITH CHECK expression as SQL text
    # The USING / WITH CHECK expressions as parsed from a migration (instead of the text). Read their
    # shape, never their locations: the lint cache stores equal expressions once, as one shared node.
    using_node: Any = None
    with_check_node: Any = None

    def expressions(self) -> tuple[tuple[str, Any], ...]:
        """("USING", expression), ("WITH CHECK", expression): a parsed node or SQL text, for those present."""
        found = []
        for clause, node, text in (
            ("USING", self.using_node, self.using),
            ("WITH CHECK", self.with_check_node, self.with_check),
        ):
            if node is not None or text is not None:
                found.append((clause, node if node is not None else text))
        return tuple(found)

    @property
    def place(self) -> Place | None:
        return Place(self.file, self.offset) if self.file else None


@dataclass
class NotNullCheck:
    """A CHECK (column IS NOT NULL) constraint: once validated, SET NOT NULL uses it instead of a scan."""

    column: str
    validated: bool
    file: str  # the file that added it
    offset: int = -1  # the statement that added it (validated ones: that validated it)


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
    known: bool = True  # False: created outside these migrations (only statements on it were seen)
    kind: str = "table"  # table, partitioned table, partition, table as (CREATE TABLE AS / SELECT INTO)
    rls_place: Place | None = None  # the last ENABLE or DISABLE ROW LEVEL SECURITY
    rls_disabled: bool = False  # the last word was DISABLE ROW LEVEL SECURITY
    force_place: Place | None = None  # the last FORCE or NO FORCE ROW LEVEL SECURITY
    force_removed: bool = False  # the last word was NO FORCE ROW LEVEL SECURITY
    policy_dropped: Place | None = None  # the last DROP POLICY on the table
    append_only_guard: Place | None = None  # a trigger refusing DELETE/TRUNCATE (inferred append-only)
    guarded: frozenset[str] = frozenset()  # what such triggers refuse: UPDATE, DELETE, TRUNCATE

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
class FunctionInfo:
    """A function or procedure; `key` is `name(argument types)`."""

    key: str
    name: str  # lower case, schema-qualified unless public
    security_definer: bool = False
    search_path: tuple[str, ...] | None = None  # SET search_path of its definition (None: not pinned)
    settings_read: frozenset[str] = frozenset()  # current_setting('...') names its body reads
    public_execute: bool = True  # PUBLIC holds EXECUTE (PostgreSQL's default for a new function)
    language: str = "sql"
    created: Place | None = None  # its CREATE (the first, or the last CREATE OR REPLACE)
    search_path_place: Place | None = None  # the statement that last set (or dropped) its search_path
    changed: Place | None = None  # the CREATE or ALTER FUNCTION that last changed its security or settings
    public_execute_after_create: bool | None = None  # PUBLIC still held EXECUTE at the end of the creating file
    search_path_from_current: bool = False  # SET search_path FROM CURRENT (cannot be checked)
    returns_trigger: bool = False
    raises: bool = False  # its body raises an exception (a guard trigger's function)


@dataclass
class ViewInfo:
    """A view or materialized view."""

    name: str
    materialized: bool
    reads: tuple[str, ...] = ()  # relations its query reads (lower case, as relation_name gives them)
    tenant_filtered: bool = False  # its WHERE compares the tenant column with the session's tenant
    created: Place | None = None


@dataclass(frozen=True)
class GrantInfo:
    """One privilege held by one grantee on one object (columns: a column-level grant)."""

    object: str  # relation name, or function key
    object_kind: str  # table (tables, views, materialized views, sequences), function
    grantee: str  # lower case; "public"
    privilege: str  # upper case: SELECT, INSERT, UPDATE, DELETE, TRUNCATE, EXECUTE, ...
    columns: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()  # every statement that granted it since it was last revoked

    @property
    def place(self) -> Place | None:
        return self.places[-1] if self.places else None

    @property
    def key(self) -> tuple[str, str, str, str, tuple[str, ...]]:
        return (self.object, self.object_kind, self.grantee, self.privilege, self.columns)


@dataclass(frozen=True)
class DefaultPrivilege:
    """ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT ... ON <kind> TO grantee."""

    owner: str | None  # FOR ROLE, or the role that ran it (None: the role applying migrations)
    schema: str | None
    object_kind: str  # tables, sequences, functions, types, schemas
    grantee: str  # lower case; "public"
    privilege: str
    place: Place | None = None


@dataclass
class SchemaModel:
    """The schema built so far; relations keyed by lower-case name (schema-qualified unless public)."""

    tables: dict[str, TableInfo] = field(default_factory=dict)
    views: dict[str, ViewInfo] = field(default_factory=dict)
    # by GrantInfo.key; a grant given again adds its statement to `places`
    grants: dict[tuple[str, str, str, str, tuple[str, ...]], GrantInfo] = field(default_factory=dict)
    # (object, object_kind) -> keys of `grants`: an index kept by add_grant/remove_grant
    _grant_keys: dict[tuple[str, str], set[tuple[str, str, str, str, tuple[str, ...]]]] = field(
        default_factory=dict, init=False, repr=False
    )
    default_privileges: list[DefaultPrivilege] = field(default_factory=list)
    default_revokes: list[DefaultPrivilege] = field(default_factory=list)  # revokes of built-in defaults
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    extensions: set[str] = field(default_factory=set)
    indexes: dict[str, IndexInfo] = field(default_factory=dict)  # named indexes of CREATE INDEX, by lower-case name
    current_role: str | None = None  # SET ROLE of the file being read (None: the role applying migrations)
    domains: dict[str, str] = field(default_factory=dict)  # domain (last name part) -> the file that created it
    domains_used: set[str] = field(default_factory=set)  # domain (or type) names some column uses

    def table(self, name: str | None) -> TableInfo | None:
        return self.tables.get(name.lower()) if name else None

    def add_grant(self, grant: GrantInfo) -> None:
        held = self.grants.get(grant.key)
        if held is not None and grant.places:
            fresh = tuple(p for p in grant.places if not held.places or p != held.places[-1])
            grant = replace(grant, places=held.places + fresh)
        self.grants[grant.key] = grant
        self._grant_keys.setdefault((grant.object, grant.object_kind), set()).add(grant.key)

    def grants_on(self, object_kind: str, name: str) -> list[GrantInfo]:
        keys = self._grant_keys.get((name, object_kind), set())
        return [self.grants[k] for k in sorted(keys) if k in self.grants]

    def remove_grant(self, grant: GrantInfo) -> None:
        self.grants.pop(grant.key, None)
        self._grant_keys.get((grant.object, grant.object_kind), set()).discard(grant.key)

    def drop_grants_on(self, object_kind: str, name: str) -> None:
        for grant in self.grants_on(object_kind, name):
            self.remove_grant(grant)

    def is_materialized_view(self, name: str | None) -> bool:
        view = self.views.get(name) if name else None
        return view is not None and view.materialized

    def functions_named(self, name: str) -> list[FunctionInfo]:
        return [f for f in self.functions.values() if f.name == name]

    def index(self, name: str | None) -> IndexInfo | None:
        return self.indexes.get(name.lower()) if name else None


def qualified(schema: str | None, name: str) -> str:
    """`name` in schema `public` (or unqualified), else `schema.name`; lower case."""
    name = name.lower()
    if not schema or schema.lower() == "public":
        return name
    return f"{schema.lower()}.{name}"


def relation_name(range_var: Any) -> str | None:
    """Name of a pglast RangeVar (or None): unqualified in schema public, `schema.name` elsewhere."""
    if range_var is None:
        return None
    name = getattr(range_var, "relname", None)
    if not name:
        return None
    return qualified(getattr(range_var, "schemaname", None), str(name))


def name_of_items(items: Any) -> str | None:
    """A dotted name given as a tuple of pglast String nodes (DROP, COMMENT): same form as relation_name."""
    if not isinstance(items, tuple) or not items:
        return None
    parts = [str(getattr(part, "sval", "")) for part in items]
    if len(parts) >= 3:  # catalog.schema.name
        parts = parts[-2:]
    return qualified(parts[0] if len(parts) == 2 else None, parts[-1])


def type_name_of(type_name: Any) -> str:
    """Last element of a pglast TypeName, lower case (pg_catalog.int4 -> int4)."""
    names = getattr(type_name, "names", None) or ()
    return str(names[-1].sval).lower() if names else ""
