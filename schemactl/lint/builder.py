"""Update the schema model with one statement (after the rules have seen it)."""

from __future__ import annotations

from typing import Any

from schemactl.lint.model import (
    ColumnInfo,
    IndexInfo,
    NotNullCheck,
    PolicyInfo,
    SchemaModel,
    TableInfo,
    relation_name,
    type_name_of,
)
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile, LintStatement


def update_model(model: SchemaModel, statement: LintStatement, file: LintFile, settings: LintSettings) -> None:
    from pglast import ast

    node = statement.node
    if isinstance(node, ast.CreateStmt):
        _create_table(model, node, statement, file, settings)
    elif isinstance(node, ast.AlterTableStmt):
        _alter_table(model, node, file.display)
    elif isinstance(node, ast.CommentStmt):
        _comment(model, node)
    elif isinstance(node, ast.CreatePolicyStmt):
        _policy(model, node, settings, statement, file)
    elif isinstance(node, ast.GrantStmt) and node.is_grant:
        _grant(model, node)
    elif isinstance(node, ast.DropStmt):
        _drop(model, node)
    elif isinstance(node, ast.RenameStmt):
        _rename(model, node)
    elif isinstance(node, ast.ViewStmt):
        name = relation_name(node.view)
        if name:
            model.views[name] = "view"
    elif isinstance(node, ast.CreateTableAsStmt) and node.into is not None:
        name = relation_name(node.into.rel)
        if name:
            model.views[name] = "materialized view" if _is_matview(node) else "table"
    elif isinstance(node, ast.CreateExtensionStmt):
        model.extensions.add(str(node.extname))
    _indexes_and_not_null_checks(model, node, file)


def _is_matview(node: Any) -> bool:
    from pglast import enums

    return bool(node.objtype == enums.ObjectType.OBJECT_MATVIEW)


def column_from_def(column: Any, file: str = "") -> ColumnInfo:
    from pglast import enums

    location = getattr(column, "location", None)
    info = ColumnInfo(
        name=str(column.colname).lower(),
        type_name=type_name_of(column.typeName),
        file=file,
        offset=location if isinstance(location, int) else -1,
    )
    for constraint in column.constraints or ():
        if constraint.contype in (enums.ConstrType.CONSTR_NOTNULL, enums.ConstrType.CONSTR_PRIMARY):
            info.not_null = True
        elif constraint.contype in (enums.ConstrType.CONSTR_DEFAULT, enums.ConstrType.CONSTR_IDENTITY):
            info.has_default = True
        elif constraint.contype == enums.ConstrType.CONSTR_FOREIGN:
            info.references = relation_name(constraint.pktable)
    return info


def _create_table(
    model: SchemaModel, node: Any, statement: LintStatement, file: LintFile, settings: LintSettings
) -> None:
    from pglast import ast, enums

    name = relation_name(node.relation)
    if not name:
        return
    table = TableInfo(
        name=name,
        file=file.display,
        statement_offset=statement.start,
        global_table=settings.global_marker in statement.markers,
        append_only=settings.append_only_marker in statement.markers,
    )
    for element in node.tableElts or ():
        if isinstance(element, ast.ColumnDef):
            column = column_from_def(element, file.display)
            table.columns[column.name] = column
            if column.references:
                table.foreign_keys.append(((column.name,), column.references))
        elif isinstance(element, ast.Constraint):
            if element.contype == enums.ConstrType.CONSTR_FOREIGN:
                columns = tuple(str(c.sval).lower() for c in element.fk_attrs or ())
                table.foreign_keys.append((columns, relation_name(element.pktable) or ""))
            elif element.contype == enums.ConstrType.CONSTR_PRIMARY:
                for key in element.keys or ():
                    key_column = table.columns.get(str(key.sval).lower())
                    if key_column:
                        key_column.not_null = True
    model.tables[name] = table


