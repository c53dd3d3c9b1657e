from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class MigrationWithoutStatements(Rule):
    """What it does
    Reports a file with no SQL statement: empty, only comments and blank lines (an unfilled
    `schemactl new` scaffold), or a template that renders to nothing. `schemactl apply` refuses it
    with the same message.

    Why is this bad?
    Applying it would record its version for nothing; the SQL written into it later would then
    show as a change to an applied file, which blocks every apply.

    Example
    ```sql
    -- Add orders: TODO say what this migration changes and why.
    -- schemactl: lock_timeout=5s statement_timeout=15min
    ```

    Fix
    Write the migration below the header, or delete the file.
    """

    code = "SC025"
    name = "migration-without-statements"
    severity = Severity.ERROR
