"""The lint engine's SchemaModel read from a live catalog: a second source for the same model, so
the lint rules that judge a state run on a live database unchanged.

Names follow the model's convention (lower case, unqualified in `public`, `schema.name` elsewhere).
What the catalog does not keep (a table's `-- schemactl: global` marker) comes from the model built
from sql/. Places are stand-ins: each object gets an empty file named after it, so a rule that still
reports through `finish` (with a file and an offset) names its object too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemactl.lint.builder_security import RAISES, SETTING_READ  # lint's own reading of a function body
from schemactl.lint.model import (
    ColumnInfo,
    DefaultPrivilege,
    FunctionInfo,
    GrantInfo,
    Place,
    PolicyInfo,
    SchemaModel,
    TableInfo,
    qualified,
)
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
_DEFAULT_KINDS = {"tables", "sequences", "functions", "types", "schemas"}


@dataclass
class AdaptedModel:
    model: SchemaModel
    files: dict[str, LintFile] = field(default_factory=dict)  # stand-in file per object key
    objects: dict[str, ObjectRef] = field(default_factory=dict)  # stand-in key -> the object
    by_model_name: dict[tuple[str, str], ObjectRef] = field(default_factory=dict)  # (kind, model name) -> object

    def object_of(self, kind: str, name: str) -> ObjectRef:
        """The object a state finding names by the model's kind and name."""
        family = "relation" if kind in ("table", "view", "materialized view", "grant") else kind
        found = self.by_model_name.get((family, name))
        if found is not None:
            return found
        try:
            return ObjectRef(Kind(kind), catalog_name(name))
        except ValueError:
            return ObjectRef(Kind.TABLE, catalog_name(name))


def model_from_snapshot(
    snapshot: Snapshot, settings: LintSettings, markers_from: SchemaModel | None = None
) -> AdaptedModel:
    """The model of `snapshot`; `markers_from` (the model built from sql/) supplies the markers."""
    adapted = AdaptedModel(SchemaModel())
    objects = snapshot.objects
    for identity, attributes in sorted(objects.get(ObjectKind.FUNCTION, {}).items()):
        _function(adapted, identity, attributes)
    tables = objects.get(ObjectKind.TABLE, {})
    for identity, attributes in sorted(tables.items()):
        _table(adapted, identity, attributes, markers_from)
    for identity, attributes in sorted(objects.get(ObjectKind.COLUMN, {}).items()):
        relation, column = identity.rsplit(".", 1)
        table = adapted.model.tables.get(model_name(relation)) if relation in tables else None
        if table is not None:
            table.columns[column] = _column(column, attributes)
        _column_grants(adapted.model, model_name(relation), column, attributes)
    for identity, attributes in sorted(objects.get(ObjectKind.CONSTRAINT, {}).items()):
        relation = identity.rsplit(".", 1)[0]
        table = adapted.model.tables.get(model_name(relation)) if relation in tables else None
        if table is not None and attributes.get("type") == "foreign key":
            _foreign_key(table, attributes)
    for identity, attributes in sorted(objects.get(ObjectKind.POLICY, {}).items()):
        relation = str(attributes.get("table") or identity.rsplit(".", 1)[0])
        table = adapted.model.tables.get(model_name(relation)) if relation in tables else None
        if table is not None:
            _policy(adapted, table, identity, attributes, settings)
    for identity, attributes in sorted(objects.get(ObjectKind.VIEW, {}).items()):
        _view(adapted, identity, attributes, settings)
    for identity, attributes in sorted(objects.get(ObjectKind.SEQUENCE, {}).items()):
        _grants(adapted.model, model_name(identity), "table", attributes)
    for identity, attributes in sorted(objects.get(ObjectKind.DEFAULT_PRIVILEGE, {}).items()):
        _default_privileges(adapted.model, identity, attributes)
    adapted.model.extensions.update(objects.get(ObjectKind.EXTENSION, {}))
    return adapted


