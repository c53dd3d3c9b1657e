"""What "the tenant predicate" is, judged on a pglast expression or on SQL text (a policy read from the catalog).

The tenant predicate is `<tenant column> = <tenant expression>` (either side): the column bare (not cast),
the tenant expression free of column references and reading the session's tenant, through
`current_setting('<tenant_setting>')` or a tenant function (one of these migrations whose body reads only
that setting, or a function the model does not know whose name mentions "tenant"). A predicate that
AND-s it with other conditions is still a tenant predicate; one that OR-s anything with it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from schemactl.lint.model import SchemaModel
from schemactl.lint.settings import LintSettings


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problem: str = ""  # why it is not the tenant predicate


def parse_expression(text: str) -> Any:
    """The pglast node of a boolean SQL expression, or None when it does not parse."""
    return _parse_expression(text)


@lru_cache(maxsize=1024)
def _parse_expression(text: str) -> Any:
    from pglast import parse_sql
    from pglast.parser import ParseError

    try:
        statements = parse_sql(f"SELECT WHERE {text}")
    except (ParseError, RecursionError, MemoryError):
        return None
    if len(statements) != 1:
        return None
    return getattr(statements[0].stmt, "whereClause", None)


def deparse(node: Any) -> str | None:
    """SQL text of an expression node (None for None)."""
    if node is None:
        return None
    from pglast.stream import RawStream

    try:
        return str(RawStream()(node))
    except Exception:
        return "<expression>"


def judge(expression: Any, column: str, settings: LintSettings, model: SchemaModel) -> Verdict:
    """Whether `expression` (a node or SQL text) restricts rows to the session's tenant through `column`."""
    node = parse_expression(expression) if isinstance(expression, str) else expression
    if node is None:
        return Verdict(False, "no predicate")
    other = _other_settings(node, settings)
    if other:
        return Verdict(False, f"it reads setting {other}, not {settings.tenant_setting}")
    if _casts_column(node, column):
        return Verdict(False, f"it casts {column} (compare the column itself, with its own type)")
    if _is_tenant_conjunction(node, column, settings, model):
        return Verdict(True)
    return Verdict(False, f"it does not restrict {column} to the session's tenant")


def _is_tenant_conjunction(node: Any, column: str, settings: LintSettings, model: SchemaModel) -> bool:
    from pglast import ast, enums

    if isinstance(node, ast.BoolExpr) and node.boolop == enums.BoolExprType.AND_EXPR:
        return any(_is_tenant_conjunction(arg, column, settings, model) for arg in node.args or ())
    if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP:
        operator = [str(getattr(n, "sval", "")) for n in node.name or ()]
        if operator[-1:] != ["="]:
            return False
        for side, other in ((node.lexpr, node.rexpr), (node.rexpr, node.lexpr)):
            if _is_column(side, column) and is_tenant_expression(other, settings, model):
                return True
    return False


def _is_column(node: Any, column: str) -> bool:
    from pglast import ast

    if not isinstance(node, ast.ColumnRef):
        return False
    fields = node.fields or ()
    return bool(fields) and str(getattr(fields[-1], "sval", "")).lower() == column.lower()


def is_tenant_expression(node: Any, settings: LintSettings, model: SchemaModel) -> bool:
    """An expression with no column reference that reads the session's tenant."""
    from pglast import ast

    from schemactl.lint.walk import breadth_first

    found = {"columns": False, "tenant": False}
    for call in breadth_first(node):
        if isinstance(call, ast.ColumnRef):
            found["columns"] = True
        elif isinstance(call, ast.FuncCall):
            name = str(call.funcname[-1].sval).lower() if call.funcname else ""
            if name == "current_setting":
                if setting_argument(call) == settings.tenant_setting.lower():
                    found["tenant"] = True
            elif _tenant_function(call, settings, model):
                found["tenant"] = True
    return found["tenant"] and not found["columns"]


def _tenant_function(call: Any, settings: LintSettings, model: SchemaModel) -> bool:
    from schemactl.lint.model import qualified

    parts = [str(p.sval) for p in call.funcname or ()]
    name = qualified(parts[-2] if len(parts) >= 2 else None, parts[-1])
    if name in {f.lower() for f in settings.tenant_functions}:
        return True
    known = model.functions_named(name)
    if known:
        return all(f.settings_read == frozenset({settings.tenant_setting.lower()}) for f in known)
    return "tenant" in parts[-1].lower()


def setting_argument(call: Any) -> str | None:
    """The literal first argument of current_setting(...), lower case (None when not a literal)."""
    from pglast import ast

    args = call.args or ()
    first = args[0] if args else None
    while isinstance(first, ast.TypeCast):
        first = first.arg
    if isinstance(first, ast.A_Const) and isinstance(first.val, ast.String):
        return str(first.val.sval).lower()
    return None


def _other_settings(node: Any, settings: LintSettings) -> str | None:
    """A setting other than the tenant setting that the expression reads (current_setting), if any."""
    from pglast import ast

    from schemactl.lint.walk import breadth_first

    found: list[str] = []
    for call in breadth_first(node):
        if isinstance(call, ast.FuncCall):
            name = str(call.funcname[-1].sval).lower() if call.funcname else ""
            if name == "current_setting":
                value = setting_argument(call)
                if value != settings.tenant_setting.lower():
                    found.append(value or "(a computed name)")
    return found[0] if found else None


def _casts_column(node: Any, column: str) -> bool:
    from pglast import ast

    from schemactl.lint.walk import breadth_first

    return any(isinstance(cast, ast.TypeCast) and _is_column(cast.arg, column) for cast in breadth_first(node))


def functions_called(expression: Any) -> list[str]:
    """Names (as the model keys them) of the functions an expression (node or SQL text) calls."""
    from pglast import ast

    from schemactl.lint.model import qualified
    from schemactl.lint.walk import breadth_first

    node = parse_expression(expression) if isinstance(expression, str) else expression
    found: list[str] = []
    for call in breadth_first(node) if node is not None else ():
        if isinstance(call, ast.FuncCall):
            parts = [str(p.sval) for p in call.funcname or ()]
            if parts:
                name = qualified(parts[-2] if len(parts) >= 2 else None, parts[-1])
                if name not in found:
                    found.append(name)
    return found
