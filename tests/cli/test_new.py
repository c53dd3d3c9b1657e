"""`schemactl new NAME`: numbering, refusals, and a new file that renders, lints clean and applies."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemactl.config import load_settings
from schemactl.errors import DiscoveryError, ExitCode
from schemactl.scaffold import plan_new_migration, write_new_migration
from tests.cli.helpers import applied_versions, apply, assert_no_traceback, describe, error_lines, in_project
from tests.conftest import Project

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The version `schemactl new` gives the next file of the project's own sql/.
NEXT_VERSION = 1 + max(int(path.name[:4]) for path in (PROJECT_ROOT / "sql").glob("[0-9][0-9][0-9][0-9]_*.sql"))
REVISION = re.compile(r"^-- Revision: \d{12} (?P<name>\w+)$")


def _new(root: Path, *args: str) -> tuple[int, str, str]:
    result = in_project(root, "new", *args)
    return result.exit_code, result.stdout, result.stderr


def _repo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("sql", "templates"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_first_file_in_an_empty_sql_dir_is_0001(project: Project) -> None:
    code, stdout, stderr = _new(project.root, "create_orders")

    created = project.sql_dir / "0001_create_orders.sql"
    assert code == 0, stderr
    assert stdout == "sql/0001_create_orders.sql\n"
    lines = created.read_text().splitlines()
    revision = REVISION.match(lines[1])
    assert revision is not None, lines
    assert revision["name"] == "create_orders"
    assert re.fullmatch(r"-- Created: \d{4}-\d{2}-\d{2}", lines[2])
    # the timeouts of the project's [tool.schemactl]
    assert lines[3] == "-- schemactl: lock_timeout=5s statement_timeout=5min"


def test_the_next_file_follows_the_highest_version_and_keeps_gaps(project: Project) -> None:
    for filename in ("0001_a.sql", "0002_b.sql", "0007_c.sql"):
        project.migration(filename, "SELECT 1;\n")

    code, stdout, stderr = _new(project.root, "add_orders")

    assert code == 0, stderr
    assert stdout.endswith("0008_add_orders.sql\n")
    assert sorted(p.name for p in project.sql_dir.iterdir()) == [
        "0001_a.sql",
        "0002_b.sql",
        "0007_c.sql",
        "0008_add_orders.sql",
    ]


def test_sql_dir_overrides_the_configured_directory(project: Project, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "0041_x.sql").write_text("SELECT 1;\n")

    code, _, stderr = _new(project.root, "add_orders", "--sql-dir", str(other))

    assert code == 0, stderr
    assert (other / "0042_add_orders.sql").is_file()
    assert not list(project.sql_dir.iterdir())


@pytest.mark.parametrize("name", ["AddOrders", "add-orders", "1st", "x" * 51])
def test_a_name_that_is_not_snake_case_is_refused(project: Project, name: str) -> None:
    result = in_project(project.root, "new", name)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0].startswith("error: migration name ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not list(project.sql_dir.iterdir())


def test_an_existing_target_is_refused_and_left_alone(project: Project) -> None:
    settings = load_settings(project.root)
    planned = plan_new_migration(settings, "add_orders", datetime.now(UTC))
    planned.path.write_text("-- written by someone else in the meantime\n")

    with pytest.raises(DiscoveryError) as raised:
        write_new_migration(planned)

    assert raised.value.exit_code is ExitCode.USAGE
    assert raised.value.message == "0001_add_orders.sql already exists"
    assert planned.path.read_text() == "-- written by someone else in the meantime\n"


def test_a_project_scaffold_template_is_used(project: Project) -> None:
    (project.templates_dir / "scaffold").mkdir()
    project.template("scaffold/migration.sql.j2", "-- {{ filename }} ({{ title }})\nSELECT {{ version }};\n")

    code, _, stderr = _new(project.root, "add_orders")

    assert code == 0, stderr
    assert (project.sql_dir / "0001_add_orders.sql").read_text() == "-- 0001_add_orders.sql (Add orders)\nSELECT 1;\n"


def test_a_scaffold_that_does_not_render_is_refused_before_writing(project: Project) -> None:
    (project.templates_dir / "scaffold").mkdir()
    project.template("scaffold/migration.sql.j2", "-- {{ no_such_name }}\n")

    result = in_project(project.root, "new", "add_orders")

    assert result.exit_code == 2, describe(result)
    assert "no_such_name" in error_lines(result)[0]
    assert not list(project.sql_dir.iterdir())


def test_the_new_file_renders_and_lints_clean_in_the_project(tmp_path: Path) -> None:
    root = _repo_copy(tmp_path)

    code, stdout, stderr = _new(root, "add_orders")
    created = root / "sql" / f"{NEXT_VERSION:04d}_add_orders.sql"
    assert code == 0, stderr
    assert stdout == f"sql/{NEXT_VERSION:04d}_add_orders.sql\n"

    rendered = in_project(root, "render", str(created))
    assert rendered.exit_code == 0, describe(rendered)
    assert rendered.stdout.rstrip("\n") == created.read_text().rstrip("\n")

    # An unfilled scaffold is the one finding: apply would refuse it (SC025).
    linted = in_project(root, "lint", "--format", "json", str(created))
    assert linted.exit_code == 1, describe(linted)
    findings = json.loads(linted.stdout)["findings"]
    assert [(f["code"], f["file"], f["line"]) for f in findings] == [
        ("SC025", f"sql/{NEXT_VERSION:04d}_add_orders.sql", 1)
    ]


def test_the_unfilled_scaffold_is_refused_by_apply_and_not_recorded(tmp_path: Path, database_url: str) -> None:
    root = _repo_copy(tmp_path)
    assert _new(root, "add_orders")[0] == 0

    result = apply(root, database_url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == (
        f"error: sql/{NEXT_VERSION:04d}_add_orders.sql: the file has no SQL statements (only comments or blank lines)"
    )
    assert f"applied {NEXT_VERSION:04d}_add_orders.sql" not in result.stderr
    assert not applied_versions(database_url)  # refused before anything ran, earlier files included
    assert_no_traceback(result)

    (root / "sql" / f"{NEXT_VERSION:04d}_add_orders.sql").write_text(
        "-- schemactl: lock_timeout=5s\nCREATE TABLE orders (id int);\n"
    )
    filled = apply(root, database_url)
    assert filled.exit_code == 0, describe(filled)
    assert applied_versions(database_url) == list(range(1, NEXT_VERSION + 1))
