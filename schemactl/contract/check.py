"""Check the contracts and their mapping against a catalog snapshot: pure functions over data.

What is checked, each with its code (schemactl/contract/rules.py):
- every column the mapping names exists (CT001); read paths are views (CT012);
- contract and column types are compatible (CT002, CT003), money converts cents to dollars (CT006);
- an enum's values equal those of the column's CHECK constraint or enum type (CT004, CT005);
- every field of every response schema, and every header parameter, is mapped or internal (CT007);
- every mapping entry names an existing contract schema, property or header (CT008);
- every column of a read path view is mapped or listed as internal (CT009);
- every `$ref` resolves (CT011); every contract file is in the mapping (CT013).
"""

from __future__ import annotations

from collections.abc import Sequence

from schemactl.contract import rules
from schemactl.contract.catalog import (
    RelationKind,
    ResolvedType,
    TypeFamily,
    column_type,
    enum_constraints,
    relation_columns,
    relation_kind,
    resolve_type,
)
from schemactl.contract.load import ContractSources
from schemactl.contract.mapping import ContractEntry, Conversion, FieldEntry, MappedColumn, SchemaEntry
from schemactl.contract.openapi import FieldType, OpenApiDocument
from schemactl.contract.yamldoc import PathKey, Position, YamlDocument
from schemactl.lint.findings import Finding
from schemactl.snapshot.model import ObjectKind, Snapshot


def check_contracts(sources: ContractSources, snapshot: Snapshot) -> tuple[Finding, ...]:
    """Every finding about the contracts, the mapping and the catalog, sorted by file and line."""
    findings = list(sources.spec_findings)
    for display in sources.unlisted:
        findings.append(
            rules.ContractNotMapped.finding(
                f"{display} is not listed under contracts: in {sources.mapping.display}", display, Position(1, 1)
            )
        )
    for entry in sources.spec.contracts:
        api = sources.contracts[entry.file]
        findings.extend(_ContractChecker(snapshot, sources.mapping, api).check(entry))
    return tuple(sorted(set(findings), key=lambda f: (f.sort_key, f.message)))


