"""`schemactl new`: the next numbered migration file, from the scaffold template.

The template is `templates/scaffold/migration.sql.j2` (a sub-directory, because every top-level
`templates/*.sql.j2` is a macro library imported into every migration), or DEFAULT_TEMPLATE when
the project has none. The new file is rendered and its header read exactly as `apply` will before
it is written, and it is never written over an existing file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from schemactl.config import Settings
from schemactl.errors import ConfigError, DiscoveryError, TemplateRenderError
from schemactl.migrations import MigrationFile

SCAFFOLD_TEMPLATE = Path("scaffold") / "migration.sql.j2"  # under templates_dir
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
MAX_NAME_LENGTH = 50

# Kept free of Jinja syntax in its output: the new file is itself rendered as a template, so a
# `{{ ... }}` in one of its comments would run.
DEFAULT_TEMPLATE = """\
-- {{ title }}: TODO say what this migration changes and why (one concern per file).
-- Revision: {{ revision }} {{ name }}
-- Created: {{ created }}
-- schemactl: lock_timeout={{ lock_timeout }} statement_timeout={{ statement_timeout }}
--
-- Before committing (docs/MIGRATION_SAFETY_CHECKLIST.md):
-- - CREATE INDEX / DROP INDEX CONCURRENTLY only in a file of their own whose header marks it
--   no-transaction (and drop-invalid-indexes); the rest stays transactional.
-- - Constraints on tables in use: ADD CONSTRAINT ... NOT VALID here, VALIDATE CONSTRAINT in a later file.
-- - No volatile default (gen_random_uuid(), clock_timestamp()) on a column added to a table in use.
-- - A new tenant table is created with the tenant_table() macro and gets its row in templates/grants.toml.
-- - COMMENT ON every new table and column.
-- - Refresh the generated files: schemactl snapshot --from-sql && schemactl docs
--
-- Write the SQL below this header.
"""


@dataclass(frozen=True)
class NewMigration:
    """A migration file about to be created: where, and its text."""

    version: int
    name: str
    path: Path
    text: str


def validate_name(name: str) -> None:
    """Refuse a name that is not snake_case ([a-z][a-z0-9_]*) of at most MAX_NAME_LENGTH characters."""
    if not NAME_PATTERN.fullmatch(name):
        raise ConfigError(
            f"migration name {name!r} is not snake_case",
            hint="use lower-case letters, digits and underscores, starting with a letter, e.g. add_orders",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ConfigError(
            f"migration name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}",
            hint="shorten it: the file name says what the migration does, its header comment says more",
        )


def next_version(existing: Sequence[MigrationFile]) -> int:
    """One more than the highest version: gaps in the numbering are kept, never filled."""
    return max((m.version for m in existing), default=0) + 1


def migration_filename(version: int, name: str) -> str:
    return f"{version:04d}_{name}.sql"


def render_scaffold(
    template: str,
    *,
    version: int,
    name: str,
    now: datetime,
    lock_timeout: str,
    statement_timeout: str,
    template_name: str = str(SCAFFOLD_TEMPLATE),
) -> str:
    """The text of a new migration; `now` is turned to UTC for the revision and date."""
    import jinja2

    utc = now.astimezone(UTC)
    context = {
        "version": version,
        "name": name,
        "filename": migration_filename(version, name),
        "title": name.replace("_", " ").capitalize(),
        "revision": utc.strftime("%Y%m%d%H%M"),
        "created": utc.strftime("%Y-%m-%d"),
        # A header directive is one token: "5 s" in the configuration becomes "5s".
        "lock_timeout": "".join(lock_timeout.split()),
        "statement_timeout": "".join(statement_timeout.split()),
    }
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    try:
        return env.from_string(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(f"Jinja syntax error: {exc.message}", file=template_name, line=exc.lineno) from exc
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(f"scaffold template error: {exc.message}", file=template_name) from exc


def plan_new_migration(settings: Settings, name: str, now: datetime) -> NewMigration:
    """The next file of sql/ for `name`, rendered and checked, not yet written."""
    from schemactl.migrations import discover

    validate_name(name)
    existing = discover(settings.sql_dir)
    same_name = [m for m in existing if m.name == name]
    if same_name:
        from schemactl.paths import shown

        raise DiscoveryError(
            f"a migration named {name} already exists: {shown(same_name[0].path)}",
            file=None,
            hint="nothing was written; edit that file if it is not applied yet, or pick a name that says "
            "what this migration does",
        )
    version = next_version(existing)
    path = settings.sql_dir / migration_filename(version, name)
    template_path = settings.templates_dir / SCAFFOLD_TEMPLATE
    template = template_path.read_text(encoding="utf-8") if template_path.is_file() else DEFAULT_TEMPLATE
    text = render_scaffold(
        template,
        version=version,
        name=name,
        now=now,
        lock_timeout=settings.lock_timeout,
        statement_timeout=settings.statement_timeout,
        template_name=str(template_path),
    )
    new = NewMigration(version, name, path, text)
    _check_renders(settings, new)
    return new


def write_new_migration(new: NewMigration) -> Path:
    """Create the file; refuse (never overwrite) if it exists."""
    try:
        with new.path.open("x", encoding="utf-8") as handle:
            handle.write(new.text)
    except FileExistsError as exc:
        raise DiscoveryError(
            f"{new.path.name} already exists",
            file=new.path,
            hint="nothing was written; pick another name, or run schemactl new again",
        ) from exc
    return new.path


def create_migration(settings: Settings, name: str, now: datetime) -> NewMigration:
    """Plan and write the next migration file."""
    new = plan_new_migration(settings, name, now)
    write_new_migration(new)
    return new


def _check_renders(settings: Settings, new: NewMigration) -> None:
    """Render the new file and read its header as `apply` will, so a bad scaffold is caught now."""
    from schemactl.migrations import parse_directives
    from schemactl.project import migration_context, renderer_for
    from schemactl.render import RenderedSql

    renderer = renderer_for(settings)
    rendered = renderer.render_string(
        new.text, new.path, migration_context(MigrationFile(new.version, new.name, new.path))
    )
    parse_directives(
        RenderedSql(new.path, rendered),
        lock_timeout=settings.lock_timeout,
        statement_timeout=settings.statement_timeout,
    )
