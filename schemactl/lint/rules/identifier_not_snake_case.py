from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.source import LintStatement

SNAKE_CASE = re.compile(r"[a-z][a-z0-9_]*")
MAX_IDENTIFIER_BYTES = 63  # NAMEDATALEN - 1


@dataclass(frozen=True)
class CreatedName:
    """A name that a statement creates: its kind, the name as PostgreSQL stores it (folded and
    truncated by the parser), where to start looking for its token, and the table it belongs to."""

    kind: str  # table, partition, column, constraint, index, view, materialized view, function, ...
    name: str
    search_from: int | None  # offset in the rendered file (None: the statement's start)
    table: str | None = None
    renamed: bool = False  # the new name of a RENAME: its token is the last one that spells it

    def describe(self, spelling: str | None = None) -> str:
        shown = spelling or self.name
        if self.kind in ("column", "attribute") and self.table:
            return f"{self.kind} {self.table}.{shown}"
        if self.kind in ("constraint", "index", "trigger", "policy") and self.table:
            return f"{self.kind} {shown} on {self.table}"
        return f"{self.kind} {shown}"


# The statements created_names() reads (pglast.ast class names): the node types of the rules built on it.
CREATING_STATEMENTS = (
    "CreateStmt",
    "AlterTableStmt",
    "IndexStmt",
    "ViewStmt",
    "CreateTableAsStmt",
    "CreateFunctionStmt",
    "CreateEnumStmt",
    "CreateRangeStmt",
    "CompositeTypeStmt",
    "CreateDomainStmt",
    "CreateSchemaStmt",
    "CreateSeqStmt",
    "CreateTrigStmt",
    "CreatePolicyStmt",
    "RenameStmt",
    "CreateForeignTableStmt",
    "AlterDomainStmt",
)


