from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class ParseError(Rule):
    """What it does
    Reports SQL that PostgreSQL's parser (through pglast) cannot parse, a file that is not UTF-8
    or contains NUL bytes, and a statement too deeply nested to analyse.

    Why is this bad?
    The file would fail when applied, and no other rule can check it.

    Example
    ```sql
    CREATE TABLE widgets (id uuid PRIMARY KEY,);
    ```

    Fix
    Correct the syntax at the reported line and column.
    """

    code = "SC001"
    name = "parse-error"
    severity = Severity.ERROR
