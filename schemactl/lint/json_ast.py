"""pglast syntax trees built from libpg_query's JSON output: the same trees, about twice as fast.

`pglast.parse_sql` builds its Python objects in C, but through each node class's validating
`__setattr__` (a type check, an enum lookup and an adaptor call for every attribute): for lint that
was more than half of a cold run. `pglast.parser.parse_sql_json` parses in C too and returns JSON,
which orjson turns into dictionaries; the trees are then built here with plain slot assignment. The
result is the tree `parse_sql` gives, attribute for attribute (tests/lint/test_json_ast.py compares
them over every SQL corpus of the project): the same node classes, enums, tuples, defaults for what
the JSON omits, and locations as character indexes (None where pglast gives None).

A tree too deep for Python's recursion limit, or a node kind this module does not know, raises
`Unconvertible`: the caller then uses `parse_sql`.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from enum import Enum
from typing import Any

import orjson
from pglast import ast, enums, parser

_assign = object.__setattr__  # slot assignment without pglast's validation (the values are built right)

_CLASSES: dict[str, type[Any]] = {
    name: cls for name, cls in vars(ast).items() if isinstance(cls, type) and issubclass(cls, ast.Node)
}
_INTEGERS = frozenset(
    {"int", "int16", "int32", "int64", "uint16", "uint32", "uint64", "long", "Index", "AttrNumber", "Oid"}
    | {"bits32", "SubTransactionId", "Cardinality", "AclMode", "RelFileNumber", "TimeLineID"}
)
_FLOATS = frozenset({"Cost", "double", "float8", "Selectivity"})
# What kind of value a slot holds, by its C type.
_BOOL, _TEXT, _LOCATION, _INTEGER, _LIST, _NODE, _CHAR, _CONSTANT, _STRUCT, _FLOAT, _ENUM = range(11)
# A_Const's value: the JSON key it comes under, and its node class.
_CONSTANT_KINDS = (
    ("ival", ast.Integer),
    ("fval", ast.Float),
    ("boolval", ast.Boolean),
    ("sval", ast.String),
    ("bsval", ast.BitString),
)

Locate = Callable[[int], int | None]
Plan = list[tuple[str, str, int, Any]]
_PLANS: dict[type[Any], Plan] = {}


class Unconvertible(Exception):  # noqa: N818 (a condition, not an error: the caller falls back)
    """The JSON holds something this module does not build; use pglast.parse_sql."""


def parse_sql(text: str) -> tuple[Any, ...]:
    """pglast's RawStmt nodes of `text`, as `pglast.parse_sql(text)` returns them.

    Raises pglast's ParseError as parse_sql does (same message and position), and Unconvertible
    (with RecursionError and orjson's errors folded in) when only parse_sql can build the tree.
    """
    try:
        document = orjson.loads(parser.parse_sql_json(text))
    except orjson.JSONDecodeError as exc:  # nested deeper than orjson reads
        raise Unconvertible(str(exc)) from exc
    locate = _locator(text)
    statements = []
    try:
        for raw in document.get("stmts", ()):
            start = raw.get("stmt_location", 0)
            first, end = locate(start), locate(start + raw.get("stmt_len", 0))
            if first is None or end is None:
                raise Unconvertible("statement outside the text")
            node = ast.RawStmt.__new__(ast.RawStmt)
            source = text[first : end if end > first else len(text)]
            if _EMPTY_LITERAL.search(source):
                _assign(node, "stmt", _parsed_by_pglast(source, first))
            else:
                _assign(node, "stmt", _node(raw["stmt"], locate) if raw.get("stmt") else None)
            _assign(node, "stmt_location", first)
            _assign(node, "stmt_len", end - first)
            statements.append(node)
    except RecursionError as exc:
        raise Unconvertible("tree too deep to build in Python") from exc
    return tuple(statements)


# The JSON leaves out an empty string exactly as it leaves out a NULL one (`COMMENT ... IS ''` reads as
# `IS NULL`), and pglast tells them apart. Only a string literal makes an empty string, so a statement
# holding what may be an empty literal ('' or an empty dollar quote; also 'it''s': cautious) is built
# by pglast itself.
_EMPTY_LITERAL = re.compile(r"''|\$(\w*)\$\$\1\$")


def _parsed_by_pglast(source: str, first: int) -> Any:
    """pglast's tree of one statement at character index `first` of the text: parsed behind `first`
    spaces, so that its locations are those of the whole text."""
    from pglast import parse_sql as pglast_parse_sql

    parsed = pglast_parse_sql(" " * first + source)
    if len(parsed) != 1:
        raise Unconvertible("a statement that does not parse alone")
    return parsed[0].stmt


def _locator(text: str) -> Locate:
    """Byte offset in the UTF-8 text -> character index, None outside the text (as pglast does)."""
    if not text.isascii():
        displacements: Locate = parser.Displacements(text)
        return displacements
    last = len(text) - 1

    def locate(offset: int) -> int | None:
        return offset if 0 <= offset <= last else None

    return locate


def _node(wrapped: dict[str, Any], locate: Locate) -> Any:
    """A node from its JSON form `{"TypeName": {...}}`; a List becomes a tuple; `{}` (NULL) None."""
    if not wrapped:
        return None
    ((tag, body),) = wrapped.items()
    if tag == "List":
        return tuple(_node(item, locate) for item in body.get("items", ()))
    cls = _CLASSES.get(tag)
    if cls is None or tag in ("IntList", "OidList", "XidList"):
        raise Unconvertible(f"node kind {tag}")
    return _build(cls, body, locate)


def _build(cls: type[Any], body: dict[str, Any], locate: Locate) -> Any:
    node = object.__new__(cls)
    get = body.get
    for name, key, kind, extra in _plan(cls):
        value = get(key)
        if kind == _BOOL:
            value = bool(value)
        elif kind == _TEXT:
            pass
        elif kind == _LOCATION:
            value = locate(value or 0)
        elif kind == _INTEGER:
            value = value or 0
        elif kind == _LIST:
            value = tuple(_node(item, locate) for item in value) if value else None
        elif kind == _NODE:
            value = _node(value, locate) if value is not None else None
        elif kind == _ENUM:
            value = extra[value] if value is not None else extra(0)
        elif kind == _STRUCT:
            if value is not None:
                value = _node(value, locate) if _is_wrapped(value) else _build(extra, value, locate)
        elif kind == _CHAR:
            value = value or "\x00"
        elif kind == _CONSTANT:
            value = None if get("isnull") else _constant(body, locate)
        elif kind == _FLOAT:
            value = value or 0.0
        elif value is not None:
            raise Unconvertible(f"{cls.__name__}.{name} of C type {extra}")
        _assign(node, name, value)
    return node


def _is_wrapped(value: dict[str, Any]) -> bool:
    if len(value) != 1:
        return False
    ((key, inner),) = value.items()
    return key in _CLASSES and isinstance(inner, dict)


def _constant(body: dict[str, Any], locate: Locate) -> Any:
    for key, cls in _CONSTANT_KINDS:
        if key in body:
            return _build(cls, body[key], locate)
    return None


def _plan(cls: type[Any]) -> Plan:
    """(attribute, JSON key, kind, enum or struct class) of each data slot of `cls`, made once."""
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    plan = []
    slots: dict[str, Any] = getattr(cls, "__slots__", {})
    for name, info in slots.items():
        c_type = str(getattr(info, "c_type", info))
        key = name[:-1] if name.endswith("_") and keyword.iskeyword(name[:-1]) else name  # def_: "def"
        plan.append((name, key, *_kind(c_type)))
    _PLANS[cls] = plan
    return plan


def _kind(c_type: str) -> tuple[int, Any]:
    simple = {"bool": _BOOL, "char*": _TEXT, "ParseLoc": _LOCATION, "List*": _LIST, "char": _CHAR}
    if c_type in simple:
        return simple[c_type], None
    if c_type in ("Node*", "Expr*"):
        return _NODE, None
    if c_type == "ValUnion":
        return _CONSTANT, None
    if c_type in _INTEGERS:
        return _INTEGER, None
    if c_type in _FLOATS:
        return _FLOAT, None
    struct = _CLASSES.get(c_type.removesuffix("*"))
    if struct is not None:
        return _STRUCT, struct
    enum = getattr(enums, c_type, None)
    if isinstance(enum, type) and issubclass(enum, Enum):
        return _ENUM, enum
    return -1, c_type