class _ContractChecker:
    """Checks one contract; findings accumulate in `findings`."""

    def __init__(self, snapshot: Snapshot, mapping: YamlDocument, api: OpenApiDocument) -> None:
        self.snapshot = snapshot
        self.mapping = mapping
        self.api = api
        self.findings: list[Finding] = []

    # -- where findings point ------------------------------------------------------------------

    def in_mapping(self, rule: type[rules.ContractRule], path: PathKey, message: str) -> None:
        self.findings.append(rule.finding(message, self.mapping.display, self.mapping.position(path)))

    def in_contract(self, rule: type[rules.ContractRule], path: PathKey, message: str) -> None:
        self.findings.append(rule.finding(message, self.api.display, self.api.document.position(path)))

    # -- the contract as a whole ---------------------------------------------------------------

    def check(self, entry: ContractEntry) -> list[Finding]:
        for reference, path in self.api.unresolved_references():
            self.in_contract(rules.UnresolvedReference, path, f"$ref {reference!r} does not resolve")
        responses = self.api.response_schemas()
        by_name = {schema.name: schema for schema in entry.schemas}
        for schema in entry.schemas:
            self.schema(schema, schema.name in responses.named)
        self.headers(entry)
        for name in responses.named:
            self.coverage(name, by_name.get(name))
        for inline in responses.inline:
            self.in_contract(
                rules.UnmappedContractField,
                inline.path,
                f"the response schema of {inline.label} is inline: move it to components/schemas and map it",
            )
        return self.findings

    def coverage(self, name: str, entry: SchemaEntry | None) -> None:
        """Every field of a response schema is mapped or internal (nested objects are covered by their own schema)."""
        if entry is not None and (entry.internal or entry.whole is not None):
            return
        mapped = {f.name for f in entry.fields} if entry is not None else set()
        properties = self.api.properties(name)
        if not properties and entry is None:
            self.in_contract(
                rules.UnmappedContractField,
                self.api.schema_path(name),
                f"response schema {name} is not in the mapping: map it (columns or fields) or mark it internal",
            )
        for field in properties.values():
            if field.name not in mapped and field.type.nested is None:
                self.in_contract(
                    rules.UnmappedContractField,
                    field.path,
                    f"{name}.{field.name} ({field.type.describe()}) is not mapped: map it to a column or mark it "
                    f"internal: true with a reason in {self.mapping.display}",
                )

    def headers(self, entry: ContractEntry) -> None:
        parameters = self.api.header_parameters()
        types: dict[str, list[FieldType]] = {}
        for parameter in parameters:
            kinds = types.setdefault(parameter.name.lower(), [])
            if parameter.type not in kinds:
                kinds.append(parameter.type)
        mapped = {header.name.lower() for header in entry.headers}
        for header in entry.headers:
            if header.name.lower() not in types:
                self.in_mapping(
                    rules.UnknownContractField, header.path, f"{self.api.display} has no header parameter {header.name}"
                )
                continue
            for kind in types[header.name.lower()]:
                self.field(header, kind, f"header {header.name}", read_from=None)
        reported: set[str] = set()
        for parameter in parameters:
            name = parameter.name.lower()
            if name not in mapped and name not in reported:
                reported.add(name)
                self.in_contract(
                    rules.UnmappedContractField,
                    parameter.path,
                    f"header {parameter.name} is not mapped: map it to a column or mark it internal: true "
                    f"with a reason in {self.mapping.display}",
                )

    # -- one schema ----------------------------------------------------------------------------

    def schema(self, entry: SchemaEntry, is_response: bool) -> None:
        if not self.api.has_schema(entry.name):
            self.in_mapping(rules.UnknownContractField, entry.path, f"{self.api.display} has no schema {entry.name}")
            return
        if entry.internal:
            return
        if entry.read_from is not None:
            self.read_path(entry, entry.read_from)
        elif is_response and entry.fields:
            self.in_mapping(
                rules.ReadPathNotAView,
                entry.path,
                f"response schema {entry.name} has no read_from: name the view its endpoint reads",
            )
        properties = self.api.properties(entry.name)
        for field in entry.fields:
            contract_field = properties.get(field.name)
            if contract_field is None:
                self.in_mapping(
                    rules.UnknownContractField,
                    field.path,
                    f"schema {entry.name} of {self.api.display} has no property {field.name}",
                )
                continue
            self.field(field, contract_field.type, f"{entry.name}.{field.name}", entry.read_from)
        if entry.whole is not None:
            self.field(entry.whole, self.api.schema_type(entry.name), entry.name, read_from=None)

    def read_path(self, entry: SchemaEntry, read_from: tuple[str, str]) -> None:
        schema, relation = read_from
        identity = f"{schema}.{relation}"
        shown = relation if schema == "public" else identity
        where = (*entry.path, "read_from")
        kind = relation_kind(self.snapshot, identity)
        if kind is None:
            self.in_mapping(rules.MappedColumnMissing, where, f"read_from view {shown} does not exist")
            return
        if kind is RelationKind.TABLE:
            self.in_mapping(
                rules.ReadPathNotAView, where, f"read_from {shown} is a table: read paths go through a view"
            )
        columns = relation_columns(self.snapshot, schema, relation)
        mapped = {
            column.ref.column
            for field in entry.fields
            for column in field.columns
            if column.ref.relation_identity == identity
        }
        internal = {column.name for column in entry.internal_columns}
        for column in entry.internal_columns:
            if column.name not in columns:
                self.in_mapping(
                    rules.MappedColumnMissing,
                    column.path,
                    f"internal column {shown}.{column.name} does not exist ({_has(shown, columns)})",
                )
        for column_name in columns:
            if column_name not in mapped and column_name not in internal:
                self.in_mapping(
                    rules.UnmappedViewColumn,
                    where,
                    f"{shown}.{column_name} is neither mapped to a field of {entry.name} nor listed under "
                    "internal_columns with a reason",
                )

    # -- one field -----------------------------------------------------------------------------

    def field(self, entry: FieldEntry, kind: FieldType, label: str, read_from: tuple[str, str] | None) -> None:
        if entry.internal:
            return
        resolved: list[tuple[MappedColumn, ResolvedType]] = []
        for column in entry.columns:
            found = self.existing(column)
            if found is None:
                continue
            resolved.append((column, found))
            if read_from is not None and (column.ref.schema, column.ref.relation) != read_from:
                self.in_mapping(
                    rules.ReadPathNotAView,
                    column.path,
                    f"{label} reads {column.ref}, outside its read_from view {read_from[1]}",
                )
        derived = [(c, t) for c in entry.derived_from if (t := self.existing(c)) is not None]
        for column, column_kind in resolved:
            problem = _type_problem(kind, column_kind, entry.conversion)
            if problem is not None:
                rule, expected = problem
                self.in_mapping(
                    rule,
                    column.path,
                    f"{label} is {kind.describe()} in {self.api.display} but {column.ref} is {column_kind.text}"
                    f" ({expected})",
                )
        self.money(entry, kind, label, resolved, derived)
        if kind.enum is not None:
            self.enum(entry, kind.enum, label, resolved)
        elif entry.enum_source is not None or entry.enum_constraint is not None:
            self.in_mapping(
                rules.InvalidMappingEntry,
                entry.path,
                f"{label} has enum_source/enum_constraint but no enum in {self.api.display}",
            )

    def existing(self, column: MappedColumn) -> ResolvedType | None:
        """The column's resolved type; CT001 and None when it or its relation does not exist."""
        ref = column.ref
        shown_relation = str(ref).rsplit(".", 1)[0]
        if relation_kind(self.snapshot, ref.relation_identity) is None:
            self.in_mapping(rules.MappedColumnMissing, column.path, f"{ref}: relation {shown_relation} does not exist")
            return None
        text = column_type(self.snapshot, ref)
        if text is None:
            columns = relation_columns(self.snapshot, ref.schema, ref.relation)
            self.in_mapping(
                rules.MappedColumnMissing, column.path, f"column {ref} does not exist ({_has(shown_relation, columns)})"
            )
            return None
        return resolve_type(self.snapshot, text)

    def money(
        self,
        entry: FieldEntry,
        kind: FieldType,
        label: str,
        resolved: Sequence[tuple[MappedColumn, ResolvedType]],
        derived: Sequence[tuple[MappedColumn, ResolvedType]],
    ) -> None:
        if entry.conversion is Conversion.NONE:
            for column, _ in (*resolved, *derived):
                if column.ref.column.endswith("_cents"):
                    self.in_mapping(
                        rules.MoneyConversion,
                        column.path,
                        f"{column.ref} holds integer cents: declare conversion: cents_to_dollars for {label}",
                    )
            return
        if kind.type != "number":
            self.in_mapping(
                rules.MoneyConversion,
                (*entry.path, "conversion"),
                f"{label}: cents_to_dollars gives dollars, so the contract type must be number, not {kind.describe()}",
            )
        for column, column_kind in resolved:
            if column_kind.family is TypeFamily.NUMBER and not entry.derived_from:
                self.in_mapping(
                    rules.MoneyConversion,
                    column.path,
                    f"{column.ref} is {column_kind.text}, already in dollars: name the integer cents column it "
                    "is computed from with derived_from",
                )
        for column, column_kind in derived:
            if column_kind.family is not TypeFamily.INTEGER:
                self.in_mapping(
                    rules.MoneyConversion,
                    column.path,
                    f"derived_from {column.ref} is {column_kind.text}: cents are stored as integers",
                )

    def enum(
        self,
        entry: FieldEntry,
        values: tuple[str, ...],
        label: str,
        resolved: Sequence[tuple[MappedColumn, ResolvedType]],
    ) -> None:
        sources = list(resolved)
        if entry.enum_source is not None:
            found = self.existing(entry.enum_source)
            sources = [(entry.enum_source, found)] if found is not None else []
        for column, column_kind in sources:
            allowed = self.allowed_values(entry, column, column_kind, label)
            if allowed is None:
                continue
            origin, database = allowed
            if set(database) == set(values):
                continue
            parts = []
            only_db = [v for v in database if v not in values]
            only_contract = [v for v in values if v not in database]
            if only_db:
                parts.append("only in the database: " + ", ".join(repr(v) for v in only_db))
            if only_contract:
                parts.append("only in the contract: " + ", ".join(repr(v) for v in only_contract))
            self.in_mapping(
                rules.EnumValuesDiffer,
                column.path,
                f"{label} enum [{', '.join(values)}] of {self.api.display} differs from {origin} "
                f"[{', '.join(database)}]: {'; '.join(parts)}",
            )

    def allowed_values(
        self, entry: FieldEntry, column: MappedColumn, column_kind: ResolvedType, label: str
    ) -> tuple[str, tuple[str, ...]] | None:
        """(where the values come from, the values) of the column; CT005 and None when nothing lists them."""
        ref = column.ref
        if column_kind.family is TypeFamily.ENUM:
            return f"enum type {column_kind.enum_type}", column_kind.labels
        kind = relation_kind(self.snapshot, ref.relation_identity)
        if kind is not RelationKind.TABLE:
            self.in_mapping(
                rules.EnumWithoutConstraint,
                column.path,
                f"{label}: {ref} is a column of a {kind.value if kind else 'relation'}, which has no CHECK "
                "constraints: name the table column it derives from with enum_source",
            )
            return None
        constraints = [c for c in enum_constraints(self.snapshot, ref.schema, ref.relation) if c.column == ref.column]
        if entry.enum_constraint is not None:
            constraints = [c for c in constraints if c.name == entry.enum_constraint]
            if not constraints:
                identity = f"{ref.relation_identity}.{entry.enum_constraint}"
                exists = self.snapshot.get(ObjectKind.CONSTRAINT, identity) is not None
                what = f"does not limit {ref.column} to a list of values" if exists else "does not exist"
                self.in_mapping(
                    rules.EnumWithoutConstraint,
                    (*entry.path, "enum_constraint"),
                    f"{label}: constraint {entry.enum_constraint} on {ref.relation} {what}",
                )
                return None
        if not constraints:
            self.in_mapping(
                rules.EnumWithoutConstraint,
                column.path,
                f"{label} is an enum but {ref} has no CHECK ({ref.column} IN (...)) constraint and no enum type",
            )
            return None
        values = tuple(v for v in constraints[0].values if all(v in c.values for c in constraints[1:]))
        return f"CHECK {', '.join(c.name for c in constraints)} on {ref}", values


