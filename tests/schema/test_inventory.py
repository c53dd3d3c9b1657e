"""Acceptance inventory: every database object the two seed documents name exists after apply.

The expected objects are data below, each group citing the seed section it comes from:
  [inventory]  /work/shared/seeds/000_68d06218776bc6bc.txt, "B0.3 Database Schema Foundation - Object Inventory"
  [dictionary] /work/shared/seeds/002_1b00233eaeea0a5e.txt, "Data Dictionary"
and, where the seeds disagree or are silent, the decision of DESIGN.md section 4 that applies.
One test compares them with the catalog and reports every difference in a single message; a
second test proves the comparison notices objects that go missing.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, LiteralString, NamedTuple

import psycopg
import pytest

from tests.schema.conftest import PROJECT_ROOT
from tests.schema.integrity_support import Conn


class Column(NamedTuple):
    name: str
    type: str  # as format_type() renders it
    nullable: bool
    default: str | None  # as pg_get_expr() renders it


NULL, NOT_NULL = True, False
TIMESTAMPTZ = "timestamp with time zone"

# [dictionary] "## Tables" > each table > "#### Columns" (Type, Nullable, Default), in seed order.
# The enhancement columns come from [inventory] "Allocation & Ledger" (202511131232 enhance_allocation_schema,
# 202511131250 enhance_revenue_ledger), in scope by DESIGN 4.1; their types from [inventory]
# "Source-of-Truth Crosswalk > Allocation & Ledger" (allocation_ratio numeric(6,5) NOT NULL,
# model_version text NOT NULL). revenue_ledger.allocation_id is the posting reference of DESIGN 4.1.
TABLE_COLUMNS: dict[str, list[Column]] = {
    "tenants": [
        Column("id", "uuid", NOT_NULL, "gen_random_uuid()"),
        Column("name", "character varying(255)", NOT_NULL, None),
        Column("created_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("updated_at", TIMESTAMPTZ, NOT_NULL, "now()"),
    ],
    "attribution_events": [
        Column("id", "uuid", NOT_NULL, "gen_random_uuid()"),
        Column("tenant_id", "uuid", NOT_NULL, None),
        Column("created_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("updated_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("occurred_at", TIMESTAMPTZ, NOT_NULL, None),
        Column("external_event_id", "text", NULL, None),
        Column("correlation_id", "uuid", NULL, None),
        Column("session_id", "uuid", NULL, None),
        Column("revenue_cents", "integer", NOT_NULL, "0"),
        Column("raw_payload", "jsonb", NOT_NULL, None),
    ],
    "dead_events": [
        Column("id", "uuid", NOT_NULL, "gen_random_uuid()"),
        Column("tenant_id", "uuid", NOT_NULL, None),
        Column("ingested_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("source", "text", NOT_NULL, None),
        Column("error_code", "text", NOT_NULL, None),
        Column("error_detail", "jsonb", NOT_NULL, None),
        Column("raw_payload", "jsonb", NOT_NULL, None),
        Column("correlation_id", "uuid", NULL, None),
        Column("external_event_id", "text", NULL, None),
    ],
    "attribution_allocations": [
        Column("id", "uuid", NOT_NULL, "gen_random_uuid()"),
        Column("tenant_id", "uuid", NOT_NULL, None),
        Column("event_id", "uuid", NOT_NULL, None),
        Column("created_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("updated_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("channel", "text", NOT_NULL, None),
        Column("allocated_revenue_cents", "integer", NOT_NULL, "0"),
        Column("model_metadata", "jsonb", NULL, None),
        Column("correlation_id", "uuid", NULL, None),
        Column("allocation_ratio", "numeric(6,5)", NOT_NULL, None),  # 202511131232
        Column("model_version", "text", NOT_NULL, None),  # 202511131232
    ],
    "revenue_ledger": [
        Column("id", "uuid", NOT_NULL, "gen_random_uuid()"),
        Column("tenant_id", "uuid", NOT_NULL, None),
        Column("created_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("updated_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("revenue_cents", "integer", NOT_NULL, "0"),
        Column("is_verified", "boolean", NOT_NULL, "false"),
        Column("verified_at", TIMESTAMPTZ, NULL, None),
        Column("reconciliation_run_id", "uuid", NULL, None),
        Column("allocation_id", "uuid", NULL, None),  # 202511131250
    ],
    "reconciliation_runs": [
        Column("id", "uuid", NOT_NULL, "gen_random_uuid()"),
        Column("tenant_id", "uuid", NOT_NULL, None),
        Column("created_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("updated_at", TIMESTAMPTZ, NOT_NULL, "now()"),
        Column("last_run_at", TIMESTAMPTZ, NOT_NULL, None),
        Column("state", "character varying(20)", NOT_NULL, "'idle'::character varying"),
        Column("error_message", "text", NULL, None),
        Column("run_metadata", "jsonb", NULL, None),
    ],
}

# [inventory] "Read Path > Materialized Views" and "Allocation & Ledger > Sum-Equality Invariant";
# [dictionary] "## Materialized Views" (column types). DESIGN 4.4: data_freshness_seconds is computed
# when read, in v_realtime_revenue, so mv_realtime_revenue stores refreshed_at instead. DESIGN 4.3: the
# contract shapes are read through v_realtime_revenue and v_reconciliation_status (exact columns, in
# order); for the materialized views only the listed columns are required.
MATERIALIZED_VIEW_COLUMNS: dict[str, dict[str, str]] = {
    "mv_realtime_revenue": {
        "tenant_id": "uuid",
        "total_revenue": "numeric",
        "verified": "boolean",
        "refreshed_at": TIMESTAMPTZ,  # DESIGN 4.4, instead of data_freshness_seconds
    },
    "mv_reconciliation_status": {
        "tenant_id": "uuid",
        "state": "character varying(20)",
        "last_run_at": TIMESTAMPTZ,
        "reconciliation_run_id": "uuid",
    },
    # "Aggregates allocation sums per (tenant_id, event_id, model_version) for sum-equality validation"
    "mv_allocation_summary": {
        "tenant_id": "uuid",
        "event_id": "uuid",
        "model_version": "text",
        "is_balanced": "boolean",
    },
}
CONTRACT_VIEW_COLUMNS: dict[str, list[tuple[str, str]]] = {
    # [inventory] crosswalk "mv_realtime_revenue ... MV columns: tenant_id, total_revenue, verified,
    # data_freshness_seconds"; [dictionary] data_freshness_seconds integer.
    "v_realtime_revenue": [
        ("tenant_id", "uuid"),
        ("total_revenue", "numeric"),
        ("verified", "boolean"),
        ("data_freshness_seconds", "integer"),
    ],
    # [inventory] crosswalk "mv_reconciliation_status ... MV columns: tenant_id, state, last_run_at,
    # reconciliation_run_id".
    "v_reconciliation_status": [
        ("tenant_id", "uuid"),
        ("state", "character varying(20)"),
        ("last_run_at", TIMESTAMPTZ),
        ("reconciliation_run_id", "uuid"),
    ],
}

# [dictionary] "#### Constraints" > "Primary Key: id (uuid)" of every table; departure (docs/SCHEMA.md):
# tenant-scoped, PRIMARY KEY (tenant_id, id), on every table but tenants (whose id is the tenant).
PRIMARY_KEY = "PRIMARY KEY (id)"
TENANT_SCOPED_PRIMARY_KEY = "PRIMARY KEY (tenant_id, id)"

# [dictionary] "#### Constraints" > "Check Constraint" of each table, with the rule it states.
_CHANNELS = tomllib.loads((PROJECT_ROOT / "templates" / "channels.toml").read_text())["codes"]
CHECK_CONSTRAINTS: dict[tuple[str, str], str | None] = {
    ("tenants", "ck_tenants_name_not_empty"): None,  # "Ensures tenant name is not empty"
    ("attribution_events", "ck_attribution_events_revenue_positive"): "CHECK ((revenue_cents >= 0))",
    ("attribution_allocations", "ck_attribution_allocations_revenue_positive"): (
        "CHECK ((allocated_revenue_cents >= 0))"
    ),
    ("revenue_ledger", "ck_revenue_ledger_revenue_positive"): "CHECK ((revenue_cents >= 0))",
    ("reconciliation_runs", "ck_reconciliation_runs_state_valid"): (
        "CHECK (((state)::text = ANY ((ARRAY['idle'::character varying, 'running'::character varying,"
        " 'failed'::character varying, 'completed'::character varying])::text[])))"
    ),
    # [inventory] crosswalk "channel_code: string enum -> channel text NOT NULL (CHECK constraint for
    # enum)" (202511131232, unnamed there); the vocabulary is templates/channels.toml (DESIGN 4.1).
    ("attribution_allocations", "ck_attribution_allocations_channel_valid"): (
        "CHECK ((channel = ANY (ARRAY[" + ", ".join(f"'{code}'::text" for code in _CHANNELS) + "])))"
    ),
    # DESIGN 4.2: verification is a pair (is_verified, verified_at).
    ("revenue_ledger", "ck_revenue_ledger_verified_at_when_verified"): (
        "CHECK ((is_verified = (verified_at IS NOT NULL)))"
    ),
}

# [dictionary] "Foreign Key: tenant_id REFERENCES tenants(id) ON DELETE CASCADE" of every tenant-scoped
# table, and "event_id REFERENCES attribution_events(id) ON DELETE CASCADE", made composite by DESIGN 4.6.
# revenue_ledger.reconciliation_run_id ("Link to reconciliation_runs table") and allocation_id
# (202511131250) are composite too; no delete action: a ledger entry keeps what it posts.
_TENANT_FK = "FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE"
FOREIGN_KEYS: set[tuple[str, str]] = {
    ("attribution_events", _TENANT_FK),
    ("dead_events", _TENANT_FK),
    ("attribution_allocations", _TENANT_FK),
    ("revenue_ledger", _TENANT_FK),
    ("reconciliation_runs", _TENANT_FK),
    (
        "attribution_allocations",
        "FOREIGN KEY (tenant_id, event_id) REFERENCES attribution_events(tenant_id, id) ON DELETE CASCADE",
    ),
    (
        "revenue_ledger",
        "FOREIGN KEY (tenant_id, reconciliation_run_id) REFERENCES reconciliation_runs(tenant_id, id)",
    ),
    ("revenue_ledger", "FOREIGN KEY (tenant_id, allocation_id) REFERENCES attribution_allocations(tenant_id, id)"),
}


class Index(NamedTuple):
    table: str
    unique: bool
    columns: str
    predicate: str | None = None  # as pg_get_indexdef() renders it, without the outer parentheses

    def definition(self, name: str) -> str:
        unique = "UNIQUE " if self.unique else ""
        where = f" WHERE ({self.predicate})" if self.predicate else ""
        return f"CREATE {unique}INDEX {name} ON public.{self.table} USING btree ({self.columns}){where}"


INDEXES: dict[str, Index] = {
    # [dictionary] tenants > "#### Indexes"
    "idx_tenants_name": Index("tenants", False, "name"),
    # [inventory] "Ingestion Facts > Idempotency Constraints"; [dictionary] attribution_events > "Unique Index"
    "idx_attribution_events_tenant_external_event_id": Index(
        "attribution_events", True, "tenant_id, external_event_id", "external_event_id IS NOT NULL"
    ),
    "idx_attribution_events_tenant_correlation_id": Index(
        "attribution_events",
        True,
        "tenant_id, correlation_id",
        "(correlation_id IS NOT NULL) AND (external_event_id IS NULL)",
    ),
    # [dictionary] attribution_events > "#### Indexes"
    "idx_attribution_events_tenant_occurred_at": Index("attribution_events", False, "tenant_id, occurred_at DESC"),
    "idx_attribution_events_session_id": Index("attribution_events", False, "session_id", "session_id IS NOT NULL"),
    # [dictionary] dead_events > "#### Indexes"
    "idx_dead_events_tenant_ingested_at": Index("dead_events", False, "tenant_id, ingested_at DESC"),
    "idx_dead_events_source": Index("dead_events", False, "source"),
    "idx_dead_events_error_code": Index("dead_events", False, "error_code"),
    # [dictionary] attribution_allocations > "#### Indexes"
    "idx_attribution_allocations_tenant_created_at": Index(
        "attribution_allocations", False, "tenant_id, created_at DESC"
    ),
    "idx_attribution_allocations_event_id": Index("attribution_allocations", False, "event_id"),
    "idx_attribution_allocations_channel": Index("attribution_allocations", False, "channel"),
    # [dictionary] revenue_ledger > "#### Indexes"
    "idx_revenue_ledger_tenant_updated_at": Index("revenue_ledger", False, "tenant_id, updated_at DESC"),
    "idx_revenue_ledger_is_verified": Index("revenue_ledger", False, "is_verified", "is_verified = true"),
    # [dictionary] reconciliation_runs > "#### Indexes"
    "idx_reconciliation_runs_tenant_last_run_at": Index("reconciliation_runs", False, "tenant_id, last_run_at DESC"),
    "idx_reconciliation_runs_state": Index("reconciliation_runs", False, "state"),
    # [dictionary] "## Materialized Views" > "#### Indexes" (unique on tenant_id)
    "idx_mv_realtime_revenue_tenant_id": Index("mv_realtime_revenue", True, "tenant_id"),
    "idx_mv_reconciliation_status_tenant_id": Index("mv_reconciliation_status", True, "tenant_id"),
    # [inventory] 202511131250 "allocation-based posting": an allocation posts at most once (DESIGN 4.1),
    # per tenant (DESIGN 4.6: a global unique key told one tenant of another's allocation ids).
    "idx_revenue_ledger_tenant_allocation_id": Index(
        "revenue_ledger", True, "tenant_id, allocation_id", "allocation_id IS NOT NULL"
    ),
    # [inventory] mv_allocation_summary is refreshed CONCURRENTLY ("Refresh policy"): needs a unique index.
    "idx_mv_allocation_summary_tenant_event_model": Index(
        "mv_allocation_summary", True, "tenant_id, event_id, model_version"
    ),
}

# [inventory] "Tenancy & RLS Substrate > RLS Policies" (five tables) and [dictionary] "Row-Level Security
# (RLS) Policies" ("enabled and forced"; USING and WITH CHECK); tenants too by DESIGN 4.9.
POLICY = "tenant_isolation_policy"
POLICY_TABLES = (
    "tenants",
    "attribution_events",
    "dead_events",
    "attribution_allocations",
    "revenue_ledger",
    "reconciliation_runs",
)

# [inventory] "Allocation & Ledger > Sum-Equality Invariant": trigger function check_allocation_sum() and
# trigger trg_check_allocation_sum on attribution_allocations; checked at commit (DESIGN 4.7).
SUM_TRIGGER = ("attribution_allocations", "trg_check_allocation_sum", "check_allocation_sum()")
# tgtype bits: ROW (1) | INSERT (4) | DELETE (8) | UPDATE (16); no BEFORE (2): an AFTER trigger.
SUM_TRIGGER_TYPE = 1 | 4 | 8 | 16

# [inventory] "Tenancy & RLS Substrate > Roles & GRANTs".
ROLES = ("app_rw", "app_ro", "app_admin", "migration_owner")

# [inventory] "Migration Files Summary": the eight seed revisions (DESIGN 4.12: each in a header comment).
SEED_REVISIONS = (
    "202511121302",
    "202511131115",
    "202511131119",
    "202511131120",
    "202511131121",
    "202511131232",
    "202511131240",
    "202511131250",
)


def _rows(conn: Conn, query: LiteralString, params: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]]:
    return conn.execute(query, params).fetchall()


def _relation_columns(conn: Conn) -> dict[tuple[str, str], dict[str, Column]]:
    """(relkind, relation) -> column name -> Column, for every relation of schema public."""
    result: dict[tuple[str, str], dict[str, Column]] = {}
    for relkind, relname, attname, typ, not_null, default in _rows(
        conn,
        "SELECT c.relkind::text, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
        "       pg_get_expr(d.adbin, d.adrelid)"
        " FROM pg_class AS c"
        " JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
        " LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')"
        " ORDER BY c.relname, a.attnum",
    ):
        result.setdefault((relkind, relname), {})[attname] = Column(attname, typ, not not_null, default)
    return result


def inventory_problems(conn: Conn) -> list[str]:
    """Every difference between the expected objects above and the catalog, one line each."""
    problems: list[str] = []
    relations = _relation_columns(conn)

    for table, expected_columns in TABLE_COLUMNS.items():
        actual = relations.get(("r", table))
        if actual is None:
            problems.append(f"table {table}: missing")
            continue
        for column in expected_columns:
            found = actual.get(column.name)
            if found is None:
                problems.append(f"column {table}.{column.name}: missing")
            elif found != column:
                problems.append(f"column {table}.{column.name}: expected {column}, found {found}")
        for extra in sorted(set(actual) - {column.name for column in expected_columns}):
            problems.append(f"column {table}.{extra}: not in the seeds or DESIGN 4")

    for view, mv_columns in MATERIALIZED_VIEW_COLUMNS.items():
        actual = relations.get(("m", view))
        if actual is None:
            problems.append(f"materialized view {view}: missing")
            continue
        for name, typ in mv_columns.items():
            found = actual.get(name)
            if found is None or found.type != typ:
                problems.append(f"column {view}.{name} {typ}: {'missing' if found is None else found.type}")

    for view, contract in CONTRACT_VIEW_COLUMNS.items():
        actual = relations.get(("v", view))
        shape = [(column.name, column.type) for column in actual.values()] if actual is not None else None
        if shape != contract:
            problems.append(f"view {view}: expected columns {contract}, found {shape}")

    constraints = {
        (table, name): (contype, definition)
        for table, name, contype, definition in _rows(
            conn,
            "SELECT conrelid::regclass::text, conname, contype::text, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace",
        )
    }
    for table in TABLE_COLUMNS:
        key = PRIMARY_KEY if table == "tenants" else TENANT_SCOPED_PRIMARY_KEY
        if ("p", key) not in {value for (owner, _), value in constraints.items() if owner == table}:
            problems.append(f"primary key {table}: missing {key}")
    for (table, name), expected_definition in CHECK_CONSTRAINTS.items():
        found_constraint = constraints.get((table, name))
        if found_constraint is None or found_constraint[0] != "c":
            problems.append(f"check constraint {table}.{name}: missing")
        elif expected_definition is not None and found_constraint[1] != expected_definition:
            problems.append(
                f"check constraint {table}.{name}: expected {expected_definition}, found {found_constraint[1]}"
            )
    foreign_keys = {(table, definition) for (table, _), (contype, definition) in constraints.items() if contype == "f"}
    for table, definition in sorted(FOREIGN_KEYS - foreign_keys):
        problems.append(f"foreign key on {table}: missing {definition}")

    indexes = dict(
        _rows(
            conn,
            "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_class AS c"
            " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('i', 'I')",
        )
    )
    for name, index in INDEXES.items():
        if name not in indexes:
            problems.append(f"index {name}: missing")
        elif indexes[name] != index.definition(name):
            problems.append(f"index {name}: expected {index.definition(name)!r}, found {indexes[name]!r}")

    security = {
        table: (rls, forced)
        for table, rls, forced in _rows(
            conn,
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'",
        )
    }
    policies = {
        table: (command, permissive, has_using, has_check)
        for table, command, permissive, has_using, has_check in _rows(
            conn,
            "SELECT polrelid::regclass::text, polcmd::text, polpermissive,"
            "       polqual IS NOT NULL, polwithcheck IS NOT NULL"
            " FROM pg_policy WHERE polname = %s",
            (POLICY,),
        )
    }
    for table in POLICY_TABLES:
        if security.get(table) != (True, True):
            problems.append(f"row level security on {table}: expected enabled and forced, found {security.get(table)}")
        if table not in policies:
            problems.append(f"policy {POLICY} on {table}: missing")
        elif policies[table] != ("*", True, True, True):
            problems.append(f"policy {POLICY} on {table}: expected FOR ALL, permissive, USING and WITH CHECK")

    table, trigger, function = SUM_TRIGGER
    triggers = _rows(
        conn,
        "SELECT t.tgtype, t.tgconstraint <> 0, t.tgdeferrable, t.tginitdeferred, t.tgfoid::regprocedure::text,"
        "       t.tgenabled::text"
        " FROM pg_trigger AS t WHERE t.tgrelid = to_regclass(%s) AND t.tgname = %s",
        (f"public.{table}", trigger),
    )
    if triggers != [(SUM_TRIGGER_TYPE, True, True, True, function, "O")]:
        problems.append(
            f"trigger {trigger} on {table}: expected an enabled constraint trigger, DEFERRABLE INITIALLY DEFERRED,"
            f" AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW, executing {function}; found {triggers}"
        )
    returns = _rows(
        conn, "SELECT prorettype::regtype::text FROM pg_proc WHERE oid = to_regprocedure(%s)", (f"public.{function}",)
    )
    if returns != [("trigger",)]:
        problems.append(f"function {function}: expected a trigger function, found {returns}")

    roles = {name for (name,) in _rows(conn, "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(ROLES),))}
    problems.extend(f"role {role}: missing" for role in ROLES if role not in roles)
    return problems


def test_every_seed_object_exists(schema_url: str) -> None:
    with psycopg.connect(schema_url, autocommit=True) as conn:
        problems = inventory_problems(conn)
    assert problems == [], "objects of the seeds missing or different:\n" + "\n".join(problems)


REMOVALS = {
    "index": (
        "DROP INDEX idx_attribution_events_tenant_correlation_id",
        "index idx_attribution_events_tenant_correlation_id: missing",
    ),
    "partial predicate": (
        "DROP INDEX idx_attribution_events_tenant_external_event_id;"
        " CREATE UNIQUE INDEX idx_attribution_events_tenant_external_event_id"
        " ON attribution_events (tenant_id, external_event_id)",
        "index idx_attribution_events_tenant_external_event_id: expected",
    ),
    "default": (
        "ALTER TABLE revenue_ledger ALTER COLUMN is_verified DROP DEFAULT",
        "column revenue_ledger.is_verified: expected",
    ),
    "nullability": (
        "ALTER TABLE attribution_allocations ALTER COLUMN model_version DROP NOT NULL",
        "column attribution_allocations.model_version: expected",
    ),
    "type": (
        "ALTER TABLE attribution_allocations ALTER COLUMN allocation_ratio TYPE numeric(7,5)",
        "column attribution_allocations.allocation_ratio: expected",
    ),
    "check": (
        "ALTER TABLE reconciliation_runs DROP CONSTRAINT ck_reconciliation_runs_state_valid",
        "check constraint reconciliation_runs.ck_reconciliation_runs_state_valid: missing",
    ),
    "composite foreign key": (
        "ALTER TABLE attribution_allocations DROP CONSTRAINT fk_attribution_allocations_tenant_event;"
        " ALTER TABLE attribution_allocations ADD FOREIGN KEY (event_id, tenant_id)"
        " REFERENCES attribution_events (id, tenant_id) ON DELETE CASCADE",
        "foreign key on attribution_allocations: missing FOREIGN KEY (tenant_id, event_id)",
    ),
    "policy": (
        "DROP POLICY tenant_isolation_policy ON dead_events",
        "policy tenant_isolation_policy on dead_events: missing",
    ),
    "forced rls": (
        "ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY",
        "row level security on tenants: expected enabled and forced",
    ),
    "deferred trigger": (
        "ALTER TRIGGER trg_check_allocation_sum ON attribution_allocations RENAME TO trg_renamed",
        "trigger trg_check_allocation_sum on attribution_allocations: expected",
    ),
    "materialized view": (
        "DROP MATERIALIZED VIEW mv_allocation_summary",
        "materialized view mv_allocation_summary: missing",
    ),
}


@pytest.mark.parametrize("removal", sorted(REMOVALS))
def test_inventory_notices_a_missing_object(schema_url: str, removal: str) -> None:
    """The comparison is not vacuous: break one object and it is reported."""
    statement, expected_problem = REMOVALS[removal]
    with psycopg.connect(schema_url, autocommit=True) as conn:
        conn.execute(statement.encode())
        problems = inventory_problems(conn)
    assert any(problem.startswith(expected_problem) for problem in problems), problems


# ---------------------------------------------------------------------------------------------
# Comments (the data dictionary's descriptions live in the catalog) and seed revision ids
# ---------------------------------------------------------------------------------------------


def test_every_relation_and_column_has_a_comment(schema_url: str) -> None:
    with psycopg.connect(schema_url, autocommit=True) as conn:
        uncommented = _rows(
            conn,
            "SELECT c.relname, NULL::name FROM pg_class AS c"
            " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')"
            "   AND coalesce(btrim(obj_description(c.oid, 'pg_class')), '') = ''"
            " UNION ALL"
            " SELECT c.relname, a.attname FROM pg_class AS c"
            " JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')"
            "   AND coalesce(btrim(col_description(c.oid, a.attnum)), '') = ''"
            " ORDER BY 1, 2 NULLS FIRST",
        )
        tables = {
            name
            for (name,) in _rows(
                conn, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
            )
        }
    assert set(TABLE_COLUMNS) <= tables  # the check above ran over the schema's tables
    assert uncommented == [], "without a COMMENT: " + ", ".join(
        name if column is None else f"{name}.{column}" for name, column in uncommented
    )


def _header_comment(path: Path) -> str:
    """The comment lines a migration file starts with (blank lines allowed), up to its first statement."""
    header: list[str] = []
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("--"):
            break
        header.append(stripped)
    return "\n".join(header)


def test_every_seed_revision_is_named_in_a_migration_header() -> None:
    headers = {path.name: _header_comment(path) for path in sorted((PROJECT_ROOT / "sql").glob("*.sql"))}
    assert headers, "no migration files"
    named = {
        revision: [name for name, header in headers.items() if re.search(rf"\b{revision}\b", header)]
        for revision in SEED_REVISIONS
    }
    missing = [revision for revision, files in named.items() if not files]
    assert missing == [], f"seed revisions named in no header comment of sql/*.sql: {missing}"
