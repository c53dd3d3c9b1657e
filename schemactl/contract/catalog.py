"""What the contract check needs from a Snapshot: relations, column types, allowed enum values.

Pure functions over the snapshot model; the CHECK definitions are those of pg_get_constraintdef,
read with pglast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from schemactl.snapshot.model import ObjectKind, Snapshot


class RelationKind(StrEnum):
    TABLE = "table"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized view"


@dataclass(frozen=True)
class ColumnRef:
    """A column named by the mapping, schema-qualified."""

    schema: str
    relation: str
    column: str

    @property
    def relation_identity(self) -> str:
        return f"{self.schema}.{self.relation}"

    @property
    def identity(self) -> str:
        return f"{self.schema}.{self.relation}.{self.column}"

    def __str__(self) -> str:
        return self.identity if self.schema != "public" else f"{self.relation}.{self.column}"


_IDENTIFIER = r"[a-z_][a-z0-9_$]*"
_COLUMN_REF = re.compile(rf"^(?:({_IDENTIFIER})\.)?({_IDENTIFIER})\.({_IDENTIFIER})$")
_RELATION_REF = re.compile(rf"^(?:({_IDENTIFIER})\.)?({_IDENTIFIER})$")


def parse_column_ref(text: str, default_schema: str = "public") -> ColumnRef | None:
    """`relation.column` or `schema.relation.column` (lower-case SQL identifiers), else None."""
    match = _COLUMN_REF.match(text)
    if match is None:
        return None
    return ColumnRef(match[1] or default_schema, match[2], match[3])


def parse_relation_ref(text: str, default_schema: str = "public") -> tuple[str, str] | None:
    """(schema, relation) of `relation` or `schema.relation`, else None."""
    match = _RELATION_REF.match(text)
    if match is None:
        return None
    return (match[1] or default_schema, match[2])


def relation_kind(snapshot: Snapshot, identity: str) -> RelationKind | None:
    if snapshot.get(ObjectKind.TABLE, identity) is not None:
        return RelationKind.TABLE
    view = snapshot.get(ObjectKind.VIEW, identity)
    if view is None:
        return None
    return RelationKind.MATERIALIZED_VIEW if view.get("kind") == "materialized view" else RelationKind.VIEW


def column_type(snapshot: Snapshot, ref: ColumnRef) -> str | None:
    """The column's type as format_type prints it, or None when the column does not exist."""
    column = snapshot.get(ObjectKind.COLUMN, ref.identity)
    if column is None:
        return None
    value = column.get("type")
    return value if isinstance(value, str) else None


def relation_columns(snapshot: Snapshot, schema: str, relation: str) -> list[str]:
    """Names of the relation's columns, sorted."""
    prefix = f"{schema}.{relation}."
    return sorted(
        identity[len(prefix) :]
        for identity in snapshot.objects.get(ObjectKind.COLUMN, {})
        if identity.startswith(prefix) and "." not in identity[len(prefix) :]
    )


# -- types ---------------------------------------------------------------------------------------


class TypeFamily(StrEnum):
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    UUID = "uuid"
    TIMESTAMPTZ = "timestamptz"
    TIMESTAMP = "timestamp"
    DATE = "date"
    TEXT = "text"
    JSON = "json"
    ARRAY = "array"
    ENUM = "enum"
    OTHER = "other"


_FAMILY = {
    "smallint": TypeFamily.INTEGER,
    "integer": TypeFamily.INTEGER,
    "bigint": TypeFamily.INTEGER,
    "numeric": TypeFamily.NUMBER,
    "real": TypeFamily.NUMBER,
    "double precision": TypeFamily.NUMBER,
    "boolean": TypeFamily.BOOLEAN,
    "uuid": TypeFamily.UUID,
    "timestamp with time zone": TypeFamily.TIMESTAMPTZ,
    "timestamp without time zone": TypeFamily.TIMESTAMP,
    "date": TypeFamily.DATE,
    "text": TypeFamily.TEXT,
    "character varying": TypeFamily.TEXT,
    "character": TypeFamily.TEXT,
    "citext": TypeFamily.TEXT,
    "json": TypeFamily.JSON,
    "jsonb": TypeFamily.JSON,
}
_MODIFIER = re.compile(r"\(\d+(?:,\d+)?\)")


@dataclass(frozen=True)
class ResolvedType:
    """A column type with domains unwrapped: its family, and the labels of an enum type."""

    text: str  # as format_type prints it (the domain's base type for a domain)
    family: TypeFamily
    labels: tuple[str, ...] = ()
    enum_type: str | None = None


