from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.identifier_not_snake_case import (
    CREATING_STATEMENTS,
    MAX_IDENTIFIER_BYTES,
    fold,
    locate,
    statement_created_names,
    truncate,
)

# Truncating more than 63 bytes to 63 drops at most 3 bytes of a split character and leaves at
# least 60: a stored name shorter than that was not truncated, so no token spelling it is too long.
_MIN_TRUNCATED_BYTES = MAX_IDENTIFIER_BYTES - 3


class IdentifierTooLong(Rule):
    """What it does
    Flags a name created by a statement (table, column, constraint, index, view, function, type,
    schema, sequence, trigger, policy, or the new name of a `RENAME`) longer than 63 bytes. Bytes,
    not characters: `é` takes two.

    Why is this bad?
    PostgreSQL silently truncates identifiers to 63 bytes (NAMEDATALEN - 1), with only a NOTICE.
    The object in the catalog then has a different name from the one in the migration and the code,
    and two long names that share their first 63 bytes collide: the second `CREATE` fails, or,
    with `IF NOT EXISTS`, is silently skipped.

    Example
    ```sql
    CREATE INDEX idx_attribution_allocations_tenant_event_model_version_channel_created_at
        ON attribution_allocations (tenant_id, event_id, model_version, channel, created_at);
    ```

    Fix
    Choose a shorter name that still says what it is:
    ```sql
    CREATE INDEX idx_attribution_allocations_tenant_event_model_channel
        ON attribution_allocations (tenant_id, event_id, model_version, channel, created_at);
    ```
    """

    code = "SC106"
    name = "identifier-too-long"
    severity = Severity.ERROR
    node_types = CREATING_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for created in statement_created_names(context.node):
            if len(created.name.encode("utf-8")) < _MIN_TRUNCATED_BYTES:
                continue  # its token (or, when none spells it, the name itself) is at most 63 bytes
            offset, spelling = locate(context.statement, created)
            written = fold(spelling)
            size = len(written.encode("utf-8"))
            if size > MAX_IDENTIFIER_BYTES:
                yield self.at(
                    context.file,
                    offset,
                    f"{created.kind} {written} is {size} bytes long: PostgreSQL truncates it to "
                    f"{MAX_IDENTIFIER_BYTES} bytes ({truncate(written)}); choose a shorter name",
                )
