from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import index_on_existing_table, object_name, timeout_disabled
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext

_RESET = "the server default (RESET)"


class MissingLockTimeout(Rule):
    """What it does
    Flags a file that takes a lock conflicting with reads or writes on a table that an earlier
    migration created (ALTER TABLE, CREATE INDEX without CONCURRENTLY, DROP TABLE / INDEX / TRIGGER /
    POLICY, TRUNCATE, renames, CREATE TRIGGER, CREATE or ALTER POLICY, LOCK TABLE, REINDEX, CLUSTER,
    VACUUM FULL, a foreign key referencing the table) while its lock_timeout is disabled (0). The
    effective value is the file's: `lock_timeout` in `[tool.schemactl]`, overridden by a
    `-- schemactl: lock_timeout=...` header, then by any `SET [LOCAL] lock_timeout` or
    `set_config('lock_timeout', ...)` earlier in the file (`RESET` returns to the server default,
    counted as disabled; `SET LOCAL` does nothing in a no-transaction file). Reported once per file,
    at the first such statement that runs without a timeout.

    Why is this bad?
    A lock request waits behind every running transaction that holds a conflicting lock, and
    every later query on the table waits behind the request. Without a timeout one long-running
    report query turns a one-millisecond ALTER TABLE into an outage of the whole table.

    Example
    ```sql
    -- schemactl: lock_timeout=0
    ALTER TABLE orders ADD COLUMN note text;
    ```

    Fix
    Keep a lock_timeout (schemactl sets `lock_timeout` from `[tool.schemactl]`, 5s by default) so a
    blocked migration fails fast and can be retried, instead of queueing the application behind it:
    ```sql
    -- schemactl: lock_timeout=5s
    ALTER TABLE orders ADD COLUMN note text;
    ```
    """

    code = "SC711"
    name = "missing-lock-timeout"
    severity = Severity.ERROR
    # What _lock() judges; the SETs before a statement are read from its file (_effective_lock_timeout).
    node_types = (
        "AlterTableStmt",
        "IndexStmt",
        "DropStmt",
        "TruncateStmt",
        "LockStmt",
        "RenameStmt",
        "CreateTrigStmt",
        "CreatePolicyStmt",
        "AlterPolicyStmt",
        "ClusterStmt",
        "ReindexStmt",
        "VacuumStmt",
        "CreateStmt",
    )

    def __init__(self) -> None:
        self._reported: set[str] = set()
        # (file, statements scanned, lock_timeout after them): files are checked statement by statement
        self._scan: tuple[str, int, str | None] = ("", 0, None)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        if context.file.display in self._reported:
            return
        lock = _lock(context)
        if lock is None:
            return
        timeout = self._effective_lock_timeout(context)
        if not (timeout == _RESET or timeout_disabled(timeout)):
            return
        self._reported.add(context.file.display)
        what, anchor = lock
        shown = "reset to the server default" if timeout == _RESET else f"= {timeout or 'unset'}"
        yield self.report(
            context,
            anchor,
            f"{what} runs with lock_timeout {shown}: waiting for its lock queues every later query on the table; "
            "set one (`-- schemactl: lock_timeout=5s` in the header, or SET lock_timeout before it)",
        )

    def _effective_lock_timeout(self, context: StatementContext) -> str | None:
        """The lock_timeout in force when this statement runs: the file's, then the SETs before it.

        Statements of a file are checked in order, so the scan resumes where the last one stopped.
        """
        file, scanned, value = self._scan
        if file != context.file.display:
            file, scanned, value = context.file.display, 0, context.file.lock_timeout
        position = _advance(context, scanned, value)
        if position is None:  # not after the last one checked: scan the file from its start
            position = _advance(context, 0, context.file.lock_timeout) or (0, context.file.lock_timeout)
        self._scan = (file, *position)
        return position[1]


def _advance(context: StatementContext, scanned: int, value: str | None) -> tuple[int, str | None] | None:
    """(index of this statement, lock_timeout before it), applying statements from `scanned` on."""
    statements = context.file.statements
    while scanned < len(statements) and statements[scanned] is not context.statement:
        set_to = _lock_timeout_set(statements[scanned].node, context.file.transactional)
        value = set_to if set_to is not None else value
        scanned += 1
    return (scanned, value) if scanned < len(statements) else None


