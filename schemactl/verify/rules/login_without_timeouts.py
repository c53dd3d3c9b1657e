from __future__ import annotations

import re
from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext

_ZERO = re.compile(r"^\s*0+(\.0*)?\s*[a-z]*\s*$", re.IGNORECASE)  # 0, 0ms, 0s: the timeout is off


class LoginWithoutTimeouts(LiveRule):
    """What it does
    Flags a login role (not a superuser) that can use an application role but whose sessions in this
    database do not start with `lock_timeout` and `idle_in_transaction_session_timeout` set to a
    non-zero value by `ALTER ROLE ... SET`, `ALTER ROLE ... IN DATABASE ... SET` or `ALTER DATABASE
    ... SET` (the names come from `[tool.schemactl.verify] required_login_settings`).

    Why is this bad?
    Settings on the NOLOGIN group roles are not inherited: only the login's own (or the database's)
    apply. Without `lock_timeout` an application statement queues behind a migration's lock and every
    statement after it queues behind it, for every tenant. Without
    `idle_in_transaction_session_timeout` a client that stalls inside a transaction holds its locks
    and its pooled connection forever.

    Example
    ```sql
    CREATE ROLE ingest_service LOGIN IN ROLE app_rw;
    ```

    Fix
    ```sql
    ALTER ROLE ingest_service SET lock_timeout = '2s';
    ALTER ROLE ingest_service SET idle_in_transaction_session_timeout = '60s';
    ```
    """

    code = "SC906"
    name = "login-without-timeouts"
    severity = Severity.WARNING

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        state, settings = context.state, context.settings
        logins: dict[str, list[str]] = {}
        for app in settings.app_roles:
            for use in state.uses_of(app):
                member = state.roles.get(use.member)
                if member is not None and member.login:
                    logins.setdefault(use.member, []).append(app)
        for login, apps in sorted(logins.items()):
            missing = [
                name
                for name in settings.required_login_settings
                if (value := state.effective_setting(login, name)) is None or _ZERO.match(value)
            ]
            if missing:
                yield LiveFinding(
                    f"login role {login} uses application role(s) {', '.join(apps)} but {', '.join(missing)} "
                    f"{'is' if len(missing) == 1 else 'are'} not set for it: "
                    + "; ".join(f"ALTER ROLE {login} SET {name} = '...'" for name in missing),
                    ObjectRef(ObjectKind.ROLE, login),
                    tuple(ObjectRef(ObjectKind.ROLE, app) for app in apps),
                )
