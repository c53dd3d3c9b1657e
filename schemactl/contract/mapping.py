"""The mapping file (docs/contract_schema_mapping.yaml) as frozen dataclasses.

The top-level shape (a `version: 1` mapping with `contracts:`) is required: without it the file is
not a mapping file and reading it is an error. Every entry below that is read leniently: a
malformed entry becomes an `invalid-mapping-entry` finding and is left out, the rest is checked.
Format: docs/CONTRACT_TO_SCHEMA_MAPPING.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from schemactl.contract.catalog import ColumnRef, parse_column_ref, parse_relation_ref
from schemactl.contract.rules import InvalidMappingEntry
from schemactl.contract.yamldoc import ContractFileError, PathKey, YamlDocument
from schemactl.lint.findings import Finding
from schemactl.snapshot.model import JsonValue

MAPPING_VERSION = 1


class Conversion(StrEnum):
    NONE = "none"
    CENTS_TO_DOLLARS = "cents_to_dollars"


@dataclass(frozen=True)
class MappedColumn:
    ref: ColumnRef
    path: PathKey  # of the reference in the mapping file


@dataclass(frozen=True)
class FieldEntry:
    """How one contract field (a property, a whole schema, or a header) maps to columns."""

    name: str
    path: PathKey
    internal: bool
    columns: tuple[MappedColumn, ...] = ()
    conversion: Conversion = Conversion.NONE
    derived_from: tuple[MappedColumn, ...] = ()
    enum_source: MappedColumn | None = None
    enum_constraint: str | None = None


@dataclass(frozen=True)
class InternalColumn:
    name: str
    path: PathKey


@dataclass(frozen=True)
class SchemaEntry:
    """A schema of components/schemas: per-property `fields`, or the whole value in `columns`."""

    name: str
    path: PathKey
    internal: bool
    read_from: tuple[str, str] | None = None  # (schema, relation)
    fields: tuple[FieldEntry, ...] = ()
    whole: FieldEntry | None = None
    internal_columns: tuple[InternalColumn, ...] = ()


@dataclass(frozen=True)
class ContractEntry:
    file: str  # as written, relative to the project directory
    path: PathKey
    schemas: tuple[SchemaEntry, ...]
    headers: tuple[FieldEntry, ...]


@dataclass(frozen=True)
class MappingSpec:
    contracts: tuple[ContractEntry, ...]


_COLUMN_KEYS = frozenset({"column", "columns", "conversion", "derived_from", "enum_source", "enum_constraint"})
_FIELD_KEYS = _COLUMN_KEYS | {"internal", "reason", "note"}
_SCHEMA_KEYS = _FIELD_KEYS | {"read_from", "fields", "internal_columns"}
_CONTRACT_KEYS = frozenset({"schemas", "headers", "note"})
_TOP_KEYS = frozenset({"version", "contracts", "note"})


def parse_mapping(document: YamlDocument) -> tuple[MappingSpec, list[Finding]]:
    """The mapping and the findings about its malformed entries; ContractFileError for a wrong top level."""
    parser = _Parser(document)
    data = document.data
    if not isinstance(data, dict) or "contracts" not in data:
        raise ContractFileError(
            "not a contract mapping: expected a mapping with `version: 1` and `contracts:`",
            file=document.display,
            line=document.position(()).line,
        )
    if data.get("version") != MAPPING_VERSION:
        raise ContractFileError(
            f"unsupported mapping version {data.get('version')!r} (expected {MAPPING_VERSION})",
            file=document.display,
            line=document.position(("version",)).line,
        )
    parser.unknown_keys(data, (), _TOP_KEYS)
    contracts = parser.mapping(data["contracts"], ("contracts",), "contracts")
    entries = tuple(parser.contract(file, value, ("contracts", file)) for file, value in contracts.items())
    return MappingSpec(entries), parser.findings


class _Parser:
    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.findings: list[Finding] = []

    def report(self, path: PathKey, message: str) -> None:
        self.findings.append(InvalidMappingEntry.finding(message, self.document.display, self.document.position(path)))

    def mapping(self, value: JsonValue, path: PathKey, what: str) -> Mapping[str, JsonValue]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(path, f"{what} must be a mapping")
            return {}
        return value

    def unknown_keys(self, value: Mapping[str, JsonValue], path: PathKey, allowed: frozenset[str]) -> None:
        for key in value:
            if key not in allowed:
                self.report((*path, key), f"unknown key {key!r} (expected one of: {', '.join(sorted(allowed))})")

    def contract(self, file: str, value: JsonValue, path: PathKey) -> ContractEntry:
        body = self.mapping(value, path, f"contract {file}")
        self.unknown_keys(body, path, _CONTRACT_KEYS)
        schemas = self.mapping(body.get("schemas"), (*path, "schemas"), "schemas")
        headers = self.mapping(body.get("headers"), (*path, "headers"), "headers")
        schema_entries = [self.schema(name, v, (*path, "schemas", name)) for name, v in schemas.items()]
        header_entries = [self.field(name, v, (*path, "headers", name)) for name, v in headers.items()]
        return ContractEntry(
            file,
            path,
            tuple(e for e in schema_entries if e is not None),
            tuple(e for e in header_entries if e is not None),
        )

    def schema(self, name: str, value: JsonValue, path: PathKey) -> SchemaEntry | None:
        if not isinstance(value, dict):
            self.report(path, f"schema {name}: expected a mapping")
            return None
        self.unknown_keys(value, path, _SCHEMA_KEYS)
        if value.get("internal") is True:
            if not self.reason(value, path, f"schema {name}"):
                return None
            extra = sorted(k for k in value if k not in {"internal", "reason", "note"})
            if extra:
                self.report((*path, extra[0]), f"schema {name} is internal: it cannot also have {', '.join(extra)}")
                return None
            return SchemaEntry(name, path, internal=True)
        if "internal" in value and value["internal"] is not False:
            self.report((*path, "internal"), "internal must be true or false")
        has_fields = "fields" in value
        has_columns = "column" in value or "columns" in value
        if not has_fields and not has_columns:
            self.report(
                path, f"schema {name}: needs fields (per property), columns (the whole value) or internal: true"
            )
            return None
        if has_fields and has_columns:
            self.report(path, f"schema {name}: give fields (per property) or columns (the whole value), not both")
            return None
        if "read_from" in value and not has_fields:
            self.report((*path, "read_from"), f"schema {name}: read_from goes with fields")
        if "reason" in value:
            self.report((*path, "reason"), f"schema {name}: reason goes with internal: true")
        read_from = None
        if "read_from" in value:
            read_from = self.relation(value["read_from"], (*path, "read_from"))
        fields_map = self.mapping(value.get("fields"), (*path, "fields"), "fields")
        fields = [self.field(f, v, (*path, "fields", f)) for f, v in fields_map.items()]
        whole = None
        if has_columns:
            whole = self.field(name, {k: v for k, v in value.items() if k in _COLUMN_KEYS}, path, check_keys=False)
        internal_columns = self.internal_columns(value, path, read_from is not None)
        return SchemaEntry(
            name,
            path,
            internal=False,
            read_from=read_from,
            fields=tuple(f for f in fields if f is not None),
            whole=whole,
            internal_columns=internal_columns,
        )

    def internal_columns(
        self, value: Mapping[str, JsonValue], path: PathKey, has_read_from: bool
    ) -> tuple[InternalColumn, ...]:
        if "internal_columns" not in value:
            return ()
        where = (*path, "internal_columns")
        if not has_read_from:
            self.report(where, "internal_columns lists columns of read_from: it needs read_from")
            return ()
        result = []
        for column, reason in self.mapping(value["internal_columns"], where, "internal_columns").items():
            if not isinstance(reason, str) or not reason.strip():
                self.report((*where, column), f"internal column {column}: give the reason as its value")
                continue
            result.append(InternalColumn(column, (*where, column)))
        return tuple(result)

    def field(self, name: str, value: JsonValue, path: PathKey, *, check_keys: bool = True) -> FieldEntry | None:
        if not isinstance(value, dict):
            self.report(path, f"{name}: expected a mapping with column, columns or internal")
            return None
        if check_keys:
            self.unknown_keys(value, path, _FIELD_KEYS)
        if value.get("internal") is True:
            if not self.reason(value, path, name):
                return None
            extra = sorted(k for k in value if k in _COLUMN_KEYS)
            if extra:
                self.report((*path, extra[0]), f"{name} is internal: it cannot also have {', '.join(extra)}")
                return None
            return FieldEntry(name, path, internal=True)
        if "internal" in value and value["internal"] is not False:
            self.report((*path, "internal"), "internal must be true or false")
            return None
        if "reason" in value:
            self.report((*path, "reason"), f"{name}: reason goes with internal: true")
        if ("column" in value) == ("columns" in value):
            self.report(path, f"{name}: give exactly one of column or columns (or internal: true with a reason)")
            return None
        columns = self.columns(value, path, "column" if "column" in value else "columns")
        derived = self.columns(value, path, "derived_from") if "derived_from" in value else ()
        if columns is None or derived is None:
            return None
        conversion = self.conversion(value.get("conversion", Conversion.NONE.value), (*path, "conversion"))
        if conversion is None:
            return None
        enum_source = None
        if "enum_source" in value:
            sources = self.columns(value, path, "enum_source", single=True)
            if sources is None:
                return None
            enum_source = sources[0]
        enum_constraint = value.get("enum_constraint")
        if enum_constraint is not None and not isinstance(enum_constraint, str):
            self.report((*path, "enum_constraint"), "enum_constraint must be a constraint name")
            return None
        if enum_constraint is not None and enum_source is None and len(columns) != 1:
            self.report((*path, "enum_constraint"), "enum_constraint needs enum_source when there are several columns")
            return None
        return FieldEntry(name, path, False, columns, conversion, derived, enum_source, enum_constraint)

    def reason(self, value: Mapping[str, JsonValue], path: PathKey, what: str) -> bool:
        reason = value.get("reason")
        if isinstance(reason, str) and reason.strip():
            return True
        self.report(path, f"{what} is internal: say why in reason")
        return False

    def columns(
        self, value: Mapping[str, JsonValue], path: PathKey, key: str, *, single: bool = False
    ) -> tuple[MappedColumn, ...] | None:
        raw = value[key]
        where = (*path, key)
        items: list[tuple[JsonValue, PathKey]]
        if isinstance(raw, list) and not single:
            items = [(item, (*where, index)) for index, item in enumerate(raw)]
        else:
            items = [(raw, where)]
        if not items:
            self.report(where, f"{key} is empty")
            return None
        result = []
        for item, item_path in items:
            ref = parse_column_ref(item) if isinstance(item, str) else None
            if ref is None:
                self.report(
                    item_path, f"{key}: {item!r} is not a column reference (relation.column or schema.relation.column)"
                )
                return None
            result.append(MappedColumn(ref, item_path))
        return tuple(result)

    def relation(self, value: JsonValue, path: PathKey) -> tuple[str, str] | None:
        ref = parse_relation_ref(value) if isinstance(value, str) else None
        if ref is None:
            self.report(path, f"read_from: {value!r} is not a relation name (relation or schema.relation)")
        return ref

    def conversion(self, value: JsonValue, path: PathKey) -> Conversion | None:
        try:
            return Conversion(str(value))
        except ValueError:
            self.report(path, f"unknown conversion {value!r} (known: {', '.join(c.value for c in Conversion)})")
            return None
