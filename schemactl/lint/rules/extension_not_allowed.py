from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext


class ExtensionNotAllowed(Rule):
    """What it does
    Flags `CREATE EXTENSION` of a name that is not in the project's extension allow-list: the
    backticked names opening the rows of the table in the document named by the setting
    `extension_allowlist` (default `docs/EXTENSION_ALLOWLIST.md`), or the setting `allowed_extensions`.

    Why is this bad?
    An extension runs code inside the server, often as a superuser, and ties the schema to what the
    platform can install: some are untrusted languages (code as the server's OS user), some open
    connections out of the database, some replace built-ins (`uuid-ossp` for `gen_random_uuid()`).
    Each one is a reviewed decision, recorded with its rationale.

    Example
    ```sql
    CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
    ```

    Fix
    Use what PostgreSQL already has (`gen_random_uuid()`), or add the extension to the allow-list
    with its rationale in a reviewed change, then create it:
    ```sql
    CREATE EXTENSION IF NOT EXISTS pgcrypto;
    ```
    """

    code = "SC601"
    name = "extension-not-allowed"
    severity = Severity.ERROR
    node_types = ("CreateExtensionStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast

        node = context.node
        if isinstance(node, ast.CreateExtensionStmt) and str(node.extname) not in context.settings.allowed_extensions:
            source = context.settings.extension_allowlist
            listed = ", ".join(sorted(context.settings.allowed_extensions)) or "none"
            yield self.report(
                context,
                node,
                f"extension {node.extname} is not in the allow-list ({source}; allowed: {listed}): "
                "use a built-in, or add it there with its rationale in a reviewed change",
            )
