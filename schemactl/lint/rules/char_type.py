from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import type_name_of
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.money_not_integer_cents import COLUMN_TYPE_STATEMENTS, declared_types


class CharType(Rule):
    """What it does
    Flags columns declared `char`, `char(n)`, `character(n)` or `bpchar`, and the internal one-byte
    type `"char"`. `varchar(n)` (`character varying`) and `text` are not flagged.

    Why is this bad?
    `char(n)` pads values with spaces to n characters; the padding is ignored by some comparisons
    and not others (`LIKE`, casts to text, concatenation, the application), so `'ab'` and `'ab '`
    are equal here and different there. It is no faster than `text` and its length limit is no
    better than a `CHECK`. `"char"` is a catalog type of one byte, not meant for user data.

    Example
    ```sql
    CREATE TABLE countries (code char(2) NOT NULL, currency character(3));
    ```

    Fix
    ```sql
    CREATE TABLE countries (
        code text NOT NULL,
        currency text,
        CONSTRAINT ck_countries_code_length CHECK (char_length(code) = 2)
    );
    ```
    """

    code = "SC205"
    name = "char-type"
    severity = Severity.WARNING
    node_types = COLUMN_TYPE_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for table, column, type_name in declared_types(context.node):
            kind = type_name_of(type_name)
            if kind == "bpchar":
                yield self.report(
                    context,
                    type_name,
                    f"column {table}.{column} is char(n), which pads with spaces: use text (with a CHECK on "
                    "its length) or varchar(n)",
                )
            elif kind == "char":
                yield self.report(
                    context,
                    type_name,
                    f'column {table}.{column} is "char", PostgreSQL\'s internal one-byte type: use text',
                )