def resolve_type(snapshot: Snapshot, type_text: str) -> ResolvedType:
    """Classify a format_type string; domains resolve to their base type, enum types carry labels."""
    seen: set[str] = set()
    text = type_text
    while True:
        if text.endswith("[]"):
            return ResolvedType(text, TypeFamily.ARRAY)
        base = _MODIFIER.sub("", text).strip()
        if base in _FAMILY:
            return ResolvedType(text, _FAMILY[base])
        identity = base if "." in base else f"public.{base}"
        declared = snapshot.get(ObjectKind.TYPE, _unquote_identity(identity))
        if declared is None or identity in seen:
            return ResolvedType(text, TypeFamily.OTHER)
        seen.add(identity)
        if declared.get("kind") == "enum":
            labels = declared.get("labels")
            values = tuple(str(label) for label in labels) if isinstance(labels, list) else ()
            return ResolvedType(text, TypeFamily.ENUM, values, _unquote_identity(identity))
        base_type = declared.get("base_type")
        if declared.get("kind") != "domain" or not isinstance(base_type, str):
            return ResolvedType(text, TypeFamily.OTHER)
        text = base_type


def _unquote_identity(identity: str) -> str:
    return identity.replace('"', "")


# -- enum values of CHECK constraints ------------------------------------------------------------


@dataclass(frozen=True)
class EnumConstraint:
    """A CHECK constraint that limits one column to a list of string values."""

    name: str
    column: str
    values: tuple[str, ...]


def enum_constraints(snapshot: Snapshot, schema: str, table: str) -> Iterator[EnumConstraint]:
    """The CHECK constraints of a table of the form `col IN (...)` / `col = ANY (ARRAY[...])`, by name."""
    prefix = f"{schema}.{table}."
    for identity, attributes in sorted(snapshot.objects.get(ObjectKind.CONSTRAINT, {}).items()):
        name = identity[len(prefix) :]
        if not identity.startswith(prefix) or "." in name or attributes.get("type") != "check":
            continue
        definition = attributes.get("definition")
        if not isinstance(definition, str):
            continue
        parsed = parse_enum_check(definition)
        if parsed is not None:
            yield EnumConstraint(name, parsed[0], parsed[1])


_CHECK = re.compile(r"^CHECK \((?P<expression>.*)\)(?: NOT VALID)?$", re.DOTALL)


def parse_enum_check(definition: str) -> tuple[str, tuple[str, ...]] | None:
    """(column, values) of a CHECK that limits one column to string values, else None.

    Reads what pg_get_constraintdef prints for `col IN ('a', 'b')` (`col = ANY (ARRAY['a'::text,
    ...])`, with casts on a varchar column), `col = 'a'` and `col = ANY ('{a,b}'::text[])`.
    """
    from pglast import parse_sql
    from pglast.parser import ParseError

    match = _CHECK.match(definition.strip())
    if match is None:
        return None
    try:
        statement: Any = parse_sql("SELECT 1 WHERE " + match["expression"])[0].stmt
    except ParseError:
        return None
    return _enum_expression(getattr(statement, "whereClause", None))


def _enum_expression(node: Any) -> tuple[str, tuple[str, ...]] | None:
    from pglast import ast, enums

    if not isinstance(node, ast.A_Expr) or _operator(node) != "=":
        return None
    column = _column_name(node.lexpr)
    if column is None:
        return None
    values: tuple[str, ...] | None
    if node.kind == enums.A_Expr_Kind.AEXPR_OP_ANY:
        values = _array_values(_uncast(node.rexpr))
    elif node.kind == enums.A_Expr_Kind.AEXPR_IN:
        values = _constants(node.rexpr)
    elif node.kind == enums.A_Expr_Kind.AEXPR_OP:
        single = _string_constant(node.rexpr)
        values = (single,) if single is not None else None
    else:
        values = None
    return (column, values) if values is not None else None


def _operator(node: Any) -> str | None:
    names: Any = node.name or ()
    return str(names[-1].sval) if len(names) >= 1 else None


def _uncast(node: Any) -> Any:
    from pglast import ast

    while isinstance(node, ast.TypeCast):
        node = node.arg
    return node


def _column_name(node: Any) -> str | None:
    from pglast import ast

    node = _uncast(node)
    fields: Any = node.fields if isinstance(node, ast.ColumnRef) else ()
    if len(fields) != 1 or not isinstance(fields[0], ast.String):
        return None
    return str(fields[0].sval)


def _string_constant(node: Any) -> str | None:
    from pglast import ast

    node = _uncast(node)
    if isinstance(node, ast.A_Const) and not node.isnull and isinstance(node.val, ast.String):
        return str(node.val.sval)
    return None


def _constants(nodes: Any) -> tuple[str, ...] | None:
    values = [_string_constant(n) for n in nodes or ()]
    if not values or any(v is None for v in values):
        return None
    return tuple(v for v in values if v is not None)


def _array_values(node: Any) -> tuple[str, ...] | None:
    from pglast import ast

    if isinstance(node, ast.A_ArrayExpr):
        return _constants(node.elements)
    literal = _string_constant(node)
    if literal is None:
        return None
    # An array literal '{a,b}': only the plain form, without quoting or escapes.
    if not (literal.startswith("{") and literal.endswith("}")) or any(c in literal for c in '"\\'):
        return None
    inner = literal[1:-1]
    return tuple(inner.split(",")) if inner else None
