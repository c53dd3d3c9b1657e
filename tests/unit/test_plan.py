from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemactl.errors import ChecksumMismatchError, UnknownVersionError
from schemactl.migrations import (
    AppliedMigration,
    Directives,
    MigrationFile,
    MigrationState,
    PreparedMigration,
    plan,
    status_rows,
)
from schemactl.render import RenderedSql, sha256_text

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _prepared(version: int, sql: str = "SELECT 1;\n") -> PreparedMigration:
    path = Path(f"{version:04d}_m{version}.sql")
    return PreparedMigration(
        MigrationFile(version, f"m{version}", path),
        RenderedSql(path, sql),
        sha256_text(sql),
        Directives(True, "5s", "1min"),
    )


def _applied(migration: PreparedMigration, checksum: str | None = None) -> AppliedMigration:
    return AppliedMigration(
        migration.version, migration.file.name, checksum or migration.checksum, "src", WHEN, 3, "postgres"
    )


def test_everything_is_pending_on_an_empty_ledger() -> None:
    files = [_prepared(1), _prepared(2)]
    result = plan(files, [])
    assert [m.version for m in result.pending] == [1, 2]
    assert result.applied_count == 0


def test_applied_files_are_not_pending_and_to_stops_early() -> None:
    files = [_prepared(1), _prepared(2), _prepared(3), _prepared(4)]
    result = plan(files, [_applied(files[0])], target_version=3)
    assert [m.version for m in result.pending] == [2, 3]
    assert result.applied_count == 1


def test_changed_checksum_is_refused_with_the_file_named() -> None:
    files = [_prepared(1), _prepared(2)]
    with pytest.raises(ChecksumMismatchError, match=r"0001_m1\.sql has changed") as caught:
        plan(files, [_applied(files[0], checksum="0" * 64)])
    assert caught.value.hint is not None
    assert "new migration" in caught.value.hint


def test_versions_unknown_to_sql_dir_are_refused() -> None:
    files = [_prepared(1)]
    ghost = AppliedMigration(7, "ghost", "x", "y", WHEN, 1, "postgres")
    with pytest.raises(UnknownVersionError, match=r"7 \(ghost\)"):
        plan(files, [_applied(files[0]), ghost])


def test_a_pending_file_older_than_the_last_applied_is_refused() -> None:
    files = [_prepared(1), _prepared(2), _prepared(3)]
    with pytest.raises(UnknownVersionError, match=r"0002_m2\.sql is older than the last applied version 3"):
        plan(files, [_applied(files[0]), _applied(files[2])])


def test_status_rows_mark_each_state() -> None:
    files = [_prepared(1), _prepared(2), _prepared(3)]
    ghost = AppliedMigration(9, "ghost", "x", "y", WHEN, 1, "postgres")
    rows = status_rows(files, [_applied(files[0]), _applied(files[1], checksum="f" * 64), ghost])
    assert [(r.version, r.state) for r in rows] == [
        (1, MigrationState.APPLIED),
        (2, MigrationState.CHANGED),
        (3, MigrationState.PENDING),
        (9, MigrationState.MISSING),
    ]
    assert rows[0].applied_at == WHEN
    assert rows[2].applied_at is None
