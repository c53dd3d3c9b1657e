"""Snapshots of different server major versions: normalise what differs only because of the version.

Applied by the diff only when both snapshots record their major version and the versions differ,
so snapshots of one version are compared exactly as read. Each rule is one known difference:

- MAINTAIN (a table privilege from PostgreSQL 17). A grantee that holds MAINTAIN together with
  every other table privilege holds ALL, which is what ALL means on an older server: MAINTAIN is
  dropped without a word. A MAINTAIN granted on its own has no older equivalent: it is dropped
  too, and reported as a version difference, not as drift of the object.
- Named NOT NULL constraints (from 18): a column's NOT NULL with its own name, NO INHERIT or NOT
  VALID has no older equivalent beyond `not_null`: reported as a version difference.
- Query deparsing (views, materialized views, rules). Up to 15 the server qualifies every column
  of a single-relation query with its alias (`r.tenant_id`); from 16 it does not. Both sides are
  parsed and, in each SELECT that reads one relation, the column references qualified with that
  relation's name lose the qualifier (they mean the same column: the relation is the only one in
  that query's scope, and it is searched before any outer query; qualifiers naming an outer query
  are kept). The definitions compare equal when the
  results do; otherwise the raw texts are kept and the difference is drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemactl.snapshot.model import Attributes, JsonValue, ObjectKind, Snapshot

MAINTAIN_SINCE = 17
NAMED_NOT_NULL_SINCE = 18
UNQUALIFIED_DEPARSE_SINCE = 16
_TABLE_PRIVILEGES = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"})
_RELATION_KINDS = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.SEQUENCE)
_QUERY_ATTRIBUTES = {ObjectKind.VIEW: "definition", ObjectKind.RULE: "definition"}


@dataclass(frozen=True)
class VersionDifference:
    """A difference that exists only because the two servers' major versions differ."""

    kind: ObjectKind
    identity: str
    path: str
    note: str


def normalise(before: Snapshot, after: Snapshot) -> tuple[Snapshot, Snapshot, tuple[VersionDifference, ...]]:
    """Both snapshots with the cross-version differences removed, and those that are reported."""
    versions = (before.server_version, after.server_version)
    if None in versions or versions[0] == versions[1]:
        return before, after, ()
    notes: list[VersionDifference] = []
    low, high = sorted(v for v in versions if v is not None)
    before_objects = {kind: dict(by_identity) for kind, by_identity in before.objects.items()}
    after_objects = {kind: dict(by_identity) for kind, by_identity in after.objects.items()}
    if low < MAINTAIN_SINCE <= high:
        newer = after_objects if (after.server_version or 0) >= MAINTAIN_SINCE else before_objects
        _drop_maintain(newer, notes)
    if low < UNQUALIFIED_DEPARSE_SINCE <= high:
        _align_deparsed_queries(before_objects, after_objects)
    if low < NAMED_NOT_NULL_SINCE <= high:
        newer = after_objects if (after.server_version or 0) >= NAMED_NOT_NULL_SINCE else before_objects
        _drop_named_not_null(newer, notes)
    return (
        Snapshot(before.schemas, before_objects, before.server_version),
        Snapshot(after.schemas, after_objects, after.server_version),
        tuple(notes),
    )


def _drop_maintain(objects: dict[ObjectKind, dict[str, Attributes]], notes: list[VersionDifference]) -> None:
    for kind in (*_RELATION_KINDS, ObjectKind.DEFAULT_PRIVILEGE):
        by_identity = objects.get(kind, {})
        for identity, attributes in list(by_identity.items()):
            if kind is ObjectKind.DEFAULT_PRIVILEGE and not identity.endswith(".tables"):
                continue
            privileges = attributes.get("privileges")
            if not isinstance(privileges, dict):
                continue
            changed: dict[str, JsonValue] = {}
            for grantee, granted in privileges.items():
                if not isinstance(granted, list) or not any(_bare(p) == "MAINTAIN" for p in granted):
                    continue
                kept = [p for p in granted if _bare(p) != "MAINTAIN"]
                changed[grantee] = kept
                if not {_bare(p) for p in kept} >= _TABLE_PRIVILEGES:
                    notes.append(
                        VersionDifference(
                            kind,
                            identity,
                            f"privileges.{grantee}",
                            f"MAINTAIN granted to {grantee} exists only from PostgreSQL {MAINTAIN_SINCE}",
                        )
                    )
            if changed:
                merged = dict(privileges)
                for grantee, remaining in changed.items():
                    if remaining:
                        merged[grantee] = remaining
                    else:
                        del merged[grantee]
                by_identity[identity] = {**attributes, "privileges": merged}


