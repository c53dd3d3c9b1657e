from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import table_grant_to_app_roles

WRITES = ("UPDATE", "DELETE", "TRUNCATE")


class AppendOnlyTableWritable(Rule):
    """What it does
    Flags a `GRANT` of `UPDATE` (on the table or on some of its columns), `DELETE`, `TRUNCATE` or
    `ALL` to an application role (setting `app_roles`) on a table marked `-- schemactl: append-only`
    in front of its `CREATE TABLE`, by name or through `ON ALL TABLES IN SCHEMA`.

    Why is this bad?
    An append-only table is a log: rows are corrected by new rows, never changed or removed. A
    privilege to change them contradicts the design, and the application will eventually use it; a
    trigger that refuses the change turns that into a production error instead of a review comment.

    Example
    ```sql
    -- schemactl: append-only
    CREATE TABLE ledger_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), amount_cents integer NOT NULL);
    GRANT SELECT, INSERT, UPDATE ON ledger_events TO app_rw;
    ```

    Fix
    Grant reads and inserts only:
    ```sql
    GRANT SELECT, INSERT ON ledger_events TO app_rw;
    ```
    """

    code = "SC402"
    name = "append-only-table-writable"
    severity = Severity.ERROR

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import enums

        node = context.node
        roles = table_grant_to_app_roles(node, context.settings.app_roles)
        if not roles:
            return
        privileges = {str(p.priv_name).upper() for p in node.privileges or ()} if node.privileges else {"ALL"}
        writes = [p for p in ("ALL", *WRITES) if p in privileges]
        if not writes:
            return
        what = f"{', '.join(writes)} to {', '.join(roles)}"
        if node.targtype == enums.GrantTargetType.ACL_TARGET_ALL_IN_SCHEMA:
            tables = sorted(t.name for t in context.model.tables.values() if t.append_only)
            if tables:
                yield self.report(
                    context,
                    node.objects[0] if node.objects else node,
                    f"GRANT {what} on all tables in schema covers append-only table(s) {', '.join(tables)}: "
                    "grant SELECT, INSERT on those by name",
                )
            return
        for target in node.objects or ():
            table = context.model.table(relation_name(target))
            if table is not None and table.append_only:
                yield self.report(
                    context,
                    target,
                    f"GRANT {what} on append-only table {table.name}: grant SELECT and INSERT only",
                )
