"""Where in sql/ each object was created or last changed: the physical location of a live finding.

Built from the linter's parsed files (the same rendering, statements and line maps as `schemactl
lint`), so a finding on a table points at the migration line, or macro call, that made it what
it should be.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from schemactl.lint.source import LintFile, LintStatement
from schemactl.verify.rule import ObjectKind, ObjectRef

RELATION_KINDS = frozenset({ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.SEQUENCE})
DEFAULT_SCHEMA = "public"


@dataclass(frozen=True)
class Place:
    file: str
    line: int
    column: int
    from_macro: bool = False


class Aspect(StrEnum):
    """What a statement did to an object, so a finding about (say) forced RLS points at the
    statement that forces it rather than at a later GRANT on the same table."""

    CREATE = "create"
    ALTER = "alter"
    RLS = "rls"  # ALTER TABLE ... ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY
    GRANT = "grant"
    POLICY = "policy"


class OriginIndex:
    """Object -> the place of the last statement of sql/ that created or changed it (per aspect)."""

    def __init__(self, files: Iterable[LintFile]) -> None:
        self._places: dict[tuple[str, str], list[tuple[Aspect, Place]]] = {}  # in statement order
        self._files = list(files)
        for file in self._files:
            for statement in file.statements:
                aspect = _aspect(statement)
                for kind, name in _touched(statement):
                    line, column, from_macro = file.location(statement.start)
                    self._places.setdefault((kind, name), []).append(
                        (aspect, Place(file.display, line, column, from_macro))
                    )

    def place(self, ref: ObjectRef, aspects: Iterable[str] = ()) -> Place | None:
        """The latest statement that changed `ref` in one of `aspects` (else in any way); None if none did."""
        history = self._places.get(_key(ref), [])
        wanted = set(aspects)
        matching = [place for aspect, place in history if aspect.value in wanted]
        if matching:
            return matching[-1]
        return history[-1][1] if history else None

    def add(self, ref: ObjectRef, place: Place) -> None:
        self._places.setdefault(_key(ref), []).append((Aspect.CREATE, place))

    def fallback(self) -> Place | None:
        """The last migration: the state a database should be in after it."""
        return Place(self._files[-1].display, 1, 1) if self._files else None


def _key(ref: ObjectRef) -> tuple[str, str]:
    kind = "relation" if ref.kind in RELATION_KINDS else ref.kind.value
    if ref.kind is ObjectKind.DATABASE:
        return kind, ""  # sql/ names the database as current_database(), whatever it is called
    name = ref.name.split("(", 1)[0] if ref.kind is ObjectKind.FUNCTION else ref.name
    return kind, name


def _qualified(range_var: Any) -> str | None:
    if range_var is None or not getattr(range_var, "relname", None):
        return None
    return f"{range_var.schemaname or DEFAULT_SCHEMA}.{range_var.relname}"


def _dotted(names: Any) -> str:
    parts = [str(getattr(n, "sval", n)) for n in names or ()]
    return ".".join([DEFAULT_SCHEMA, *parts] if len(parts) == 1 else parts)


def _aspect(statement: LintStatement) -> Aspect:
    from pglast import ast

    node = statement.node
    if isinstance(node, ast.GrantStmt | ast.GrantRoleStmt | ast.AlterDefaultPrivilegesStmt | ast.DoStmt):
        return Aspect.GRANT
    if isinstance(node, ast.CreatePolicyStmt | ast.AlterPolicyStmt):
        return Aspect.POLICY
    if isinstance(node, ast.AlterTableStmt) and _changes_row_security(node):
        return Aspect.RLS
    if isinstance(node, ast.AlterTableStmt | ast.AlterFunctionStmt | ast.AlterRoleStmt | ast.AlterSeqStmt):
        return Aspect.ALTER
    return Aspect.CREATE


def _changes_row_security(node: object) -> bool:
    from pglast import enums

    row_security = {
        enums.AlterTableType.AT_EnableRowSecurity,
        enums.AlterTableType.AT_DisableRowSecurity,
        enums.AlterTableType.AT_ForceRowSecurity,
        enums.AlterTableType.AT_NoForceRowSecurity,
    }
    return any(getattr(command, "subtype", None) in row_security for command in getattr(node, "cmds", None) or ())


def _touched(statement: LintStatement) -> Iterator[tuple[str, str]]:
    """(kind, name) of every object a statement creates or changes."""
    from pglast import ast

    node = statement.node
    relation = "relation"
    if isinstance(node, ast.CreateStmt | ast.AlterTableStmt):
        name = _qualified(node.relation)
    elif isinstance(node, ast.ViewStmt):
        name = _qualified(node.view)
    elif isinstance(node, ast.CreateTableAsStmt):
        name = _qualified(node.into.rel if node.into is not None else None)
    elif isinstance(node, ast.CreateSeqStmt | ast.AlterSeqStmt):
        name = _qualified(node.sequence)
    else:
        name = None
    if name:
        yield relation, name
        return
    if isinstance(node, ast.CreatePolicyStmt | ast.AlterPolicyStmt):
        table = _qualified(node.table)
        if table:
            yield relation, table
            yield ObjectKind.POLICY.value, f"{table}.{node.policy_name}"
    elif isinstance(node, ast.CreateFunctionStmt):
        yield ObjectKind.FUNCTION.value, _dotted(node.funcname)
    elif isinstance(node, ast.AlterFunctionStmt) and node.func is not None:
        yield ObjectKind.FUNCTION.value, _dotted(node.func.objname)
    elif isinstance(node, ast.GrantStmt):
        yield from _granted(node)
    elif isinstance(node, ast.AlterDefaultPrivilegesStmt):
        for option in node.options or ():
            if option.defname == "roles":
                for role in option.arg or ():
                    yield ObjectKind.DEFAULT_PRIVILEGE.value, str(role.rolename)
    elif isinstance(node, ast.CreateRoleStmt):
        yield ObjectKind.ROLE.value, str(node.role)
    elif isinstance(node, ast.AlterRoleStmt) and node.role is not None and node.role.rolename:
        yield ObjectKind.ROLE.value, str(node.role.rolename)
    elif isinstance(node, ast.GrantRoleStmt):
        for granted in node.granted_roles or ():
            yield ObjectKind.ROLE.value, str(granted.priv_name)
        for grantee in node.grantee_roles or ():
            if grantee.rolename:
                yield ObjectKind.ROLE.value, str(grantee.rolename)
    elif isinstance(node, ast.CreateSchemaStmt) and node.schemaname:
        yield ObjectKind.SCHEMA.value, str(node.schemaname)
    elif isinstance(node, ast.CreateExtensionStmt):
        yield ObjectKind.EXTENSION.value, str(node.extname)
    elif isinstance(node, ast.CreateEnumStmt | ast.CreateDomainStmt):
        names = node.typeName if isinstance(node, ast.CreateEnumStmt) else node.domainname
        yield ObjectKind.TYPE.value, _dotted(names)
    elif isinstance(node, ast.CompositeTypeStmt):
        composite = _qualified(node.typevar)
        if composite:
            yield ObjectKind.TYPE.value, composite
    elif isinstance(node, ast.DoStmt) and "ON DATABASE" in statement.text.upper():
        yield ObjectKind.DATABASE.value, ""  # privileges on the database are granted in DO blocks (its name varies)
    elif isinstance(node, ast.AlterDatabaseSetStmt | ast.AlterDatabaseStmt):
        yield ObjectKind.DATABASE.value, ""


def _granted(node: Any) -> Iterator[tuple[str, str]]:
    from pglast import enums

    if node.targtype != enums.GrantTargetType.ACL_TARGET_OBJECT:
        return
    kinds = enums.ObjectType
    for target in node.objects or ():
        if node.objtype == kinds.OBJECT_TABLE or node.objtype == kinds.OBJECT_SEQUENCE:
            name = _qualified(target)
            if name:
                yield "relation", name
        elif node.objtype in (kinds.OBJECT_FUNCTION, kinds.OBJECT_PROCEDURE, kinds.OBJECT_ROUTINE):
            yield ObjectKind.FUNCTION.value, _dotted(target.objname)
        elif node.objtype == kinds.OBJECT_SCHEMA:
            yield ObjectKind.SCHEMA.value, str(getattr(target, "sval", target))
        elif node.objtype == kinds.OBJECT_DATABASE:
            yield ObjectKind.DATABASE.value, ""
