"""A database built from sql/: what verify reports on it, and that it verifies clean once the
database-level TEMPORARY privilege is revoked (what the next migrations do)."""

from __future__ import annotations

from tests.verify.support import KNOWN_ON_CURRENT_SQL, database_name, execute, run_verify


def _summary(url: str) -> set[tuple[str, str, str]]:
    report = run_verify(url)
    return {
        (f.finding.code, f.subject.kind.value, f.finding.message.split(":")[0].split(" on database")[0])
        for f in report.findings
    }


def test_the_current_sql_produces_only_the_documented_findings(built_url: str) -> None:
    assert _summary(built_url) <= KNOWN_ON_CURRENT_SQL


def test_a_database_built_from_sql_verifies_clean_with_the_pending_fixes(built_url: str) -> None:
    """The two fixes the next migrations make (revoke TEMPORARY, pin the helper's search_path) leave nothing."""
    name = database_name(built_url)
    execute(
        built_url,
        f'REVOKE TEMPORARY ON DATABASE "{name}" FROM app_rw, app_ro, app_admin',
        "ALTER FUNCTION public.app_current_tenant_id() SET search_path = pg_catalog, public, pg_temp",
    )
    report = run_verify(built_url)
    assert [f.finding.message for f in report.findings] == []
    assert {rule.code for rule in report.rules} >= {"SC301", "SC302", "SC303", "SC304", "SC901", "SC910"}


def test_every_finding_of_the_current_sql_is_placed_in_the_baseline(built_url: str) -> None:
    for item in run_verify(built_url).findings:
        assert item.finding.file == "sql/0001_baseline.sql"
        assert item.subject.name in (database_name(built_url), "public.app_current_tenant_id()")


def test_a_copy_made_from_a_template_has_lost_the_database_revokes(schema_url: str) -> None:
    """CREATE DATABASE ... TEMPLATE copies the schema but not the database's ACL: PUBLIC is back."""
    name = database_name(schema_url)
    database = [f for f in run_verify(schema_url).findings if f.subject.name == name]
    assert [(f.finding.code, f.finding.message.split(":")[0]) for f in database] == [
        ("SC905", f"PUBLIC holds CONNECT, TEMPORARY on database {name}")
    ]
