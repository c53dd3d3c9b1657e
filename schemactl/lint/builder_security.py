"""Update the schema model's security state: functions, privileges, default privileges, policies, views, triggers."""

from __future__ import annotations

import re
from typing import Any

from schemactl.lint.model import (
    DefaultPrivilege,
    FunctionInfo,
    GrantInfo,
    Place,
    PolicyInfo,
    SchemaModel,
    TableInfo,
    ViewInfo,
    qualified,
    relation_name,
    type_name_of,
)
from schemactl.lint.settings import LintSettings

TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
SETTING_READ = re.compile(r"current_setting\s*\(\s*'([^']+)'", re.IGNORECASE)
RAISES = re.compile(r"\braise\s+exception\b|\braise\s+'|\braise\s+sqlstate\b|\braise\s+using\b", re.IGNORECASE)
TRIGGER_EVENTS = {"insert": 4, "delete": 8, "update": 16, "truncate": 32}
TRIGGER_BEFORE = 2


def placeholder_table(model: SchemaModel, name: str) -> TableInfo:
    """The model's table `name`, added as one created outside these migrations when unknown."""
    table = model.tables.get(name)
    if table is None:
        table = TableInfo(name=name, file="", statement_offset=-1, known=False)
        model.tables[name] = table
    return table


# ----------------------------------------------------------------------------------------------- functions


def function_name(parts: Any) -> str:
    names = [str(getattr(p, "sval", p)) for p in parts or ()]
    if not names:
        return ""
    return qualified(names[-2] if len(names) >= 2 else None, names[-1])


def function_key(name: str, argument_types: list[str]) -> str:
    return f"{name}({','.join(argument_types)})"


def create_function(model: SchemaModel, node: Any, place: Place) -> None:
    from pglast import enums

    name = function_name(node.funcname)
    arguments = [
        type_name_of(p.argType)
        for p in node.parameters or ()
        if p.mode not in (enums.FunctionParameterMode.FUNC_PARAM_OUT, enums.FunctionParameterMode.FUNC_PARAM_TABLE)
    ]
    key = function_key(name, arguments)
    previous = model.functions.get(key)
    info = FunctionInfo(key=key, name=name, created=place, search_path_place=place, changed=place)
    if previous is not None and node.replace:
        info.public_execute = previous.public_execute  # CREATE OR REPLACE keeps the privileges
    else:
        info.public_execute = not _default_revokes_public_execute(model, name)
    return_type = node.returnType
    info.returns_trigger = type_name_of(return_type) in ("trigger", "event_trigger") if return_type else False
    body_parts: list[str] = []
    for option in node.options or ():
        if option.defname == "security":
            info.security_definer = bool(getattr(option.arg, "boolval", False))
        elif option.defname == "language":
            info.language = str(getattr(option.arg, "sval", "sql")).lower()
        elif option.defname == "set":
            _apply_set(info, option.arg, place)
        elif option.defname == "as":
            body_parts.extend(str(getattr(part, "sval", "")) for part in option.arg or ())
    if getattr(node, "sql_body", None) is not None:
        from schemactl.lint.tenancy import deparse

        body_parts.append(deparse(node.sql_body) or "")
    body = "\n".join(body_parts)
    info.settings_read = frozenset(m.lower() for m in SETTING_READ.findall(body))
    info.raises = bool(RAISES.search(body))
    model.functions[key] = info


def _apply_set(info: FunctionInfo, setting: Any, place: Place) -> None:
    from pglast import enums

    name = str(getattr(setting, "name", "") or "").lower()
    kind = setting.kind
    if kind == enums.VariableSetKind.VAR_RESET_ALL:
        info.search_path, info.search_path_from_current, info.search_path_place = None, False, place
        return
    if name != "search_path":
        return
    info.search_path_place = place
    if kind == enums.VariableSetKind.VAR_SET_VALUE:
        info.search_path = tuple(str(getattr(arg.val, "sval", "")) for arg in setting.args or ())
        info.search_path_from_current = False
    elif kind == enums.VariableSetKind.VAR_SET_CURRENT:
        info.search_path, info.search_path_from_current = (), True
    else:  # RESET, SET ... TO DEFAULT
        info.search_path, info.search_path_from_current = None, False


def _default_revokes_public_execute(model: SchemaModel, name: str) -> bool:
    schema = name.split(".")[0] if "." in name else "public"
    return any(
        d.object_kind == "functions"
        and d.grantee == "public"
        and d.schema in (None, schema)
        and d.owner == model.current_role
        for d in model.default_revokes
    )


