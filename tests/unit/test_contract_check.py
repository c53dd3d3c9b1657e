"""The contract check as a pure function: the project's contracts and mapping against the committed
snapshot, changed by hand one way at a time (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.contract.check import check_contracts
from schemactl.contract.load import load_sources
from schemactl.snapshot.model import Attributes, ObjectKind, Snapshot
from tests.contract.support import (
    ATTRIBUTION,
    MAPPING,
    RECONCILIATION,
    committed_snapshot,
    copy_project,
    edit,
    findings_of,
    line_of,
    renamed_column,
    summary,
    with_changed,
    with_object,
)

STATE_CHECK = "public.reconciliation_runs.ck_reconciliation_runs_state_valid"
STATE_VALUES = "'idle'::character varying, 'running'::character varying, 'failed'::character varying, "
STATE_DEFINITION = "CHECK (state::text = ANY (ARRAY[" + STATE_VALUES + "'completed'::character varying]::text[]))"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project, and the working directory, so findings show relative paths."""
    copy = copy_project(tmp_path / "project")
    monkeypatch.chdir(copy)
    return copy


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return committed_snapshot()


def codes(root: Path, snapshot: Snapshot) -> list[str]:
    return [f.code for f in findings_of(root, snapshot)]


def test_the_project_has_no_findings(root: Path, snapshot: Snapshot) -> None:
    assert summary(findings_of(root, snapshot)) == []


def test_the_enum_check_really_reads_the_committed_constraint(snapshot: Snapshot) -> None:
    constraint = snapshot.get(ObjectKind.CONSTRAINT, STATE_CHECK)
    assert constraint is not None
    assert constraint["definition"] == STATE_DEFINITION


# -- CT001 mapped-column-missing ----------------------------------------------------------------


def test_a_renamed_view_column_is_missing_and_its_new_name_unmapped(root: Path, snapshot: Snapshot) -> None:
    changed = renamed_column(snapshot, "public.v_realtime_revenue.verified", "is_verified")

    assert summary(findings_of(root, changed)) == [
        f"CT009 {MAPPING}:{line_of(root / MAPPING, 'read_from: v_realtime_revenue')} "
        "v_realtime_revenue.is_verified is neither mapped to a field of RealtimeRevenueResponse nor listed under "
        "internal_columns with a reason",
        f"CT001 {MAPPING}:{line_of(root / MAPPING, 'column: v_realtime_revenue.verified')} "
        "column v_realtime_revenue.verified does not exist "
        "(v_realtime_revenue has: data_freshness_seconds, is_verified, tenant_id, total_revenue)",
    ]


def test_a_dropped_relation_is_reported_for_each_column(root: Path, snapshot: Snapshot) -> None:
    changed = with_object(snapshot, ObjectKind.TABLE, "public.dead_events", None)
    for identity in [i for i in snapshot.objects[ObjectKind.COLUMN] if i.startswith("public.dead_events.")]:
        changed = with_object(changed, ObjectKind.COLUMN, identity, None)

    messages = [f.message for f in findings_of(root, changed)]

    assert messages == [
        "dead_events.raw_payload: relation dead_events does not exist",
        "dead_events.correlation_id: relation dead_events does not exist",
    ]


def test_a_missing_derived_from_column_is_reported(root: Path, snapshot: Snapshot) -> None:
    changed = renamed_column(snapshot, "public.revenue_ledger.revenue_cents", "amount_cents")

    findings = findings_of(root, changed)

    assert [(f.code, f.line) for f in findings] == [
        ("CT001", line_of(root / MAPPING, "derived_from: revenue_ledger.revenue_cents"))
    ]


# -- CT002 type-mismatch, CT003 timestamp-without-time-zone ---------------------------------------


