from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import identifier, locate, object_name
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext

_KINDS = {"OBJECT_MATVIEW": "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE": "FOREIGN TABLE"}
_ALLOW = "if it is intended, say so: `-- schemactl: allow SC709 because <reason>` in front of the statement"


class DestructiveOperation(Rule):
    """What it does
    Flags statements that destroy data or cascade to objects they do not name, on any table
    (existing or not): `DROP TABLE`, `DROP DATABASE`, `ALTER TABLE ... DROP COLUMN`, `TRUNCATE`, and any statement
    with `CASCADE` (`DROP ... CASCADE`, `ALTER TABLE ... DROP ... CASCADE`, `TRUNCATE ... CASCADE`).

    Why is this bad?
    A migration cannot be rolled back past a dropped table or column: the data is gone, and
    application code still running the previous release fails on the missing object. `CASCADE`
    silently drops every dependent object (views, foreign keys, policies, other tables' rows for
    TRUNCATE) that the statement does not name.

    Example
    ```sql
    ALTER TABLE orders DROP COLUMN legacy_status;
    ```

    Fix
    Expand and contract: stop using the column or table in the application first, release, then
    drop it in a later migration. Name dependent objects and drop them explicitly instead of
    `CASCADE`. When the drop is the intended contract step, the explicit allow marker is a
    suppression with its reason:
    ```sql
    -- schemactl: allow SC709 because legacy_status is unused since release 42 (ticket 123)
    ALTER TABLE orders DROP COLUMN legacy_status;
    ```
    """

    code = "SC709"
    name = "destructive-operation"
    severity = Severity.ERROR
    node_types = (
        "DropStmt",
        "DropdbStmt",
        "TruncateStmt",
        "AlterTableStmt",
    )

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        cascade = enums.DropBehavior.DROP_CASCADE
        if isinstance(node, ast.DropStmt):
            names = ", ".join(object_name(item) for item in node.objects or ())
            kind_name = getattr(node.removeType, "name", "OBJECT_OBJECT")
            kind = _KINDS.get(kind_name, kind_name.removeprefix("OBJECT_").replace("_", " "))
            its, it = ("their", "them") if len(node.objects or ()) > 1 else ("its", "it")
            if node.removeType == enums.ObjectType.OBJECT_TABLE:
                also = f" and, with CASCADE, every object that depends on {it}" if node.behavior == cascade else ""
                yield self.report(context, node, f"DROP TABLE {names} destroys {its} data{also}: {_ALLOW}")
            elif node.behavior == cascade:
                yield self.report(
                    context,
                    node,
                    f"DROP {kind} {names} CASCADE also drops every object that depends on {it}: "
                    f"drop the dependents by name, or {_ALLOW}",
                )
        elif isinstance(node, ast.DropdbStmt):
            yield self.report(
                context, node, f"DROP DATABASE {node.dbname} destroys every object and row in it: {_ALLOW}"
            )
        elif isinstance(node, ast.TruncateStmt):
            tables = ", ".join(relation_name(r) or "?" for r in node.relations or ())
            also = " and of every table referencing them by foreign key (CASCADE)" if node.behavior == cascade else ""
            first = node.relations[0] if node.relations else node
            yield self.report(context, first, f"TRUNCATE deletes every row of {tables}{also}: {_ALLOW}")
        elif isinstance(node, ast.AlterTableStmt):
            table = relation_name(node.relation)
            for command in node.cmds or ():
                if not isinstance(command, ast.AlterTableCmd):
                    continue
                name = str(command.name) if command.name else ""
                if command.subtype == enums.AlterTableType.AT_DropColumn:
                    also = " and every object that depends on it (CASCADE)" if command.behavior == cascade else ""
                    yield self.at(
                        context.file,
                        locate(
                            context, rf"\bDROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?{identifier(name)}", node.relation
                        ),
                        f"DROP COLUMN {table}.{name} destroys its data{also}: {_ALLOW}",
                    )
                elif command.behavior == cascade:
                    constraint = command.subtype == enums.AlterTableType.AT_DropConstraint
                    target = f"CONSTRAINT {name}" if constraint else name
                    keyword = r"CONSTRAINT\s+" if constraint else ""
                    yield self.at(
                        context.file,
                        locate(context, rf"\bDROP\s+{keyword}(?:IF\s+EXISTS\s+)?{identifier(name)}", node.relation),
                        f"ALTER TABLE {table} DROP {target} CASCADE also drops every object that depends on it: "
                        f"drop the dependents by name, or {_ALLOW}",
                    )
