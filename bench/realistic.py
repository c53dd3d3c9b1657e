"""A realistic multi-tenant schema of N tables, as one migration file or as one file per table.

Each tenant-scoped table comes with what a real migration of this project carries: a tenant-scoped
primary key, a foreign key to `tenants`, check constraints, two indexes (one partial), a comment on
the table and on every column, row-level security enabled and forced, a policy with USING and WITH
CHECK, `REVOKE ALL ... FROM PUBLIC` and grants to a reader and a writer role. That is 19 statements
and 41 lines per table: 1,000 tables make a file of about 41,000 lines and 19,000 statements.

The roles are cluster-wide, so the caller creates them (`bench_roles`) with names unique to its run
and passes them in; the generated SQL only grants to them. The text is plain SQL (no Jinja), so
`schemactl apply` and `psql` read the very same bytes, and the generator is deterministic.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

TENANT_CONTEXT = "(SELECT nullif(current_setting('app.current_tenant_id', true), '')::uuid)"
COLUMNS = (
    ("tenant_id", "uuid NOT NULL", "Owning tenant"),
    ("id", "uuid NOT NULL DEFAULT gen_random_uuid()", "Identifier, unique within the tenant"),
    ("name", "text NOT NULL DEFAULT ''", "Display name"),
    ("status", "text NOT NULL DEFAULT 'active'", "Lifecycle status: active or archived"),
    ("quantity", "integer NOT NULL DEFAULT 0", "Quantity on hand"),
    ("amount_cents", "bigint NOT NULL DEFAULT 0", "Amount in cents"),
    ("attributes", "jsonb NOT NULL DEFAULT '{}'::jsonb", "Free-form attributes"),
    ("created_at", "timestamptz NOT NULL DEFAULT now()", "Creation time"),
    ("updated_at", "timestamptz NOT NULL DEFAULT now()", "Last update time"),
)


@dataclass(frozen=True)
class Roles:
    """Two NOLOGIN roles with names unique to one run: a reader and a writer."""

    reader: str
    writer: str

    @property
    def names(self) -> tuple[str, str]:
        return (self.reader, self.writer)


@contextmanager
def bench_roles(server_url: str, prefix: str) -> Iterator[Roles]:
    """Create the two roles; drop them at the end (after the caller has dropped its databases)."""
    suffix = uuid.uuid4().hex[:8]
    roles = Roles(f"{prefix}_ro_{suffix}", f"{prefix}_rw_{suffix}")
    try:
        with psycopg.connect(server_url, autocommit=True) as admin:
            for name in roles.names:
                admin.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        yield roles
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            for name in roles.names:
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def drop_grants(url: str, roles: Roles) -> None:
    """Grants are per database: revoke them in `url` so the roles can be dropped later."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.SQL(", ").join(map(sql.Identifier, roles.names))))


def tenants_sql(roles: Roles) -> str:
    return (
        "-- tenants: the root of every tenant-scoped table\n"
        "CREATE TABLE public.tenants (\n"
        "    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n"
        "    name text NOT NULL,\n"
        "    created_at timestamptz NOT NULL DEFAULT now()\n"
        ");\n"
        "COMMENT ON TABLE public.tenants IS 'Tenants of the benchmark schema';\n"
        "REVOKE ALL ON public.tenants FROM PUBLIC;\n"
        f"GRANT SELECT ON public.tenants TO {roles.reader}, {roles.writer};\n"
    )


def table_sql(number: int, roles: Roles) -> str:
    """One tenant-scoped table: 19 statements on 40 lines (41 with the blank line between tables)."""
    table = f"tenant_table_{number:04d}"
    qualified = f"public.{table}"
    columns = "".join(f"    {name} {definition},\n" for name, definition, _ in COLUMNS)
    comments = "".join(f"COMMENT ON COLUMN {qualified}.{name} IS '{text}';\n" for name, _, text in COLUMNS)
    return (
        f"-- {table}: tenant-scoped table number {number}\n"
        f"CREATE TABLE {qualified} (\n"
        f"{columns}"
        "    PRIMARY KEY (tenant_id, id),\n"
        f"    CONSTRAINT {table}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES public.tenants (id) ON DELETE CASCADE,\n"
        f"    CONSTRAINT {table}_quantity_check CHECK (quantity >= 0),\n"
        f"    CONSTRAINT {table}_status_check CHECK (status IN ('active', 'archived'))\n"
        ");\n"
        "\n"
        f"CREATE INDEX {table}_tenant_created_idx ON {qualified} (tenant_id, created_at DESC);\n"
        f"CREATE INDEX {table}_tenant_name_idx ON {qualified} (tenant_id, name) WHERE status = 'active';\n"
        f"COMMENT ON TABLE {qualified} IS 'Tenant-scoped table number {number}';\n"
        f"{comments}"
        "\n"
        "-- row-level security: enabled, forced, one policy for reads and writes\n"
        f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY;\n"
        f"ALTER TABLE {qualified} FORCE ROW LEVEL SECURITY;\n"
        f"CREATE POLICY tenant_isolation ON {qualified}\n"
        f"    AS PERMISSIVE FOR ALL TO {roles.reader}, {roles.writer}\n"
        f"    USING (tenant_id = {TENANT_CONTEXT})\n"
        f"    WITH CHECK (tenant_id = {TENANT_CONTEXT});\n"
        f"REVOKE ALL ON {qualified} FROM PUBLIC;\n"
        f"GRANT SELECT ON {qualified} TO {roles.reader};\n"
        f"GRANT SELECT, INSERT, UPDATE ON {qualified} TO {roles.writer};\n"
    )


def file_names(tables: int) -> list[str]:
    """The names of the one-file-per-table layout: 0001_tenants.sql, then one per table."""
    width = max(4, len(str(tables + 1)))
    return [f"{1:0{width}d}_tenants.sql"] + [
        f"{n + 1:0{width}d}_tenant_table_{n:04d}.sql" for n in range(1, tables + 1)
    ]


def file_texts(tables: int, roles: Roles) -> list[str]:
    """The text of each file of the one-file-per-table layout, in version order."""
    return [tenants_sql(roles)] + [table_sql(n, roles) for n in range(1, tables + 1)]


def one_file_text(tables: int, roles: Roles) -> str:
    """The whole schema as one migration."""
    return "\n".join(file_texts(tables, roles))


def write_project(root: Path, texts: list[str], names: list[str]) -> Path:
    """A project directory (pyproject.toml with [tool.schemactl], sql/, empty templates/) holding the files."""
    (root / "sql").mkdir(parents=True, exist_ok=True)
    (root / "templates").mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text('[tool.schemactl]\nsql_dir = "sql"\n', encoding="utf-8")
    for name, text in zip(names, texts, strict=True):
        (root / "sql" / name).write_text(text, encoding="utf-8")
    return root