def created_names(node: Any) -> Iterator[CreatedName]:
    """Every name a statement creates: tables, columns, constraints, indexes, views, functions,
    types, domains, schemas, sequences, triggers, policies, and the new name of a RENAME."""
    from pglast import ast, enums

    if isinstance(node, ast.CreateStmt) and node.relation is not None:
        table = str(node.relation.relname)
        kind = "partition" if node.partbound is not None else "table"
        yield CreatedName(kind, table, _location(node.relation), table)
        # A partition's or typed table's column entries only add options to inherited columns.
        own_columns = node.partbound is None and node.ofTypename is None
        for element in node.tableElts or ():
            if isinstance(element, ast.ColumnDef):
                if own_columns and element.colname:
                    yield CreatedName("column", str(element.colname), _location(element), table)
                yield from _constraint_names(element.constraints, table)
            elif isinstance(element, ast.Constraint):
                yield from _constraint_names((element,), table)
    elif isinstance(node, ast.AlterTableStmt) and node.relation is not None:
        table = str(node.relation.relname)
        is_type = node.objtype == enums.ObjectType.OBJECT_TYPE
        for command in node.cmds or ():
            if not isinstance(command, ast.AlterTableCmd):
                continue
            if command.subtype == enums.AlterTableType.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
                kind = "attribute" if is_type else "column"
                yield CreatedName(kind, str(command.def_.colname), _location(command.def_), table)
                yield from _constraint_names(command.def_.constraints, table)
            elif command.subtype == enums.AlterTableType.AT_AddConstraint and isinstance(command.def_, ast.Constraint):
                yield from _constraint_names((command.def_,), table)
    elif isinstance(node, ast.IndexStmt) and node.idxname:
        yield CreatedName("index", str(node.idxname), None, _relname(node.relation))
    elif isinstance(node, ast.ViewStmt) and node.view is not None:
        yield CreatedName("view", str(node.view.relname), _location(node.view))
        yield from _output_columns(str(node.view.relname), node.view, node.aliases, node.query)
    elif isinstance(node, ast.CreateTableAsStmt) and node.into is not None and node.into.rel is not None:
        kind = "materialized view" if node.objtype == enums.ObjectType.OBJECT_MATVIEW else "table"
        rel = node.into.rel
        yield CreatedName(kind, str(rel.relname), _location(rel), str(rel.relname))
        yield from _output_columns(str(rel.relname), rel, node.into.colNames, node.query)
    elif isinstance(node, ast.CreateFunctionStmt) and node.funcname:
        kind = "procedure" if node.is_procedure else "function"
        yield CreatedName(kind, str(node.funcname[-1].sval), None)
    elif isinstance(node, ast.CreateEnumStmt | ast.CreateRangeStmt) and node.typeName:
        yield CreatedName("type", str(node.typeName[-1].sval), None)
    elif isinstance(node, ast.CompositeTypeStmt) and node.typevar is not None:
        type_name = str(node.typevar.relname)
        yield CreatedName("type", type_name, _location(node.typevar))
        for column in node.coldeflist or ():
            if isinstance(column, ast.ColumnDef) and column.colname:
                yield CreatedName("attribute", str(column.colname), _location(column), type_name)
    elif isinstance(node, ast.CreateDomainStmt) and node.domainname:
        domain = str(node.domainname[-1].sval)
        yield CreatedName("domain", domain, None)
        yield from _constraint_names(node.constraints, domain)
    elif isinstance(node, ast.CreateSchemaStmt):
        if node.schemaname:
            yield CreatedName("schema", str(node.schemaname), None)
        for element in node.schemaElts or ():
            yield from created_names(element)
    elif isinstance(node, ast.CreateSeqStmt) and node.sequence is not None:
        yield CreatedName("sequence", str(node.sequence.relname), _location(node.sequence))
    elif isinstance(node, ast.CreateTrigStmt) and node.trigname:
        yield CreatedName("trigger", str(node.trigname), None, _relname(node.relation))
    elif isinstance(node, ast.CreatePolicyStmt) and node.policy_name:
        yield CreatedName("policy", str(node.policy_name), None, _relname(node.table))
    elif isinstance(node, ast.RenameStmt) and node.newname:
        renamed_kind = _RENAMED_KINDS.get(node.renameType.name) if node.renameType is not None else None
        if renamed_kind:
            # The relation is the owning table for a column, constraint, trigger or policy; else the object.
            owned = renamed_kind in ("column", "attribute", "constraint", "trigger", "policy")
            owner = _relname(node.relation) if owned else None
            yield CreatedName(renamed_kind, str(node.newname), None, owner, renamed=True)
    elif isinstance(node, ast.CreateForeignTableStmt) and node.base is not None:
        yield from created_names(node.base)
    elif isinstance(node, ast.AlterDomainStmt) and isinstance(node.def_, ast.Constraint) and node.typeName:
        yield from _constraint_names((node.def_,), str(node.typeName[-1].sval))


_RENAMED_KINDS = {
    "OBJECT_TABLE": "table",
    "OBJECT_COLUMN": "column",
    "OBJECT_ATTRIBUTE": "attribute",
    "OBJECT_INDEX": "index",
    "OBJECT_TABCONSTRAINT": "constraint",
    "OBJECT_DOMCONSTRAINT": "constraint",
    "OBJECT_VIEW": "view",
    "OBJECT_MATVIEW": "materialized view",
    "OBJECT_FUNCTION": "function",
    "OBJECT_PROCEDURE": "procedure",
    "OBJECT_TYPE": "type",
    "OBJECT_DOMAIN": "domain",
    "OBJECT_SCHEMA": "schema",
    "OBJECT_SEQUENCE": "sequence",
    "OBJECT_TRIGGER": "trigger",
    "OBJECT_POLICY": "policy",
}


def _constraint_names(constraints: Any, table: str) -> Iterator[CreatedName]:
    for constraint in constraints or ():
        conname = getattr(constraint, "conname", None)
        if conname:
            yield CreatedName("constraint", str(conname), _location(constraint), table)


