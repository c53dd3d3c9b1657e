from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import FunctionInfo, SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule

TRIGGER_TYPES = ("trigger", "event_trigger")


class DefinerFunctionWithoutSearchPath(StateRule):
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
    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        for info in model.functions.values():
            problem = definer_problem(info)
            if problem:
                yield StateFinding("function", info.key, problem, info.changed)


_FIX = "SET search_path = pg_catalog, public, pg_temp"


def pinned(info: FunctionInfo) -> bool:
    return info.search_path is not None or info.search_path_from_current


def definer_problem(info: FunctionInfo) -> str | None:
    """What SC404 reports about a function (None: nothing)."""
    if not pinned(info):
        if info.security_definer:
            return (
                f"SECURITY DEFINER function {info.key} does not pin search_path: add "
                "SET search_path = pg_catalog, public, pg_temp (pg_temp last)"
            )
        if info.returns_trigger:
            return f"trigger function {info.key} does not pin search_path: add {_FIX}"
        return None
    if not info.security_definer:
        return None
    problem = pg_temp_problem(info)
    return (
        f"SECURITY DEFINER function {info.key}: {problem}; write SET search_path = pg_catalog, public, pg_temp"
        if problem
        else None
    )


def pg_temp_problem(info: FunctionInfo) -> str | None:
    if info.search_path_from_current:
        return "SET search_path FROM CURRENT cannot be checked to end with pg_temp"
    names = list(info.search_path or ())
    if names and names[-1] == "pg_temp":
        return None
    quoted = next((n for n in names if "," in n), None)
    if quoted is not None:
        return f"search_path '{quoted}' is one quoted schema name, not a list, so pg_temp is absent and searched first"
    if "pg_temp" in names:
        return "pg_temp is not last in search_path, so it is searched before the schemas after it"
    return "pg_temp is absent from search_path, so the caller's temporary schema is searched first"
