"""The checks of `schemactl contract check`, one class per code, documented like the lint rules.

They reuse the linter's Rule base for its code, name, severity and documentation (so the SARIF
output describes them), but they are not lint rules: the lint registry does not see this module.
"""

from __future__ import annotations

from schemactl.contract.yamldoc import Position
from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule


class ContractRule(Rule):
    """Base of the contract checks."""

    @classmethod
    def finding(cls, message: str, file: str, position: Position) -> Finding:
        return Finding(cls.code, cls.name, cls.severity, message, file, position.line, position.column)


class MappedColumnMissing(ContractRule):
    """What it does
    Flags a column named by the mapping (`column`, `columns`, `derived_from`, `enum_source`,
    `internal_columns`, `read_from`) that the database does not have.

    Why is this bad?
    The API reads or writes that column: a renamed or dropped column breaks the endpoint at run time.

    Example
    `ALTER VIEW v_realtime_revenue RENAME COLUMN verified TO is_verified` while the mapping says
    `column: v_realtime_revenue.verified`.

    Fix
    Keep the column (add a new one and drop the old one in a later release), or change the contract,
    the API and the mapping together.
    """

    code = "CT001"
    name = "mapped-column-missing"
    severity = Severity.ERROR


class TypeMismatch(ContractRule):
    """What it does
    Flags a contract field whose JSON Schema type cannot hold the column's type: integer needs
    smallint/integer/bigint, number numeric/real/double precision (or integer cents with a
    conversion), boolean boolean, string/uuid uuid, string/date-time timestamptz, string/date date,
    string text/varchar/char (or an enum type), object json/jsonb.

    Why is this bad?
    The API either fails to serialise the value or silently changes it (a boolean read as the text
    `true`, a UUID without its format).

    Example
    `verified: {type: boolean}` mapped to a view column that became `text`.

    Fix
    Cast in the view, or change the contract, the API and the mapping together.
    """

    code = "CT002"
    name = "type-mismatch"
    severity = Severity.ERROR


class TimestampWithoutTimeZone(ContractRule):
    """What it does
    Flags a `string`/`date-time` field mapped to `timestamp without time zone`.

    Why is this bad?
    RFC 3339 date-times carry an offset; a timestamp without time zone does not know its own, so the
    API must guess one and two servers can guess differently.

    Example
    `last_run_at: {type: string, format: date-time}` mapped to a `timestamp` column.

    Fix
    Use `timestamptz` (`ALTER COLUMN ... TYPE timestamptz USING ... AT TIME ZONE 'UTC'`).
    """

    code = "CT003"
    name = "timestamp-without-time-zone"
    severity = Severity.ERROR


class EnumValuesDiffer(ContractRule):
    """What it does
    Compares the `enum` of a contract field with the values its database column allows: those of a
    `CHECK (col IN (...))` constraint, or the labels of an enum type. Order does not matter.

    Why is this bad?
    A value the database allows but the contract lacks reaches clients that reject it; a value the
    contract promises but the database refuses fails every write of it.

    Example
    `ck_reconciliation_runs_state_valid` gains `'cancelled'`; the contract still says
    `enum: [idle, running, failed, completed]`.

    Fix
    Change the constraint and the contract in the same release.
    """

    code = "CT004"
    name = "enum-values-differ"
    severity = Severity.ERROR


class EnumWithoutConstraint(ContractRule):
    """What it does
    Flags an `enum` field whose column has neither an enum type nor a `CHECK (col IN (...))`
    constraint, a view column without `enum_source` (views carry no constraints), and an
    `enum_constraint` that does not exist or does not list values of that column.

    Why is this bad?
    Nothing keeps the stored values inside the contract's enum, and nothing can check that they agree.

    Example
    `state: {type: string, enum: [...]}` mapped to `v_reconciliation_status.state` without
    `enum_source: reconciliation_runs.state`.

    Fix
    Add the CHECK constraint (or use an enum type); for a view column, name the table column it
    comes from with `enum_source`.
    """

    code = "CT005"
    name = "enum-without-constraint"
    severity = Severity.ERROR


class MoneyConversion(ContractRule):
    """What it does
    Money is integer cents in the database and a dollar `number` in the API. Flags a `*_cents`
    column (mapped, or named in `derived_from`) without `conversion: cents_to_dollars`, and a
    conversion whose contract field is not a `number`, whose mapped column is already in dollars
    without `derived_from` naming the cents, or whose cents column is not an integer.

    Why is this bad?
    An amount off by a factor of 100, or floating-point cents, is a silent money bug.

    Example
    `total_revenue: {type: number}` mapped to `revenue_ledger.revenue_cents` without a conversion.

    Fix
    Declare `conversion: cents_to_dollars`; when the column is already in dollars (a view computing
    `cents / 100`), name the integer cents column with `derived_from`.
    """

    code = "CT006"
    name = "money-conversion"
    severity = Severity.ERROR


