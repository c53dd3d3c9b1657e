"""The files of sql/ as the linter reads them (rendered, parsed, with line maps), and the lint model
they build: where live findings are placed, and the markers the catalog does not keep."""

from __future__ import annotations

from schemactl.config import Settings
from schemactl.lint.model import SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile


def load_sql_files(settings: Settings) -> list[LintFile]:
    """Every migration of sql/ in version order; a file that cannot be rendered or parsed is left out
    (`schemactl lint` reports it)."""
    from schemactl.lint.engine import display_path, load_file  # the linter's own loading, shared on purpose
    from schemactl.migrations import discover
    from schemactl.project import renderer_for

    renderer = renderer_for(settings)
    loaded = []
    for migration in discover(settings.sql_dir):
        path = migration.path.resolve()
        lint_file, _ = load_file(path, display_path(path), settings, renderer)
        if lint_file is not None:
            loaded.append(lint_file)
    return loaded


def build_sql_model(files: list[LintFile], settings: LintSettings) -> SchemaModel:
    """The lint model at the end of sql/, as `schemactl lint` builds it."""
    from schemactl.lint.builder import update_model

    model = SchemaModel()
    for lint_file in files:
        for statement in lint_file.statements:
            try:
                update_model(model, statement, lint_file, settings)
            except (RecursionError, MemoryError):
                continue
    return model
