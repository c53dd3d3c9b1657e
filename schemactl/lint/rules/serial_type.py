from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import type_name_of
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.money_not_integer_cents import COLUMN_TYPE_STATEMENTS, declared_types

SERIAL_TYPES = frozenset({"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})


class SerialType(Rule):
    """What it does
    Flags columns declared `serial`, `bigserial` or `smallserial` (`serial4`, `serial8`, `serial2`).

    Why is this bad?
    `serial` is not a type but a shorthand for an integer column, a separately owned sequence and a
    default: the sequence needs its own grants (`USAGE`), is not copied by `CREATE TABLE ... LIKE`,
    can be dropped or altered independently, and inserts that give an explicit id leave it behind.
    `serial` (int4) also runs out at 2^31. The project's keys are uuids with a default; where an
    integer sequence is truly needed, an identity column is the standard form.

    Example
    ```sql
    CREATE TABLE tickets (id serial PRIMARY KEY, number bigserial);
    ```

    Fix
    ```sql
    CREATE TABLE tickets (
        id uuid DEFAULT gen_random_uuid(),
        number bigint GENERATED ALWAYS AS IDENTITY,
        CONSTRAINT pk_tickets PRIMARY KEY (id)
    );
    ```
    """

    code = "SC204"
    name = "serial-type"
    severity = Severity.WARNING
    node_types = COLUMN_TYPE_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for table, column, type_name in declared_types(context.node):
            kind = type_name_of(type_name)
            if kind in SERIAL_TYPES:
                integer = "smallint" if kind in ("smallserial", "serial2") else "bigint"
                yield self.report(
                    context,
                    type_name,
                    f"column {table}.{column} is {kind}: use {integer} GENERATED ALWAYS AS IDENTITY "
                    "(or, for a key, uuid DEFAULT gen_random_uuid())",
                )