def functions_matching(model: SchemaModel, with_args: Any) -> list[FunctionInfo]:
    """The functions an ObjectWithArgs names: one overload, or every overload when no arguments are given."""
    name = function_name(with_args.objname)
    if getattr(with_args, "args_unspecified", False) or with_args.objargs is None:
        return model.functions_named(name)
    key = function_key(name, [type_name_of(t) for t in with_args.objargs or ()])
    found = model.functions.get(key)
    return [found] if found else []


def alter_function(model: SchemaModel, node: Any, place: Place) -> None:
    matching = functions_matching(model, node.func)
    touches_path = any(
        action.defname in ("set", "reset")
        and str(getattr(action.arg, "name", "") or "search_path").lower() == "search_path"
        for action in node.actions or ()
    )
    if not matching and touches_path:  # created outside these migrations: now known by its search_path
        name = function_name(node.func.objname)
        arguments = [type_name_of(t) for t in node.func.objargs or ()]
        # its privileges are not known: PUBLIC's EXECUTE is not assumed
        info = FunctionInfo(key=function_key(name, arguments), name=name, created=None, public_execute=False)
        model.functions[info.key] = info
        matching = [info]
    for info in matching:
        info.changed = place
        for action in node.actions or ():
            if action.defname == "security":
                info.security_definer = bool(getattr(action.arg, "boolval", False))
            elif action.defname in ("set", "reset"):
                _apply_set(info, action.arg, place)


def drop_functions(model: SchemaModel, node: Any) -> None:
    for item in node.objects or ():
        for info in functions_matching(model, item) if hasattr(item, "objname") else ():
            model.functions.pop(info.key, None)
            model.drop_grants_on("function", info.key)


def set_role(model: SchemaModel, node: Any) -> None:
    """SET [LOCAL] ROLE r / RESET ROLE: the role that creates objects (and owns default privileges)."""
    from pglast import enums

    if str(node.name or "").lower() != "role":
        return
    if node.kind == enums.VariableSetKind.VAR_SET_VALUE and node.args:
        value = str(getattr(node.args[0].val, "sval", "") or "").lower()
        model.current_role = None if value in ("", "none") else value
    else:
        model.current_role = None


def end_of_file(model: SchemaModel, file: str) -> None:
    """Record what a file left behind that a rule judges per file (PUBLIC's EXECUTE on its new functions);
    the next file starts as the role that applies migrations."""
    model.current_role = None
    for info in model.functions.values():
        if info.created is not None and info.created.file == file and info.public_execute_after_create is None:
            info.public_execute_after_create = info.public_execute


# ----------------------------------------------------------------------------------------------- privileges


def _grantee(role: Any) -> str:
    from pglast import enums

    if role.roletype == enums.RoleSpecType.ROLESPEC_PUBLIC:
        return "public"
    if role.roletype == enums.RoleSpecType.ROLESPEC_CSTRING:
        return str(role.rolename).lower()
    return str(role.roletype.name).lower().removeprefix("rolespec_")  # current_user, session_user, ...


