from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class MisnamedMigrationFile(Rule):
    """What it does
    Reports a `.sql` file in the migration directory whose name is not `NNNN_snake_case_name.sql`,
    including an upper-case extension (`0004_add_orders.SQL`), dashes, capitals or a missing number.
    Dotfiles and editor backups (`.#0004_x.sql`, `0004_x.sql~`) are not migrations and are skipped.
    The message is the one `schemactl apply` refuses the directory with.

    Why is this bad?
    `apply` and `status` refuse to run while the file is there: its version and its place in the
    order cannot be told from its name. Ignoring it instead would silently skip a migration.

    Example
    ```sql
    -- sql/0004-Add-Orders.SQL
    CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    ```

    Fix
    Rename it as the hint says (`0004_add_orders.sql`), or move it out of the migration directory.
    """

    code = "SC021"
    name = "misnamed-migration-file"
    severity = Severity.ERROR