def _drop_named_not_null(objects: dict[ObjectKind, dict[str, Attributes]], notes: list[VersionDifference]) -> None:
    columns = objects.get(ObjectKind.COLUMN, {})
    for identity, attributes in list(columns.items()):
        constraint = attributes.get("not_null_constraint")
        if constraint is None:
            continue
        columns[identity] = {**attributes, "not_null_constraint": None}
        notes.append(
            VersionDifference(
                ObjectKind.COLUMN,
                identity,
                "not_null_constraint",
                f"NOT NULL as a named constraint ({constraint}) exists only from PostgreSQL {NAMED_NOT_NULL_SINCE}",
            )
        )


def _bare(privilege: object) -> str:
    return str(privilege).removesuffix("*")


def _align_deparsed_queries(
    before: dict[ObjectKind, dict[str, Attributes]], after: dict[ObjectKind, dict[str, Attributes]]
) -> None:
    """Where two definitions differ only by the qualification the older server prints, give the
    before side the after side's text."""
    for kind, key in _QUERY_ATTRIBUTES.items():
        old_by_identity, new_by_identity = before.get(kind, {}), after.get(kind, {})
        for identity in set(old_by_identity) & set(new_by_identity):
            old, new = old_by_identity[identity].get(key), new_by_identity[identity].get(key)
            if isinstance(old, str) and isinstance(new, str) and old != new:
                canonical_old, canonical_new = canonical_query(old), canonical_query(new)
                if canonical_old is not None and canonical_old == canonical_new:
                    old_by_identity[identity] = {**old_by_identity[identity], key: new}


def canonical_query(text: str) -> str | None:
    """The query re-printed by pglast with single-relation qualifiers removed; None if unparsable."""
    from pglast import ast, parse_sql
    from pglast.parser import ParseError
    from pglast.stream import RawStream

    try:
        statements = parse_sql(text)
    except ParseError:
        return None
    for statement in statements:
        _strip_qualifiers(statement, frozenset(), ast)
    return "; ".join(RawStream()(statement) for statement in statements)


def _strip_qualifiers(node: Any, names: frozenset[str], ast: Any) -> None:
    if isinstance(node, list | tuple):
        for item in node:
            _strip_qualifiers(item, names, ast)
        return
    if not isinstance(node, ast.Node):
        return
    if isinstance(node, ast.SelectStmt) and node.fromClause:
        # A query with a FROM clause is a new scope: only its own single relation may lose its
        # qualifier (an outer relation's qualifier is kept, it could otherwise resolve inside).
        only = _single_relation_name(node.fromClause, ast)
        names = frozenset({only}) if only is not None else frozenset()
    if isinstance(node, ast.ColumnRef):
        fields: Any = node.fields or ()
        if len(fields) == 2 and isinstance(fields[0], ast.String) and fields[0].sval in names:
            node.fields = fields[1:]
        return
    for attribute in node:
        _strip_qualifiers(getattr(node, attribute), names, ast)


def _single_relation_name(from_clause: Any, ast: Any) -> str | None:
    if len(from_clause) != 1:
        return None
    item = from_clause[0]
    if isinstance(item, ast.RangeVar):
        return str(item.alias.aliasname if item.alias is not None else item.relname)
    if isinstance(item, ast.RangeSubselect | ast.RangeFunction) and item.alias is not None:
        return str(item.alias.aliasname)
    return None
