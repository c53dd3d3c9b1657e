"""The live rules (SC901-SC910): one planted change per rule on a database built from sql/; the
finding, its code, its object and where it points. Roles are cluster-wide: every role made here is
dropped, every change to an application role undone."""

from __future__ import annotations

import psycopg

from schemactl.verify.engine import VerifyFinding
from tests.verify.support import (
    database_name,
    execute,
    new_findings,
    restored,
    run_verify,
    server_version,
    temp_role,
)


def _plant(url: str, *statements: str, **overrides: tuple[str, ...]) -> list[VerifyFinding]:
    before = run_verify(url, **overrides)
    execute(url, *statements)
    return new_findings(before, run_verify(url, **overrides))


def _pairs(found: list[VerifyFinding]) -> list[tuple[str, str]]:
    return sorted((f.finding.code, str(f.subject)) for f in found)


# --- SC901 app-role-privileged ------------------------------------------------------------------------


def test_app_role_with_bypassrls(built_url: str) -> None:
    with restored(built_url, "ALTER ROLE app_ro NOBYPASSRLS"):
        found = _plant(built_url, "ALTER ROLE app_ro BYPASSRLS")
    assert _pairs(found) == [("SC901", "role app_ro")]
    assert "BYPASSRLS" in found[0].finding.message
    assert found[0].finding.file == "sql/0001_baseline.sql"  # where the role is made NOBYPASSRLS


def test_app_role_with_createrole(built_url: str) -> None:
    with restored(built_url, "ALTER ROLE app_admin NOCREATEROLE"):
        found = _plant(built_url, "ALTER ROLE app_admin CREATEROLE")
    assert _pairs(found) == [("SC901", "role app_admin")]
    assert "CREATEROLE" in found[0].finding.message


def test_app_role_that_can_use_the_bypassrls_definer(built_url: str) -> None:
    with restored(built_url, "REVOKE rls_definer FROM app_rw"):
        found = _plant(built_url, "GRANT rls_definer TO app_rw")
    assert ("SC901", "role app_rw") in _pairs(found)
    message = next(f.finding.message for f in found if f.finding.code == "SC901")
    assert "can use rls_definer" in message
    assert "BYPASSRLS" in message


# --- SC902 app-role-in-predefined-role -----------------------------------------------------------------


def test_app_role_member_of_pg_write_all_data(built_url: str) -> None:
    with restored(built_url, "REVOKE pg_write_all_data FROM app_rw"):
        found = _plant(built_url, "GRANT pg_write_all_data TO app_rw")
    assert _pairs(found) == [("SC902", "role app_rw")]
    assert "pg_write_all_data" in found[0].finding.message


def test_app_role_member_of_pg_read_all_data_through_another_role(built_url: str) -> None:
    with temp_role(built_url, "NOLOGIN") as middle, restored(built_url, f"REVOKE {middle} FROM app_ro"):
        found = _plant(built_url, f"GRANT pg_read_all_data TO {middle}", f"GRANT {middle} TO app_ro")
    assert _pairs(found) == [("SC902", "role app_ro")]
    assert "through another role" in found[0].finding.message


# --- SC903 login-can-use-owner-role --------------------------------------------------------------------


def test_login_member_of_the_owner_role(built_url: str) -> None:
    with temp_role(built_url) as login:
        found = _plant(built_url, f"GRANT migration_owner TO {login}")
        allowed = run_verify(built_url, deployer_roles=(login,))
    assert _pairs(found) == [("SC903", f"role {login}")]
    assert "migration_owner" in found[0].finding.message
    # the login is not in sql/: the finding points at the owner role's migration
    assert found[0].finding.file == "sql/0001_baseline.sql"
    assert "SC903" not in {f.finding.code for f in allowed.findings}  # a configured deployer may


def test_login_that_can_use_the_definer_through_a_group(built_url: str) -> None:
    with temp_role(built_url, "NOLOGIN") as group, temp_role(built_url) as login:
        found = _plant(built_url, f"GRANT rls_definer TO {group}", f"GRANT {group} TO {login}")
    assert ("SC903", f"role {login}") in _pairs(found)
    assert f"role {group}" not in {str(f.subject) for f in found}  # a NOLOGIN group is not a login


def test_an_owner_role_that_can_log_in(built_url: str) -> None:
    with restored(built_url, "ALTER ROLE rls_definer NOLOGIN"):
        found = _plant(built_url, "ALTER ROLE rls_definer LOGIN")
    assert _pairs(found) == [("SC903", "role rls_definer")]
    assert "can log in" in found[0].finding.message
    assert found[0].finding.file == "sql/0001_baseline.sql"


