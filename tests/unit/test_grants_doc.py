from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from schemactl.cli import app
from schemactl.grants_doc import matrix_in_force, render_grants_doc

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_committed_roles_and_grants_doc_matches_the_matrix() -> None:
    committed = (PROJECT_ROOT / "docs" / "ROLES_AND_GRANTS.md").read_text()
    assert committed == render_grants_doc(PROJECT_ROOT / "templates" / "grants.toml")


def test_the_doc_shows_the_matrix_in_force() -> None:
    """The newest matrix (grants_v2.toml, granted by sql/0005) is the one in force, and the one shown."""
    assert matrix_in_force(PROJECT_ROOT / "templates") == PROJECT_ROOT / "templates" / "grants_v2.toml"
    text = render_grants_doc(PROJECT_ROOT / "templates" / "grants.toml")
    assert "Generated from templates/grants_v2.toml" in text
    ledger_row = (
        "| `revenue_ledger` | table | SELECT, INSERT, UPDATE (is_verified, verified_at, reconciliation_run_id) |"
    )
    assert ledger_row in text
    assert "| `tenants` | table | SELECT | SELECT | SELECT, INSERT |" in text
    assert "| `mv_realtime_revenue` | materialized view | - | - | - |" in text


def test_a_later_matrix_supersedes_the_first(tmp_path: Path) -> None:
    (tmp_path / "grants.toml").write_text('app_roles = ["r"]\n[roles.r]\n[objects.t]\nkind = "table"\nr = ["DELETE"]\n')
    (tmp_path / "grants_v2.toml").write_text(
        'app_roles = ["r"]\n[roles.r]\n[objects.t]\nkind = "table"\nr = ["SELECT"]\n'
    )
    (tmp_path / "grants_v10.toml").write_text(
        'app_roles = ["r"]\n[roles.r]\n[objects.t]\nkind = "table"\nr = ["INSERT"]\n'
    )
    assert matrix_in_force(tmp_path).name == "grants_v10.toml"
    assert "| `t` | table | INSERT |" in render_grants_doc(tmp_path / "grants.toml")


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