def model_name(identity: str) -> str:
    """How the lint model names a relation or function: unqualified in public, qualified elsewhere."""
    schema, _, name = identity.partition(".")
    return qualified(schema, name)


def catalog_name(name: str) -> str:
    """A model name back to a schema-qualified one (best effort, for names the adapter did not make)."""
    head = name.split("(", 1)[0]
    return name if "." in head else f"public.{name}"


def _stand_in(adapted: AdaptedModel, ref: ObjectRef, family: str, name: str) -> Place:
    key = f"<{ref}>"
    adapted.files[key] = LintFile(
        path=Path(key), display=key, source="", rendered="", transactional=True, lock_timeout=None
    )
    adapted.objects[key] = ref
    adapted.by_model_name[(family, name)] = ref
    return Place(key, 0)


def _table(adapted: AdaptedModel, identity: str, attributes: Attributes, markers: SchemaModel | None) -> None:
    name = model_name(identity)
    place = _stand_in(adapted, ObjectRef(Kind.TABLE, identity), "relation", name)
    sql_table = markers.table(name) if markers is not None else None
    kind = attributes.get("kind")
    adapted.model.tables[name] = TableInfo(
        name=name,
        file=place.file,
        statement_offset=0,
        comment=attributes.get("comment") is not None,
        rls_enabled=attributes.get("rls_enabled") is True,
        rls_forced=attributes.get("rls_forced") is True,
        global_table=bool(sql_table and sql_table.global_table),
        append_only=bool(sql_table and sql_table.append_only),
        append_only_guard=sql_table.append_only_guard if sql_table else None,
        kind="partition" if attributes.get("partition_of") else str(kind or "table"),
        rls_place=place,
        force_place=place,
    )
    _grants(adapted.model, name, "table", attributes)


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


def _policy(
    adapted: AdaptedModel, table: TableInfo, identity: str, attributes: Attributes, settings: LintSettings
) -> None:
    from schemactl.lint.builder import mentions_column
    from schemactl.lint.tenancy import parse_expression

    name = identity.rsplit(".", 1)[1]
    place = _stand_in(adapted, ObjectRef(Kind.POLICY, identity), Kind.POLICY.value, f"{table.name}.{name}")
    column = "id" if table.name == settings.tenants_table.lower() else settings.tenant_column.lower()
    using, with_check = attributes.get("using"), attributes.get("with_check")
    using_node = parse_expression(using) if isinstance(using, str) else None
    check_node = parse_expression(with_check) if isinstance(with_check, str) else None
    roles = attributes.get("roles")
    policy = PolicyInfo(
        name=name,
        has_using=using is not None,
        has_with_check=with_check is not None,
        mentions_tenant_column=False,
        command=str(attributes.get("command") or "all").lower(),
        using_mentions_tenant_column=mentions_column(using_node, column),
        with_check_mentions_tenant_column=mentions_column(check_node, column),
        file=place.file,
        offset=0,
        permissive=attributes.get("permissive") is not False,
        roles=tuple(str(r).lower() for r in roles) if isinstance(roles, list) and roles else ("public",),
        using=using if isinstance(using, str) else None,
        with_check=with_check if isinstance(with_check, str) else None,
    )
    policy.mentions_tenant_column = policy.using_mentions_tenant_column or policy.with_check_mentions_tenant_column
    table.policies.append(policy)


def _view(adapted: AdaptedModel, identity: str, attributes: Attributes, settings: LintSettings) -> None:
    """A view as lint sees it: its query parsed for the relations it reads and its tenant filter."""
    from schemactl.lint.builder_security import create_view

    materialized = attributes.get("kind") == "materialized view"
    name = model_name(identity)
    kind = Kind.MATERIALIZED_VIEW if materialized else Kind.VIEW
    place = _stand_in(adapted, ObjectRef(kind, identity), "relation", name)
    create_view(adapted.model, name, _parse_query(attributes.get("definition")), materialized, settings, place)
    _grants(adapted.model, name, "table", attributes)


