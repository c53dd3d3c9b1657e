from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import Place, SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule

WRITES = frozenset({"UPDATE", "DELETE", "TRUNCATE"})


class AppendOnlyTableWritable(StateRule):
    """What it does
    Flags a privilege to change rows, held by an application role (setting `app_roles`) on an
    append-only table: table-level `UPDATE`, `DELETE`, `TRUNCATE` (or `ALL`), granted by name or through
    `ON ALL TABLES IN SCHEMA`. A table is append-only when it is marked `-- schemactl: append-only` in
    front of its `CREATE TABLE`, listed in the setting `append_only_tables` (default
    `attribution_events` and `revenue_ledger(is_verified, verified_at, reconciliation_run_id)`: a
    column list names the columns that may still be updated), or guarded by a `BEFORE UPDATE`/`DELETE`/
    `TRUNCATE` trigger (not on INSERT) whose function raises, for what it refuses (TRUNCATE too when it
    refuses DELETE). Column-level `UPDATE` is flagged on a marked table, and on
    a listed table for columns outside its list; it is allowed on a table known only from its guard
    trigger (the trigger checks the values, and column-level UPDATE cannot `LOCK` the table). A state
    rule: a later `REVOKE` satisfies it.

    Why is this bad?
    An append-only table is a log: rows are corrected by new rows, never changed or removed. A
    privilege to change them contradicts the design, and the application will eventually use it; a
    trigger that refuses the change turns that into a production error instead of a review comment.
    Table-level UPDATE, DELETE and TRUNCATE also let the role `LOCK TABLE` in a mode that blocks every
    tenant.

    Example
    ```sql
    -- schemactl: append-only
    CREATE TABLE ledger_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), amount_cents integer NOT NULL);
    GRANT SELECT, INSERT, UPDATE ON ledger_events TO app_rw;
    GRANT DELETE ON revenue_ledger TO app_admin;
    ```

    Fix
    Grant reads and inserts, and column-level UPDATE of the columns the design lets change:
    ```sql
    GRANT SELECT, INSERT ON ledger_events TO app_rw;
    GRANT UPDATE (is_verified, verified_at, reconciliation_run_id) ON revenue_ledger TO app_rw;
    ```
    """

    code = "SC402"
    name = "append-only-table-writable"
    severity = Severity.ERROR

    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        configured = settings.append_only()
        roles = {role.lower() for role in settings.app_roles}
        found: dict[tuple[Place | None, str], dict[str, list[str]]] = {}
        for grant in model.grants.values():
            if grant.object_kind != "table" or grant.grantee not in roles or grant.privilege not in WRITES:
                continue
            table = model.table(grant.object)
            marked = table is not None and table.append_only
            configured_here = grant.object in configured
            guarded = table is not None and grant.privilege in table.guarded
            if not (marked or guarded or configured_here):
                continue
            if grant.columns:
                if marked:
                    allowed: frozenset[str] = frozenset()
                elif grant.object in configured:
                    allowed = configured[grant.object]
                else:
                    continue
                extra = [c for c in grant.columns if c not in allowed]
                if not extra:
                    continue
                what = f"UPDATE ({', '.join(extra)})"
            else:
                what = grant.privilege
            for place in grant.places or (None,):
                entries = found.setdefault((place, grant.object), {}).setdefault(grant.grantee, [])
                if what not in entries:
                    entries.append(what)
        for (place, name), by_role in found.items():
            writes = [f"{', '.join(privileges)} to {role}" for role, privileges in by_role.items()]
            allowed_columns = sorted(configured.get(name, ()))
            fix = (
                f"grant SELECT, INSERT and UPDATE ({', '.join(allowed_columns)}) only"
                if allowed_columns
                else ("grant SELECT and INSERT only")
            )
            yield StateFinding("grant", name, f"GRANT {', '.join(writes)} on append-only table {name}: {fix}", place)
