from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext


class ExtensionNotAllowedLive(LiveRule):
    """What it does
    Flags an extension installed in the database that is not in the extension allow-list (the same
    list as lint rule SC601: `docs/EXTENSION_ALLOWLIST.md` or `[tool.schemactl.lint]
    allowed_extensions`). `plpgsql`, which every database gets from `initdb`, is always allowed.

    Why is this bad?
    SC601 judges `CREATE EXTENSION` in migrations; an extension installed by hand, by a restore or by
    a platform's console never goes through them. Extensions run code in the server, often as a
    superuser; some open connections out of the database (`dblink`, `postgres_fdw`), some run
    untrusted languages.

    Example
    ```sql
    CREATE EXTENSION dblink;
    ```

    Fix
    ```sql
    DROP EXTENSION dblink;
    ```
    or add it to the allow-list with its rationale in a reviewed change.
    """

    code = "SC907"
    name = "extension-not-allowed-live"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        allowed = context.settings.allowed_extensions
        listed = ", ".join(sorted(allowed))
        for name, schema in sorted(context.state.extensions.items()):
            if name not in allowed:
                yield LiveFinding(
                    f"extension {name} (in schema {schema}) is not in the allow-list (allowed: {listed}): "
                    f"DROP EXTENSION {name}, or add it to the allow-list in a reviewed change",
                    ObjectRef(ObjectKind.EXTENSION, name),
                )
