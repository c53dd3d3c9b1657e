"""Verify a live database: read it, run the live rules and the shared state rules, place each
finding at the migration that made its object."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from schemactl.config import Settings
from schemactl.database import DatabaseTarget, connect
from schemactl.errors import ConfigError
from schemactl.lint.findings import Finding
from schemactl.lint.rule import Rule
from schemactl.verify.origins import OriginIndex, Place
from schemactl.verify.rule import LiveFinding, ObjectKind, ObjectRef, VerifyContext
from schemactl.verify.settings import PRIVILEGED_PREDEFINED_ROLES, VerifySettings
from schemactl.verify.state import LiveState

SNAPSHOT_FILE = "schema.json"


@dataclass(frozen=True)
class VerifyFinding:
    """A rule violation in the database: the finding (placed in sql/) and the object it is about."""

    finding: Finding
    subject: ObjectRef

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.finding.code, self.subject.kind.value, self.subject.name, self.finding.message)


@dataclass(frozen=True)
class VerifyReport:
    database: str  # the target as displayed (password masked)
    findings: tuple[VerifyFinding, ...]
    rules: tuple[type[Rule], ...]  # the rules that ran


def verify_database(
    settings: Settings, verify_settings: VerifySettings, target: DatabaseTarget, schemas: Sequence[str] = ()
) -> VerifyReport:
    """Run every enabled verify rule against the database of `target`."""
    from schemactl.project import load_migrations
    from schemactl.snapshot.serialize import read_snapshot
    from schemactl.verify.registry import live_rules, shared_rules
    from schemactl.verify.shared import run_shared_rules
    from schemactl.verify.sources import build_sql_model, load_sql_files

    migrations = load_migrations(settings)
    files = load_sql_files(settings)
    origins = OriginIndex(files)
    for migration in migrations:
        display = next((f.display for f in files if f.path == migration.file.path.resolve()), None)
        if display is not None:
            origins.add(ObjectRef(ObjectKind.MIGRATION, str(migration.version)), Place(display, 1, 1))
    snapshot_path = settings.snapshots_dir / SNAPSHOT_FILE
    committed = read_snapshot(snapshot_path) if snapshot_path.is_file() else None
    watched = (*verify_settings.owner_roles, *verify_settings.app_roles, *PRIVILEGED_PREDEFINED_ROLES)
    state = _read(target, schemas, watched)
    context = VerifyContext(state, verify_settings, migrations, committed, _display(snapshot_path))
    live = [rule for rule in live_rules() if verify_settings.enabled(rule.code)]
    shared = [rule for rule in shared_rules() if verify_settings.enabled(rule.code)]
    found: list[tuple[type[Rule], LiveFinding]] = []
    for live_rule in live:
        found.extend((live_rule, finding) for finding in live_rule().verify(context))
    sql_model = build_sql_model(files, verify_settings.lint)
    found.extend(run_shared_rules(shared, state.snapshot, verify_settings.lint, sql_model))
    located = {_locate(rule, finding, origins) for rule, finding in found}
    ran: list[type[Rule]] = sorted([*live, *shared], key=lambda rule: rule.code)
    return VerifyReport(target.display, tuple(sorted(located, key=lambda f: f.sort_key)), tuple(ran))


def _read(target: DatabaseTarget, schemas: Sequence[str], watched: Sequence[str]) -> LiveState:
    import psycopg

    from schemactl.verify.catalog import read_state

    with closing(connect(target)) as conn:
        try:
            return read_state(conn, schemas, watched)
        except psycopg.Error as exc:
            message = exc.diag.message_primary or str(exc).strip()
            raise ConfigError(
                f"cannot read the catalog of {target.display}: {message}",
                hint="verify needs CONNECT on the database, USAGE on schemactl and SELECT on the ledger; "
                "see README, 'Verifying a live database'",
            ) from exc


def _locate(rule: type[Rule], finding: LiveFinding, origins: OriginIndex) -> VerifyFinding:
    places = (origins.place(ref, finding.aspects) for ref in (finding.subject, *finding.near))
    place = next((p for p in places if p is not None), None) or origins.fallback() or Place("sql", 1, 1)
    located = Finding(
        rule.code, rule.name, rule.severity, finding.message, place.file, place.line, place.column, place.from_macro
    )
    return VerifyFinding(located, finding.subject)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