def _parse_query(definition: object) -> Any:
    from pglast import parse_sql
    from pglast.parser import ParseError

    if not isinstance(definition, str):
        return None
    try:
        statements = parse_sql(definition.strip().rstrip(";"))
    except (ParseError, RecursionError, MemoryError):
        return None
    return statements[0].stmt if len(statements) == 1 else None


def _function(adapted: AdaptedModel, identity: str, attributes: Attributes) -> None:
    head, _, arguments = identity.partition("(")
    name = model_name(head)
    key = f"{name}({arguments}"
    place = _stand_in(adapted, ObjectRef(Kind.FUNCTION, identity), Kind.FUNCTION.value, key)
    body = str(attributes.get("body") or "")
    privileges = attributes.get("privileges")
    public = privileges.get("PUBLIC") if isinstance(privileges, Mapping) else None
    info = FunctionInfo(
        key=key,
        name=name,
        security_definer=attributes.get("security_definer") is True,
        search_path=_search_path(attributes.get("config")),
        settings_read=frozenset(m.lower() for m in SETTING_READ.findall(body)),
        public_execute=isinstance(public, list) and any(str(p).rstrip("*") == "EXECUTE" for p in public),
        language=str(attributes.get("language") or "sql"),
        created=place,
        search_path_place=place,
        changed=place,
        returns_trigger=str(attributes.get("result") or "") in ("trigger", "event_trigger"),
        raises=bool(RAISES.search(body)),
    )
    adapted.model.functions[key] = info
    _grants(adapted.model, key, "function", attributes)


def _search_path(config: object) -> tuple[str, ...] | None:
    """The schemas of a function's `search_path=...` setting (proconfig), as SET wrote them."""
    for setting in config if isinstance(config, list) else ():
        name, _, value = str(setting).partition("=")
        if name == "search_path":
            return tuple(_split_path(value))
    return None


def _split_path(value: str) -> list[str]:
    """`pg_catalog, public, pg_temp` -> the names; a double-quoted name stays one name (commas and all)."""
    names, current, quoted = [], "", False
    for char in value:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            names.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip() or names:
        names.append(current.strip())
    return [n for n in names if n]


def _grants(model: SchemaModel, name: str, kind: str, attributes: Attributes, columns: tuple[str, ...] = ()) -> None:
    privileges = attributes.get("privileges")
    owner = attributes.get("owner")
    if not isinstance(privileges, Mapping):
        return
    for grantee, held in sorted(privileges.items()):
        if grantee == owner or not isinstance(held, list):
            continue
        for privilege in held:
            model.add_grant(GrantInfo(name, kind, str(grantee).lower(), str(privilege).rstrip("*"), columns))


def _column_grants(model: SchemaModel, relation: str, column: str, attributes: Attributes) -> None:
    _grants(model, relation, "table", attributes, (column,))


def _default_privileges(model: SchemaModel, identity: str, attributes: Attributes) -> None:
    """A pg_default_acl entry: the ACL new objects get. Its grants are default privileges; a global
    entry for functions without PUBLIC revokes the built-in EXECUTE for PUBLIC."""
    role, schema, kind = identity.rsplit(".", 2)
    if kind not in _DEFAULT_KINDS:
        return
    where = None if schema == "*" else schema
    privileges = attributes.get("privileges")
    held = privileges if isinstance(privileges, Mapping) else {}
    for grantee, granted in sorted(held.items()):
        if grantee == role or not isinstance(granted, list):
            continue
        for privilege in granted:
            model.default_privileges.append(
                DefaultPrivilege(role, where, kind, str(grantee).lower(), str(privilege).rstrip("*"))
            )
    if kind == "functions" and where is None and "PUBLIC" not in held:
        model.default_revokes.append(DefaultPrivilege(role, None, kind, "public", "EXECUTE"))
