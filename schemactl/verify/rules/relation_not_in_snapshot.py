from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.snapshot import model as snapshot
from schemactl.verify.rule import LiveFinding, LiveRule, VerifyContext
from schemactl.verify.rules.object_owner_not_allowed import object_ref

RELATION_KINDS = (snapshot.ObjectKind.TABLE, snapshot.ObjectKind.VIEW, snapshot.ObjectKind.SEQUENCE)


class RelationNotInSnapshot(LiveRule):
    """What it does
    Flags a table, view, materialized view or sequence of the verified schemas that the committed
    snapshot (`snapshots/schema.json`) does not have. Without a committed snapshot, says so once.
    Attributes of relations the snapshot has are the drift gate's business (`schemactl snapshot
    --diff`); this rule finds what no migration made.

    Why is this bad?
    A relation made by hand (a backup copy of a table, a debugging view, a table restored from
    another environment) is outside every review: no policy, no tenant column, grants nobody checked,
    and often a copy of every tenant's rows that row-level security does not protect.

    Example
    ```sql
    CREATE TABLE public.attribution_events_backup AS TABLE public.attribution_events;
    ```

    Fix
    Drop it, or make it a migration (and commit the snapshot it changes):
    ```sql
    DROP TABLE public.attribution_events_backup;
    ```
    """

    code = "SC909"
    name = "relation-not-in-snapshot"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        committed = context.committed
        live = context.state.snapshot
        for kind in RELATION_KINDS:
            for identity, attributes in sorted(live.objects.get(kind, {}).items()):
                if committed is None or committed.get(kind, identity) is None:
                    ref = object_ref(kind, identity, attributes)
                    where = (
                        f"the committed snapshot {context.snapshot_file}"
                        if committed is not None
                        else f"any committed snapshot ({context.snapshot_file} is missing)"
                    )
                    yield LiveFinding(
                        f"{ref} is not in {where}: no migration made it; drop it or write the migration",
                        ref,
                    )
