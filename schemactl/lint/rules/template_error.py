from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class TemplateError(Rule):
    """What it does
    Reports a file that cannot be rendered: a Jinja syntax error, an undefined name, or an unknown
    or malformed `-- schemactl:` header directive.

    Why is this bad?
    `schemactl apply` would refuse the file; the SQL cannot be checked until it renders.

    Example
    ```sql
    {{ tenant_table('widgets', tenant_colum='tenant_id') }}
    ```

    Fix
    Correct the template at the reported line; `schemactl render FILE` shows the result.
    """

    code = "SC002"
    name = "template-error"
    severity = Severity.ERROR
