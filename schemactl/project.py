"""The project's migrations as files on disk: discover, render, read headers."""

from __future__ import annotations

from pathlib import Path

from schemactl.config import Settings
from schemactl.migrations import MIGRATION_FILENAME, MigrationFile, PreparedMigration, discover, prepare
from schemactl.render import RenderedSql, SqlRenderer


def renderer_for(settings: Settings) -> SqlRenderer:
    return SqlRenderer(settings.templates_dir, settings.template_vars)


def load_migrations(settings: Settings) -> list[PreparedMigration]:
    """Every file of sql/ rendered and checked, in version order."""
    renderer = renderer_for(settings)
    files = discover(settings.sql_dir)
    return prepare(
        files,
        lambda migration: renderer.render(migration.path, migration_context(migration)),
        lock_timeout=settings.lock_timeout,
        statement_timeout=settings.statement_timeout,
    )


def render_file(settings: Settings, path: Path) -> RenderedSql:
    """Render any file, in sql/ or not, as `schemactl render FILE` shows it."""
    match = MIGRATION_FILENAME.match(path.name)
    migration = MigrationFile(int(match["version"]), match["name"], path) if match else None
    return renderer_for(settings).render(path, migration_context(migration))


def migration_context(migration: MigrationFile | None) -> dict[str, object]:
    """Variables a migration template sees besides the macros and `vars`."""
    if migration is None:
        return {"migration": None}
    return {"migration": {"version": migration.version, "name": migration.name, "file": migration.path.name}}
