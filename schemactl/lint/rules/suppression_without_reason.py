from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class SuppressionWithoutReason(Rule):
    """What it does
    Reports a `-- schemactl: allow CODE` comment with no `because ...` reason.

    Why is this bad?
    A suppression is a decision; without its reason a reviewer cannot judge it, and nobody can tell
    later whether it still holds.

    Example
    ```sql
    -- schemactl: allow SC709
    DROP TABLE widgets;
    ```

    Fix
    Say why: `-- schemactl: allow SC709 because widgets was never used (ticket 123)`.
    """

    code = "SC004"
    name = "suppression-without-reason"
    severity = Severity.ERROR
