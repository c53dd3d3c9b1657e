from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile


class ColumnWithoutComment(Rule):
    """What it does
    Flags a column of a table created in the migrations (by `CREATE TABLE` or a later
    `ALTER TABLE ... ADD COLUMN`) that has no `COMMENT ON COLUMN` by the end of them. The finding is at
    the column's definition.

    Why is this bad?
    Column comments are where units, vocabularies and contracts live (`revenue_cents` is integer
    cents; `state` is one of four values; `raw_payload` has its PII stripped). They are the only
    documentation every tool shows next to the column.

    Example
    ```sql
    CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total_cents integer NOT NULL);
    COMMENT ON COLUMN invoices.id IS 'Primary key UUID.';
    ```

    Fix
    ```sql
    COMMENT ON COLUMN invoices.total_cents IS 'Invoice total in cents (integer), taxes included.';
    ```
    """

    code = "SC502"
    name = "column-without-comment"
    severity = Severity.WARNING
    finish_reads = ()

    def finish(self, model: SchemaModel, files: dict[str, LintFile], settings: LintSettings) -> Iterator[Finding]:
        for table in model.tables.values():
            for column in table.columns.values():
                if column.comment:
                    continue
                file = files.get(column.file)
                offset = column.offset
                if file is None or offset < 0:  # where it was defined is unknown: at the table
                    file, offset = files.get(table.file), table.statement_offset
                if file is not None:
                    yield self.at(
                        file,
                        offset,
                        f"column {table.name}.{column.name} has no comment: "
                        f"add COMMENT ON COLUMN {table.name}.{column.name} IS '...'",
                    )
