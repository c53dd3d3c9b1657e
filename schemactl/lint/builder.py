"""Update the schema model with one statement (after the rules have seen it)."""

from __future__ import annotations

from typing import Any

from schemactl.lint import builder_security as security
from schemactl.lint.model import (
    ColumnInfo,
    IndexInfo,
    NotNullCheck,
    Place,
    SchemaModel,
    TableInfo,
    name_of_items,
    qualified,
    relation_name,
    type_name_of,
)
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile, LintStatement


def update_model(model: SchemaModel, statement: LintStatement, file: LintFile, settings: LintSettings) -> None:
    from pglast import ast

    node = statement.node
    place = Place(file.display, statement.start)
    if isinstance(node, ast.CreateStmt):
        _create_table(model, node, statement, file, settings)
    elif isinstance(node, ast.AlterTableStmt):
        _alter_table(model, node, file.display, place)
    elif isinstance(node, ast.CommentStmt):
        _comment(model, node)
    elif isinstance(node, ast.CreatePolicyStmt):
        security.create_policy(model, node, settings, place)
    elif isinstance(node, ast.AlterPolicyStmt):
        security.alter_policy(model, node, settings, place)
    elif isinstance(node, ast.GrantStmt):
        security.grant_or_revoke(model, node, place, settings)
    elif isinstance(node, ast.AlterDefaultPrivilegesStmt) and node.action is not None:
        security.default_privileges(model, node, place)
    elif isinstance(node, ast.CreateFunctionStmt):
        security.create_function(model, node, place)
    elif isinstance(node, ast.AlterFunctionStmt) and node.func is not None:
        security.alter_function(model, node, place)
    elif isinstance(node, ast.VariableSetStmt):
        security.set_role(model, node)
    elif isinstance(node, ast.CreateTrigStmt):
        security.create_trigger(model, node, place)
    elif isinstance(node, ast.DropStmt):
        _drop(model, node, place)
    elif isinstance(node, ast.RenameStmt):
        _rename(model, node)
    elif isinstance(node, ast.ViewStmt):
        name = relation_name(node.view)
        if name:
            security.create_view(model, name, node.query, False, settings, place)
    elif isinstance(node, ast.CreateTableAsStmt) and node.into is not None:
        _create_table_as(model, node.into, node.query, _is_matview(node), statement, file, settings)
    elif isinstance(node, ast.SelectStmt) and node.intoClause is not None:
        _create_table_as(model, node.intoClause, node, False, statement, file, settings)
    elif isinstance(node, ast.CreateExtensionStmt):
        model.extensions.add(str(node.extname))
    elif isinstance(node, ast.CreateDomainStmt):
        name = name_of_items(node.domainname)
        if name:
            model.domains[name.split(".")[-1]] = file.display
    _indexes_and_not_null_checks(model, node, file, statement.start)


def _create_table_as(
    model: SchemaModel,
    into: Any,
    query: Any,
    materialized: bool,
    statement: LintStatement,
    file: LintFile,
    settings: LintSettings,
) -> None:
    """CREATE TABLE ... AS, SELECT ... INTO, CREATE MATERIALIZED VIEW: the relation and its column names."""
    from pglast import ast

    name = relation_name(into.rel)
    if not name:
        return
    place = Place(file.display, statement.start)
    if materialized:
        security.create_view(model, name, query, True, settings, place)
        return
    table = TableInfo(name=name, file=file.display, statement_offset=statement.start, kind="table as")
    names = [str(c.sval).lower() for c in into.colNames or ()]
    if not names:
        for target in getattr(query, "targetList", None) or ():
            if not isinstance(target, ast.ResTarget):
                continue
            if target.name:
                names.append(str(target.name).lower())
            elif isinstance(target.val, ast.ColumnRef):
                last = (target.val.fields or (None,))[-1]
                if isinstance(last, ast.String):
                    names.append(str(last.sval).lower())
    for column in names:
        table.columns[column] = ColumnInfo(name=column, type_name="", file=file.display, offset=statement.start)
    model.tables[name] = table


def _is_matview(node: Any) -> bool:
    from pglast import enums

    return bool(node.objtype == enums.ObjectType.OBJECT_MATVIEW)


def column_from_def(column: Any, file: str = "") -> ColumnInfo:
    from pglast import ast, enums

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
            expression = getattr(constraint, "raw_expr", None)
            while isinstance(expression, ast.TypeCast):
                expression = expression.arg
            if isinstance(expression, ast.FuncCall) and expression.funcname:
                info.default_call = str(expression.funcname[-1].sval).lower()
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
    if node.partspec is not None:
        table.kind = "partitioned table"
    for parent_name in (relation_name(p) for p in node.inhRelations or ()):
        parent = model.table(parent_name)
        if node.partbound is not None:
            table.kind = "partition"
        if parent is not None:  # a partition or child has its parent's columns
            for column_name, parent_column in parent.columns.items():
                table.columns[column_name] = ColumnInfo(
                    column_name,
                    parent_column.type_name,
                    parent_column.not_null,
                    parent_column.has_default,
                    file=file.display,
                    offset=statement.start,
                )
    for element in node.tableElts or ():
        if isinstance(element, ast.TableLikeClause):
            source = model.table(relation_name(element.relation))
            for column_name, source_column in source.columns.items() if source else ():
                table.columns[column_name] = ColumnInfo(
                    column_name,
                    source_column.type_name,
                    source_column.not_null,
                    file=file.display,
                    offset=statement.start,
                )
        if isinstance(element, ast.ColumnDef):
            model.domains_used.add(type_name_of(element.typeName))
            if element.colname and str(element.colname).lower() in table.columns and element.typeName is None:
                continue  # a partition's column options (WITH OPTIONS): the parent's column stays
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


