"""The lint engine's SchemaModel read from a live catalog: a second source for the same model.

The model's places (`TableInfo.file`, `PolicyInfo.file`) are object keys here, each with an empty
stand-in file, so the lint rules that judge the model's state run unchanged and every finding they
make names its object; verify then places it at the migration that made the object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemactl.lint.model import ColumnInfo, PolicyInfo, SchemaModel, TableInfo
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile
from schemactl.snapshot.model import Attributes, ObjectKind, Snapshot
from schemactl.verify.rule import ObjectKind as Kind
from schemactl.verify.rule import ObjectRef

# format_type() names -> the names the lint model uses (pglast's internal type names)
_TYPE_NAMES = {
    "integer": "int4",
    "bigint": "int8",
    "smallint": "int2",
    "boolean": "bool",
    "real": "float4",
    "double precision": "float8",
    "timestamp with time zone": "timestamptz",
    "timestamp without time zone": "timestamp",
    "time with time zone": "timetz",
    "time without time zone": "time",
    "character varying": "varchar",
    "character": "bpchar",
}
_FK_COLUMNS = re.compile(r"FOREIGN KEY \((?P<columns>[^)]*)\)")


@dataclass
class AdaptedModel:
    model: SchemaModel
    files: dict[str, LintFile]  # stand-in file per object key
    objects: dict[str, ObjectRef]  # object key -> the object


def model_from_snapshot(
    snapshot: Snapshot, settings: LintSettings, markers_from: SchemaModel | None = None
) -> AdaptedModel:
    """The model of `snapshot`; `markers_from` (the model built from sql/) supplies what the catalog
    cannot say: which tables are marked global or append-only in their migration."""
    adapted = AdaptedModel(SchemaModel(), {}, {})
    tables = snapshot.objects.get(ObjectKind.TABLE, {})
    names = {identity: model_name(identity) for identity in tables}
    for identity, attributes in sorted(tables.items()):
        name = names[identity]
        key = _stand_in(adapted, ObjectRef(Kind.TABLE, identity))
        sql_table = markers_from.table(name) if markers_from is not None else None
        adapted.model.tables[name] = TableInfo(
            name=name,
            file=key,
            statement_offset=0,
            comment=attributes.get("comment") is not None,
            rls_enabled=attributes.get("rls_enabled") is True,
            rls_forced=attributes.get("rls_forced") is True,
            global_table=bool(sql_table and sql_table.global_table),
            append_only=bool(sql_table and sql_table.append_only),
        )
        _grants(adapted.model, name, attributes)
    for identity, attributes in sorted(snapshot.objects.get(ObjectKind.COLUMN, {}).items()):
        relation, column = identity.rsplit(".", 1)
        table = adapted.model.tables.get(model_name(relation))
        if table is not None and relation in tables:
            table.columns[column] = _column(column, attributes)
    for identity, attributes in sorted(snapshot.objects.get(ObjectKind.CONSTRAINT, {}).items()):
        relation = identity.rsplit(".", 1)[0]
        table = adapted.model.tables.get(model_name(relation)) if relation in tables else None
        if table is not None and attributes.get("type") == "foreign key":
            _foreign_key(table, attributes)
    for identity, attributes in sorted(snapshot.objects.get(ObjectKind.POLICY, {}).items()):
        relation = str(attributes.get("table") or identity.rsplit(".", 1)[0])
        table = adapted.model.tables.get(model_name(relation)) if relation in tables else None
        if table is not None:
            column = "id" if table.name == settings.tenants_table.lower() else settings.tenant_column.lower()
            key = _stand_in(adapted, ObjectRef(Kind.POLICY, identity))
            table.policies.append(_policy(identity.rsplit(".", 1)[1], attributes, column, key))
    for identity, attributes in sorted(snapshot.objects.get(ObjectKind.VIEW, {}).items()):
        name = model_name(identity)
        adapted.model.views[name] = "materialized view" if attributes.get("kind") == "materialized view" else "view"
        _grants(adapted.model, name, attributes)
    adapted.model.extensions.update(snapshot.objects.get(ObjectKind.EXTENSION, {}))
    return adapted


def model_name(identity: str) -> str:
    """How the lint model names a relation: unqualified in public, qualified elsewhere."""
    schema, _, name = identity.partition(".")
    return name.lower() if schema == "public" else identity.lower()


def _stand_in(adapted: AdaptedModel, ref: ObjectRef) -> str:
    key = f"<{ref}>"
    adapted.files[key] = LintFile(
        path=Path(key), display=key, source="", rendered="", transactional=True, lock_timeout=None
    )
    adapted.objects[key] = ref
    return key


def _column(name: str, attributes: Attributes) -> ColumnInfo:
    type_text = str(attributes.get("type") or "")
    base = re.sub(r"\(.*\)|\[\]", "", type_text).strip()
    base = base.rsplit(".", 1)[-1].strip('"')
    return ColumnInfo(
        name=name,
        type_name=_TYPE_NAMES.get(base, base),
        not_null=attributes.get("not_null") is True,
        has_default=attributes.get("default") is not None or attributes.get("identity") is not None,
        comment=attributes.get("comment") is not None,
    )


def _foreign_key(table: TableInfo, attributes: Attributes) -> None:
    match = _FK_COLUMNS.search(str(attributes.get("definition") or ""))
    if match is None:
        return
    columns = tuple(c.strip().strip('"') for c in match["columns"].split(","))
    table.foreign_keys.append((columns, model_name(str(attributes.get("references") or ""))))


def _policy(name: str, attributes: Attributes, column: str, key: str) -> PolicyInfo:
    using, with_check = attributes.get("using"), attributes.get("with_check")
    using_mentions = isinstance(using, str) and mentions_column(using, column)
    check_mentions = isinstance(with_check, str) and mentions_column(with_check, column)
    return PolicyInfo(
        name=name,
        has_using=using is not None,
        has_with_check=with_check is not None,
        mentions_tenant_column=using_mentions or check_mentions,
        command=str(attributes.get("command") or "all").lower(),
        using_mentions_tenant_column=using_mentions,
        with_check_mentions_tenant_column=check_mentions,
        file=key,
        offset=0,
    )


def mentions_column(expression: str, column: str) -> bool:
    """Whether a deparsed expression (pg_get_expr) refers to `column`."""
    from pglast import parse_sql
    from pglast.parser import ParseError
    from pglast.visitors import Visitor

    try:
        statement: Any = parse_sql(f"SELECT WHERE {expression}")[0].stmt
    except ParseError:
        return False
    found: list[bool] = []

    class _Finder(Visitor):
        def visit_ColumnRef(self, _ancestors: object, node: Any) -> None:  # noqa: N802
            fields = node.fields or ()
            if fields and getattr(fields[-1], "sval", None) == column:
                found.append(True)

    _Finder()(statement.whereClause)
    return bool(found)


def _grants(model: SchemaModel, name: str, attributes: Attributes) -> None:
    privileges = attributes.get("privileges")
    if not isinstance(privileges, Mapping):
        return
    for grantee, held in sorted(privileges.items()):
        if isinstance(held, list):
            model.grants.append((name, str(grantee), frozenset(str(p).rstrip("*") for p in held)))
