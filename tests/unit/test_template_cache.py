"""Compiled templates kept in .schemactl/cache/templates/ (schemactl.template_cache).

What a run renders or reports must not depend on the cache: a warm run equals a cold one, an edit
of a macro library or a migration is seen at once, a damaged or unwritable cache is ignored, and
outside a project nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import invoke
from tests.conftest import Project

MACROS = (
    "{% macro audited(name) %}CREATE TABLE {{ name }} (\n    id bigint,\n    created_at timestamp\n);{% endmacro %}\n"
)
MIGRATION = "SELECT 1;\n\n{{ audited('orders') }}\n\nCREATE TABLE notes (at timestamp);\n"


def cache_entries(project: Project) -> list[Path]:
    directory = project.root / ".schemactl" / "cache" / "templates"
    return sorted(directory.glob("*")) if directory.is_dir() else []


def rendered(project: Project) -> str:
    result = invoke("-C", str(project.root), "render")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def lint_lines(project: Project) -> list[tuple[str, str, int, int]]:
    result = invoke("-C", str(project.root), "lint", "--no-cache", "--format", "json", "--select", "SC201")
    assert result.exit_code == 1, result.stderr
    return [(f["code"], f["file"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]]


def make(project: Project) -> None:
    project.template("audit.sql.j2", MACROS)
    project.migration("0001_orders.sql", MIGRATION)


def test_a_warm_run_renders_and_reports_what_a_cold_one_does(project: Project) -> None:
    make(project)
    cold_render, cold_lint = rendered(project), lint_lines(project)
    assert cache_entries(project)  # the library, the file, and lint's marked render of it

    warm_render, warm_lint = rendered(project), lint_lines(project)

    assert (warm_render, warm_lint) == (cold_render, cold_lint)
    assert cold_lint == [("SC201", "sql/0001_orders.sql", 3, 1), ("SC201", "sql/0001_orders.sql", 5, 24)]


def test_an_edited_macro_library_or_migration_is_compiled_again(project: Project) -> None:
    make(project)
    rendered(project)
    project.template("audit.sql.j2", MACROS.replace("bigint", "uuid"))
    project.migration("0001_orders.sql", MIGRATION.replace("notes", "memos"))

    text = rendered(project)

    assert "id uuid" in text
    assert "CREATE TABLE memos" in text
    assert "bigint" not in text
    assert "notes" not in text


def test_a_damaged_cache_is_ignored(project: Project) -> None:
    make(project)
    expected = rendered(project)
    for entry in cache_entries(project):
        entry.write_bytes(b"not a compiled template" * 3)

    assert rendered(project) == expected
    assert lint_lines(project)[0] == ("SC201", "sql/0001_orders.sql", 3, 1)


def test_an_unwritable_cache_directory_is_not_an_error(project: Project) -> None:
    make(project)
    (project.root / ".schemactl").mkdir()
    (project.root / ".schemactl" / "cache").write_text("a file where the cache directory would go\n")

    assert "CREATE TABLE orders" in rendered(project)


def test_outside_a_project_nothing_is_written(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "one.sql").write_text("{% if true %}CREATE TABLE t (at timestamp);{% endif %}\n")

    result = invoke("lint", "--format", "json", str(loose / "one.sql"))

    assert result.exit_code == 1, result.stderr
    assert sorted(p.name for p in loose.iterdir()) == ["one.sql"]
    assert not (tmp_path / ".schemactl").exists()