def test_boolean_to_text_is_a_type_mismatch(root: Path, snapshot: Snapshot) -> None:
    changed = with_changed(snapshot, ObjectKind.COLUMN, "public.v_realtime_revenue.verified", type="text")

    assert summary(findings_of(root, changed)) == [
        f"CT002 {MAPPING}:{line_of(root / MAPPING, 'column: v_realtime_revenue.verified')} "
        f"RealtimeRevenueResponse.verified is boolean in {ATTRIBUTION} but v_realtime_revenue.verified is text "
        "(expected boolean)"
    ]


@pytest.mark.parametrize(
    ("identity", "column_type", "expected"),
    [
        ("public.v_realtime_revenue.data_freshness_seconds", "numeric", "expected smallint, integer or bigint"),
        ("public.v_realtime_revenue.data_freshness_seconds", "bigint", None),
        ("public.v_realtime_revenue.tenant_id", "text", "expected uuid"),
        ("public.v_realtime_revenue.total_revenue", "double precision", None),
        (
            "public.v_realtime_revenue.total_revenue",
            "text",
            "expected smallint, integer, bigint, numeric, real or double precision",
        ),
        ("public.v_reconciliation_status.last_run_at", "date", "expected timestamp with time zone"),
        ("public.v_reconciliation_status.last_run_at", "timestamp(3) with time zone", None),
        ("public.attribution_events.raw_payload", "text", "expected json or jsonb"),
        ("public.attribution_events.raw_payload", "json", None),
        ("public.attribution_events.correlation_id", "character varying(36)", "expected uuid"),
    ],
)
def test_type_compatibility(
    root: Path, snapshot: Snapshot, identity: str, column_type: str, expected: str | None
) -> None:
    changed = with_changed(snapshot, ObjectKind.COLUMN, identity, type=column_type)

    findings = findings_of(root, changed)

    if expected is None:
        assert summary(findings) == []
    else:
        assert [f.code for f in findings] == ["CT002"], summary(findings)
        assert findings[0].message.endswith(f"is {column_type} ({expected})")


def test_timestamp_without_time_zone_has_its_own_code(root: Path, snapshot: Snapshot) -> None:
    identity = "public.v_reconciliation_status.last_run_at"
    changed = with_changed(snapshot, ObjectKind.COLUMN, identity, type="timestamp without time zone")

    findings = findings_of(root, changed)

    assert [(f.code, f.name, f.line) for f in findings] == [
        ("CT003", "timestamp-without-time-zone", line_of(root / MAPPING, "column: v_reconciliation_status.last_run_at"))
    ]
    assert "date-time needs timestamp with time zone" in findings[0].message


def test_a_plain_string_mapped_to_uuid_asks_for_the_format(root: Path, snapshot: Snapshot) -> None:
    contract = root / RECONCILIATION
    edit(contract, "          type: string\n          format: uuid\n", "          type: string\n")

    findings = findings_of(root, snapshot)

    assert [f.code for f in findings] == ["CT002"]
    assert findings[0].message.endswith("(declare format: uuid)")


def test_a_domain_over_a_compatible_type_is_accepted(root: Path, snapshot: Snapshot) -> None:
    domain: Attributes = {"kind": "domain", "base_type": "boolean", "labels": None}
    changed = with_object(snapshot, ObjectKind.TYPE, "public.flag", domain)
    changed = with_changed(changed, ObjectKind.COLUMN, "public.v_realtime_revenue.verified", type="public.flag")

    assert summary(findings_of(root, changed)) == []


# -- CT004 enum-values-differ, CT005 enum-without-constraint -------------------------------------


def test_a_value_added_to_the_check_but_not_the_contract(root: Path, snapshot: Snapshot) -> None:
    definition = STATE_DEFINITION.replace("'completed'", "'completed'::character varying, 'cancelled'")
    changed = with_changed(snapshot, ObjectKind.CONSTRAINT, STATE_CHECK, definition=definition)

    assert summary(findings_of(root, changed)) == [
        f"CT004 {MAPPING}:{line_of(root / MAPPING, 'enum_source: reconciliation_runs.state')} "
        f"ReconciliationStatusResponse.state enum [idle, running, failed, completed] of {RECONCILIATION} differs "
        "from CHECK ck_reconciliation_runs_state_valid on reconciliation_runs.state "
        "[idle, running, failed, completed, cancelled]: only in the database: 'cancelled'"
    ]


