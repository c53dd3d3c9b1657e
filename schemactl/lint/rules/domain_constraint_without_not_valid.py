from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import name_of_items
from schemactl.lint.rule import Rule, StatementContext


class DomainConstraintWithoutNotValid(Rule):
    """What it does
    Flags `ALTER DOMAIN ... ADD CONSTRAINT` (CHECK or NOT NULL) without `NOT VALID`, and
    `ALTER DOMAIN ... SET NOT NULL`, on a domain that columns may use: one an earlier migration created
    and some column uses, or one these migrations did not create at all.

    Why is this bad?
    PostgreSQL checks every row of every table with a column of the domain, holding a lock that blocks
    writes to those tables for the whole scan.

    Example
    ```sql
    ALTER DOMAIN positive_cents ADD CONSTRAINT ck_positive_cents CHECK (VALUE > 0);
    ```

    Fix
    Add it `NOT VALID` (new values are checked at once), then validate it in a later migration:
    ```sql
    ALTER DOMAIN positive_cents ADD CONSTRAINT ck_positive_cents CHECK (VALUE > 0) NOT VALID;
    ```
    and later `ALTER DOMAIN positive_cents VALIDATE CONSTRAINT ck_positive_cents;`.
    """

    code = "SC717"
    name = "domain-constraint-without-not-valid"
    severity = Severity.ERROR
    node_types = ("AlterDomainStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast

        node = context.node
        if not isinstance(node, ast.AlterDomainStmt):
            return
        adds = node.subtype == "C" and isinstance(node.def_, ast.Constraint) and not node.def_.skip_validation
        if not (adds or node.subtype == "O"):  # O: SET NOT NULL
            return
        name = (name_of_items(node.typeName) or "").split(".")[-1]
        created = context.model.domains.get(name)
        if created == context.file.display or (created is not None and name not in context.model.domains_used):
            return
        what = "ADD CONSTRAINT" if adds else "SET NOT NULL"
        yield self.report(
            context,
            node.def_ if adds else node,
            f"ALTER DOMAIN {name} {what} checks every column of the domain in every table, blocking writes: "
            "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration",
        )