def _lock_timeout_set(node: Any, transactional: bool) -> str | None:
    """The lock_timeout a statement sets (`_RESET` for RESET / DEFAULT), or None if it sets none."""
    from pglast import ast, enums

    if isinstance(node, ast.VariableSetStmt):
        if node.is_local and not transactional:
            return None  # SET LOCAL outside a transaction block has no effect
        if node.kind == enums.VariableSetKind.VAR_RESET_ALL:
            return _RESET
        if str(node.name or "").lower() != "lock_timeout":
            return None
        if node.kind in (enums.VariableSetKind.VAR_SET_DEFAULT, enums.VariableSetKind.VAR_RESET):
            return _RESET
        if node.kind == enums.VariableSetKind.VAR_SET_VALUE and node.args:
            return _constant(node.args[0])
        return None
    if isinstance(node, ast.SelectStmt):
        for target in node.targetList or ():
            call = getattr(target, "val", None)
            if not isinstance(call, ast.FuncCall) or not call.funcname:
                continue
            if str(getattr(call.funcname[-1], "sval", "")).lower() != "set_config":
                continue
            args = [_constant(a) for a in call.args or ()]
            if len(args) == 3 and args[0] == "lock_timeout" and args[1] is not None:
                if args[2] in ("true", "t", "on") and not transactional:
                    continue
                return args[1]
    return None


def _constant(node: Any) -> str | None:
    from pglast import ast

    if not isinstance(node, ast.A_Const) or node.isnull:
        return None
    value = node.val
    if isinstance(value, ast.Integer):
        return str(value.ival)
    if isinstance(value, ast.Float):
        return str(value.fval)
    if isinstance(value, ast.Boolean):
        return "true" if value.boolval else "false"
    if isinstance(value, ast.String):
        return str(value.sval)
    return None


def _lock(context: StatementContext) -> tuple[str, Any] | None:
    """(what locks which existing table, the node to report at) for a statement that blocks reads or writes."""
    from pglast import ast, enums

    node = context.node
    existing = context.existing_table
    if isinstance(node, ast.AlterTableStmt) and node.objtype == enums.ObjectType.OBJECT_TABLE:
        return _alter_table_lock(context, node)
    if isinstance(node, ast.IndexStmt) and not node.concurrent and existing(relation_name(node.relation)):
        return f"CREATE INDEX on existing table {relation_name(node.relation)}", node.relation
    if isinstance(node, ast.DropStmt):
        return _drop_lock(context, node)
    if isinstance(node, ast.TruncateStmt | ast.LockStmt):
        if isinstance(node, ast.LockStmt) and node.mode is not None and node.mode < 5:  # below SHARE: no DML waits
            return None
        for relation in node.relations or ():
            if existing(relation_name(relation)):
                verb = "TRUNCATE" if isinstance(node, ast.TruncateStmt) else "LOCK TABLE"
                return f"{verb} of existing table {relation_name(relation)}", relation
        return None
    if isinstance(node, ast.RenameStmt) and node.renameType != enums.ObjectType.OBJECT_INDEX:
        if existing(relation_name(node.relation)):
            return f"renaming in existing table {relation_name(node.relation)}", node.relation
        return None
    table_of = {
        ast.CreateTrigStmt: ("CREATE TRIGGER", "relation"),
        ast.CreatePolicyStmt: ("CREATE POLICY", "table"),
        ast.AlterPolicyStmt: ("ALTER POLICY", "table"),
        ast.ClusterStmt: ("CLUSTER", "relation"),
    }
    for kind, (verb, attribute) in table_of.items():
        if isinstance(node, kind):
            relation = getattr(node, attribute)
            if existing(relation_name(relation)):
                return f"{verb} on existing table {relation_name(relation)}", relation
            return None
    if isinstance(node, ast.ReindexStmt):
        return _reindex_lock(context, node)
    if isinstance(node, ast.VacuumStmt) and any(getattr(o, "defname", "") == "full" for o in node.options or ()):
        for vacuumed in node.rels or ():
            if existing(relation_name(vacuumed.relation)):
                return f"VACUUM FULL of existing table {relation_name(vacuumed.relation)}", vacuumed.relation
        return None
    if isinstance(node, ast.CreateStmt):
        return _referenced_lock(context, node)
    return None