def test_a_value_added_to_the_contract_but_not_the_check(root: Path, snapshot: Snapshot) -> None:
    edit(root / RECONCILIATION, "enum: [idle, running, failed, completed]", "enum: [idle, running, paused, failed]")

    messages = [f.message for f in findings_of(root, snapshot)]

    assert len(messages) == 1
    assert messages[0].endswith(": only in the database: 'completed'; only in the contract: 'paused'")


def test_enum_order_does_not_matter(root: Path, snapshot: Snapshot) -> None:
    edit(root / RECONCILIATION, "enum: [idle, running, failed, completed]", "enum: [completed, failed, idle, running]")

    assert summary(findings_of(root, snapshot)) == []


def test_an_enum_view_column_needs_enum_source(root: Path, snapshot: Snapshot) -> None:
    edit(root / MAPPING, "            enum_source: reconciliation_runs.state\n", "")
    edit(root / MAPPING, "            enum_constraint: ck_reconciliation_runs_state_valid\n", "")

    findings = findings_of(root, snapshot)

    assert [f.code for f in findings] == ["CT005"]
    assert "v_reconciliation_status.state is a column of a view, which has no CHECK constraints" in findings[0].message


def test_an_enum_column_without_a_check_is_reported(root: Path, snapshot: Snapshot) -> None:
    changed = with_object(snapshot, ObjectKind.CONSTRAINT, STATE_CHECK, None)

    findings = findings_of(root, changed)

    assert [f.code for f in findings] == ["CT005"]
    assert findings[0].message == (
        "ReconciliationStatusResponse.state: constraint ck_reconciliation_runs_state_valid on reconciliation_runs "
        "does not exist"
    )


def test_without_a_named_constraint_any_enum_check_of_the_column_counts(root: Path, snapshot: Snapshot) -> None:
    edit(root / MAPPING, "            enum_constraint: ck_reconciliation_runs_state_valid\n", "")
    renamed = with_object(snapshot, ObjectKind.CONSTRAINT, STATE_CHECK, None)
    attributes = snapshot.get(ObjectKind.CONSTRAINT, STATE_CHECK)
    assert attributes is not None
    renamed = with_object(renamed, ObjectKind.CONSTRAINT, "public.reconciliation_runs.state_check", attributes)

    assert summary(findings_of(root, renamed)) == []
    assert [f.code for f in findings_of(root, with_object(snapshot, ObjectKind.CONSTRAINT, STATE_CHECK, None))] == [
        "CT005"
    ]


def test_a_named_constraint_that_lists_no_values_is_reported(root: Path, snapshot: Snapshot) -> None:
    changed = with_changed(snapshot, ObjectKind.CONSTRAINT, STATE_CHECK, definition="CHECK (length(state::text) > 0)")

    messages = [f.message for f in findings_of(root, changed)]

    assert messages == [
        "ReconciliationStatusResponse.state: constraint ck_reconciliation_runs_state_valid on reconciliation_runs "
        "does not limit state to a list of values"
    ]


def test_an_enum_type_supplies_the_values(root: Path, snapshot: Snapshot) -> None:
    edit(root / MAPPING, "            enum_constraint: ck_reconciliation_runs_state_valid\n", "")
    enum_type: Attributes = {"kind": "enum", "labels": ["idle", "running", "failed", "completed", "cancelled"]}
    changed = with_object(snapshot, ObjectKind.TYPE, "public.run_state", enum_type)
    changed = with_object(changed, ObjectKind.CONSTRAINT, STATE_CHECK, None)
    changed = with_changed(changed, ObjectKind.COLUMN, "public.reconciliation_runs.state", type="public.run_state")

    messages = [f.message for f in findings_of(root, changed)]

    assert len(messages) == 1
    assert "differs from enum type public.run_state [idle, running, failed, completed, cancelled]" in messages[0]


