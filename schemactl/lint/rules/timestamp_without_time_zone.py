from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.money_not_integer_cents import COLUMN_TYPE_STATEMENTS, declared_types


class TimestampWithoutTimeZone(Rule):
    """What it does
    Flags columns declared `timestamp` or `timestamp without time zone` (with or without a
    precision such as `timestamp(3)`).

    Why is this bad?
    A `timestamp` stores wall-clock digits with no zone: the same instant written from two servers
    or sessions with different `TimeZone` settings compares wrong, and daylight-saving changes
    make values ambiguous. `timestamptz` stores an instant.

    Example
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), placed_at timestamp NOT NULL);
    ```

    Fix
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), placed_at timestamptz NOT NULL);
    ```
    """

    code = "SC201"
    name = "timestamp-without-time-zone"
    severity = Severity.ERROR
    node_types = COLUMN_TYPE_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for table, column, type_name in declared_types(context.node):
            names = [str(n.sval).lower() for n in type_name.names or ()]
            if names and names[-1] == "timestamp":
                yield self.report(
                    context,
                    type_name,
                    f"column {table}.{column} is timestamp without time zone: use timestamptz",
                )
