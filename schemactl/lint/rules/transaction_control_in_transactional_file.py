from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class TransactionControlInTransactionalFile(Rule):
    """What it does
    Reports `BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK` (but not `ROLLBACK TO`
    a savepoint), `ABORT` and `PREPARE TRANSACTION` in a file that runs in schemactl's transaction
    (one without `-- schemactl: no-transaction` in its header), with the message `schemactl apply`
    refuses the file with before running anything.

    Why is this bad?
    Each file runs in one transaction together with its ledger row. A `COMMIT` in the file would
    commit half of it without its ledger row, so a failure after it leaves changes that are not
    recorded and a re-run that fails on them.

    Example
    ```sql
    BEGIN;
    CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    COMMIT;
    ```

    Fix
    Remove the statements (the file is already atomic), or, for statements that cannot run in a
    transaction, put them in a file of their own whose header says `-- schemactl: no-transaction`.
    """

    code = "SC023"
    name = "transaction-control-in-transactional-file"
    severity = Severity.ERROR