# -- CT006 money-conversion ----------------------------------------------------------------------


def test_cents_without_conversion_are_reported(root: Path, snapshot: Snapshot) -> None:
    edit(root / MAPPING, "            conversion: cents_to_dollars\n", "")

    findings = findings_of(root, snapshot)

    assert [(f.code, f.line) for f in findings] == [
        ("CT006", line_of(root / MAPPING, "derived_from: revenue_ledger.revenue_cents"))
    ]
    assert findings[0].message == (
        "revenue_ledger.revenue_cents holds integer cents: declare conversion: cents_to_dollars for "
        "RealtimeRevenueResponse.total_revenue"
    )


def test_a_dollar_column_needs_its_cents_source(root: Path, snapshot: Snapshot) -> None:
    edit(root / MAPPING, "            derived_from: revenue_ledger.revenue_cents\n", "")

    messages = [f.message for f in findings_of(root, snapshot)]

    assert messages == [
        "v_realtime_revenue.total_revenue is numeric, already in dollars: name the integer cents column it is "
        "computed from with derived_from"
    ]


def test_cents_must_be_integers_and_dollars_numbers(root: Path, snapshot: Snapshot) -> None:
    changed = with_changed(snapshot, ObjectKind.COLUMN, "public.revenue_ledger.revenue_cents", type="numeric(12,2)")
    edit(root / ATTRIBUTION, "          type: number\n          minimum: 0\n", "          type: integer\n")

    messages = sorted(f.message for f in findings_of(root, changed))

    assert messages == [
        "RealtimeRevenueResponse.total_revenue: cents_to_dollars gives dollars, so the contract type must be "
        "number, not integer",
        "derived_from revenue_ledger.revenue_cents is numeric(12,2): cents are stored as integers",
    ]


# -- CT007 unmapped-contract-field, CT008 unknown-contract-field ----------------------------------


def test_an_unmapped_response_field_is_reported_in_the_contract(root: Path, snapshot: Snapshot) -> None:
    contract = root / ATTRIBUTION
    edit(
        contract,
        "        verified:\n          type: boolean\n",
        "        currency:\n          type: string\n        verified:\n          type: boolean\n",
    )

    assert summary(findings_of(root, snapshot)) == [
        f"CT007 {ATTRIBUTION}:{line_of(contract, 'currency:')} RealtimeRevenueResponse.currency (string) is not "
        f"mapped: map it to a column or mark it internal: true with a reason in {MAPPING}"
    ]


def test_an_internal_field_needs_no_column(root: Path, snapshot: Snapshot) -> None:
    edit(
        root / ATTRIBUTION,
        "        verified:\n          type: boolean\n",
        "        currency:\n          type: string\n        verified:\n          type: boolean\n",
    )
    edit(
        root / MAPPING,
        "          verified:\n",
        "          currency:\n            internal: true\n            reason: Always USD for now.\n"
        "          verified:\n",
    )

    assert summary(findings_of(root, snapshot)) == []


def test_fields_of_schemas_reached_from_a_response_must_be_mapped(root: Path, snapshot: Snapshot) -> None:
    contract = root / ATTRIBUTION
    edit(
        contract,
        "        verified:\n          type: boolean\n",
        '        verified:\n          type: boolean\n        breakdown:\n          $ref: "#/components/schemas/Part"\n',
    )
    edit(
        contract,
        "    WebhookPayload:\n      type: object\n",
        "    Part:\n      type: object\n      properties:\n        channel:\n          type: string\n"
        "    WebhookPayload:\n      type: object\n",
    )

    assert [(f.code, f.line) for f in findings_of(root, snapshot)] == [("CT007", line_of(contract, "channel:"))]