def test_admin_only_membership_is_not_use(built_url: str) -> None:
    with temp_role(built_url) as login:
        if server_version(built_url) >= 160000:
            # what a CREATEROLE user gets over the roles it creates: ADMIN, no INHERIT, no SET
            found = _plant(built_url, f"GRANT migration_owner TO {login} WITH ADMIN TRUE, INHERIT FALSE, SET FALSE")
            assert _pairs(found) == []
            found = _plant(built_url, f"GRANT migration_owner TO {login} WITH SET TRUE")
            assert _pairs(found) == [("SC903", f"role {login}")]
        else:
            # before 16 any membership lets its member SET ROLE, even one of NOINHERIT: it is use
            execute(built_url, f"ALTER ROLE {login} NOINHERIT")
            found = _plant(built_url, f"GRANT migration_owner TO {login} WITH ADMIN OPTION")
            assert _pairs(found) == [("SC903", f"role {login}")]
            assert "may SET ROLE" in found[0].finding.message
            assert "inherits" not in found[0].finding.message


# --- SC904 app-role-member-of-app-role -----------------------------------------------------------------


def test_app_role_member_of_another(built_url: str) -> None:
    with restored(built_url, "REVOKE app_admin FROM app_rw"):
        found = _plant(built_url, "GRANT app_admin TO app_rw")
    assert _pairs(found) == [("SC904", "role app_rw")]
    assert "app_admin" in found[0].finding.message


# --- SC905 database-privilege-too-broad ----------------------------------------------------------------


def test_temporary_granted_to_public(built_url: str) -> None:
    name = database_name(built_url)
    found = _plant(built_url, f'GRANT TEMPORARY ON DATABASE "{name}" TO PUBLIC')
    assert _pairs(found) == [("SC905", f"database {name}")]
    assert found[0].finding.message.startswith(f"PUBLIC holds TEMPORARY on database {name}")
    assert found[0].finding.file == "sql/0005_hostile_session_hardening.sql"  # its REVOKE TEMPORARY FROM PUBLIC


def test_connect_to_public_as_a_database_from_a_template_has_it(built_url: str) -> None:
    name = database_name(built_url)
    found = _plant(built_url, f'GRANT CONNECT ON DATABASE "{name}" TO PUBLIC')
    assert _pairs(found) == [("SC905", f"database {name}")]
    assert "PUBLIC holds CONNECT" in found[0].finding.message


def test_create_on_the_database_to_an_app_role(built_url: str) -> None:
    name = database_name(built_url)
    found = _plant(built_url, f'GRANT CREATE ON DATABASE "{name}" TO app_ro')
    assert _pairs(found) == [("SC905", f"database {name}")]
    assert "app_ro holds CREATE" in found[0].finding.message


# --- SC906 login-without-timeouts ----------------------------------------------------------------------


def test_login_of_an_app_role_without_timeouts(built_url: str) -> None:
    with temp_role(built_url) as login:
        found = _plant(built_url, f"GRANT app_admin TO {login}")
        assert _pairs(found) == [("SC906", f"role {login}")]
        assert "lock_timeout, idle_in_transaction_session_timeout" in found[0].finding.message
        execute(built_url, f"ALTER ROLE {login} SET lock_timeout = '2s'")
        one = [f for f in run_verify(built_url).findings if f.finding.code == "SC906"]
        assert [f.finding.message.split(" but ")[1].split(" is not")[0] for f in one] == [
            "idle_in_transaction_session_timeout"
        ]
        name = database_name(built_url)
        execute(
            built_url, f"ALTER ROLE {login} IN DATABASE \"{name}\" SET idle_in_transaction_session_timeout = '1min'"
        )
        assert [f for f in run_verify(built_url).findings if f.finding.code == "SC906"] == []
        execute(built_url, f"ALTER ROLE {login} SET lock_timeout = 0")  # 0 turns it off
        off = [f for f in run_verify(built_url).findings if f.finding.code == "SC906"]
        assert [str(f.subject) for f in off] == [f"role {login}"]


def test_a_nologin_member_needs_no_timeouts(built_url: str) -> None:
    with temp_role(built_url, "NOLOGIN") as group:
        assert _plant(built_url, f"GRANT app_ro TO {group}") == []


# --- SC907 extension-not-allowed-live ------------------------------------------------------------------


def test_extension_outside_the_allow_list(built_url: str) -> None:
    with psycopg.connect(built_url) as conn:
        rows = conn.execute(
            "SELECT name FROM pg_available_extensions WHERE name IN ('vector', 'dblink', 'uuid-ossp') ORDER BY 1"
        ).fetchall()
    assert rows, "the server has none of vector, dblink, uuid-ossp to install"
    extension = str(rows[0][0])
    found = _plant(built_url, f'CREATE EXTENSION "{extension}"')
    codes = [pair for pair in _pairs(found) if pair[0] == "SC907"]
    assert codes == [("SC907", f"extension {extension}")]


