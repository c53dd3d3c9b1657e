"""The project's migrations as files on disk: discover, render, read headers."""

from __future__ import annotations

from pathlib import Path

from schemactl.config import Settings
from schemactl.migrations import MIGRATION_FILENAME, MigrationFile, PreparedMigration, discover, prepare
from schemactl.render import RenderedSql, SqlRenderer


def renderer_for(settings: Settings) -> SqlRenderer:
    """The project's renderer; inside a project it keeps compiled templates in .schemactl/cache/templates/."""
    return SqlRenderer(settings.templates_dir, settings.template_vars, cache_dir(settings, "templates"))


def cache_dir(settings: Settings, kind: str) -> Path | None:
    """`.schemactl/cache/<kind>/` of the project; None outside one (no pyproject.toml with [tool.schemactl]):
    a command run on loose files creates nothing."""
    pyproject = settings.project_dir / "pyproject.toml"
    try:
        if "[tool.schemactl" not in pyproject.read_text(encoding="utf-8"):
            return None
    except (OSError, UnicodeDecodeError):
        return None
    return settings.state_dir / "cache" / kind


def load_migrations(settings: Settings) -> list[PreparedMigration]:
    """Every file of sql/ rendered and checked, in version order."""
    renderer = renderer_for(settings)
    files = discover(settings.sql_dir)
    return prepare(
        files,
        lambda migration, source: RenderedSql(
            migration.path, renderer.render_string(source, migration.path, migration_context(migration))
        ),
        lock_timeout=settings.lock_timeout,
        statement_timeout=settings.statement_timeout,
    )


def locate_file(settings: Settings, path: Path) -> Path:
    """A file named on the command line: as given, else a bare name of a file in sql/."""
    if path.exists() or path.is_absolute() or len(path.parts) != 1:
        return path
    in_sql_dir = settings.sql_dir / path
    return in_sql_dir if in_sql_dir.exists() else path


def render_file(settings: Settings, path: Path) -> RenderedSql:
    """Render any file, in sql/ or not, as `schemactl render FILE` shows it."""
    from schemactl.preflight import read_source

    path = locate_file(settings, path)
    source = read_source(path)
    match = MIGRATION_FILENAME.match(path.name)
    migration = MigrationFile(int(match["version"]), match["name"], path) if match else None
    return RenderedSql(path, renderer_for(settings).render_string(source, path, migration_context(migration)))


def migration_context(migration: MigrationFile | None) -> dict[str, object]:
    """Variables a migration template sees besides the macros and `vars`."""
    if migration is None:
        return {"migration": None}
    return {"migration": {"version": migration.version, "name": migration.name, "file": migration.path.name}}