def _output_columns(relation: str, rel: Any, aliases: Any, query: Any) -> Iterator[CreatedName]:
    """Columns of a view or CREATE TABLE AS: the alias list, then the select list's `AS` names."""
    from pglast import ast

    aliases = tuple(aliases or ())
    for alias in aliases:
        yield CreatedName("column", str(alias.sval), _location(rel), relation)
    while isinstance(query, ast.SelectStmt) and query.targetList is None and query.larg is not None:
        query = query.larg
    targets = query.targetList if isinstance(query, ast.SelectStmt) else None
    for target in tuple(targets or ())[len(aliases) :]:
        if isinstance(target, ast.ResTarget) and target.name:
            yield CreatedName("column", str(target.name), _location(target), relation)


def _location(node: Any) -> int | None:
    offset = getattr(node, "location", None)
    return offset if isinstance(offset, int) and offset >= 0 else None


def _relname(range_var: Any) -> str | None:
    name = getattr(range_var, "relname", None)
    return str(name) if name else None


def fold(spelling: str) -> str:
    """The identifier PostgreSQL makes of a token: quoted as written, unquoted with A-Z lowered."""
    if len(spelling) >= 2 and spelling.startswith('"') and spelling.endswith('"'):
        return spelling[1:-1].replace('""', '"')
    return spelling.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # only A-Z, as PostgreSQL


def truncate(name: str) -> str:
    """The name cut to 63 bytes without splitting a character, as PostgreSQL's parser does."""
    return name.encode("utf-8")[:MAX_IDENTIFIER_BYTES].decode("utf-8", errors="ignore")


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[tuple[int, str, str], ...]:
    """(start, spelling, token kind such as IDENT or CREATE) of every token of a statement."""
    from pglast import parser

    try:
        return tuple((t.start, text[t.start : t.end + 1], str(t.name)) for t in parser.scan(text))
    except Exception:  # a statement that parsed scans; be safe anyway
        return ()


# Words between CREATE and the kind of object (CREATE OR REPLACE, CREATE UNIQUE, CREATE TEMP, ...).
_CREATE_MODIFIERS = frozenset(
    {"OR", "REPLACE", "UNIQUE", "CONSTRAINT", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "MATERIALIZED"}
    | {"RECURSIVE", "FOREIGN"}
)


def _name_start(tokens: tuple[tuple[int, str, str], ...]) -> int:
    """Offset (in the statement) of the token after `CREATE [modifiers] <kind> [CONCURRENTLY]
    [IF NOT EXISTS]`: where the name of `CREATE FUNCTION replace()` or `CREATE TYPE type` starts."""
    kinds = [kind for _start, _spelling, kind in tokens]
    if not kinds or kinds[0] != "CREATE":
        return 0
    index = 1
    while index < len(kinds) and kinds[index] in _CREATE_MODIFIERS:
        index += 1
    index += 1  # FUNCTION, INDEX, TYPE, ...
    if index < len(kinds) and kinds[index] == "CONCURRENTLY":
        index += 1
    if kinds[index : index + 3] == ["IF_P", "NOT", "EXISTS"]:
        index += 3
    return tokens[index][0] if index < len(tokens) else 0


@dataclass(frozen=True)
class _TokenIndex:
    """A statement's tokens, indexed by the name each one spells (folded and truncated)."""

    name_start: int  # offset (in the statement) where the name of a CREATE starts: see _name_start
    positions: dict[str, tuple[tuple[int, str], ...]]  # name -> (offset in the statement, spelling), in order


@lru_cache(maxsize=256)
def _token_index(text: str) -> _TokenIndex:
    tokens = _tokens(text)
    positions: dict[str, list[tuple[int, str]]] = {}
    for offset, spelling, _kind in tokens:
        folded = fold(spelling)
        # At most 4 bytes a character: 15 characters fit in 63 bytes and need no truncation.
        name = folded if len(folded) <= MAX_IDENTIFIER_BYTES // 4 else truncate(folded)
        positions.setdefault(name, []).append((offset, spelling))
    return _TokenIndex(_name_start(tokens), {name: tuple(found) for name, found in positions.items()})


