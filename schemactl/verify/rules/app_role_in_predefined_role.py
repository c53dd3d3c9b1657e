from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext
from schemactl.verify.settings import PRIVILEGED_PREDEFINED_ROLES


class AppRoleInPredefinedRole(LiveRule):
    """What it does
    Flags an application role that can use (inherit from, or `SET ROLE` to) one of the predefined
    roles that reach past table privileges: `pg_read_all_data`, `pg_write_all_data`, `pg_maintain`
    (PostgreSQL 17+), `pg_read_server_files`, `pg_write_server_files`, `pg_execute_server_program`.

    Why is this bad?
    `pg_read_all_data` and `pg_write_all_data` give SELECT, INSERT, UPDATE and DELETE on every table
    whatever its grants; `pg_write_all_data` and `pg_maintain` let the role `LOCK TABLE` every table in
    blocking modes, so one tenant's session can stop every tenant. The server-file roles read and
    write the server's files. None of it goes through the schema's grants matrix.

    Example
    ```sql
    GRANT pg_read_all_data TO app_ro;
    ```

    Fix
    ```sql
    REVOKE pg_read_all_data FROM app_ro;
    ```
    """

    code = "SC902"
    name = "app-role-in-predefined-role"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        for app in context.settings.app_roles:
            for use in context.state.used_by(app):
                if use.role in PRIVILEGED_PREDEFINED_ROLES:
                    yield LiveFinding(
                        f"application role {app} can use the predefined role {use.role} ({use.how}): "
                        f"it bypasses the grants matrix; REVOKE {use.role} FROM {app}",
                        ObjectRef(ObjectKind.ROLE, app),
                    )
