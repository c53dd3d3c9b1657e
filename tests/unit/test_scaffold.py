"""`schemactl new` as functions: names, numbering, the header of the scaffold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from schemactl.errors import ConfigError, ExitCode
from schemactl.migrations import MigrationFile
from schemactl.scaffold import DEFAULT_TEMPLATE, migration_filename, next_version, render_scaffold, validate_name

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _files(*versions: int) -> list[MigrationFile]:
    return [MigrationFile(v, f"m{v}", Path(f"{v:04d}_m{v}.sql")) for v in versions]


def test_the_first_version_is_1_and_the_next_follows_the_highest_keeping_gaps() -> None:
    assert next_version([]) == 1
    assert next_version(_files(1, 2, 7)) == 8
    assert migration_filename(8, "add_orders") == "0008_add_orders.sql"
    assert migration_filename(12345, "big") == "12345_big.sql"


@pytest.mark.parametrize("name", ["add_orders", "a", "v2_tables", "x" * 50])
def test_snake_case_names_are_accepted(name: str) -> None:
    validate_name(name)


@pytest.mark.parametrize(
    "name", ["AddOrders", "add-orders", "add orders", "1st_table", "_private", "", "add_orders.sql", "x" * 51]
)
def test_other_names_are_refused_as_usage_errors(name: str) -> None:
    with pytest.raises(ConfigError) as raised:
        validate_name(name)
    assert raised.value.exit_code is ExitCode.USAGE


def test_the_header_has_the_utc_revision_the_date_and_the_timeouts_as_one_directive() -> None:
    two_hours_east = timezone(timedelta(hours=2))
    text = render_scaffold(
        DEFAULT_TEMPLATE,
        version=8,
        name="add_orders",
        now=datetime(2025, 1, 2, 1, 4, tzinfo=two_hours_east),
        lock_timeout="2 s",
        statement_timeout="30min",
    )
    lines = text.splitlines()

    assert lines[0].startswith("-- Add orders: ")
    assert lines[1:4] == [
        "-- Revision: 202501012304 add_orders",
        "-- Created: 2025-01-01",
        "-- schemactl: lock_timeout=2s statement_timeout=30min",
    ]
    assert all(line.startswith("--") for line in lines)
    assert not {"{", "}"} & set(text)  # the new file is itself a Jinja template


def test_the_project_scaffold_is_the_default_one() -> None:
    # The built-in default is used by projects without templates/scaffold/migration.sql.j2.
    assert (PROJECT_ROOT / "templates" / "scaffold" / "migration.sql.j2").read_text() == DEFAULT_TEMPLATE


def test_the_checklist_reminders_are_in_the_scaffold() -> None:
    text = render_scaffold(
        DEFAULT_TEMPLATE, version=1, name="x", now=datetime.now(UTC), lock_timeout="5s", statement_timeout="15min"
    )

    for reminder in (
        "docs/MIGRATION_SAFETY_CHECKLIST.md",
        "CONCURRENTLY",
        "no-transaction",
        "NOT VALID",
        "VALIDATE CONSTRAINT",
        "volatile default",
        "tenant_table()",
        "templates/grants.toml",
        "COMMENT ON every new table and column",
        "schemactl snapshot --from-sql",
    ):
        assert reminder in text
