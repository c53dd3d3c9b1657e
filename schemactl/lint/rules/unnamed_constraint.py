from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.constraint_name_convention import (
    CONSTRAINT_STATEMENTS,
    KINDS,
    suggested_constraint_name,
    table_constraints,
)


class UnnamedConstraint(Rule):
    """What it does
    Flags a primary key, foreign key (`REFERENCES`), unique, check or exclusion constraint declared
    without `CONSTRAINT name`, on a column or on the table, in `CREATE TABLE` or
    `ALTER TABLE ... ADD [COLUMN]`. `NOT NULL` and `DEFAULT` are not named constraints and are not
    flagged, nor is `ADD PRIMARY KEY USING INDEX`, which takes the index's name.

    Why is this bad?
    The server invents the name (`orders_pkey`, `orders_customer_id_fkey`, `orders_check1`): it does
    not follow the project's convention, it depends on the column order and on which names were
    already taken, so a later migration cannot drop or validate the constraint by a name it can
    rely on, and error messages name something nobody chose.

    Example
    ```sql
    CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers (id),
        total_cents bigint NOT NULL CHECK (total_cents >= 0)
    );
    ```

    Fix
    ```sql
    CREATE TABLE orders (
        id uuid DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL,
        total_cents bigint NOT NULL,
        CONSTRAINT pk_orders PRIMARY KEY (id),
        CONSTRAINT fk_orders_customer_id FOREIGN KEY (customer_id) REFERENCES customers (id),
        CONSTRAINT ck_orders_total_cents CHECK (total_cents >= 0)
    );
    ```
    """

    code = "SC105"
    name = "unnamed-constraint"
    severity = Severity.WARNING
    node_types = CONSTRAINT_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for table, constraint, column in table_constraints(context.node):
            if constraint.conname or constraint.indexname:
                continue
            _prefix, label = KINDS[constraint.contype.name]
            where = f"{table}.{column}" if column else table
            suggestion = suggested_constraint_name(table, constraint, column)
            yield self.report(
                context,
                constraint,
                f"unnamed {label} on {where} (the server invents its name): declare it as CONSTRAINT {suggestion}",
            )
