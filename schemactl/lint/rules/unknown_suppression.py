from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class UnknownSuppression(Rule):
    """What it does
    Reports a `-- schemactl: allow CODE` comment naming a code that is not a rule.

    Why is this bad?
    A typo in a suppression silently suppresses nothing, and the reader believes a decision was made.

    Example
    ```sql
    -- schemactl: allow SC9999 because the table is empty
    DROP TABLE widgets;
    ```

    Fix
    Name an existing rule code (`schemactl rules` lists them), or remove the comment.
    """

    code = "SC003"
    name = "unknown-suppression"
    severity = Severity.ERROR