def _alter_table(model: SchemaModel, node: Any, file: str = "", place: Place | None = None) -> None:
    from pglast import ast, enums

    name = relation_name(node.relation)
    if not name or node.objtype != enums.ObjectType.OBJECT_TABLE:
        return
    table = model.table(name) or security.placeholder_table(model, name)
    kinds = enums.AlterTableType
    for command in node.cmds or ():
        if not isinstance(command, ast.AlterTableCmd):
            continue
        if command.subtype in (kinds.AT_EnableRowSecurity, kinds.AT_DisableRowSecurity):
            table.rls_enabled = command.subtype == kinds.AT_EnableRowSecurity
            table.rls_disabled = not table.rls_enabled
            table.rls_place = place
        elif command.subtype in (kinds.AT_ForceRowSecurity, kinds.AT_NoForceRowSecurity):
            table.rls_forced = command.subtype == kinds.AT_ForceRowSecurity
            table.force_removed = not table.rls_forced
            table.force_place = place
        elif command.subtype == kinds.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
            model.domains_used.add(type_name_of(command.def_.typeName))
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
        table = model.table(name_of_items(items))
        if table:
            table.comment = node.comment is not None
    elif node.objtype == enums.ObjectType.OBJECT_COLUMN and len(items) >= 2:
        table = model.table(name_of_items(items[:-1]))
        column = table.columns.get(str(items[-1].sval).lower()) if table else None
        if column:
            column.comment = node.comment is not None


def mentions_column(expression: Any, column: str) -> bool:
    """Whether a column reference in `expression` ends with `column`."""
    from pglast import ast

    from schemactl.lint.walk import breadth_first

    if expression is None:
        return False
    for node in breadth_first(expression):
        if isinstance(node, ast.ColumnRef):
            fields = node.fields or ()
            if fields and getattr(fields[-1], "sval", None) == column:
                return True
    return False


def _drop(model: SchemaModel, node: Any, place: Place) -> None:
    from pglast import enums

    kinds = enums.ObjectType
    if node.removeType == kinds.OBJECT_POLICY:
        security.drop_policies(model, node, place)
        return
    if node.removeType in (kinds.OBJECT_FUNCTION, kinds.OBJECT_PROCEDURE, kinds.OBJECT_ROUTINE):
        security.drop_functions(model, node)
        return
    if node.removeType not in (kinds.OBJECT_TABLE, kinds.OBJECT_VIEW, kinds.OBJECT_MATVIEW):
        return
    for items in node.objects or ():
        name = name_of_items(items)
        if name:
            model.tables.pop(name, None)
            model.views.pop(name, None)
            model.drop_grants_on("table", name)


def _rename(model: SchemaModel, node: Any) -> None:
    from pglast import enums

    if node.renameType == enums.ObjectType.OBJECT_POLICY and node.newname:
        security.rename_policy(model, node)
        return
    old = relation_name(node.relation)
    if node.renameType in (enums.ObjectType.OBJECT_VIEW, enums.ObjectType.OBJECT_MATVIEW) and old in model.views:
        view = model.views.pop(old)
        view.name = str(node.newname).lower()
        model.views[view.name] = view
        return
    table = model.table(old)
    if table is None or not node.newname:
        return
    if node.renameType == enums.ObjectType.OBJECT_TABLE:
        model.tables.pop(table.name, None)
        table.name = qualified(table.name.split(".")[0] if "." in table.name else None, str(node.newname))
        model.tables[table.name] = table
    elif node.renameType == enums.ObjectType.OBJECT_COLUMN and node.subname:
        column = table.columns.pop(str(node.subname).lower(), None)
        if column:
            column.name = str(node.newname).lower()
            table.columns[column.name] = column


def _indexes_and_not_null_checks(model: SchemaModel, node: Any, file: LintFile, offset: int = -1) -> None:
    """Index name -> table, and CHECK (column IS NOT NULL) constraints: for the migration-safety rules."""
    from pglast import ast, enums

    kinds = enums.ObjectType
    if isinstance(node, ast.IndexStmt):
        table_name = relation_name(node.relation)
        name = str(node.idxname).lower() if node.idxname else None
        if name and table_name and not (node.if_not_exists and name in model.indexes):
            model.indexes[name] = IndexInfo(name, table_name, file.display)
    elif isinstance(node, ast.DropStmt):
        names = {name_of_items(items) or "" for items in node.objects or ()}
        if node.removeType == kinds.OBJECT_INDEX:
            for name in names:
                model.indexes.pop(name, None)
                model.indexes.pop(name.split(".")[-1], None)
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
            _alter_not_null_checks(table, node, file.display, offset)


def _alter_not_null_checks(table: TableInfo, node: Any, file: str, offset: int = -1) -> None:
    from pglast import ast, enums

    kinds = enums.AlterTableType
    checks = table.not_null_checks
    for command in node.cmds or ():
        if not isinstance(command, ast.AlterTableCmd):
            continue
        name = str(command.name).lower() if command.name else ""
        if command.subtype == kinds.AT_AddConstraint:
            valid = not getattr(command.def_, "skip_validation", False)
            _add_not_null_check(table, command.def_, file, validated=valid, offset=offset)
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


def _add_not_null_check(table: TableInfo, constraint: Any, file: str, *, validated: bool, offset: int = -1) -> None:
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
    table.not_null_checks[name] = NotNullCheck(column, validated, file, offset)
