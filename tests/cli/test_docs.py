"""`schemactl docs`: docs/DATA_DICTIONARY.md built from sql/ on the test server, and its --check."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.helpers import apply, assert_no_traceback, describe, in_project

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DICTIONARY = Path("docs") / "DATA_DICTIONARY.md"
OLD_COMMENT = "COMMENT ON COLUMN tenants.name IS 'Tenant name. Human-readable tenant identification.';"
NEW_COMMENT = "COMMENT ON COLUMN tenants.name IS 'Display name of the tenant.';"


def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("sql", "templates", "docs"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_committed_data_dictionary_is_current(server_url: str) -> None:
    result = in_project(PROJECT_ROOT, "docs", "--check", "--database-url", server_url)

    assert result.exit_code == 0, (
        "docs/DATA_DICTIONARY.md is out of date with sql/: regenerate it with `schemactl docs`\n" + describe(result)
    )
    assert result.stdout.endswith("DATA_DICTIONARY.md is up to date\n")


def test_check_fails_after_a_column_comment_changes_and_passes_after_docs(tmp_path: Path, server_url: str) -> None:
    root = _project_copy(tmp_path)
    core = root / "sql" / "0002_core_tables.sql"
    assert OLD_COMMENT in core.read_text()
    core.write_text(core.read_text().replace(OLD_COMMENT, NEW_COMMENT))

    target = (root / DICTIONARY).resolve()

    stale = in_project(root, "docs", "--check", "--database-url", server_url)

    assert stale.exit_code == 1, describe(stale)
    assert_no_traceback(stale)
    lines = stale.stdout.splitlines()
    assert lines[0] == "docs/DATA_DICTIONARY.md is out of date: regenerate it with `schemactl docs`"
    row = "| `name` | `character varying(255)` | no | — | {} |"
    assert "-" + row.format("Tenant name. Human-readable tenant identification.") in lines
    assert "+" + row.format("Display name of the tenant.") in lines
    assert (root / DICTIONARY).read_text() == (PROJECT_ROOT / DICTIONARY).read_text()  # --check writes nothing

    written = in_project(root, "docs", "--database-url", server_url)

    assert written.exit_code == 0, describe(written)
    assert written.stdout == "wrote docs/DATA_DICTIONARY.md\n"
    assert "Display name of the tenant." in target.read_text()
    current = in_project(root, "docs", "--check", "--database-url", server_url)
    assert current.exit_code == 0, describe(current)
    assert current.stdout == "docs/DATA_DICTIONARY.md is up to date\n"


def test_two_builds_give_the_same_bytes(tmp_path: Path, server_url: str) -> None:
    root = _project_copy(tmp_path)
    first, second = tmp_path / "first.md", tmp_path / "second.md"

    for output in (first, second):
        result = in_project(root, "docs", "--database-url", server_url, "--output", str(output))
        assert result.exit_code == 0, describe(result)

    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == (PROJECT_ROOT / DICTIONARY).read_bytes()


def test_live_reads_the_resolved_database(tmp_path: Path, database_url: str) -> None:
    root = _project_copy(tmp_path)
    output = tmp_path / "live.md"
    assert apply(root, database_url).exit_code == 0

    result = in_project(root, "docs", "--live", "--database-url", database_url, "--output", str(output))

    assert result.exit_code == 0, describe(result)
    # The database built by apply is the schema of sql/; its ledger names the same migrations.
    assert output.read_text() == (PROJECT_ROOT / DICTIONARY).read_text()


def test_live_check_of_a_database_that_differs_fails(tmp_path: Path, database_url: str) -> None:
    root = _project_copy(tmp_path)
    applied = sorted(path.name for path in (root / "sql").glob("*.sql"))
    (root / "sql" / applied[-1]).unlink()  # the database lacks the last file: it differs
    assert apply(root, database_url).exit_code == 0

    result = in_project(root, "docs", "--live", "--check", "--database-url", database_url)

    assert result.exit_code == 1, describe(result)
    assert "regenerate it with `schemactl docs --live`" in result.stdout
    assert f"-<!-- Migrations: {', '.join(applied)} -->" in result.stdout


def test_an_unreachable_server_is_a_usage_error(tmp_path: Path) -> None:
    root = _project_copy(tmp_path)

    result = in_project(root, "docs", "--database-url", "postgresql://nobody@/postgres?host=/nonexistent&port=1")

    assert result.exit_code == 2, describe(result)
    assert_no_traceback(result)
    assert (root / DICTIONARY).read_text() == (PROJECT_ROOT / DICTIONARY).read_text()