def _alter_table(model: SchemaModel, node: Any, file: str = "") -> None:
    from pglast import ast, enums

    table = model.table(relation_name(node.relation))
    if table is None:
        return
    kinds = enums.AlterTableType
    for command in node.cmds or ():
        if not isinstance(command, ast.AlterTableCmd):
            continue
        if command.subtype == kinds.AT_EnableRowSecurity:
            table.rls_enabled = True
        elif command.subtype == kinds.AT_DisableRowSecurity:
            table.rls_enabled = False
        elif command.subtype == kinds.AT_ForceRowSecurity:
            table.rls_forced = True
        elif command.subtype == kinds.AT_NoForceRowSecurity:
            table.rls_forced = False
        elif command.subtype == kinds.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
            column = column_from_def(command.def_, file)
            table.columns[column.name] = column
            if column.references:
                table.foreign_keys.append(((column.name,), column.references))
        elif command.subtype == kinds.AT_DropColumn and command.name:
            table.columns.pop(str(command.name).lower(), None)
        elif command.subtype == kinds.AT_AddConstraint and isinstance(command.def_, ast.Constraint):
            constraint = command.def_
            if constraint.contype == enums.ConstrType.CONSTR_FOREIGN:
                columns = tuple(str(c.sval).lower() for c in constraint.fk_attrs or ())
                table.foreign_keys.append((columns, relation_name(constraint.pktable) or ""))
        elif command.subtype == kinds.AT_SetNotNull and command.name:
            existing = table.columns.get(str(command.name).lower())
            if existing:
                existing.not_null = True


def _comment(model: SchemaModel, node: Any) -> None:
    from pglast import enums

    items = node.object if isinstance(node.object, tuple) else ()
    if node.objtype == enums.ObjectType.OBJECT_TABLE and items:
        table = model.table(str(items[-1].sval))
        if table:
            table.comment = node.comment is not None
    elif node.objtype == enums.ObjectType.OBJECT_COLUMN and len(items) >= 2:
        table = model.table(str(items[-2].sval))
        column = table.columns.get(str(items[-1].sval).lower()) if table else None
        if column:
            column.comment = node.comment is not None


def _policy(model: SchemaModel, node: Any, settings: LintSettings, statement: LintStatement, file: LintFile) -> None:
    table = model.table(relation_name(node.table))
    if table is None:
        return
    tenant_column = "id" if table.name == settings.tenants_table else settings.tenant_column
    using_mentions = _mentions_column(node.qual, tenant_column)
    with_check_mentions = _mentions_column(node.with_check, tenant_column)
    table.policies.append(
        PolicyInfo(
            name=str(node.policy_name),
            has_using=node.qual is not None,
            has_with_check=node.with_check is not None,
            mentions_tenant_column=using_mentions or with_check_mentions,
            command=str(node.cmd_name or "all").lower(),
            using_mentions_tenant_column=using_mentions,
            with_check_mentions_tenant_column=with_check_mentions,
            file=file.display,
            offset=statement.start,
        )
    )


def _mentions_column(expression: Any, column: str) -> bool:
    from pglast import ast
    from pglast.visitors import Visitor

    if expression is None:
        return False
    found: list[bool] = []

    class _Finder(Visitor):
        def visit_ColumnRef(self, _ancestors: object, node: ast.ColumnRef) -> None:  # noqa: N802
            fields = node.fields or ()
            if fields and getattr(fields[-1], "sval", None) == column:
                found.append(True)

    _Finder()(expression)
    return bool(found)


def _grant(model: SchemaModel, node: Any) -> None:
    from pglast import enums

    privileges = frozenset(str(p.priv_name).upper() for p in node.privileges or ()) or frozenset({"ALL"})
    for target in node.objects or ():
        name = relation_name(target) if node.objtype == enums.ObjectType.OBJECT_TABLE else None
        if name is None:
            continue
        for grantee in node.grantees or ():
            role = "PUBLIC" if grantee.roletype == enums.RoleSpecType.ROLESPEC_PUBLIC else str(grantee.rolename)
            model.grants.append((name, role, privileges))


def _drop(model: SchemaModel, node: Any) -> None:
    from pglast import enums

    if node.removeType not in (
        enums.ObjectType.OBJECT_TABLE,
        enums.ObjectType.OBJECT_VIEW,
        enums.ObjectType.OBJECT_MATVIEW,
    ):
        return
    for items in node.objects or ():
        if isinstance(items, tuple) and items:
            name = str(items[-1].sval).lower()
            model.tables.pop(name, None)
            model.views.pop(name, None)


def _rename(model: SchemaModel, node: Any) -> None:
    from pglast import enums

    table = model.table(relation_name(node.relation))
    if table is None or not node.newname:
        return
    if node.renameType == enums.ObjectType.OBJECT_TABLE:
        model.tables.pop(table.name, None)
        table.name = str(node.newname).lower()
        model.tables[table.name] = table
    elif node.renameType == enums.ObjectType.OBJECT_COLUMN and node.subname:
        column = table.columns.pop(str(node.subname).lower(), None)
        if column:
            column.name = str(node.newname).lower()
            table.columns[column.name] = column