def _privileges(node: Any, all_of: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(privilege, columns) of a GrantStmt; ALL expanded."""
    if not node.privileges:
        return [(p, ()) for p in all_of]
    found: list[tuple[str, tuple[str, ...]]] = []
    for privilege in node.privileges:
        name = str(privilege.priv_name or "all").upper()
        columns = tuple(str(c.sval).lower() for c in privilege.cols or ())
        if name in ("ALL", "ALL PRIVILEGES"):
            found.extend((p, columns) for p in all_of)
        else:
            found.append((name, columns))
    return found


def grant_or_revoke(model: SchemaModel, node: Any, place: Place, settings: LintSettings | None = None) -> None:
    from pglast import enums

    kinds = enums.ObjectType
    all_in_schema = node.targtype == enums.GrantTargetType.ACL_TARGET_ALL_IN_SCHEMA
    grantees = [_grantee(g) for g in node.grantees or ()]
    if node.objtype in (kinds.OBJECT_TABLE, kinds.OBJECT_SEQUENCE):
        if all_in_schema:
            schemas = {str(s.sval).lower() for s in node.objects or ()}
            # the configured append-only tables exist even where these migrations did not create them
            configured = settings.append_only() if settings is not None else {}
            known = {*model.tables, *model.views, *configured}
            relations = sorted(r for r in known if _schema_of(r) in schemas)
            if node.objtype == kinds.OBJECT_SEQUENCE:
                relations = []
        else:
            relations = [name for name in (relation_name(t) for t in node.objects or ()) if name]
        privileges = _privileges(node, TABLE_PRIVILEGES)
        changes = [
            GrantInfo(relation, "table", grantee, privilege, columns, (place,))
            for relation in relations
            for grantee in grantees
            for privilege, columns in privileges
        ]
        _change(model, changes, node.is_grant)
    elif node.objtype in (kinds.OBJECT_FUNCTION, kinds.OBJECT_PROCEDURE, kinds.OBJECT_ROUTINE):
        if all_in_schema:
            schemas = {str(s.sval).lower() for s in node.objects or ()}
            functions = [f for f in model.functions.values() if _schema_of(f.name) in schemas]
        else:
            functions = [f for item in node.objects or () for f in functions_matching(model, item)]
        names = {p for p, _ in _privileges(node, ("EXECUTE",))}
        if "EXECUTE" not in names:
            return
        changes = []
        for info in functions:
            for grantee in grantees:
                if grantee == "public":
                    info.public_execute = bool(node.is_grant)
                else:
                    changes.append(GrantInfo(info.key, "function", grantee, "EXECUTE", (), (place,)))
        _change(model, changes, node.is_grant)


def _schema_of(name: str) -> str:
    return name.split(".")[0] if "." in name else "public"


def _change(model: SchemaModel, changes: list[GrantInfo], is_grant: bool) -> None:
    """Record GRANTs, or take REVOKEs away (looking only at the grants of the objects revoked)."""
    if is_grant:
        for grant in changes:
            model.add_grant(grant)
        return
    for revoked in changes:
        for held in model.grants_on(revoked.object_kind, revoked.object):
            if (held.grantee, held.privilege) != (revoked.grantee, revoked.privilege):
                continue
            if not revoked.columns:
                model.remove_grant(held)  # a table-level REVOKE takes the column-level grants too
            elif held.columns:
                model.remove_grant(held)
                rest = tuple(c for c in held.columns if c not in revoked.columns)
                if rest:
                    model.add_grant(
                        GrantInfo(held.object, held.object_kind, held.grantee, held.privilege, rest, held.places)
                    )


def default_privileges(model: SchemaModel, node: Any, place: Place) -> None:
    owners: list[str | None] = [model.current_role]  # without FOR ROLE: the role running the statement
    schemas: list[str | None] = [None]
    for option in node.options or ():
        if option.defname == "roles":
            owners = [_grantee(r) for r in option.arg or ()]
        elif option.defname == "schemas":
            schemas = [str(s.sval).lower() for s in option.arg or ()]
    action = node.action
    kind = str(action.objtype.name).lower().removeprefix("object_")
    kind = {
        "table": "tables",
        "sequence": "sequences",
        "function": "functions",
        "type": "types",
        "schema": "schemas",
    }.get(kind, kind)
    all_of = {"tables": TABLE_PRIVILEGES, "functions": ("EXECUTE",), "sequences": ("USAGE", "SELECT", "UPDATE")}.get(
        kind, ("USAGE",)
    )
    for owner, schema in ((o, s) for o in owners for s in schemas):
        for grantee in (_grantee(g) for g in action.grantees or ()):
            for privilege, _columns in _privileges(action, all_of):
                entry = DefaultPrivilege(owner, schema, kind, grantee, privilege, place)
                if action.is_grant:
                    model.default_privileges.append(entry)
                    model.default_revokes[:] = [d for d in model.default_revokes if not _same_default(d, entry)]
                else:
                    model.default_privileges[:] = [d for d in model.default_privileges if not _same_default(d, entry)]
                    model.default_revokes.append(entry)


def _same_default(a: DefaultPrivilege, b: DefaultPrivilege) -> bool:
    return (a.owner, a.schema, a.object_kind, a.grantee, a.privilege) == (
        b.owner,
        b.schema,
        b.object_kind,
        b.grantee,
        b.privilege,
    )


# ----------------------------------------------------------------------------------------------- policies


def create_policy(model: SchemaModel, node: Any, settings: LintSettings, place: Place) -> None:
    name = relation_name(node.table)
    if not name:
        return
    table = placeholder_table(model, name)
    column = "id" if table.name == settings.tenants_table else settings.tenant_column
    table.policies = [p for p in table.policies if p.name != str(node.policy_name)]
    policy = PolicyInfo(
        name=str(node.policy_name),
        has_using=node.qual is not None,
        has_with_check=node.with_check is not None,
        mentions_tenant_column=False,
        command=str(node.cmd_name or "all").lower(),
        file=place.file,
        offset=place.offset,
        permissive=bool(node.permissive),
        roles=tuple(_grantee(r) for r in node.roles or ()) or ("public",),
        using_node=node.qual,
        with_check_node=node.with_check,
    )
    _mentions(policy, node.qual, node.with_check, column)
    table.policies.append(policy)


def _mentions(policy: PolicyInfo, using: Any, with_check: Any, column: str) -> None:
    from schemactl.lint.builder import mentions_column

    policy.using_mentions_tenant_column = mentions_column(using, column)
    policy.with_check_mentions_tenant_column = mentions_column(with_check, column)
    policy.mentions_tenant_column = policy.using_mentions_tenant_column or policy.with_check_mentions_tenant_column


def alter_policy(model: SchemaModel, node: Any, settings: LintSettings, place: Place) -> None:
    table = placeholder_table(model, relation_name(node.table) or "?")
    policy = next((p for p in table.policies if p.name == str(node.policy_name)), None)
    if policy is None:  # a policy created outside these migrations: now known by what this statement sets
        policy = PolicyInfo(str(node.policy_name), False, False, False, using=None, with_check=None)
        table.policies.append(policy)
    policy.file, policy.offset = place.file, place.offset
    if node.roles:
        policy.roles = tuple(_grantee(r) for r in node.roles)
    if node.qual is not None:
        policy.using, policy.using_node, policy.has_using = None, node.qual, True
    if node.with_check is not None:
        policy.with_check, policy.with_check_node, policy.has_with_check = None, node.with_check, True
    column = "id" if table.name == settings.tenants_table else settings.tenant_column
    _mentions(policy, policy.using_node, policy.with_check_node, column)


def drop_policies(model: SchemaModel, node: Any, place: Place) -> None:
    for items in node.objects or ():
        if not isinstance(items, tuple) or len(items) < 2:
            continue
        parts = [str(getattr(p, "sval", "")) for p in items]
        table_name = qualified(parts[-3] if len(parts) >= 3 else None, parts[-2])
        table = placeholder_table(model, table_name)
        table.policies = [p for p in table.policies if p.name != parts[-1]]
        table.policy_dropped = place


def rename_policy(model: SchemaModel, node: Any) -> None:
    table = model.table(relation_name(node.relation))
    for policy in table.policies if table else ():
        if policy.name == str(node.subname):
            policy.name = str(node.newname)


# ----------------------------------------------------------------------------------------------- views


def create_view(
    model: SchemaModel, name: str, query: Any, materialized: bool, settings: LintSettings, place: Place
) -> None:
    from pglast import ast

    from schemactl.lint.walk import breadth_first

    reads: list[str] = []
    for node in breadth_first(query) if query is not None else ():
        if isinstance(node, ast.RangeVar):
            relation = relation_name(node)
            if relation and relation not in reads:
                reads.append(relation)
    model.views[name] = ViewInfo(
        name=name,
        materialized=materialized,
        reads=tuple(reads),
        tenant_filtered=_filters_tenant(model, query, settings),
        created=place,
    )


def _filters_tenant(model: SchemaModel, query: Any, settings: LintSettings) -> bool:
    from schemactl.lint.tenancy import judge

    where = getattr(query, "whereClause", None)
    if where is None:
        return False
    return judge(where, settings.tenant_column, settings, model).ok


# ----------------------------------------------------------------------------------------------- triggers


def create_trigger(model: SchemaModel, node: Any, place: Place) -> None:
    """A guard: a BEFORE trigger on DELETE or TRUNCATE (and maybe UPDATE), never on INSERT, whose
    function raises. A trigger that also fires on INSERT validates rows; it does not make a log."""
    events = int(node.events or 0)
    if events & TRIGGER_EVENTS["insert"] or not events & (TRIGGER_EVENTS["delete"] | TRIGGER_EVENTS["truncate"]):
        return
    if not (int(node.timing or 0) & TRIGGER_BEFORE):
        return
    name = function_name(node.funcname)
    functions = model.functions_named(name)
    if not functions or not all(getattr(f, "raises", False) for f in functions):
        return
    table = model.table(relation_name(node.relation))
    if table is None:
        return
    if table.append_only_guard is None:
        table.append_only_guard = place
    refused = {name.upper() for name, bit in TRIGGER_EVENTS.items() if events & bit and name != "insert"}
    if "DELETE" in refused:
        refused.add("TRUNCATE")  # TRUNCATE fires no row trigger: it would bypass the guard
    table.guarded = table.guarded | frozenset(refused)
