from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext

TRIGGER_TYPES = ("trigger", "event_trigger")


class DefinerFunctionWithoutSearchPath(Rule):
    """What it does
    Flags `CREATE FUNCTION` / `CREATE PROCEDURE` with `SECURITY DEFINER`, and any function returning
    `trigger` or `event_trigger`, that does not pin `search_path` with a `SET search_path = ...`
    option (an `ALTER FUNCTION ... SET search_path` later in the same file counts). For
    `SECURITY DEFINER` it also flags a `search_path` that does not end with `pg_temp` written out:
    when `pg_temp` is absent from the path, PostgreSQL searches the session's temporary schema
    *first* for tables, views and types, so `SET search_path = pg_catalog, public` (or `= ''`)
    still lets the caller shadow an unqualified name. A quoted list (`= 'pg_catalog, pg_temp'`) is one
    schema name with a comma in it, so it does not count either; `SET search_path FROM CURRENT`
    cannot be checked and is flagged for `SECURITY DEFINER`.

    Why is this bad?
    A definer-rights function runs with its owner's privileges and resolves unqualified names with
    the caller's `search_path`: the caller creates a function or temporary table named like one the
    body uses, and it runs or is read with the owner's rights. A trigger function runs for whoever
    writes the table, with that session's `search_path`, so the same shadowing changes what it does.

    Example
    ```sql
    CREATE FUNCTION public.refresh_read_path()
        RETURNS void
        LANGUAGE plpgsql
        SECURITY DEFINER
    AS $$ BEGIN REFRESH MATERIALIZED VIEW CONCURRENTLY mv_revenue; END $$;
    ```

    Fix
    Pin the path, `pg_temp` last, and qualify names in the body:
    ```sql
    CREATE FUNCTION public.refresh_read_path()
        RETURNS void
        LANGUAGE plpgsql
        SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
    AS $$ BEGIN REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv_revenue; END $$;
    ```
    """

    code = "SC404"
    name = "definer-function-without-search-path"
    severity = Severity.ERROR

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.CreateFunctionStmt):
            return
        kind = "procedure" if node.is_procedure else "function"
        name = ".".join(str(p.sval) for p in node.funcname or ())
        definer: Any = None  # the SECURITY DEFINER option
        search_path: Any = None  # the last SET search_path option (None: not pinned)
        for option in _options(node.options, context, node.funcname):
            if option.defname == "security":
                definer = option if option.arg.boolval else None
            elif option.defname == "set" and str(option.arg.name).lower() == "search_path":
                pins = option.arg.kind in (
                    enums.VariableSetKind.VAR_SET_VALUE,
                    enums.VariableSetKind.VAR_SET_CURRENT,
                )
                search_path = option if pins else None
        return_type = node.returnType
        returns = str(return_type.names[-1].sval).lower() if return_type is not None and return_type.names else ""
        if search_path is None:
            if definer is not None:
                yield self.report(
                    context,
                    definer,
                    f"SECURITY DEFINER {kind} {name} does not pin search_path: add "
                    "SET search_path = pg_catalog, public, pg_temp (pg_temp last)",
                )
            elif returns in TRIGGER_TYPES:
                yield self.report(
                    context,
                    return_type,
                    f"{returns} function {name} does not pin search_path: add "
                    "SET search_path = pg_catalog, public, pg_temp",
                )
            return
        if definer is None:
            return
        problem = _pg_temp_problem(search_path.arg)
        if problem:
            yield self.report(
                context,
                search_path,
                f"SECURITY DEFINER {kind} {name}: {problem}; write SET search_path = pg_catalog, public, pg_temp",
            )


def _options(options: Any, context: StatementContext, funcname: Any) -> list[Any]:
    """The CREATE's options, then the actions of later ALTER FUNCTION/PROCEDURE of it in the same file."""
    from pglast import ast

    found = list(options or ())
    name = str(funcname[-1].sval).lower() if funcname else ""
    later = False
    for statement in context.file.statements:
        if statement is context.statement:
            later = True
        elif later and isinstance(statement.node, ast.AlterFunctionStmt):
            func: Any = statement.node.func
            objname = func.objname or () if func is not None else ()
            if objname and str(objname[-1].sval).lower() == name:
                found.extend(statement.node.actions or ())
    return found


def _pg_temp_problem(setting: Any) -> str | None:
    from pglast import enums

    if setting.kind == enums.VariableSetKind.VAR_SET_CURRENT:
        return "SET search_path FROM CURRENT cannot be checked to end with pg_temp"
    names = [str(getattr(arg.val, "sval", "")) for arg in setting.args or ()]
    if names and names[-1] == "pg_temp":
        return None
    quoted = next((n for n in names if "," in n), None)
    if quoted is not None:
        return f"search_path '{quoted}' is one quoted schema name, not a list, so pg_temp is absent and searched first"
    if "pg_temp" in names:
        return "pg_temp is not last in search_path, so it is searched before the schemas after it"
    return "pg_temp is absent from search_path, so the caller's temporary schema is searched first"
