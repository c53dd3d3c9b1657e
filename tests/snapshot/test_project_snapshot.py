"""The CI drift gate: sql/ built from scratch must equal the committed snapshots/schema.json."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from schemactl.cli import app

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_committed_snapshot_matches_sql(server_url: str) -> None:
    result = CliRunner().invoke(
        app, ["-C", str(PROJECT_ROOT), "snapshot", "--diff", "--from-sql", "--database-url", server_url]
    )
    assert result.exit_code == 0, (
        "snapshots/schema.json is out of date with sql/: review the diff below, then refresh it with "
        "`schemactl snapshot --from-sql`\n" + result.stdout + result.stderr
    )
    assert "no differences" in result.stdout