def locate(statement: LintStatement, created: CreatedName) -> tuple[int, str]:
    """(offset in the rendered file, spelling as written) of the token that names `created`;
    the search start (or the statement's start) and the stored name when no token spells it."""
    index = _token_index(statement.text)
    if created.search_from is not None:
        start = created.search_from
    elif created.renamed:
        start = statement.start
    else:
        start = statement.start + index.name_start
    matches = index.positions.get(created.name, ())
    first = start - statement.start  # the first offset (in the statement) to consider
    if created.renamed:
        if matches and matches[-1][0] >= first:
            offset, spelling = matches[-1]
            return statement.start + offset, spelling
    else:
        for offset, spelling in matches:
            if offset >= first:
                return statement.start + offset, spelling
    return start, created.name


_last_created: tuple[Any, tuple[CreatedName, ...]] | None = None


def statement_created_names(node: Any) -> tuple[CreatedName, ...]:
    """created_names(node), computed once for the statement being linted (the rules that need
    the names run one after another on the same node)."""
    global _last_created
    last = _last_created
    if last is None or last[0] is not node:
        last = _last_created = (node, tuple(created_names(node)))
    return last[1]


def written_as_is(text: str, name: str) -> bool:
    """Whether every ASCII-case-insensitive occurrence of `name` in `text` is `name` itself, so that no
    unquoted token of `text` folds to `name` while spelling it another way. A name of 60 bytes or more
    may be a truncation (the rest of its token is not compared): never."""
    if len(name.encode("utf-8")) >= MAX_IDENTIFIER_BYTES - 3:
        return False
    lowered = _ascii_lowered(text)
    size = len(name)
    found = lowered.find(name)
    while found >= 0:
        if text[found : found + size] != name:
            return False
        found = lowered.find(name, found + 1)
    return True


@lru_cache(maxsize=64)
def _ascii_lowered(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def snake_case(name: str) -> str | None:
    """A snake_case spelling of `name` (OrderItems -> order_items), or None when there is none."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", words)
    candidate = re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_").lower()
    return candidate if SNAKE_CASE.fullmatch(candidate) else None


class IdentifierNotSnakeCase(Rule):
    """What it does
    Flags a name created by a statement (table, column, constraint, index, view, materialized view,
    function, procedure, type, domain, schema, sequence, trigger, policy, or the new name of a
    `RENAME`) that is not lower snake_case: `[a-z][a-z0-9_]*`. It flags quoted names such as
    `"OrderItems"` or `"order-items"`, and unquoted names written in mixed or upper case such as
    `OrderItems`, which PostgreSQL folds to `orderitems`.

    Why is this bad?
    A quoted mixed-case name must be quoted, with the same case, in every query forever after;
    forgetting the quotes gives "relation does not exist". An unquoted `OrderItems` silently becomes
    `orderitems`: the word boundaries are lost and the name in the catalog no longer matches the
    one in the code. One spelling everywhere keeps names greppable.

    Example
    ```sql
    CREATE TABLE "OrderItems" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), UnitPrice bigint);
    ```

    Fix
    ```sql
    CREATE TABLE order_items (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), unit_price_cents bigint);
    ```
    """

    code = "SC101"
    name = "identifier-not-snake-case"
    severity = Severity.WARNING
    node_types = CREATING_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for created in statement_created_names(context.node):
            if SNAKE_CASE.fullmatch(created.name) and written_as_is(context.statement.text, created.name):
                continue  # every token that could spell it is `name` itself: nothing to report, no token scan
            offset, spelling = locate(context.statement, created)
            if not SNAKE_CASE.fullmatch(created.name):
                suggestion = snake_case(created.name)
                advice = f"name it {suggestion}" if suggestion else "use only a-z, 0-9 and _, starting with a letter"
                yield self.at(context.file, offset, f"{created.describe(spelling)} is not lower snake_case: {advice}")
            elif not spelling.startswith('"') and spelling != fold(spelling):
                suggestion = snake_case(spelling) or created.name
                yield self.at(
                    context.file,
                    offset,
                    f"{created.describe(spelling)} is not written in lower case (PostgreSQL folds it to "
                    f"{created.name}): write it as {suggestion}",
                )