def _has(relation: str, columns: Sequence[str]) -> str:
    return f"{relation} has: {', '.join(columns)}" if columns else f"{relation} has no columns"


_ACCEPTS: dict[tuple[str, str | None], frozenset[TypeFamily]] = {
    ("integer", None): frozenset({TypeFamily.INTEGER}),
    ("number", None): frozenset({TypeFamily.NUMBER, TypeFamily.INTEGER}),
    ("boolean", None): frozenset({TypeFamily.BOOLEAN}),
    ("string", "uuid"): frozenset({TypeFamily.UUID}),
    ("string", "date-time"): frozenset({TypeFamily.TIMESTAMPTZ}),
    ("string", "date"): frozenset({TypeFamily.DATE}),
    ("string", None): frozenset({TypeFamily.TEXT, TypeFamily.ENUM}),
    ("object", None): frozenset({TypeFamily.JSON}),
    ("array", None): frozenset({TypeFamily.ARRAY, TypeFamily.JSON}),
}
_TYPE_NAMES = {
    TypeFamily.INTEGER: ("smallint", "integer", "bigint"),
    TypeFamily.NUMBER: ("numeric", "real", "double precision"),
    TypeFamily.BOOLEAN: ("boolean",),
    TypeFamily.UUID: ("uuid",),
    TypeFamily.TIMESTAMPTZ: ("timestamp with time zone",),
    TypeFamily.DATE: ("date",),
    TypeFamily.TEXT: ("text", "varchar", "char"),
    TypeFamily.ENUM: ("an enum type",),
    TypeFamily.JSON: ("json", "jsonb"),
    TypeFamily.ARRAY: ("an array",),
}
_FORMAT_OF = {TypeFamily.UUID: "uuid", TypeFamily.TIMESTAMPTZ: "date-time", TypeFamily.DATE: "date"}


