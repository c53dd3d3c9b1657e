"""Privileges, ownership and roles, read from the catalog (objects are never listed by hand).

The catalog checks run on a database the schema was applied to directly: a database copied with
CREATE DATABASE ... TEMPLATE does not inherit the template's database ACL (pg_database.datacl starts
at the default, which lets PUBLIC CONNECT and create TEMPORARY tables), so it cannot show what
`schemactl apply` leaves on the database itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from tests.schema.conftest import apply_project_schema
from tests.schema.support import app_roles, fresh_database, grants_matrix, matrix_grant_set

ROLES = app_roles()
MATRIX_ROLES: tuple[str, ...] = tuple(grants_matrix()["roles"])
# The roles that own the schema's objects; never an application role.
OWNER_ROLES = ("migration_owner", "rls_definer")
ROLE_ATTRIBUTES = ("rolsuper", "rolcreatedb", "rolcreaterole", "rolcanlogin", "rolreplication", "rolbypassrls")

# Schemas that are not the system's: pg_catalog, information_schema, pg_toast, pg_temp_N ... excluded.
USER_SCHEMAS = "SELECT oid FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'"

# Every privilege PUBLIC holds in the current database: explicit ACL entries, and the defaults
# (acldefault) where the ACL is NULL, which for functions means EXECUTE, for databases CONNECT and TEMPORARY.
PUBLIC_PRIVILEGES = f"""
SELECT 'relation' AS kind, c.oid::regclass::text AS object, NULL::name AS column_name, a.privilege_type
FROM pg_catalog.pg_class AS c,
    aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) AS a
WHERE c.relnamespace IN ({USER_SCHEMAS}) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND a.grantee = 0
UNION ALL
SELECT 'column', c.oid::regclass::text, att.attname, a.privilege_type
FROM pg_catalog.pg_attribute AS att
JOIN pg_catalog.pg_class AS c ON c.oid = att.attrelid,
    aclexplode(att.attacl) AS a
WHERE c.relnamespace IN ({USER_SCHEMAS}) AND att.attacl IS NOT NULL AND a.grantee = 0
UNION ALL
SELECT 'function', p.oid::regprocedure::text, NULL, a.privilege_type
FROM pg_catalog.pg_proc AS p,
    aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
WHERE p.pronamespace IN ({USER_SCHEMAS}) AND a.grantee = 0
UNION ALL
SELECT 'schema', n.nspname::text, NULL, a.privilege_type
FROM pg_catalog.pg_namespace AS n,
    aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
WHERE n.oid IN ({USER_SCHEMAS}) AND a.grantee = 0
UNION ALL
SELECT 'database', d.datname::text, NULL, a.privilege_type
FROM pg_catalog.pg_database AS d,
    aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) AS a
WHERE d.datname = current_database() AND a.grantee = 0
ORDER BY 1, 2, 3, 4
"""

# Every table, column and function privilege the app roles hold, as (role, object, privilege, column).
APP_ROLE_PRIVILEGES = f"""
SELECT a.grantee::regrole::text, c.oid::regclass::text, a.privilege_type, NULL::text
FROM pg_catalog.pg_class AS c,
    aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) AS a
WHERE c.relnamespace IN ({USER_SCHEMAS}) AND a.grantee::regrole::text = ANY(%(roles)s)
UNION ALL
SELECT a.grantee::regrole::text, c.oid::regclass::text, a.privilege_type, att.attname::text
FROM pg_catalog.pg_attribute AS att
JOIN pg_catalog.pg_class AS c ON c.oid = att.attrelid,
    aclexplode(att.attacl) AS a
WHERE c.relnamespace IN ({USER_SCHEMAS}) AND att.attacl IS NOT NULL AND a.grantee::regrole::text = ANY(%(roles)s)
UNION ALL
SELECT a.grantee::regrole::text, p.oid::regprocedure::text, a.privilege_type, NULL
FROM pg_catalog.pg_proc AS p,
    aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
WHERE p.pronamespace IN ({USER_SCHEMAS}) AND a.grantee::regrole::text = ANY(%(roles)s)
"""


@pytest.fixture(scope="module")
def applied_url(server_url: str) -> Iterator[str]:
    """A database the project's schema was applied to directly (not copied from the template)."""
    with fresh_database(server_url) as url:
        apply_project_schema(url)
        yield url


