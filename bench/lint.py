"""Benchmark: `schemactl lint` against squawk and sqlfluff on 1,000 generated migration files.

The workload: a temporary project (pyproject.toml with `[tool.schemactl]`, a copy of templates/ and
docs/EXTENSION_ALLOWLIST.md) whose sql/ holds 1,000 files of plain DDL. They describe a multi-tenant
schema that evolves over time: tables with tenant_id, comments, row-level security (ENABLE, FORCE,
CREATE POLICY with USING and WITH CHECK), grants, indexes (CONCURRENTLY, in no-transaction files,
for tables created earlier), ALTER TABLE ADD COLUMN, views and reference tables. Some files carry
violations on purpose: timestamp without time zone, missing comments, a plain CREATE INDEX on an
existing table, float money columns, grants to PUBLIC, a table without RLS, a policy without WITH
CHECK, ADD COLUMN NOT NULL without a default. A file holds roughly 5 to 15 statements. The
generator is seeded, so every run lints the very same bytes (`workload.sha256`).

What it measures, as whole processes from spawn to exit (what a person or CI waits for):
1. `schemactl -C <project> lint --no-cache` on the 1,000 files (cold: no lint cache), against
   `squawk <the 1,000 files>`, in turns (ABBA) after one untimed warm-up of each. Both exit 1 on
   findings; that is expected. Goal: schemactl within 2x of squawk (`median(schemactl) / median(squawk) <= 2`).
2. `sqlfluff lint --dialect postgres` on an evenly spread 50-file subset (every 20th file), 2 runs:
   sqlfluff is slow. Its median is **extrapolated linearly** to 1,000 files (x 20). Goal: schemactl
   at least 20x faster than that. A second, conservative estimate scales only the part above
   sqlfluff's fixed cost (one run on a one-statement file) and is reported alongside.
3. A cold `schemactl -C <this repository> lint --no-cache` of the project's own sql/: cold means a
   fresh process without the lint cache (the OS file cache is warm after a warm-up). Goal: <= 0.25 s.
   `python -c pass` is timed with it as the floor, and one `python -X importtime` run shows what the
   imports cost.
4. The realistic workload: 1,001 migrations (the baseline, then one table per file with RLS, FORCE,
   a policy, grants and comments; ~41k lines). Cold (`--no-cache`) against squawk on every file, and
   the pre-commit case: the last file edited (new bytes before every sample) and linted alone, the
   other 1,000 files being context, with the lint cache warm (filled once by an untimed run).
   Goal: <= 0.3 s; squawk on that one file is timed beside it.

squawk (PyPI squawk-cli) and sqlfluff are installed into this interpreter's environment, at the
pinned versions below and constrained by requirements.lock, when they are missing: they are
benchmark tools, not dependencies of schemactl.

Usage: .venv/bin/python bench/lint.py [--runs N] [--sqlfluff-runs N] [--output PATH]
       (or: make bench-lint)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import PROJECT_ROOT, RESULTS_DIR, compile_schemactl, schemactl_base, write_json

DEFAULT_OUTPUT = RESULTS_DIR / "lint.json"
LOCK_FILE = PROJECT_ROOT / "requirements.lock"

SQUAWK = ("squawk-cli", "2.70.0")
SQLFLUFF = ("sqlfluff", "4.5.0")
SEED = 20251113
FILES = 1000
SQLFLUFF_FILES = 50

GOAL_COLD_PROJECT_S = 0.25
GOAL_WARM_ONE_FILE_S = 0.3  # one changed file of the realistic 1,001-migration project, cache warm
GOAL_SQUAWK_RATIO = 2.0  # median(schemactl) / median(squawk), at most
GOAL_SQLFLUFF_SPEEDUP = 20.0  # sqlfluff (extrapolated) / schemactl, at least

SCHEMACTL_EXIT_OK = (0, 1)  # 1: findings at or above fail_on
LINTER_EXIT_OK = (0, 1)  # squawk and sqlfluff: 1 when they report violations


# ---------------------------------------------------------------------------------------------
# The workload
# ---------------------------------------------------------------------------------------------
AREAS = (
    "billing",
    "crm",
    "catalog",
    "fulfilment",
    "support",
    "ads",
    "payments",
    "identity",
    "analytics",
    "inventory",
    "loyalty",
    "partner",
)
NOUNS = (
    "invoices",
    "invoice_lines",
    "customers",
    "contacts",
    "orders",
    "order_items",
    "shipments",
    "refunds",
    "payouts",
    "subscriptions",
    "coupons",
    "campaigns",
    "tickets",
    "notes",
    "webhooks",
    "sessions",
    "products",
    "prices",
    "stock_moves",
    "rewards",
    "api_keys",
    "exports",
    "imports",
    "disputes",
    "transfers",
)


@dataclass(frozen=True)
class ColumnKind:
    name: str
    type_sql: str
    comment: str
    check: str | None = None  # a CHECK expression over the column, `{c}` standing for its name


COLUMN_KINDS = (
    ColumnKind("status", "text NOT NULL DEFAULT 'open'", "Lifecycle state.", "{c} IN ('open', 'closed', 'void')"),
    ColumnKind("external_ref", "text", "Identifier in the source system. Idempotency key."),
    ColumnKind("amount_cents", "bigint NOT NULL DEFAULT 0", "Amount in minor units (cents).", "{c} >= 0"),
    ColumnKind("currency", "char(3) NOT NULL DEFAULT 'USD'", "ISO 4217 currency code.", "{c} ~ '^[A-Z]{{3}}$'"),
    ColumnKind("occurred_at", "timestamptz NOT NULL DEFAULT now()", "When it happened in the domain."),
    ColumnKind("metadata", "jsonb NOT NULL DEFAULT '{}'::jsonb", "Free-form attributes. Non-PII."),
    ColumnKind("quantity", "integer NOT NULL DEFAULT 1", "Number of units.", "{c} > 0"),
    ColumnKind("email", "text", "Contact e-mail address. PII."),
    ColumnKind("is_active", "boolean NOT NULL DEFAULT true", "Soft-disable flag."),
    ColumnKind("due_on", "date", "Calendar due date."),
    ColumnKind("score", "numeric(6, 2)", "Model score between 0 and 100.", "{c} BETWEEN 0 AND 100"),
    ColumnKind("notes", "text", "Operator notes. May contain PII."),
    ColumnKind("expires_at", "timestamptz", "Expiry instant; NULL never expires."),
    ColumnKind("sequence_no", "bigint NOT NULL DEFAULT 0", "Monotonic sequence per tenant.", "{c} >= 0"),
    ColumnKind("channel", "text NOT NULL DEFAULT 'direct'", "Acquisition channel code."),
    ColumnKind("region", "text", "Sales region."),
)
BAD_TIMESTAMPS = ("timestamp", "timestamp without time zone", "timestamp(3)")
BAD_MONEY = ("double precision", "real", "float8", "float")


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class Table:
    name: str
    columns: list[str]
    tenant_scoped: bool
    admin_policy: bool = False


@dataclass
class Workload:
    """What the generator wrote: where, how much, and which violations it put in on purpose."""

    files: list[Path] = field(default_factory=list)
    statements: int = 0
    bytes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    violations: Counter[str] = field(default_factory=Counter)
    sha256: str = ""


class SchemaHistory:
    """A seeded multi-tenant schema that grows one migration file at a time."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tables: list[Table] = []
        self.names: set[str] = {"tenants"}
        self.indexes: set[str] = set()
        self.violations: Counter[str] = Counter()

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def unique(self, base: str) -> str:
        name, n = base[:55], 2
        while name in self.names or name in self.indexes:
            name = f"{base[:55]}_{n}"
            n += 1
        return name

    def violate(self, kind: str, probability: float) -> bool:
        if self.chance(probability):
            self.violations[kind] += 1
            return True
        return False

    def pick_table(self, tenant_scoped: bool = True) -> Table:
        candidates = [t for t in self.tables if t.tenant_scoped or not tenant_scoped]
        return self.rng.choice(candidates[-120:])  # mostly recent tables, as real projects evolve

    # -- files: each returns (file name part, statements) -------------------------------------
    def baseline(self) -> tuple[str, str, list[str]]:
        statements = [
            "CREATE EXTENSION IF NOT EXISTS pgcrypto;",
            "SET LOCAL ROLE migration_owner;",
            "CREATE FUNCTION public.app_current_tenant_id()\n    RETURNS uuid\n    LANGUAGE sql\n    STABLE\n"
            "AS $fn$\n    SELECT nullif(current_setting('app.current_tenant_id', true), '')::uuid\n$fn$;",
            "CREATE TABLE tenants (\n    id uuid NOT NULL DEFAULT gen_random_uuid(),\n    name text NOT NULL,\n"
            "    created_at timestamptz NOT NULL DEFAULT now(),\n    CONSTRAINT pk_tenants PRIMARY KEY (id)\n);",
            "COMMENT ON TABLE tenants IS 'Root of every tenant-scoped row.';",
            "COMMENT ON COLUMN tenants.id IS 'Primary key.';",
            "COMMENT ON COLUMN tenants.name IS 'Tenant name.';",
            "COMMENT ON COLUMN tenants.created_at IS 'Record creation timestamp.';",
            "ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;",
            "ALTER TABLE tenants FORCE ROW LEVEL SECURITY;",
            "CREATE POLICY tenant_isolation_policy ON tenants\n    AS PERMISSIVE FOR ALL TO PUBLIC\n"
            "    USING (id = (SELECT public.app_current_tenant_id()))\n"
            "    WITH CHECK (id = (SELECT public.app_current_tenant_id()));",
            "REVOKE ALL ON TABLE tenants FROM PUBLIC;",
            "GRANT SELECT ON TABLE tenants TO app_rw, app_ro;",
        ]
        return "baseline", "Baseline: the tenants table and the tenant context function.", statements

    def create_table(self) -> tuple[str, str, list[str]]:
        area, noun = self.rng.choice(AREAS), self.rng.choice(NOUNS)
        name = self.unique(f"{area}_{noun}")
        self.names.add(name)
        kinds = self.rng.sample(COLUMN_KINDS, self.rng.randint(1, 3))
        lines = [
            "    id uuid NOT NULL DEFAULT gen_random_uuid()",
            "    tenant_id uuid NOT NULL",
            "    created_at timestamptz NOT NULL DEFAULT now()",
        ]
        comments = {
            "id": "Primary key.",
            "tenant_id": "Owning tenant. Tenant isolation.",
            "created_at": "Record creation timestamp.",
        }
        checks = []
        for kind in kinds:
            lines.append(f"    {kind.name} {kind.type_sql}")
            comments[kind.name] = kind.comment
            if kind.check:
                checks.append((kind.name, kind.check.format(c=kind.name)))
        if self.violate("timestamp_without_time_zone", 0.15):
            lines.append(f"    processed_at {self.rng.choice(BAD_TIMESTAMPS)}")
            comments["processed_at"] = "When a worker processed it."
        if self.violate("float_money", 0.10):
            lines.append(f"    amount {self.rng.choice(BAD_MONEY)} NOT NULL DEFAULT 0")
            comments["amount"] = "Amount in currency units."
        lines.append(f"    CONSTRAINT pk_{name} PRIMARY KEY (id)")
        lines.append(f"    CONSTRAINT uq_{name}_tenant_id_id UNIQUE (tenant_id, id)")
        lines.append(
            f"    CONSTRAINT fk_{name}_tenant_id FOREIGN KEY (tenant_id)\n"
            "        REFERENCES tenants (id) ON DELETE CASCADE"
        )
        lines.extend(f"    CONSTRAINT ck_{name}_{column} CHECK ({expression})" for column, expression in checks)
        statements = [
            "SET LOCAL ROLE migration_owner;",
            f"CREATE TABLE {name} (\n" + ",\n".join(lines) + "\n);",
            f"CREATE INDEX idx_{name}_tenant_created_at ON {name} (tenant_id, created_at DESC);",
        ]
        self.indexes.add(f"idx_{name}_tenant_created_at")
        if not self.violate("missing_table_comment", 0.05):
            statements.append(f"COMMENT ON TABLE {name} IS {sql_string(f'{area.title()} {noun}, per tenant.')}")
            statements[-1] += ";"
        skipped = self.rng.choice(list(comments)) if self.violate("missing_column_comment", 0.15) else None
        statements.extend(
            f"COMMENT ON COLUMN {name}.{column} IS {sql_string(text)};"
            for column, text in comments.items()
            if column != skipped
        )
        if not self.violate("rls_not_enabled", 0.04):
            statements.append(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;")
            statements.append(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY;")
            policy = (
                f"CREATE POLICY tenant_isolation_policy ON {name}\n    AS PERMISSIVE FOR ALL TO PUBLIC\n"
                "    USING (tenant_id = (SELECT public.app_current_tenant_id()))"
            )
            if not self.violate("policy_without_with_check", 0.08):
                policy += "\n    WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()))"
            statements.append(policy + ";")
        statements.append(f"REVOKE ALL ON TABLE {name} FROM PUBLIC;")
        statements.append(f"GRANT SELECT, INSERT, UPDATE ON TABLE {name} TO app_rw;")
        if self.chance(0.6):
            statements.append(f"GRANT SELECT ON TABLE {name} TO app_ro;")
        if self.violate("grant_to_public", 0.04):
            statements.append(f"GRANT SELECT ON TABLE {name} TO PUBLIC;")
        self.tables.append(Table(name, list(comments), tenant_scoped=True))
        return f"create_{name}", f"{area.title()}: create {name} with row-level security.", statements

    def add_columns(self) -> tuple[str, str, list[str]]:
        table = self.pick_table()
        statements = ["SET LOCAL ROLE migration_owner;"]
        added: list[str] = []
        for kind in self.rng.sample(COLUMN_KINDS, self.rng.randint(1, 3)):
            column = kind.name if kind.name not in table.columns else f"{kind.name}_{len(table.columns)}"
            type_sql = kind.type_sql
            if self.violate("timestamp_without_time_zone", 0.08):
                column = self.rng.choice(("processed_at", "synced_at", "archived_at", "reviewed_at"))
                type_sql = self.rng.choice(BAD_TIMESTAMPS)
            elif self.violate("add_column_not_null_without_default", 0.05):
                type_sql = type_sql.split(" DEFAULT ")[0] if " NOT NULL" in type_sql else f"{type_sql} NOT NULL"
            if column in table.columns:
                continue
            statements.append(f"ALTER TABLE {table.name} ADD COLUMN {column} {type_sql};")
            if not self.violate("missing_column_comment", 0.10):
                statements.append(f"COMMENT ON COLUMN {table.name}.{column} IS {sql_string(kind.comment)};")
            if kind.check and self.chance(0.4):
                constraint = f"ck_{table.name}_{column}"[:63]
                expression = kind.check.format(c=column)
                statements.append(
                    f"ALTER TABLE {table.name} ADD CONSTRAINT {constraint} CHECK ({expression}) NOT VALID;"
                )
                statements.append(f"ALTER TABLE {table.name} VALIDATE CONSTRAINT {constraint};")
            table.columns.append(column)
            added.append(column)
        if added and self.violate("index_without_concurrently", 0.20):
            index = self.unique(f"idx_{table.name}_{added[0]}")
            self.indexes.add(index)
            statements.append(f"CREATE INDEX {index} ON {table.name} (tenant_id, {added[0]});")
        return (
            f"add_{'_'.join(added) or 'nothing'}_to_{table.name}"[:80].rstrip("_"),
            f"{table.name}: new columns {', '.join(added)}.",
            statements,
        )

    def concurrent_indexes(self) -> tuple[str, str, list[str]]:
        statements: list[str] = []
        first = ""
        for _ in range(self.rng.randint(2, 5)):
            table = self.pick_table()
            column = self.rng.choice(table.columns[3:] or ["created_at"])  # after id, tenant_id, created_at
            index = self.unique(f"idx_{table.name}_tenant_{column}")
            self.indexes.add(index)
            first = first or table.name
            if self.chance(0.25):
                statements.append(
                    f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {index}\n"
                    f"    ON {table.name} (tenant_id, {column})\n    WHERE {column} IS NOT NULL;"
                )
            else:
                statements.append(
                    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table.name} (tenant_id, {column});"
                )
            if self.chance(0.7):
                statements.append(f"COMMENT ON INDEX {index} IS {sql_string(f'Read path by tenant and {column}.')};")
        header = (
            "-- schemactl: no-transaction drop-invalid-indexes\n-- Read-path indexes, built without blocking writes."
        )
        return f"index_{first}"[:80], header, statements

    def policies_and_grants(self) -> tuple[str, str, list[str]]:
        table = self.pick_table()
        statements = ["SET LOCAL ROLE migration_owner;"]
        if not table.admin_policy:
            statements.append(
                f"CREATE POLICY {table.name}_admin_policy ON {table.name}\n"
                "    AS PERMISSIVE FOR ALL TO app_admin\n    USING (true)\n    WITH CHECK (true);"
            )
            table.admin_policy = True
        statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {table.name} TO app_admin;")
        statements.append(f"REVOKE DELETE ON TABLE {table.name} FROM app_rw;")
        statements.append(f"GRANT SELECT ON TABLE {table.name} TO app_ro;")
        statements.append(
            f"COMMENT ON TABLE {table.name} IS {sql_string('Administered by app_admin across tenants.')};"
        )
        if self.violate("grant_to_public", 0.10):
            statements.append(f"GRANT SELECT ON TABLE {table.name} TO PUBLIC;")
        return f"admin_access_to_{table.name}"[:80], f"{table.name}: administrators see every tenant.", statements

    def view(self) -> tuple[str, str, list[str]]:
        table = self.pick_table()
        name = self.unique(f"v_{table.name}_daily")
        self.names.add(name)
        measures = ["count(*) AS row_count"]
        if "amount_cents" in table.columns:
            measures.append("sum(amount_cents) AS amount_cents")
        statements = [
            "SET LOCAL ROLE migration_owner;",
            f"CREATE VIEW {name} WITH (security_invoker = true) AS\n"
            f"SELECT tenant_id, date_trunc('day', created_at) AS day, {', '.join(measures)}\n"
            f"FROM {table.name}\nGROUP BY tenant_id, date_trunc('day', created_at);",
            f"COMMENT ON VIEW {name} IS {sql_string(f'Daily totals of {table.name} per tenant.')};",
            f"REVOKE ALL ON TABLE {name} FROM PUBLIC;",
            f"GRANT SELECT ON TABLE {name} TO app_ro, app_rw;",
        ]
        return f"create_{name}"[:80], f"{table.name}: a daily summary view for reporting.", statements

    def reference_table(self) -> tuple[str, str, list[str]]:
        name = self.unique(f"ref_{self.rng.choice(AREAS)}_{self.rng.choice(('codes', 'reasons', 'types', 'states'))}")
        self.names.add(name)
        rows = ", ".join(f"('c{i}', 'Code {i}', {i})" for i in range(1, self.rng.randint(3, 8)))
        statements = [
            "SET LOCAL ROLE migration_owner;",
            f"-- schemactl: global\nCREATE TABLE {name} (\n    code text NOT NULL,\n    label text NOT NULL,\n"
            f"    sort_order integer NOT NULL DEFAULT 0,\n    CONSTRAINT pk_{name} PRIMARY KEY (code)\n);",
            f"COMMENT ON TABLE {name} IS 'Vocabulary shared by every tenant.';",
            f"COMMENT ON COLUMN {name}.code IS 'Stable code.';",
            f"COMMENT ON COLUMN {name}.label IS 'Display label.';",
            f"COMMENT ON COLUMN {name}.sort_order IS 'Display order.';",
            f"REVOKE ALL ON TABLE {name} FROM PUBLIC;",
            f"GRANT SELECT ON TABLE {name} TO app_rw, app_ro;",
            f"INSERT INTO {name} (code, label, sort_order) VALUES {rows};",
        ]
        self.tables.append(Table(name, ["code", "label", "sort_order"], tenant_scoped=False))
        return f"create_{name}", "A reference table shared by every tenant.", statements

    def next_file(self, number: int) -> tuple[str, str, list[str], str]:
        """(name, header comment, statements, kind) of migration `number` (1-based)."""
        if number == 1:
            return (*self.baseline(), "baseline")
        if number <= 12:
            return (*self.create_table(), "create_table")
        makers: dict[str, Callable[[], tuple[str, str, list[str]]]] = {
            "create_table": self.create_table,
            "add_columns": self.add_columns,
            "concurrent_indexes": self.concurrent_indexes,
            "policies_and_grants": self.policies_and_grants,
            "view": self.view,
            "reference_table": self.reference_table,
        }
        kind = self.rng.choices(list(makers), weights=(30, 25, 15, 10, 12, 8))[0]
        return (*makers[kind](), kind)


def write_project_files(project: Path) -> None:
    """pyproject.toml, templates/ and docs/EXTENSION_ALLOWLIST.md of a temporary project."""
    (project / "pyproject.toml").write_text(
        '[project]\nname = "lint-bench-workload"\nversion = "0"\n\n'
        '[tool.schemactl]\nsql_dir = "sql"\ntemplates_dir = "templates"\n',
        encoding="utf-8",
    )
    shutil.copytree(PROJECT_ROOT / "templates", project / "templates")
    (project / "docs").mkdir()
    shutil.copy2(PROJECT_ROOT / "docs" / "EXTENSION_ALLOWLIST.md", project / "docs" / "EXTENSION_ALLOWLIST.md")


def write_workload(project: Path, files: int, seed: int) -> Workload:
    """The temporary project: pyproject.toml, templates/, docs/EXTENSION_ALLOWLIST.md and sql/."""
    write_project_files(project)
    sql_dir = project / "sql"
    sql_dir.mkdir()
    history = SchemaHistory(seed)
    workload = Workload()
    digest = hashlib.sha256()
    for number in range(1, files + 1):
        name, header, statements, kind = history.next_file(number)
        header_lines = header if header.startswith("--") else f"-- {header}"
        text = f"{header_lines}\n\n{statements[0]}\n"
        for previous, statement in itertools.pairwise(statements):
            # Statements of one kind (COMMENT ON, GRANT, ALTER TABLE ...) are grouped without a blank line.
            text += ("" if previous.split()[:2] == statement.split()[:2] else "\n") + statement + "\n"
        path = sql_dir / f"{number:04d}_{name}.sql"
        path.write_text(text, encoding="utf-8")
        digest.update(path.name.encode() + b"\0" + text.encode())
        workload.files.append(path)
        workload.statements += len(statements)
        workload.bytes += len(text.encode())
        workload.kinds[kind] += 1
    workload.violations = history.violations
    workload.sha256 = digest.hexdigest()
    return workload


REALISTIC_TABLES = 1000


def realistic_file(number: int) -> str:
    """Migration `number` (>= 2) of the realistic workload: one tenant-scoped table, as a team writes it."""
    t = f"t{number:04d}_records"
    return f"""-- Table {t}: one tenant-scoped table with row level security.

SET LOCAL ROLE migration_owner;

CREATE TABLE {t} (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    amount_cents bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_{t} PRIMARY KEY (id),
    CONSTRAINT uq_{t}_tenant_id_id UNIQUE (tenant_id, id),
    CONSTRAINT fk_{t}_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT ck_{t}_amount_cents CHECK (amount_cents >= 0)
);

CREATE INDEX idx_{t}_tenant_created_at ON {t} (tenant_id, created_at DESC);

COMMENT ON TABLE {t} IS 'Records of kind {number}, per tenant.';
COMMENT ON COLUMN {t}.id IS 'Primary key.';
COMMENT ON COLUMN {t}.tenant_id IS 'Owning tenant. Tenant isolation.';
COMMENT ON COLUMN {t}.name IS 'Display name.';
COMMENT ON COLUMN {t}.status IS 'Lifecycle state.';
COMMENT ON COLUMN {t}.amount_cents IS 'Amount in minor units (cents).';
COMMENT ON COLUMN {t}.created_at IS 'Record creation timestamp.';
COMMENT ON COLUMN {t}.updated_at IS 'Last update timestamp.';

ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {t} FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation_policy ON {t}
    AS PERMISSIVE FOR ALL TO PUBLIC
    USING (tenant_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()));

REVOKE ALL ON TABLE {t} FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {t} TO app_rw;
GRANT SELECT ON TABLE {t} TO app_ro;
"""


def write_realistic(project: Path, tables: int) -> list[Path]:
    """A project of 1 + `tables` migrations: the baseline, then one table per file with RLS, a policy,
    grants and comments (about 41 lines each). Deterministic: no randomness."""
    write_project_files(project)
    sql_dir = project / "sql"
    sql_dir.mkdir()
    _, header, statements = SchemaHistory(SEED).baseline()
    paths = [sql_dir / "0001_baseline.sql"]
    paths[0].write_text(f"-- {header}\n\n" + "\n".join(statements) + "\n", encoding="utf-8")
    for number in range(2, tables + 2):
        path = sql_dir / f"{number:04d}_create_t{number:04d}_records.sql"
        path.write_text(realistic_file(number), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------
# Tools and processes
# ---------------------------------------------------------------------------------------------
def installed_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def ensure_tools(tools: Sequence[tuple[str, str]]) -> None:
    """pip install the pinned tools that are missing, constrained by requirements.lock."""
    missing = [f"{name}=={version}" for name, version in tools if installed_version(name) != version]
    if not missing:
        return
    print(f"installing {', '.join(missing)} into {sys.prefix} (benchmark tools only)", flush=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    result = subprocess.run([*command, "-c", str(LOCK_FILE), *missing], check=False)
    if result.returncode != 0:
        sys.exit(f"could not install {', '.join(missing)} (pip exit code {result.returncode})")


def tool_path(name: str) -> str:
    """A console script of this interpreter's environment."""
    script = Path(sys.executable).parent / name
    if not script.is_file():
        sys.exit(f"{script} not found")
    return str(script)


def run(command: Sequence[str], cwd: Path, ok: Sequence[int]) -> subprocess.CompletedProcess[str]:
    """One process with its output captured; stop the benchmark on an unexpected exit code."""
    result = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode not in ok:
        shown = " ".join(command)
        if len(shown) > 300:
            shown = shown[:300] + " ..."
        sys.exit(
            f"exit code {result.returncode} (expected {ok}): {shown}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result


@dataclass(frozen=True)
class Command:
    """A process to time, the exit codes it may end with, and what its output must show.

    Exit code 1 means "findings" for every linter here, but schemactl also exits 1 on an error (a
    rule that fails to import, say). `expect`, a regex its output must match, tells the two apart:
    a run that did not lint every file stops the benchmark instead of becoming a fast sample.
    """

    argv: tuple[str, ...]
    cwd: Path
    ok: tuple[int, ...]
    expect: str = ""

    def sample(self) -> float:
        """Seconds from spawn to exit of one process."""
        started = time.perf_counter()
        result = run(self.argv, self.cwd, self.ok)
        elapsed = time.perf_counter() - started
        if self.expect and not re.search(self.expect, result.stdout + result.stderr):
            output = (result.stdout + result.stderr)[-3000:]
            sys.exit(f"the output of {self.argv[0]} does not match {self.expect!r}:\n{output}")
        return elapsed


def abba(commands: dict[str, Command], runs: int) -> dict[str, list[float]]:
    """One untimed warm-up of each command, then `runs` samples of each, the order reversed every round."""
    for command in commands.values():
        command.sample()
    samples: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for i in range(runs):
        for name in names if i % 2 == 0 else reversed(names):
            samples[name].append(commands[name].sample())
    return samples


def import_times(project_root: Path) -> dict[str, object]:
    """One `python -X importtime -m schemactl lint` run: total import time and the heaviest imports."""
    argv = [sys.executable, "-X", "importtime", "-m", "schemactl", "-C", str(project_root), "lint"]
    started = time.perf_counter()
    result = run(argv, project_root, SCHEMACTL_EXIT_OK)
    wall = time.perf_counter() - started
    top_level: list[tuple[str, int]] = []
    self_times: list[tuple[str, int]] = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|", 2)
        self_times.append((name.strip(), int(own)))
        if not name.startswith("   "):  # nested imports are indented by two spaces per level
            top_level.append((name.strip(), int(cumulative)))
    total_us = sum(us for _, us in top_level)
    return {
        "command": "python -X importtime -m schemactl -C <repository> lint",
        "wall_s_with_importtime": wall,
        "total_import_s": total_us / 1e6,
        "top_level_cumulative_s": {name: us / 1e6 for name, us in sorted(top_level, key=lambda x: -x[1])[:10]},
        "largest_self_s": {name: us / 1e6 for name, us in sorted(self_times, key=lambda x: -x[1])[:10]},
    }


# ---------------------------------------------------------------------------------------------
# Counting findings (untimed runs in machine formats)
# ---------------------------------------------------------------------------------------------
def parsed_json(result: subprocess.CompletedProcess[str]) -> Any:
    """The JSON a tool printed; stop the benchmark with its output when it printed something else."""
    try:
        return json.loads(result.stdout or "null")
    except json.JSONDecodeError:
        sys.exit(f"{result.args[0]} did not print JSON:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def schemactl_findings(project: Path, paths: Sequence[str] = ()) -> Counter[str]:
    result = run(
        [*schemactl_base(), "-C", str(project), "lint", "--format", "json", *paths], project, SCHEMACTL_EXIT_OK
    )
    document = parsed_json(result)
    return Counter(str(finding["code"]) for finding in document["findings"])


def squawk_findings(squawk: str, project: Path, files: Sequence[str]) -> Counter[str]:
    result = run([squawk, "--reporter", "json", *files], project, LINTER_EXIT_OK)
    return Counter(str(violation["rule_name"]) for violation in parsed_json(result) or [])


def sqlfluff_findings(sqlfluff: str, project: Path, files: Sequence[str]) -> Counter[str]:
    argv = [sqlfluff, "lint", "--dialect", "postgres", "--format", "json", *files]
    result = run(argv, project, LINTER_EXIT_OK)
    return Counter(str(v["code"]) for record in parsed_json(result) for v in record["violations"])


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def goal(description: str, value: float, met: bool) -> dict[str, object]:
    return {"goal": description, "value": value, "met": met}


def measure(runs: int, sqlfluff_runs: int, files: int) -> dict[str, object]:
    from schemactl.lint.registry import all_rules

    squawk, sqlfluff = tool_path("squawk"), tool_path("sqlfluff")
    with tempfile.TemporaryDirectory(prefix="schemactl-bench-lint-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        workload = write_workload(project, files, SEED)
        names = [str(path.relative_to(project)) for path in workload.files]
        subset = names[:: max(1, len(names) // SQLFLUFF_FILES)][:SQLFLUFF_FILES]
        (project / "one.sql").write_text("SELECT 1;\n", encoding="utf-8")
        print(
            f"lint benchmark: {len(names)} files / {workload.statements} statements / {workload.bytes / 1e6:.1f} MB, "
            f"{os.cpu_count()} CPUs, {runs} runs (sqlfluff: {len(subset)} files, {sqlfluff_runs} runs)",
            flush=True,
        )
        print("  1. schemactl and squawk on every file ...", flush=True)
        whole = abba(
            {
                "schemactl": Command(
                    (*schemactl_base(), "-C", str(project), "lint", "--no-cache"),
                    project,
                    SCHEMACTL_EXIT_OK,
                    rf"(\d+ finding\(s\)|no findings) in {len(names)} file\(s\)",
                ),
                "squawk": Command((squawk, *names), project, LINTER_EXIT_OK, rf"checked {len(names)} source files?"),
            },
            runs,
        )
        print("  2. sqlfluff on the subset ...", flush=True)
        sqlfluff_lint = (sqlfluff, "lint", "--dialect", "postgres")
        sqlfluff_subset = Command((*sqlfluff_lint, *subset), project, LINTER_EXIT_OK, "All Finished")
        sqlfluff_one = Command((*sqlfluff_lint, "one.sql"), project, LINTER_EXIT_OK, "All Finished")
        sqlfluff_samples = [sqlfluff_subset.sample() for _ in range(sqlfluff_runs)]
        sqlfluff_fixed = [sqlfluff_one.sample() for _ in range(sqlfluff_runs)]
        print("  3. cold lint of this project's sql/ ...", flush=True)
        cold = abba(
            {
                "schemactl_project": Command(
                    (*schemactl_base(), "-C", str(PROJECT_ROOT), "lint", "--no-cache"),
                    PROJECT_ROOT,
                    SCHEMACTL_EXIT_OK,
                    r"(\d+ finding\(s\)|no findings) in \d+ file\(s\)",
                ),
                "python_startup": Command((sys.executable, "-c", "pass"), PROJECT_ROOT, (0,)),
            },
            runs,
        )
        print("  4. the realistic 1,001-migration project: cold, and one changed file, cache warm ...", flush=True)
        realistic = measure_realistic(Path(tmp) / "realistic", squawk, runs)
        imports = import_times(PROJECT_ROOT)
        findings = {
            "schemactl": schemactl_findings(project),
            "squawk": squawk_findings(squawk, project, names),
            "sqlfluff_subset": sqlfluff_findings(sqlfluff, project, subset),
            "schemactl_subset": schemactl_findings(project, subset),
            "schemactl_project": schemactl_findings(PROJECT_ROOT),
        }

    medians = {
        "schemactl_1000": median(whole["schemactl"]),
        "squawk_1000": median(whole["squawk"]),
        "sqlfluff_subset": median(sqlfluff_samples),
        "sqlfluff_one_file": median(sqlfluff_fixed),
        "schemactl_project_cold": median(cold["schemactl_project"]),
        "python_startup": median(cold["python_startup"]),
    }
    scale = len(names) / len(subset)
    sqlfluff_linear = medians["sqlfluff_subset"] * scale
    fixed = min(medians["sqlfluff_one_file"], medians["sqlfluff_subset"])
    sqlfluff_conservative = fixed + (medians["sqlfluff_subset"] - fixed) * scale
    squawk_ratio = medians["schemactl_1000"] / medians["squawk_1000"]
    sqlfluff_speedup = sqlfluff_linear / medians["schemactl_1000"]
    cold_s = medians["schemactl_project_cold"]
    return {
        "workload": {
            "files": len(names),
            "statements": workload.statements,
            "bytes": workload.bytes,
            "seed": SEED,
            "sha256": workload.sha256,
            "file_kinds": dict(sorted(workload.kinds.items())),
            "injected_violations": dict(sorted(workload.violations.items())),
            "sqlfluff_subset_files": len(subset),
            "sqlfluff_subset": "every " + str(max(1, len(names) // SQLFLUFF_FILES)) + "th file, from the first",
        },
        "samples_s": {
            "schemactl_1000": whole["schemactl"],
            "squawk_1000": whole["squawk"],
            "sqlfluff_subset": sqlfluff_samples,
            "sqlfluff_one_file": sqlfluff_fixed,
            "schemactl_project_cold": cold["schemactl_project"],
            "python_startup": cold["python_startup"],
        },
        "median_s": medians,
        "sqlfluff_1000_extrapolated_s": {
            "linear": sqlfluff_linear,
            "conservative": sqlfluff_conservative,
            "note": f"sqlfluff ran on {len(subset)} of the {len(names)} files only. linear = median x {scale:g} "
            f"(the goal uses it); conservative = fixed cost (one run on a one-statement file) + the rest x {scale:g}",
        },
        "ratios": {
            "schemactl_over_squawk_1000": squawk_ratio,
            "sqlfluff_over_schemactl_1000": sqlfluff_speedup,
            "sqlfluff_over_schemactl_1000_conservative": sqlfluff_conservative / medians["schemactl_1000"],
            "schemactl_project_cold_s": cold_s,
            "schemactl_project_cold_over_python_startup": cold_s / medians["python_startup"],
        },
        "goals": {
            "cold_project_lint": goal(f"<= {GOAL_COLD_PROJECT_S:g} s", cold_s, cold_s <= GOAL_COLD_PROJECT_S),
            "within_2x_of_squawk": goal(
                f"median(schemactl) / median(squawk) <= {GOAL_SQUAWK_RATIO:g} on {len(names)} files",
                squawk_ratio,
                squawk_ratio <= GOAL_SQUAWK_RATIO,
            ),
            "one_changed_file_warm": goal(
                f"<= {GOAL_WARM_ONE_FILE_S:g} s: one changed file of {realistic['files']} migrations, cache warm",
                realistic["median_s"]["schemactl_one_changed_warm"],
                realistic["median_s"]["schemactl_one_changed_warm"] <= GOAL_WARM_ONE_FILE_S,
            ),
            "faster_than_sqlfluff": goal(
                f"sqlfluff (extrapolated linearly) / schemactl >= {GOAL_SQLFLUFF_SPEEDUP:g} on {len(names)} files",
                sqlfluff_speedup,
                sqlfluff_speedup >= GOAL_SQLFLUFF_SPEEDUP,
            ),
        },
        "findings": {
            "schemactl_1000": sum(findings["schemactl"].values()),
            "squawk_1000": sum(findings["squawk"].values()),
            "sqlfluff_subset": sum(findings["sqlfluff_subset"].values()),
            "schemactl_subset": sum(findings["schemactl_subset"].values()),
            "schemactl_project": sum(findings["schemactl_project"].values()),
            "by_rule": {tool: dict(counts.most_common()) for tool, counts in findings.items()},
        },
        "realistic": realistic,
        "schemactl_rules": [rule.code for rule in all_rules()],
        "import_time": imports,
    }


def measure_realistic(project: Path, squawk: str, runs: int) -> dict[str, Any]:
    """The realistic project, cold (no cache) against squawk, and the pre-commit case: the last file
    changed (different bytes every sample) and linted alone, the other 1,000 being context, cache warm."""
    project.mkdir()
    paths = write_realistic(project, REALISTIC_TABLES)
    names = [str(path.relative_to(project)) for path in paths]
    last = paths[-1]
    expect_all = rf"(\d+ finding\(s\)|no findings) in {len(names)} file\(s\)"
    cold = abba(
        {
            "schemactl": Command(
                (*schemactl_base(), "-C", str(project), "lint", "--no-cache"), project, SCHEMACTL_EXIT_OK, expect_all
            ),
            "squawk": Command((squawk, *names), project, LINTER_EXIT_OK, rf"checked {len(names)} source files?"),
        },
        runs,
    )
    original = last.read_text(encoding="utf-8")
    one = Command(
        (*schemactl_base(), "-C", str(project), "lint", str(last)),
        project,
        SCHEMACTL_EXIT_OK,
        r"(\d+ finding\(s\)|no findings) in 1 file\(s\)",
    )
    one.sample()  # fills the cache (the cold run that a developer pays once)
    warm: list[float] = []
    squawk_one: list[float] = []
    squawk_last = Command((squawk, names[-1]), project, LINTER_EXIT_OK, r"checked 1 source file")
    for sample in range(runs):
        last.write_text(original + f"-- edit {sample}\n", encoding="utf-8")
        warm.append(one.sample())
        squawk_one.append(squawk_last.sample())
    last.write_text(original, encoding="utf-8")
    medians = {
        "schemactl_cold": median(cold["schemactl"]),
        "squawk": median(cold["squawk"]),
        "schemactl_one_changed_warm": median(warm),
        "squawk_one_file": median(squawk_one),
    }
    return {
        "files": len(names),
        "lines": sum(len(path.read_text(encoding="utf-8").splitlines()) for path in paths),
        "samples_s": {
            "schemactl_cold": cold["schemactl"],
            "squawk": cold["squawk"],
            "schemactl_one_changed_warm": warm,
            "squawk_one_file": squawk_one,
        },
        "median_s": medians,
        "schemactl_cold_over_squawk": medians["schemactl_cold"] / medians["squawk"],
        "commands": {
            "schemactl_cold": "schemactl -C <project> lint --no-cache",
            "squawk": "squawk <every file>",
            "schemactl_one_changed_warm": "schemactl -C <project> lint <last file>  (edited before each sample)",
            "squawk_one_file": "squawk <last file>",
        },
    }


def print_summary(result: dict[str, object], output: Path) -> None:
    def section(key: str) -> dict[str, Any]:
        value = result[key]
        assert isinstance(value, dict)
        return value

    medians, samples, ratios, goals = (section(k) for k in ("median_s", "samples_s", "ratios", "goals"))
    findings, extrapolated, imports = (section(k) for k in ("findings", "sqlfluff_1000_extrapolated_s", "import_time"))

    def line(label: str, key: str, extra: str = "") -> None:
        values = samples[key]
        print(
            f"  {label:<36} median {1000 * medians[key]:8.1f} ms  "
            f"(min {1000 * min(values):.1f}, max {1000 * max(values):.1f}){extra}"
        )

    def verdict(name: str) -> str:
        return "met" if goals[name]["met"] else "NOT met"

    line("schemactl lint, 1000 files", "schemactl_1000", f"  {findings['schemactl_1000']} findings")
    line("squawk, 1000 files", "squawk_1000", f"  {findings['squawk_1000']} findings")
    line("sqlfluff lint, subset", "sqlfluff_subset", f"  {findings['sqlfluff_subset']} findings")
    line("sqlfluff lint, one statement", "sqlfluff_one_file")
    line("schemactl lint, this project (cold)", "schemactl_project_cold", f"  {findings['schemactl_project']} findings")
    line("python -c pass", "python_startup")
    print(
        f"  sqlfluff extrapolated to 1000 files: {extrapolated['linear']:.1f} s linearly "
        f"({extrapolated['conservative']:.1f} s conservatively)"
    )
    print(
        f"  schemactl / squawk      {ratios['schemactl_over_squawk_1000']:6.2f}x  "
        f"(goal <= {GOAL_SQUAWK_RATIO:g}: {verdict('within_2x_of_squawk')})"
    )
    print(
        f"  sqlfluff / schemactl    {ratios['sqlfluff_over_schemactl_1000']:6.1f}x  "
        f"(goal >= {GOAL_SQLFLUFF_SPEEDUP:g}: {verdict('faster_than_sqlfluff')}; "
        f"conservatively {ratios['sqlfluff_over_schemactl_1000_conservative']:.1f}x)"
    )
    print(
        f"  cold project lint       {ratios['schemactl_project_cold_s']:6.3f} s  "
        f"(goal <= {GOAL_COLD_PROJECT_S:g} s: {verdict('cold_project_lint')}); "
        f"imports: {imports['total_import_s']:.3f} s of one {imports['wall_s_with_importtime']:.3f} s run "
        "with -X importtime"
    )
    realistic = section("realistic")
    real = realistic["median_s"]
    print(
        f"  realistic {realistic['files']} migrations ({realistic['lines']} lines): cold "
        f"{1000 * real['schemactl_cold']:.1f} ms vs squawk {1000 * real['squawk']:.1f} ms "
        f"({realistic['schemactl_cold_over_squawk']:.2f}x)"
    )
    print(
        f"  one changed file, cache warm {1000 * real['schemactl_one_changed_warm']:8.1f} ms  "
        f"(goal <= {GOAL_WARM_ONE_FILE_S:g} s: {verdict('one_changed_file_warm')}); "
        f"squawk on that file {1000 * real['squawk_one_file']:.1f} ms"
    )
    print(f"  written to {output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed samples of schemactl and squawk (default 7)")
    parser.add_argument("--sqlfluff-runs", type=int, default=2, help="timed samples of sqlfluff (default 2)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON result")
    args = parser.parse_args()
    runs: int = args.runs
    sqlfluff_runs: int = args.sqlfluff_runs
    output: Path = args.output
    if runs < 1 or sqlfluff_runs < 1:
        parser.error("--runs and --sqlfluff-runs must be at least 1")

    ensure_tools((SQUAWK, SQLFLUFF))
    compile_schemactl()
    load_before = os.getloadavg()
    measured = measure(runs, sqlfluff_runs, FILES)
    load_after = os.getloadavg()
    result: dict[str, object] = {
        "benchmark": "schemactl lint vs squawk vs sqlfluff on generated migrations; whole processes",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "sqlfluff_runs": sqlfluff_runs,
        "warmup_runs": 1,
        "commands": {
            "schemactl_1000": "schemactl -C <project> lint --no-cache",
            "squawk_1000": "squawk <every file>",
            "sqlfluff_subset": "sqlfluff lint --dialect postgres <subset>",
            "sqlfluff_one_file": "sqlfluff lint --dialect postgres one.sql  (SELECT 1;)",
            "schemactl_project_cold": "schemactl -C <this repository> lint --no-cache  (a fresh process)",
            "python_startup": "python -c pass",
        },
        "tools": {
            "squawk": {"package": SQUAWK[0], "version": installed_version(SQUAWK[0])},
            "sqlfluff": {"package": SQLFLUFF[0], "version": installed_version(SQLFLUFF[0])},
            "pglast": installed_version("pglast"),
        },
        **measured,
        "python_version": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "load_average_1_5_15_min": {"before": list(load_before), "after": list(load_after)},
        "platform": platform.platform(),
    }
    write_json(output, result)
    print_summary(result, output)


if __name__ == "__main__":
    main()