# --- SC908 object-owner-not-allowed --------------------------------------------------------------------


def test_objects_owned_by_another_role(built_url: str) -> None:
    with temp_role(built_url, "NOLOGIN") as person:
        found = _plant(
            built_url,
            f"GRANT CREATE, USAGE ON SCHEMA public TO {person}",
            f"SET ROLE {person}",
            "CREATE FUNCTION public.hand_fix() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
            "RESET ROLE",
            f"ALTER VIEW public.v_realtime_revenue OWNER TO {person}",
            f"CREATE SCHEMA scratch AUTHORIZATION {person}",
            "CREATE COLLATION public.c_by_hand (locale = 'C')",
        )
        assert ("SC908", "collation public.c_by_hand") in _pairs(found)
        assert ("SC908", "function public.hand_fix()") in _pairs(found)
        assert ("SC908", "view public.v_realtime_revenue") in _pairs(found)
        assert ("SC908", "schema scratch") in _pairs(found)
        view = next(f for f in found if str(f.subject) == "view public.v_realtime_revenue")
        assert person in view.finding.message
        assert view.finding.file == "sql/0005_hostile_session_hardening.sql"  # the last statement on the view


# --- SC909 relation-not-in-snapshot --------------------------------------------------------------------


def test_relation_made_by_hand(built_url: str) -> None:
    found = _plant(
        built_url,
        "SET ROLE rls_definer",
        "CREATE MATERIALIZED VIEW public.mv_copy AS SELECT * FROM public.mv_realtime_revenue",
    )
    assert _pairs(found) == [("SC909", "materialized view public.mv_copy")]


# --- SC910 migration-ledger-mismatch -------------------------------------------------------------------


def test_ledger_pending_changed_and_missing(built_url: str) -> None:
    found = _plant(
        built_url,
        "DELETE FROM schemactl.schema_migrations WHERE version = 3",
        "UPDATE schemactl.schema_migrations SET checksum = 'x' WHERE version = 2",
        "INSERT INTO schemactl.schema_migrations (version, name, checksum, source_checksum, duration_ms, "
        "transactional) VALUES (99, 'other_branch', 'x', 'x', 1, true)",
    )
    assert _pairs(found) == [("SC910", "migration 2"), ("SC910", "migration 3"), ("SC910", "migration 99")]
    by_version = {f.subject.name: f.finding for f in found}
    assert "not applied" in by_version["3"].message
    assert by_version["3"].file == "sql/0003_read_path.sql"
    assert "changed" in by_version["2"].message
    assert by_version["2"].file == "sql/0002_core_tables.sql"
    assert "not in sql/" in by_version["99"].message


def test_database_without_a_ledger(built_url: str) -> None:
    found = _plant(built_url, "DROP SCHEMA schemactl CASCADE")
    assert _pairs(found) == [("SC910", "table schemactl.schema_migrations")]
    assert "no migration ledger" in found[0].finding.message


# --- SC911 public-holds-privilege ----------------------------------------------------------------------


def test_public_holds_privileges(built_url: str) -> None:
    found = _plant(
        built_url,
        "GRANT SELECT ON public.tenants TO PUBLIC",
        "GRANT UPDATE (name) ON public.tenants TO PUBLIC",
        "GRANT EXECUTE ON FUNCTION public.set_updated_at() TO PUBLIC",
        "GRANT CREATE ON SCHEMA public TO PUBLIC",
        "ALTER DEFAULT PRIVILEGES FOR ROLE migration_owner GRANT SELECT ON TABLES TO PUBLIC",
    )
    assert _pairs(found) == [
        ("SC911", "default privilege migration_owner"),
        ("SC911", "function public.set_updated_at()"),
        ("SC911", "schema public"),
        ("SC911", "table public.tenants"),
        ("SC911", "table public.tenants"),
    ]
    messages = sorted(f.finding.message for f in found)
    assert any(m.startswith("PUBLIC holds UPDATE on column public.tenants.name") for m in messages)
    assert any("new tables" in m for m in messages)


def test_owner_role_whose_new_functions_public_may_execute(built_url: str) -> None:
    with restored(built_url, "ALTER DEFAULT PRIVILEGES FOR ROLE rls_definer REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"):
        found = _plant(built_url, "ALTER DEFAULT PRIVILEGES FOR ROLE rls_definer GRANT EXECUTE ON FUNCTIONS TO PUBLIC")
    assert _pairs(found) == [("SC911", "default privilege rls_definer")]
    assert found[0].finding.file == "sql/0001_baseline.sql"