def _type_problem(
    kind: FieldType, column: ResolvedType, conversion: Conversion
) -> tuple[type[rules.ContractRule], str] | None:
    """None when the column can carry the field, else the rule and what was expected."""
    if conversion is Conversion.CENTS_TO_DOLLARS and kind.type != "number":
        return None  # the money check reports it
    if kind.type is None:
        return rules.TypeMismatch, "give the field a type"
    form = kind.format if (kind.type, kind.format) in _ACCEPTS else None
    accepted = _ACCEPTS.get((kind.type, form))
    if accepted is None:
        return rules.TypeMismatch, f"no column type is known to carry {kind.describe()}"
    if kind.type == "integer" and kind.format == "int32" and column.text == "bigint":
        return rules.TypeMismatch, "int32 cannot hold every bigint: use format int64"
    if column.family in accepted:
        return None
    if kind.type == "string" and form == "date-time" and column.family is TypeFamily.TIMESTAMP:
        return rules.TimestampWithoutTimeZone, "date-time needs timestamp with time zone"
    if kind.type == "string" and form is None and column.family in _FORMAT_OF:
        return rules.TypeMismatch, f"declare format: {_FORMAT_OF[column.family]}"
    names = [name for family in sorted(accepted, key=list(TypeFamily).index) for name in _TYPE_NAMES[family]]
    expected = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return rules.TypeMismatch, f"expected {expected}"
