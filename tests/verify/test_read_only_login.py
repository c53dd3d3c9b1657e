"""The documented scheduled run: a login with CONNECT, USAGE on schemactl and SELECT on the ledger,
nothing else, sees what a superuser sees; without the ledger grant it gets a finding that says which
grant is missing; without CONNECT a one-line error."""

from __future__ import annotations

from tests.cli.helpers import invoke
from tests.verify.support import PROJECT_ROOT, as_user, database_name, execute, run_verify, temp_role


def _summary(url: str) -> list[tuple[str, str, str]]:
    return sorted((f.finding.code, str(f.subject), f.finding.message) for f in run_verify(url).findings)


def test_a_read_only_login_sees_what_a_superuser_sees(built_url: str) -> None:
    name = database_name(built_url)
    with temp_role(built_url, "LOGIN") as verifier, temp_role(built_url, "LOGIN") as service:
        execute(
            built_url,
            f'GRANT CONNECT ON DATABASE "{name}" TO {verifier}',
            f"GRANT USAGE ON SCHEMA schemactl TO {verifier}",
            f"GRANT SELECT ON schemactl.schema_migrations TO {verifier}",
            f"ALTER ROLE {verifier} SET default_transaction_read_only = on",
            # something that needs the role settings and memberships to judge
            f"GRANT app_ro TO {service}",
            f"ALTER ROLE {service} SET lock_timeout = '2s'",
            "GRANT SELECT ON public.mv_realtime_revenue TO app_ro",
        )
        as_verifier = _summary(as_user(built_url, verifier))
        as_superuser = _summary(built_url)
        execute(built_url, f'REVOKE ALL ON DATABASE "{name}" FROM {verifier}')
    assert as_verifier == as_superuser
    codes = {code for code, _, _ in as_verifier}
    assert {"SC403", "SC906"} <= codes  # the comparison is not vacuous
    timeouts = next(message for code, _, message in as_verifier if code == "SC906")
    assert "but idle_in_transaction_session_timeout is not set" in timeouts  # it read lock_timeout


def test_without_the_ledger_grant_verify_says_which_grant_is_missing(built_url: str) -> None:
    name = database_name(built_url)
    with temp_role(built_url, "LOGIN") as verifier:
        execute(built_url, f'GRANT CONNECT ON DATABASE "{name}" TO {verifier}')
        report = run_verify(as_user(built_url, verifier))
        execute(built_url, f'REVOKE ALL ON DATABASE "{name}" FROM {verifier}')
    ledger = [f for f in report.findings if f.finding.code == "SC910"]
    assert [str(f.subject) for f in ledger] == ["table schemactl.schema_migrations"]
    assert "cannot read the migration ledger" in ledger[0].finding.message
    assert f"GRANT USAGE ON SCHEMA schemactl TO {verifier}" in ledger[0].finding.message
    assert f"GRANT SELECT ON schemactl.schema_migrations TO {verifier}" in ledger[0].finding.message


def test_without_connect_the_error_is_one_line(built_url: str) -> None:
    with temp_role(built_url, "LOGIN") as verifier:
        result = invoke("-C", str(PROJECT_ROOT), "verify", "--database-url", as_user(built_url, verifier))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "cannot connect" in errors[0]
    assert "CONNECT" in errors[0] or "permission denied" in errors[0]