def test_an_inline_response_schema_is_reported(root: Path, snapshot: Snapshot) -> None:
    contract = root / RECONCILIATION
    edit(
        contract,
        "          description: The tenant has no reconciliation run yet.\n          content:\n"
        "            application/json:\n              schema:\n"
        '                $ref: "#/components/schemas/ErrorResponse"\n',
        "          description: The tenant has no reconciliation run yet.\n          content:\n"
        "            application/json:\n              schema:\n                type: object\n",
    )

    messages = [f.message for f in findings_of(root, snapshot)]

    assert messages == [
        "the response schema of GET /api/reconciliation/status 404 is inline: move it to components/schemas and map it"
    ]


def test_an_unmapped_header_is_reported(root: Path, snapshot: Snapshot) -> None:
    contract = root / ATTRIBUTION
    edit(
        contract,
        "  parameters:\n    CorrelationId:\n",
        "  parameters:\n    RequestId:\n      name: X-Request-ID\n      in: header\n      schema:\n"
        "        type: string\n    CorrelationId:\n",
    )
    edit(
        contract,
        "      operationId: ingestStripeWebhook\n      tags: [webhooks]\n      summary: Ingest a Stripe webhook.\n"
        "      parameters:\n",
        "      operationId: ingestStripeWebhook\n      tags: [webhooks]\n      summary: Ingest a Stripe webhook.\n"
        '      parameters:\n        - $ref: "#/components/parameters/RequestId"\n',
    )

    assert summary(findings_of(root, snapshot)) == [
        f"CT007 {ATTRIBUTION}:{line_of(contract, 'RequestId:')} header X-Request-ID is not mapped: map it to a "
        f"column or mark it internal: true with a reason in {MAPPING}"
    ]


def test_mapping_entries_for_fields_the_contract_lacks(root: Path, snapshot: Snapshot) -> None:
    mapping = root / MAPPING
    edit(
        mapping,
        "          verified:\n",
        "          currency:\n            internal: true\n            reason: x\n          verified:\n",
    )
    edit(
        mapping,
        "    headers:\n      X-Correlation-ID:\n",
        "    headers:\n      X-Request-ID:\n        internal: true\n        reason: x\n      X-Correlation-ID:\n",
    )
    edit(
        mapping,
        "      ErrorResponse:\n        internal: true\n        reason: Produced by the API for a refused "
        "request; nothing of it is stored.\n    headers:",
        "      ErrorResponse:\n        internal: true\n"
        "        reason: Produced by the API.\n      Problem:\n        internal: true\n        reason: x\n"
        "    headers:",
    )

    assert summary(findings_of(root, snapshot)) == [
        f"CT008 {MAPPING}:{line_of(mapping, 'currency:')} schema RealtimeRevenueResponse of {ATTRIBUTION} has no "
        "property currency",
        f"CT008 {MAPPING}:{line_of(mapping, 'Problem:')} {ATTRIBUTION} has no schema Problem",
        f"CT008 {MAPPING}:{line_of(mapping, 'X-Request-ID:')} {ATTRIBUTION} has no header parameter X-Request-ID",
    ]


# -- CT009 unmapped-view-column, CT012 read-path-not-a-view --------------------------------------


def test_a_view_column_that_is_neither_mapped_nor_internal(root: Path, snapshot: Snapshot) -> None:
    mapping = root / MAPPING
    text = mapping.read_text(encoding="utf-8")
    start = text.index("        internal_columns:\n")
    mapping.write_text(text[:start] + text[text.index("      ErrorResponse:", start) :], encoding="utf-8")

    assert summary(findings_of(root, snapshot)) == [
        f"CT009 {MAPPING}:{line_of(mapping, 'read_from: v_reconciliation_status')} "
        "v_reconciliation_status.reconciliation_run_id is neither mapped to a field of ReconciliationStatusResponse "
        "nor listed under internal_columns with a reason"
    ]


