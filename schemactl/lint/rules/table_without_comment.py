from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile


class TableWithoutComment(Rule):
    """What it does
    Flags a table created in the migrations that has no `COMMENT ON TABLE` by the end of them (a
    comment in a later file counts; `COMMENT ... IS NULL` removes one).

    Why is this bad?
    The comment is the table's documentation where every tool sees it (`\\d+`, the schema snapshot,
    generated docs): what a row is, who writes it, whether it holds personal data. Without it the
    next engineer guesses from the name.

    Example
    ```sql
    CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    ```

    Fix
    ```sql
    COMMENT ON TABLE invoices IS 'One invoice issued to a customer of the tenant. Non-PII.';
    ```
    """

    code = "SC501"
    name = "table-without-comment"
    severity = Severity.WARNING
    finish_reads = ()

    def finish(self, model: SchemaModel, files: dict[str, LintFile], settings: LintSettings) -> Iterator[Finding]:
        for table in model.tables.values():
            file = files.get(table.file)
            if not table.comment and file is not None:
                yield self.at(
                    file,
                    table.statement_offset,
                    f"table {table.name} has no comment: add COMMENT ON TABLE {table.name} IS '...'",
                )
