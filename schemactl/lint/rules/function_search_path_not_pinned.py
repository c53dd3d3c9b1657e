from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.rules.definer_function_without_search_path import definer_problem, pg_temp_problem, pinned
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule

UNPINNABLE_LANGUAGES = frozenset({"c", "internal"})


class FunctionSearchPathNotPinned(StateRule):
    """What it does
    Flags any function or procedure (not only `SECURITY DEFINER` ones, which SC404 covers) whose final
    definition does not pin `search_path` with `pg_temp` listed last: through
    `CREATE FUNCTION ... SET search_path = ...` or `ALTER FUNCTION ... SET search_path = ...`, in the
    same file or any later migration. A state rule: a later migration that pins the path of an earlier
    function satisfies it; the finding is at the statement that last defined or altered the function.
    Functions in C or internal are not judged.

    Why is this bad?
    A function resolves unqualified names through the caller's `search_path`. Unless `pg_temp` is
    listed explicitly (and last), PostgreSQL searches the session's temporary schema first for tables
    and types: a session that can create temporary objects makes a policy helper read its own
    `pg_temp.uuid` type or table, and the policy then answers with another tenant's id.

    Example
    ```sql
    CREATE FUNCTION public.app_current_tenant_id() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.current_tenant_id', true), '')::uuid $$;
    ```

    Fix
    Pin the path, `pg_temp` last, in the definition or in a later migration:
    ```sql
    ALTER FUNCTION public.app_current_tenant_id() SET search_path = pg_catalog, public, pg_temp;
    ```
    """

    code = "SC407"
    name = "function-search-path-not-pinned"
    severity = Severity.ERROR
    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        for info in model.functions.values():
            if info.language in UNPINNABLE_LANGUAGES or info.security_definer or definer_problem(info):
                continue  # definers and unpinned trigger functions: SC404's finding
            if not pinned(info):
                problem = "does not pin search_path"
            else:
                found = pg_temp_problem(info)
                if found is None:
                    continue
                problem = found
            yield StateFinding(
                "function",
                info.key,
                f"function {info.key}: {problem}; SET search_path = pg_catalog, public, pg_temp (pg_temp last)",
                info.changed,
            )
