from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class DuplicateMigrationVersion(Rule):
    """What it does
    Reports every file of the migration directory whose version number another file also has
    (`0004_add_orders.sql` and `004_add_invoices.sql`), with the message `schemactl apply` refuses
    the directory with.

    Why is this bad?
    The version is the key of the ledger: two files with one number cannot both be recorded, and
    which one runs first would depend on their names. Two branches that each added "the next"
    migration produce exactly this.

    Example
    ```sql
    -- sql/0004_add_invoices.sql, next to sql/0004_add_orders.sql
    CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    ```

    Fix
    Renumber the file that is not applied anywhere yet after the last one (`0005_add_invoices.sql`).
    """

    code = "SC022"
    name = "duplicate-migration-version"
    severity = Severity.ERROR
