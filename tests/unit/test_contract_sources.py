"""Reading the contract files: YAML with positions, errors with their line, CHECK definitions, and
the contracts themselves being valid OpenAPI 3.1 (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from schemactl.contract.catalog import parse_column_ref, parse_enum_check
from schemactl.contract.load import load_sources
from schemactl.contract.openapi import OpenApiDocument
from schemactl.contract.yamldoc import ContractFileError, Position, parse_yaml
from schemactl.errors import ExitCode
from tests.contract.support import ATTRIBUTION, MAPPING, PROJECT_ROOT, RECONCILIATION, copy_project, edit, line_of


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = copy_project(tmp_path / "project")
    monkeypatch.chdir(copy)
    return copy


# -- the contracts -------------------------------------------------------------------------------


@pytest.mark.parametrize("contract", [ATTRIBUTION, RECONCILIATION], ids=lambda p: p.name)
def test_the_contracts_are_valid_openapi_3_1(contract: Path) -> None:
    document = yaml.safe_load((PROJECT_ROOT / contract).read_text(encoding="utf-8"))

    validate(document)  # raises on any violation of the OpenAPI 3.1 schema

    assert document["openapi"].startswith("3.1.")
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert "app.current_tenant_id" in document["components"]["securitySchemes"]["bearerAuth"]["description"]
    assert document["security"] == [{"bearerAuth": []}]


def test_the_attribution_contract_has_the_endpoints_of_the_issue() -> None:
    document = yaml.safe_load((PROJECT_ROOT / ATTRIBUTION).read_text(encoding="utf-8"))
    paths = document["paths"]

    response = paths["/api/attribution/revenue/realtime"]["get"]["responses"]["200"]
    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/RealtimeRevenueResponse"}
    properties = document["components"]["schemas"]["RealtimeRevenueResponse"]["properties"]
    assert {name: (p["type"], p.get("format")) for name, p in properties.items()} == {
        "tenant_id": ("string", "uuid"),
        "total_revenue": ("number", None),
        "verified": ("boolean", None),
        "data_freshness_seconds": ("integer", None),
    }
    for provider in ("shopify", "stripe", "paypal", "woocommerce"):
        operation = paths[f"/api/webhooks/{provider}"]["post"]
        assert operation["parameters"] == [{"$ref": "#/components/parameters/CorrelationId"}]
        assert set(operation["responses"]) == {"202", "400", "401"}
        assert operation["requestBody"] == {"$ref": "#/components/requestBodies/WebhookPayload"}
    header = document["components"]["parameters"]["CorrelationId"]
    assert (header["name"], header["in"], header["schema"]) == (
        "X-Correlation-ID",
        "header",
        {"type": "string", "format": "uuid"},
    )
    assert document["components"]["schemas"]["WebhookPayload"] == {
        "type": "object",
        "description": "Free-form provider payload.",
        "additionalProperties": True,
    }


def test_the_reconciliation_contract_has_the_state_enum() -> None:
    document = yaml.safe_load((PROJECT_ROOT / RECONCILIATION).read_text(encoding="utf-8"))

    schema = document["components"]["schemas"]["ReconciliationStatusResponse"]
    assert set(schema["properties"]) == {"tenant_id", "state", "last_run_at"}
    assert schema["properties"]["state"]["enum"] == ["idle", "running", "failed", "completed"]
    assert schema["properties"]["last_run_at"] == {
        "type": "string",
        "format": "date-time",
        "description": schema["properties"]["last_run_at"]["description"],
    }


# -- YAML with positions -------------------------------------------------------------------------


def test_positions_are_those_of_keys_and_items() -> None:
    document = parse_yaml("a:\n  b: 1\n  c:\n    - x\n    - {d: true}\n", Path("f.yaml"), "f.yaml")

    assert document.data == {"a": {"b": 1, "c": ["x", {"d": True}]}}
    assert document.position(("a", "b")) == Position(2, 3)
    assert document.position(("a", "c", 1, "d")) == Position(5, 8)
    assert document.position(("a", "c", 7)) == Position(3, 3)  # the nearest ancestor
    assert document.get(("a", "c", 1, "d")) is True
    assert document.get(("a", "nothing")) is None


def test_keys_stay_as_written_and_timestamps_as_text() -> None:
    document = parse_yaml('200: ok\n"201": ok\nyes: 2024-01-02\n', Path("f.yaml"), "f.yaml")

    assert document.data == {"200": "ok", "201": "ok", "yes": "2024-01-02"}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: [1, 2\n", 3, "invalid YAML: expected ',' or ']', but got '<stream end>'"),
        ("a:\n  b: 1\n  b: 2\n", 3, "invalid YAML: duplicate key 'b'"),
        ("a: 1\n  b: 2\n", 2, "invalid YAML: mapping values are not allowed here"),
    ],
)
def test_invalid_yaml_is_an_error_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ContractFileError) as caught:
        parse_yaml(text, Path("f.yaml"), "f.yaml")

    assert (caught.value.message, caught.value.file, caught.value.line) == (message, "f.yaml", line)
    assert caught.value.exit_code is ExitCode.USAGE


# -- loading the project -------------------------------------------------------------------------


def test_the_project_sources_load(root: Path) -> None:
    sources = load_sources(root)

    assert sources.files == (str(MAPPING), str(ATTRIBUTION), str(RECONCILIATION))
    assert sources.spec_findings == ()
    assert sources.unlisted == ()


def test_a_missing_mapping_file_is_an_error(root: Path) -> None:
    (root / MAPPING).unlink()

    with pytest.raises(ContractFileError) as caught:
        load_sources(root)

    assert (caught.value.message, caught.value.file) == ("no such file", str(MAPPING))
    assert caught.value.exit_code is ExitCode.USAGE


def test_a_missing_contract_file_is_an_error_at_its_mapping_line(root: Path) -> None:
    (root / RECONCILIATION).unlink()

    with pytest.raises(ContractFileError) as caught:
        load_sources(root)

    assert caught.value.message == f"contract {RECONCILIATION.as_posix()} named by the mapping does not exist"
    assert (caught.value.file, caught.value.line) == (str(MAPPING), line_of(root / MAPPING, f"{RECONCILIATION}:"))


@pytest.mark.parametrize(
    ("old", "new", "message", "line"),
    [
        ("version: 1\n", "version: 2\n", "unsupported mapping version 2 (expected 1)", 6),
        (
            "contracts:\n",
            "contract:\n",
            "not a contract mapping: expected a mapping with `version: 1` and `contracts:`",
            6,
        ),
    ],
)
def test_a_mapping_of_the_wrong_shape_is_an_error(root: Path, old: str, new: str, message: str, line: int) -> None:
    edit(root / MAPPING, old, new)

    with pytest.raises(ContractFileError) as caught:
        load_sources(root)

    assert (caught.value.message, caught.value.line) == (message, line)


def test_a_contract_that_is_not_openapi_is_an_error(root: Path) -> None:
    edit(root / RECONCILIATION, "openapi: 3.1.0\n", "swagger: '2.0'\n")

    with pytest.raises(ContractFileError) as caught:
        load_sources(root)

    assert caught.value.message == "not an OpenAPI 3 document (no `openapi: 3.x` at the top)"
    assert caught.value.file == str(RECONCILIATION)


def test_references_resolve_through_lists_and_escapes() -> None:
    text = (
        "openapi: 3.1.0\npaths:\n  /a/b:\n    get:\n      parameters:\n        - name: X\n          in: header\n"
        "components:\n  parameters:\n    P:\n      $ref: '#/paths/~1a~1b/get/parameters/0'\n"
        "    Q:\n      $ref: '#/components/parameters/Q'\n"
    )
    api = OpenApiDocument(parse_yaml(text, Path("f.yaml"), "f.yaml"))

    assert api.resolve({"$ref": "#/components/parameters/P"}, ()) == (
        {"name": "X", "in": "header"},
        ("paths", "/a/b", "get", "parameters", 0),
    )
    assert [reference for reference, _ in api.unresolved_references()] == ["#/components/parameters/Q"]


# -- CHECK definitions and column references -----------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (
            "CHECK (state::text = ANY (ARRAY['idle'::character varying, 'running'::character varying]::text[]))",
            ("state", ("idle", "running")),
        ),
        ("CHECK (channel = ANY (ARRAY['direct'::text, 'it''s'::text]))", ("channel", ("direct", "it's"))),
        ("CHECK (((state)::text = ANY ((ARRAY['a'::character varying])::text[])))", ("state", ("a",))),
        ("CHECK (kind = 'only'::text)", ("kind", ("only",))),
        ("CHECK (kind = ANY ('{a,b}'::text[]))", ("kind", ("a", "b"))),
        ("CHECK (kind IN ('a', 'b')) NOT VALID", ("kind", ("a", "b"))),
        ("CHECK (revenue_cents >= 0)", None),
        ("CHECK (kind = ANY (ARRAY['a'::text]) OR kind IS NULL)", None),
        ("CHECK (btrim(name::text) <> ''::text)", None),
        ("CHECK (kind = ANY (ARRAY[lower('a'::text)]))", None),
        ("UNIQUE (a)", None),
    ],
)
def test_enum_values_of_check_definitions(definition: str, expected: tuple[str, tuple[str, ...]] | None) -> None:
    assert parse_enum_check(definition) == expected


def test_column_references() -> None:
    assert str(parse_column_ref("v.c")) == "v.c"
    reference = parse_column_ref("audit.t.c")
    assert reference is not None
    assert (reference.identity, reference.relation_identity, str(reference)) == ("audit.t.c", "audit.t", "audit.t.c")
    assert parse_column_ref("c") is None
    assert parse_column_ref("V.C") is None
    assert parse_column_ref("a.b.c.d") is None
