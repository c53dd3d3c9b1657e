from __future__ import annotations

from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule


class ByteOrderMark(Rule):
    """What it does
    Reports a file that starts with a UTF-8 byte-order mark (the bytes EF BB BF some Windows
    editors write), with the message `schemactl apply` refuses the file with.

    Why is this bad?
    The mark is invisible in an editor, but it is part of the first line: a header directive such
    as `-- schemactl: no-transaction` on that line is no longer read as one, and PostgreSQL reports
    a syntax error at the mark.

    Example
    ```sql
    -- (the file begins with EF BB BF)
    CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    ```

    Fix
    Save the file as UTF-8 without a BOM (in most editors: the encoding "UTF-8", not "UTF-8 with BOM").
    """

    code = "SC024"
    name = "byte-order-mark"
    severity = Severity.ERROR
