from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from schemactl.cli import app
from schemactl.grants_doc import render_grants_doc

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_committed_roles_and_grants_doc_matches_the_matrix() -> None:
    committed = (PROJECT_ROOT / "docs" / "ROLES_AND_GRANTS.md").read_text()
    assert committed == render_grants_doc(PROJECT_ROOT / "templates" / "grants.toml")


def test_every_matrix_privilege_appears_in_the_doc() -> None:
    text = render_grants_doc(PROJECT_ROOT / "templates" / "grants.toml")
    ledger_row = (
        "| `revenue_ledger` | table | SELECT, INSERT, UPDATE (is_verified, verified_at, reconciliation_run_id) |"
    )
    assert ledger_row in text
    assert "| `mv_realtime_revenue` | materialized view | - | - | - |" in text


def test_check_fails_on_a_stale_doc(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.schemactl]\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "grants.toml").write_text(
        'app_roles = ["app_ro"]\n[roles.app_ro]\nattributes = "NOLOGIN"\n'
        '[objects.orders]\nkind = "table"\napp_ro = ["SELECT"]\n'
    )
    runner = CliRunner()
    stale = runner.invoke(app, ["-C", str(tmp_path), "grants-doc", "--check"])
    assert stale.exit_code == 1
    written = runner.invoke(app, ["-C", str(tmp_path), "grants-doc"])
    assert written.exit_code == 0
    assert "| `orders` | table | SELECT |" in (tmp_path / "docs" / "ROLES_AND_GRANTS.md").read_text()
    assert runner.invoke(app, ["-C", str(tmp_path), "grants-doc", "--check"]).exit_code == 0
