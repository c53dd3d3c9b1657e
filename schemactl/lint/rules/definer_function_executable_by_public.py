from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule


class DefinerFunctionExecutableByPublic(StateRule):
    """What it does
    Flags a `SECURITY DEFINER` function or procedure whose `EXECUTE` privilege PUBLIC still holds at the
    end of the file that created it (`REVOKE EXECUTE` / `REVOKE ALL ON FUNCTION ... FROM PUBLIC` in
    the same file, or an earlier `ALTER DEFAULT PRIVILEGES ... REVOKE EXECUTE ON FUNCTIONS FROM
    PUBLIC` covering its schema, clears it), or at the end of the migrations. On a live database it
    flags every definer function PUBLIC may execute.

    Why is this bad?
    PostgreSQL grants EXECUTE on every new function to PUBLIC. A definer function runs with its
    owner's rights (often a role that bypasses row-level security), so until the grant is revoked any
    login, of any tenant, can call it. Revoking it in a later migration leaves it open in between.

    Example
    ```sql
    CREATE FUNCTION public.purge_tenant(p_tenant uuid) RETURNS void LANGUAGE sql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
    AS $$ DELETE FROM public.tenants WHERE id = p_tenant $$;
    GRANT EXECUTE ON FUNCTION public.purge_tenant(uuid) TO app_admin;
    ```

    Fix
    Revoke it from PUBLIC in the same file, then grant it to the roles that need it:
    ```sql
    REVOKE ALL ON FUNCTION public.purge_tenant(uuid) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION public.purge_tenant(uuid) TO app_admin;
    ```
    """

    code = "SC406"
    name = "definer-function-executable-by-public"
    severity = Severity.ERROR
    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        for info in model.functions.values():
            if not info.security_definer:
                continue
            if info.public_execute_after_create:
                yield StateFinding(
                    "function",
                    info.key,
                    f"SECURITY DEFINER function {info.key} stays executable by PUBLIC after this file: "
                    f"REVOKE ALL ON FUNCTION {info.key} FROM PUBLIC in the same file",
                    info.created,
                )
            elif info.public_execute:
                yield StateFinding(
                    "function",
                    info.key,
                    f"SECURITY DEFINER function {info.key} is executable by PUBLIC: "
                    f"REVOKE ALL ON FUNCTION {info.key} FROM PUBLIC",
                    info.changed,
                )