@pytest.fixture
def catalog(applied_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A superuser session on the applied database; whatever it does is rolled back."""
    with psycopg.connect(applied_url) as conn:
        try:
            yield conn
        finally:
            conn.rollback()


def _rows(conn: psycopg.Connection[Any], query: Any, params: Any = None) -> list[tuple[Any, ...]]:
    return conn.execute(query, params).fetchall()


# ---------------------------------------------------------------------------------------------
# PUBLIC
# ---------------------------------------------------------------------------------------------
def test_public_holds_no_privilege(catalog: psycopg.Connection[Any]) -> None:
    assert _rows(catalog, PUBLIC_PRIVILEGES) == []


def test_public_privilege_query_sees_defaults(catalog: psycopg.Connection[Any]) -> None:
    """The query above is not blind: a function with a NULL ACL and an explicit grant are found."""
    with catalog.transaction(force_rollback=True):
        catalog.execute("SET LOCAL ROLE migration_owner")
        catalog.execute("CREATE TABLE public.probe_table (x int)")
        catalog.execute("GRANT SELECT (x) ON public.probe_table TO PUBLIC")
        catalog.execute("RESET ROLE")
        catalog.execute("CREATE FUNCTION public.probe_function() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        found = _rows(catalog, PUBLIC_PRIVILEGES)
    probes = [row for row in found if row[1] in ("probe_table", "probe_function()")]
    assert probes == [
        ("column", "probe_table", "x", "SELECT"),
        ("function", "probe_function()", None, "EXECUTE"),
    ]


@pytest.fixture
def probe_role(applied_url: str) -> Iterator[str]:
    """A LOGIN role that is a member of nothing, so its privileges are exactly PUBLIC's. Dropped after."""
    name = "schemactl_probe_" + uuid.uuid4().hex[:10]
    with psycopg.connect(applied_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_public_has_no_effective_privilege(catalog: psycopg.Connection[Any], probe_role: str) -> None:
    """What a role with only PUBLIC's rights can do, asked through has_*_privilege."""
    assert _rows(catalog, "SELECT has_schema_privilege(%s, 'public', 'CREATE')", (probe_role,)) == [(False,)]
    assert _rows(catalog, "SELECT has_schema_privilege(%s, 'public', 'USAGE')", (probe_role,)) == [(False,)]
    table_privileges = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
    if catalog.info.server_version >= 170000:
        table_privileges += ", MAINTAIN"
    granted = _rows(
        catalog,
        f"""
        SELECT 'database', current_database()::text
        WHERE has_database_privilege(%(role)s, current_database(), 'CONNECT, CREATE, TEMPORARY')
        UNION ALL
        SELECT 'schema', nspname::text FROM pg_catalog.pg_namespace
        WHERE oid IN ({USER_SCHEMAS}) AND has_schema_privilege(%(role)s, oid, 'CREATE, USAGE')
        UNION ALL
        SELECT 'relation', oid::regclass::text FROM pg_catalog.pg_class
        WHERE relnamespace IN ({USER_SCHEMAS}) AND relkind IN ('r', 'p', 'v', 'm', 'f')
            AND (has_table_privilege(%(role)s, oid, %(table_privileges)s)
                 OR has_any_column_privilege(%(role)s, oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
        UNION ALL
        SELECT 'sequence', oid::regclass::text FROM pg_catalog.pg_class
        WHERE relnamespace IN ({USER_SCHEMAS}) AND relkind = 'S'
            AND CASE WHEN relkind = 'S' THEN has_sequence_privilege(%(role)s, oid, 'USAGE, SELECT, UPDATE') END
        UNION ALL
        SELECT 'function', oid::regprocedure::text FROM pg_catalog.pg_proc
        WHERE pronamespace IN ({USER_SCHEMAS}) AND has_function_privilege(%(role)s, oid, 'EXECUTE')
        """,
        {"role": probe_role, "table_privileges": table_privileges},
    )
    assert granted == []


# ---------------------------------------------------------------------------------------------
# Ownership
# ---------------------------------------------------------------------------------------------
def test_objects_of_public_are_owned_by_the_owner_roles(catalog: psycopg.Connection[Any]) -> None:
    misowned = _rows(
        catalog,
        """
        SELECT 'relation', oid::regclass::text, relowner::regrole::text FROM pg_catalog.pg_class
        WHERE relnamespace = 'public'::regnamespace AND relowner::regrole::text <> ALL(%(owners)s)
        UNION ALL
        SELECT 'function', oid::regprocedure::text, proowner::regrole::text FROM pg_catalog.pg_proc
        WHERE pronamespace = 'public'::regnamespace AND proowner::regrole::text <> ALL(%(owners)s)
        """,
        {"owners": list(OWNER_ROLES)},
    )
    assert misowned == []
    # The materialized views hold every tenant: their owner must bypass RLS (DESIGN 8), so it is rls_definer.
    matviews = _rows(catalog, "SELECT matviewname::text, matviewowner::text FROM pg_matviews ORDER BY 1")
    assert matviews
    assert {owner for _, owner in matviews} == {"rls_definer"}


def test_app_roles_own_nothing(catalog: psycopg.Connection[Any]) -> None:
    owned = _rows(
        catalog,
        """
        SELECT 'relation', oid::regclass::text FROM pg_catalog.pg_class
        WHERE relowner::regrole::text = ANY(%(roles)s)
        UNION ALL
        SELECT 'function', oid::regprocedure::text FROM pg_catalog.pg_proc
        WHERE proowner::regrole::text = ANY(%(roles)s)
        UNION ALL
        SELECT 'schema', nspname::text FROM pg_catalog.pg_namespace
        WHERE nspowner::regrole::text = ANY(%(roles)s)
        UNION ALL
        SELECT 'database', datname::text FROM pg_catalog.pg_database
        WHERE datdba::regrole::text = ANY(%(roles)s)
        """,
        {"roles": list(ROLES)},
    )
    assert owned == []


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
def _expected_attributes(role: str) -> dict[str, bool]:
    """The attributes grants.toml gives `role`, plus what group_roles() forces on every role."""
    expected = dict.fromkeys(ROLE_ATTRIBUTES, False)
    keywords = {"LOGIN": "rolcanlogin", "BYPASSRLS": "rolbypassrls", "SUPERUSER": "rolsuper"}
    for word in grants_matrix()["roles"][role]["attributes"].split():
        negated = word.startswith("NO") and word[2:] in keywords
        expected[keywords[word[2:] if negated else word]] = not negated
    return expected


# The security invariants, independent of grants.toml (which could be edited to weaken them).
REQUIRED_ATTRIBUTES = {
    "app_rw": {"rolcanlogin": False, "rolbypassrls": False},
    "app_ro": {"rolcanlogin": False, "rolbypassrls": False},
    "app_admin": {"rolcanlogin": False, "rolbypassrls": False},
    "migration_owner": {"rolcanlogin": False, "rolbypassrls": False},
    "rls_definer": {"rolcanlogin": False, "rolbypassrls": True},
}


def _attributes(conn: psycopg.Connection[Any], role: str) -> dict[str, bool]:
    query = sql.SQL("SELECT {} FROM pg_catalog.pg_roles WHERE rolname = %s").format(
        sql.SQL(", ").join(sql.Identifier(attribute) for attribute in ROLE_ATTRIBUTES)
    )
    row = conn.execute(query, (role,)).fetchone()
    assert row is not None, f"role {role} does not exist"
    return dict(zip(ROLE_ATTRIBUTES, row, strict=True))


def test_every_role_of_the_matrix_is_checked() -> None:
    assert set(MATRIX_ROLES) == set(REQUIRED_ATTRIBUTES)
    assert set(ROLES) < set(MATRIX_ROLES)


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_role_attributes(catalog: psycopg.Connection[Any], role: str) -> None:
    actual = _attributes(catalog, role)
    assert actual == _expected_attributes(role)
    assert {name: actual[name] for name in REQUIRED_ATTRIBUTES[role]} == REQUIRED_ATTRIBUTES[role]
    assert not actual["rolsuper"]


def test_app_roles_are_members_of_nothing(catalog: psycopg.Connection[Any]) -> None:
    """No app role inherits rls_definer's BYPASSRLS or migration_owner's ownership, however indirectly."""
    memberships = _rows(
        catalog,
        """
        WITH RECURSIVE member_of (member, role) AS (
            SELECT member, roleid FROM pg_catalog.pg_auth_members
            UNION
            SELECT m.member, a.roleid FROM member_of AS m JOIN pg_catalog.pg_auth_members AS a ON a.member = m.role
        )
        SELECT member::regrole::text, role::regrole::text FROM member_of
        WHERE member::regrole::text = ANY(%(roles)s)
        ORDER BY 1, 2
        """,
        {"roles": list(ROLES)},
    )
    assert memberships == []
    can_become = _rows(
        catalog,
        """
        SELECT app, owner FROM unnest(%(roles)s::text[]) AS app, unnest(%(owners)s::text[]) AS owner
        WHERE pg_has_role(app, owner, 'MEMBER') OR pg_has_role(app, owner, 'USAGE')
        """,
        {"roles": list(ROLES), "owners": list(OWNER_ROLES)},
    )
    assert can_become == []


# ---------------------------------------------------------------------------------------------
# The grants matrix is the catalog
# ---------------------------------------------------------------------------------------------
def test_app_role_privileges_equal_the_matrix(catalog: psycopg.Connection[Any]) -> None:
    actual = {
        (role, obj, privilege, column)
        for role, obj, privilege, column in _rows(catalog, APP_ROLE_PRIVILEGES, {"roles": list(ROLES)})
    }
    expected = matrix_grant_set()
    assert {"missing": expected - actual, "extra": actual - expected} == {"missing": set(), "extra": set()}


def test_app_roles_only_use_schema_public(catalog: psycopg.Connection[Any]) -> None:
    """USAGE on public and nothing else: no app role can create an object (and so own one)."""
    granted = _rows(
        catalog,
        f"""
        SELECT r.rolname::text, n.nspname::text, p.privilege
        FROM pg_catalog.pg_roles AS r, pg_catalog.pg_namespace AS n, unnest(ARRAY['USAGE', 'CREATE']) AS p (privilege)
        WHERE r.rolname = ANY(%(roles)s) AND n.oid IN ({USER_SCHEMAS})
            AND has_schema_privilege(r.oid, n.oid, p.privilege)
        ORDER BY 1, 2, 3
        """,
        {"roles": list(ROLES)},
    )
    assert granted == [(role, "public", "USAGE") for role in sorted(ROLES)]


def test_security_definer_functions_pin_search_path(catalog: psycopg.Connection[Any]) -> None:
    definers = _rows(
        catalog,
        f"""
        SELECT p.oid::regprocedure::text, p.proowner::regrole::text, r.rolsuper,
            (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) AS c WHERE c LIKE 'search_path=%%')
        FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_roles AS r ON r.oid = p.proowner
        WHERE p.pronamespace IN ({USER_SCHEMAS}) AND p.prosecdef
        ORDER BY 1
        """,
    )
    assert definers, "the schema has definer-rights functions (refresh_read_path, check_allocation_sum)"
    for name, owner, owner_is_superuser, search_path in definers:
        assert search_path is not None, f"{name} runs with definer rights and no pinned search_path"
        schemas = [part.strip().strip('"') for part in search_path.split(",")]
        # pg_temp last and explicit, or it is searched first for relations (CVE-2007-2138).
        assert schemas[-1] == "pg_temp", f"{name}: search_path {search_path!r} does not end with pg_temp"
        assert "$user" not in schemas, f"{name}: search_path {search_path!r} depends on the caller"
        assert owner in OWNER_ROLES, f"{name} runs with the rights of {owner}"
        assert not owner_is_superuser, f"{name} runs with the rights of a superuser"
        writable = _rows(
            catalog,
            "SELECT r.rolname::text, n.nspname::text FROM pg_roles AS r, pg_namespace AS n"
            " WHERE (r.rolname = ANY(%(roles)s) OR r.oid = 0) AND n.nspname = ANY(%(schemas)s)"
            " AND has_schema_privilege(r.oid, n.oid, 'CREATE')",
            {"roles": list(ROLES), "schemas": schemas},
        )
        assert writable == [], f"{name}: an app role can create objects on its search_path"


# ---------------------------------------------------------------------------------------------
# Roles are cluster-wide: the schema applies to more databases of the same server
# ---------------------------------------------------------------------------------------------
def _applied_versions(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return _rows(conn, "SELECT version FROM schemactl.schema_migrations ORDER BY version")


def _all_attributes(url: str) -> dict[str, dict[str, bool]]:
    with psycopg.connect(url) as conn:
        return {role: _attributes(conn, role) for role in MATRIX_ROLES}


def test_schema_applies_to_two_more_databases(server_url: str, applied_url: str) -> None:
    """The roles already exist (the session's template and `applied_url` created them); apply twice more."""
    expected_versions = _applied_versions(applied_url)
    assert expected_versions
    with fresh_database(server_url) as first, fresh_database(server_url) as second:
        apply_project_schema(first)
        apply_project_schema(second)
        for url in (first, second):
            assert _applied_versions(url) == expected_versions
            with psycopg.connect(url) as conn:
                assert _rows(conn, PUBLIC_PRIVILEGES) == []
    assert _all_attributes(applied_url) == {role: _expected_attributes(role) for role in MATRIX_ROLES}


# Attribute changes an operator (or an attacker with CREATEROLE) might leave behind.
TAMPERING = {
    "app_rw": "BYPASSRLS",
    "app_ro": "LOGIN",
    "app_admin": "CREATEROLE BYPASSRLS",
    "migration_owner": "BYPASSRLS CREATEDB",
    "rls_definer": "NOBYPASSRLS LOGIN",
}
_KEYWORDS = {
    "rolsuper": "SUPERUSER",
    "rolcreatedb": "CREATEDB",
    "rolcreaterole": "CREATEROLE",
    "rolcanlogin": "LOGIN",
    "rolreplication": "REPLICATION",
    "rolbypassrls": "BYPASSRLS",
}


def _restore(conn: psycopg.Connection[Any], role: str, attributes: dict[str, bool]) -> None:
    options = " ".join(("" if value else "NO") + _KEYWORDS[name] for name, value in attributes.items())
    conn.execute(sql.SQL("ALTER ROLE {} WITH " + options).format(sql.Identifier(role)))


def test_apply_restores_tampered_role_attributes(server_url: str, applied_url: str) -> None:
    """Tamper with every role (which `applied_url` guarantees exist), apply to a new database, restore."""
    assert set(TAMPERING) == set(MATRIX_ROLES)
    with psycopg.connect(server_url, autocommit=True) as admin:
        before = {role: _attributes(admin, role) for role in MATRIX_ROLES}
        try:
            for role, options in TAMPERING.items():
                admin.execute(sql.SQL("ALTER ROLE {} WITH " + options).format(sql.Identifier(role)))
            tampered = {role: _attributes(admin, role) for role in MATRIX_ROLES}
            assert all(tampered[role] != before[role] for role in MATRIX_ROLES)

            with fresh_database(server_url) as url:
                apply_project_schema(url)
                restored = _all_attributes(url)
            assert restored == {role: _expected_attributes(role) for role in MATRIX_ROLES}
        finally:
            for role, attributes in before.items():
                _restore(admin, role, attributes)
    assert _all_attributes(server_url) == before


def test_apply_removes_memberships_of_app_roles_in_privileged_roles(server_url: str, applied_url: str) -> None:
    """A hand-granted `GRANT rls_definer TO app_rw` would hand out BYPASSRLS via SET ROLE: apply revokes it."""
    granted = [("rls_definer", "app_rw"), ("migration_owner", "app_admin")]
    with psycopg.connect(server_url, autocommit=True) as admin:
        try:
            for role, member in granted:
                admin.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(member)))
            assert all(_rows(admin, "SELECT pg_has_role(%s, %s, 'MEMBER')", (m, r)) == [(True,)] for r, m in granted)

            with fresh_database(server_url) as url:
                apply_project_schema(url)

            assert all(_rows(admin, "SELECT pg_has_role(%s, %s, 'MEMBER')", (m, r)) == [(False,)] for r, m in granted)
        finally:
            for role, member in granted:
                admin.execute(
                    sql.SQL("DO $$ BEGIN EXECUTE {}; EXCEPTION WHEN OTHERS THEN NULL; END $$").format(
                        sql.Literal(f"REVOKE {role} FROM {member}")
                    )
                )