# ALTER TABLE subcommands that take only SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.
_NON_BLOCKING_ALTERS = frozenset(
    {"AT_ValidateConstraint", "AT_SetStatistics", "AT_ClusterOn", "AT_DropCluster", "AT_SetOptions", "AT_ResetOptions"}
)


def _alter_table_lock(context: StatementContext, node: Any) -> tuple[str, Any] | None:
    from pglast import ast, enums

    table = relation_name(node.relation)
    commands = [c for c in node.cmds or () if isinstance(c, ast.AlterTableCmd)]
    if context.existing_table(table) and any(
        getattr(c.subtype, "name", "") not in _NON_BLOCKING_ALTERS for c in commands
    ):
        return f"ALTER TABLE of existing table {table}", node.relation
    for command in commands:
        constraint = command.def_
        if command.subtype == enums.AlterTableType.AT_AddColumn and isinstance(constraint, ast.ColumnDef):
            constraints = constraint.constraints or ()
        else:
            constraints = (constraint,) if isinstance(constraint, ast.Constraint) else ()
        for item in constraints:
            referenced = relation_name(item.pktable) if item.contype == enums.ConstrType.CONSTR_FOREIGN else None
            if context.existing_table(referenced):
                return f"a foreign key referencing existing table {referenced}", item
    return None


def _drop_lock(context: StatementContext, node: Any) -> tuple[str, Any] | None:
    from pglast import enums

    kinds = enums.ObjectType
    for item in node.objects or ():
        if not isinstance(item, tuple) or not item:
            continue
        name = str(item[-1].sval).lower()
        if node.removeType == kinds.OBJECT_TABLE and context.existing_table(name):
            return f"DROP TABLE of existing table {name}", node
        if node.removeType == kinds.OBJECT_INDEX and not node.concurrent:
            locked = index_on_existing_table(context, name)
            if locked:
                return f"DROP INDEX {name} (locking {locked})", node
        if node.removeType in (kinds.OBJECT_TRIGGER, kinds.OBJECT_POLICY, kinds.OBJECT_RULE) and len(item) >= 2:
            table = str(item[-2].sval).lower()
            if context.existing_table(table):
                kind = node.removeType.name.removeprefix("OBJECT_")
                return f"DROP {kind} {object_name(item)} on existing table {table}", node
    return None


def _reindex_lock(context: StatementContext, node: Any) -> tuple[str, Any] | None:
    from pglast import enums

    if any(getattr(p, "defname", "") == "concurrently" for p in node.params or ()):
        return None
    name = relation_name(node.relation)
    if node.kind == enums.ReindexObjectType.REINDEX_OBJECT_TABLE and context.existing_table(name):
        return f"REINDEX of existing table {name}", node.relation
    if node.kind == enums.ReindexObjectType.REINDEX_OBJECT_INDEX and name:
        locked = index_on_existing_table(context, name)
        return (f"REINDEX INDEX {name} (locking {locked})", node.relation) if locked else None
    return None


def _referenced_lock(context: StatementContext, node: Any) -> tuple[str, Any] | None:
    """CREATE TABLE with a foreign key takes SHARE ROW EXCLUSIVE on the referenced table."""
    from pglast import ast, enums

    for element in node.tableElts or ():
        constraints = element.constraints or () if isinstance(element, ast.ColumnDef) else (element,)
        for constraint in constraints:
            if isinstance(constraint, ast.Constraint) and constraint.contype == enums.ConstrType.CONSTR_FOREIGN:
                referenced = relation_name(constraint.pktable)
                if context.existing_table(referenced):
                    return f"a foreign key referencing existing table {referenced}", constraint
    return None