def test_an_internal_column_must_exist(root: Path, snapshot: Snapshot) -> None:
    edit(root / MAPPING, "          reconciliation_run_id: >-\n", "          run_id: >-\n")

    messages = [f.message for f in findings_of(root, snapshot)]

    assert sorted(messages) == [
        "internal column v_reconciliation_status.run_id does not exist (v_reconciliation_status has: last_run_at, "
        "reconciliation_run_id, state, tenant_id)",
        "v_reconciliation_status.reconciliation_run_id is neither mapped to a field of ReconciliationStatusResponse "
        "nor listed under internal_columns with a reason",
    ]


def test_read_paths_are_views(root: Path, snapshot: Snapshot) -> None:
    mapping = root / MAPPING
    edit(mapping, "        read_from: v_realtime_revenue\n", "        read_from: revenue_ledger\n")

    findings = [f for f in findings_of(root, snapshot) if f.code == "CT012"]

    assert [f.message for f in findings][:2] == [
        "read_from revenue_ledger is a table: read paths go through a view",
        "RealtimeRevenueResponse.tenant_id reads v_realtime_revenue.tenant_id, outside its read_from view "
        "revenue_ledger",
    ]


def test_a_response_schema_mapped_field_by_field_needs_read_from(root: Path, snapshot: Snapshot) -> None:
    edit(root / MAPPING, "        read_from: v_realtime_revenue\n", "")

    assert [f.message for f in findings_of(root, snapshot)] == [
        "response schema RealtimeRevenueResponse has no read_from: name the view its endpoint reads"
    ]


# -- CT010 invalid-mapping-entry, CT011 unresolved-reference, CT013 contract-not-mapped ------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "            column: v_realtime_revenue.verified\n",
            "            colum: v_realtime_revenue.verified\n",
            "verified: give exactly one of column or columns (or internal: true with a reason)\n"
            "unknown key 'colum' (expected one of: column, columns, conversion, derived_from, enum_constraint, "
            "enum_source, internal, note, reason)",
        ),
        (
            "        reason: Produced by the API for a refused request; nothing of it is stored.\n    headers:",
            "    headers:",
            "schema ErrorResponse is internal: say why in reason",
        ),
        (
            "            column: v_realtime_revenue.verified\n",
            "            column: v_realtime_revenue.verified\n            columns: [revenue_ledger.is_verified]\n",
            "verified: give exactly one of column or columns (or internal: true with a reason)",
        ),
        (
            "            column: v_realtime_revenue.verified\n",
            "            column: verified\n",
            "column: 'verified' is not a column reference (relation.column or schema.relation.column)",
        ),
        (
            "            conversion: cents_to_dollars\n",
            "            conversion: cents_to_euros\n",
            "unknown conversion 'cents_to_euros' (known: none, cents_to_dollars)",
        ),
        (
            "          data_freshness_seconds:\n            column: v_realtime_revenue.data_freshness_seconds\n",
            "          data_freshness_seconds:\n            internal: true\n            reason: x\n"
            "            column: v_realtime_revenue.data_freshness_seconds\n",
            "data_freshness_seconds is internal: it cannot also have column",
        ),
    ],
)
def test_malformed_entries(root: Path, snapshot: Snapshot, old: str, new: str, message: str) -> None:
    edit(root / MAPPING, old, new)

    findings = [f for f in findings_of(root, snapshot) if f.code == "CT010"]

    assert [f.message for f in findings] == message.split("\n")


def test_an_unresolved_reference_is_reported_where_it_is(root: Path, snapshot: Snapshot) -> None:
    contract = root / RECONCILIATION
    edit(contract, '$ref: "#/components/schemas/ReconciliationStatusResponse"', '$ref: "#/components/schemas/Status"')

    findings = findings_of(root, snapshot)

    assert (findings[0].code, findings[0].file, findings[0].line) == (
        "CT011",
        str(RECONCILIATION),
        line_of(contract, "schemas/Status"),
    )
    assert findings[0].message == "$ref '#/components/schemas/Status' does not resolve"