def _indexes_and_not_null_checks(model: SchemaModel, node: Any, file: LintFile) -> None:
    """Index name -> table, and CHECK (column IS NOT NULL) constraints: for the migration-safety rules."""
    from pglast import ast, enums

    kinds = enums.ObjectType
    if isinstance(node, ast.IndexStmt):
        table_name = relation_name(node.relation)
        name = str(node.idxname).lower() if node.idxname else None
        if name and table_name and not (node.if_not_exists and name in model.indexes):
            model.indexes[name] = IndexInfo(name, table_name, file.display)
    elif isinstance(node, ast.DropStmt):
        names = {str(items[-1].sval).lower() for items in node.objects or () if isinstance(items, tuple) and items}
        if node.removeType == kinds.OBJECT_INDEX:
            for name in names:
                model.indexes.pop(name, None)
        elif node.removeType in (kinds.OBJECT_TABLE, kinds.OBJECT_MATVIEW):
            for index in [i for i in model.indexes.values() if i.table in names]:
                del model.indexes[index.name]
    elif isinstance(node, ast.RenameStmt) and node.newname:
        _rename_index_or_check(model, node)
    elif isinstance(node, ast.CreateStmt):
        table = model.table(relation_name(node.relation))
        if table is not None:
            for element in node.tableElts or ():
                constraints = element.constraints or () if isinstance(element, ast.ColumnDef) else (element,)
                for constraint in constraints:
                    _add_not_null_check(table, constraint, file.display, validated=True)
    elif isinstance(node, ast.AlterTableStmt):
        table = model.table(relation_name(node.relation))
        if table is not None:
            _alter_not_null_checks(table, node, file.display)


def _alter_not_null_checks(table: TableInfo, node: Any, file: str) -> None:
    from pglast import ast, enums

    kinds = enums.AlterTableType
    checks = table.not_null_checks
    for command in node.cmds or ():
        if not isinstance(command, ast.AlterTableCmd):
            continue
        name = str(command.name).lower() if command.name else ""
        if command.subtype == kinds.AT_AddConstraint:
            valid = not getattr(command.def_, "skip_validation", False)
            _add_not_null_check(table, command.def_, file, validated=valid)
        elif command.subtype == kinds.AT_ValidateConstraint and name in checks:
            checks[name].validated = True
        elif command.subtype == kinds.AT_DropConstraint:
            checks.pop(name, None)
        elif command.subtype == kinds.AT_DropColumn:
            for check in [c for c, info in checks.items() if info.column == name]:
                del checks[check]


def _rename_index_or_check(model: SchemaModel, node: Any) -> None:
    from pglast import enums

    kinds = enums.ObjectType
    old = relation_name(node.relation)
    new = str(node.newname).lower()
    if old is None:
        return
    if node.renameType in (kinds.OBJECT_INDEX, kinds.OBJECT_TABLE) and old in model.indexes and old not in model.tables:
        index = model.indexes.pop(old)
        index.name = new
        model.indexes[new] = index
    elif node.renameType in (kinds.OBJECT_TABLE, kinds.OBJECT_MATVIEW):
        for index in model.indexes.values():
            if index.table == old:
                index.table = new
    elif node.renameType == kinds.OBJECT_COLUMN and node.subname:
        table = model.table(old)
        column = str(node.subname).lower()
        for check in table.not_null_checks.values() if table else ():
            if check.column == column:
                check.column = new
    elif node.renameType == kinds.OBJECT_TABCONSTRAINT and node.subname:
        table = model.table(old)
        check_info = table.not_null_checks.pop(str(node.subname).lower(), None) if table else None
        if table and check_info:
            table.not_null_checks[new] = check_info


def _add_not_null_check(table: TableInfo, constraint: Any, file: str, *, validated: bool) -> None:
    """Record a CHECK (column IS NOT NULL) constraint (PostgreSQL names an unnamed one table_column_check)."""
    from pglast import ast, enums

    if not isinstance(constraint, ast.Constraint) or constraint.contype != enums.ConstrType.CONSTR_CHECK:
        return
    expression = constraint.raw_expr
    if not (
        isinstance(expression, ast.NullTest)
        and expression.nulltesttype == enums.NullTestType.IS_NOT_NULL
        and isinstance(expression.arg, ast.ColumnRef)
        and expression.arg.fields
        and isinstance(expression.arg.fields[-1], ast.String)
    ):
        return
    column = str(expression.arg.fields[-1].sval).lower()
    name = str(constraint.conname).lower() if constraint.conname else f"{table.name}_{column}_check"
    table.not_null_checks[name] = NotNullCheck(column, validated, file)