class UnmappedContractField(ContractRule):
    """What it does
    Flags a field of a response schema (every schema a response reaches through `$ref`, properties,
    items and allOf/anyOf/oneOf) or a header parameter that the mapping neither maps to a column nor
    marks `internal: true`, and a response schema written inline instead of in `components/schemas`.

    Why is this bad?
    A field with no source is either invented by the API or read from somewhere no check covers.

    Example
    `RealtimeRevenueResponse` gains `currency: {type: string}` and the mapping does not mention it.

    Fix
    Map the field to its column, or mark it `internal: true` with a `reason`.
    """

    code = "CT007"
    name = "unmapped-contract-field"
    severity = Severity.ERROR


class UnknownContractField(ContractRule):
    """What it does
    Flags a mapping entry whose schema, property or header the contract does not have.

    Why is this bad?
    A stale entry documents a field that no longer exists and hides the field that replaced it.

    Example
    The contract renames `verified` to `is_verified`; the mapping still has `fields: {verified: ...}`.

    Fix
    Rename or remove the entry with the contract change.
    """

    code = "CT008"
    name = "unknown-contract-field"
    severity = Severity.ERROR


class UnmappedViewColumn(ContractRule):
    """What it does
    Flags a column of a response schema's `read_from` view that no field maps and that is not listed
    under `internal_columns` with a reason.

    Why is this bad?
    The read path exposes something the contract does not describe: either a field missing from the
    contract or data that should not be read at all.

    Example
    `v_reconciliation_status` has `reconciliation_run_id`; the contract does not expose it.

    Fix
    Map it to a contract field, or list it under `internal_columns` with the reason.
    """

    code = "CT009"
    name = "unmapped-view-column"
    severity = Severity.ERROR


class InvalidMappingEntry(ContractRule):
    """What it does
    Flags a mapping entry of the wrong shape: an unknown key, a field with neither a column nor
    `internal: true`, `internal: true` without a `reason` or together with columns, an unknown
    `conversion`, a malformed column reference.

    Why is this bad?
    The check cannot verify an entry it cannot read, and a reader cannot either.

    Example
    `verified: {colum: v_realtime_revenue.verified}`.

    Fix
    Follow the format of docs/CONTRACT_TO_SCHEMA_MAPPING.md.
    """

    code = "CT010"
    name = "invalid-mapping-entry"
    severity = Severity.ERROR


class UnresolvedReference(ContractRule):
    """What it does
    Flags a `$ref` of a contract that does not resolve inside the same file.

    Why is this bad?
    Tools generate nothing, or the wrong thing, from a dangling reference; the check cannot see the
    fields behind it.

    Example
    `$ref: "#/components/schemas/RealtimeRevenue"` when the schema is `RealtimeRevenueResponse`.

    Fix
    Point it at an existing `#/components/...` entry (references to other files are not supported).
    """

    code = "CT011"
    name = "unresolved-reference"
    severity = Severity.ERROR


class ReadPathNotAView(ContractRule):
    """What it does
    Flags a `read_from` relation that is a table rather than a view, a response schema mapped
    field by field without `read_from`, and a field of such a schema mapped to a column outside its
    `read_from` view (`derived_from` may name tables).

    Why is this bad?
    Read paths go through views: a view can filter by the current tenant, keep the contract's shape
    while tables change, and compute derived fields (dollars, freshness) in one place.

    Example
    `read_from: revenue_ledger`.

    Fix
    Add a view with the contract's shape and read from it.
    """

    code = "CT012"
    name = "read-path-not-a-view"
    severity = Severity.ERROR


class ContractNotMapped(ContractRule):
    """What it does
    Flags an OpenAPI file under `api-contracts/openapi/` that the mapping does not list.

    Why is this bad?
    Its fields escape every check of this command.

    Example
    A new `api-contracts/openapi/v1/channels.yaml` with no entry under `contracts:`.

    Fix
    Add the file to the mapping with its schemas and headers.
    """

    code = "CT013"
    name = "contract-not-mapped"
    severity = Severity.ERROR


CONTRACT_RULES: tuple[type[ContractRule], ...] = (
    MappedColumnMissing,
    TypeMismatch,
    TimestampWithoutTimeZone,
    EnumValuesDiffer,
    EnumWithoutConstraint,
    MoneyConversion,
    UnmappedContractField,
    UnknownContractField,
    UnmappedViewColumn,
    InvalidMappingEntry,
    UnresolvedReference,
    ReadPathNotAView,
    ContractNotMapped,
)