def test_a_contract_file_missing_from_the_mapping(root: Path, snapshot: Snapshot) -> None:
    extra = root / "api-contracts" / "openapi" / "v2" / "channels.yaml"
    extra.parent.mkdir()
    extra.write_text("openapi: 3.1.0\n", encoding="utf-8")

    assert summary(findings_of(root, snapshot)) == [
        f"CT013 {extra.relative_to(root)}:1 {extra.relative_to(root)} is not listed under contracts: in {MAPPING}"
    ]


def test_findings_at_one_place_are_ordered_by_message(root: Path, snapshot: Snapshot) -> None:
    column = snapshot.get(ObjectKind.COLUMN, "public.v_realtime_revenue.verified")
    assert column is not None
    changed = with_object(snapshot, ObjectKind.COLUMN, "public.v_realtime_revenue.zeta", column)
    changed = with_object(changed, ObjectKind.COLUMN, "public.v_realtime_revenue.alpha", column)

    findings = check_contracts(load_sources(root), changed)

    assert [(f.code, f.message.split()[0]) for f in findings] == [
        ("CT009", "v_realtime_revenue.alpha"),
        ("CT009", "v_realtime_revenue.zeta"),
    ]
    assert findings[0].sort_key == findings[1].sort_key


def test_a_field_typed_by_a_component_schema_is_checked_through_it(root: Path, snapshot: Snapshot) -> None:
    contract = root / RECONCILIATION
    edit(
        contract,
        "        state:\n          type: string\n          enum: [idle, running, failed, completed]\n",
        '        state:\n          $ref: "#/components/schemas/RunState"\n',
    )
    edit(
        contract,
        "    ErrorResponse:\n",
        "    RunState:\n      type: string\n      enum: [idle, running, failed, done]\n    ErrorResponse:\n",
    )

    messages = [f.message for f in findings_of(root, snapshot)]

    assert len(messages) == 1, messages  # the enum differs; RunState itself needs no mapping entry
    assert messages[0].endswith("only in the database: 'completed'; only in the contract: 'done'")


def test_the_parts_of_an_all_of_are_fields_of_the_schema(root: Path, snapshot: Snapshot) -> None:
    contract = root / RECONCILIATION
    edit(
        contract,
        "    ReconciliationStatusResponse:\n      type: object\n",
        "    ReconciliationStatusResponse:\n      allOf:\n"
        '        - $ref: "#/components/schemas/Tenanted"\n      type: object\n',
    )
    edit(
        contract,
        "    ErrorResponse:\n",
        "    Tenanted:\n      type: object\n      properties:\n        region:\n          type: string\n"
        "    ErrorResponse:\n",
    )

    assert summary(findings_of(root, snapshot)) == [
        f"CT007 {RECONCILIATION}:{line_of(contract, 'region:')} ReconciliationStatusResponse.region (string) is "
        f"not mapped: map it to a column or mark it internal: true with a reason in {MAPPING}"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      WebhookPayload:\n        columns:\n",
            "      WebhookPayload:\n        fields: {}\n        columns:\n",
            "schema WebhookPayload: give fields (per property) or columns (the whole value), not both",
        ),
        (
            "      WebhookPayload:\n        columns:\n",
            "      WebhookPayload:\n        read_from: v_realtime_revenue\n        columns:\n",
            "schema WebhookPayload: read_from goes with fields",
        ),
        (
            "      WebhookPayload:\n        columns:\n          - attribution_events.raw_payload\n"
            "          - dead_events.raw_payload\n        note: The provider's payload, stored unchanged after PII "
            "stripping.\n",
            "      WebhookPayload: {}\n",
            "schema WebhookPayload: needs fields (per property), columns (the whole value) or internal: true",
        ),
    ],
)
def test_malformed_schema_entries(root: Path, snapshot: Snapshot, old: str, new: str, message: str) -> None:
    edit(root / MAPPING, old, new)

    findings = [f for f in findings_of(root, snapshot) if f.code == "CT010"]

    assert [f.message for f in findings] == [message]
