"""Discovery of sql/ files, their header directives, and the plan: pure functions over data."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from schemactl.errors import (
    ChecksumMismatchError,
    DiscoveryError,
    HeaderError,
    UnknownVersionError,
)
from schemactl.paths import shown
from schemactl.preflight import MIGRATION_FILENAME, bom_problem, read_source, refuse, scan_sql_dir, statement_problems
from schemactl.render import RenderedSql, sha256_text

__all__ = ["MIGRATION_FILENAME"]

DIRECTIVE_PREFIX = "-- schemactl:"
# A header line meant as a directive but not written as one (`--schemactl:`, `-- SchemaCtl:`): refused,
# since ignoring it would run a no-transaction file in a transaction, or with the wrong timeouts.
_NEAR_MISS_PREFIX = re.compile(r"^--+\s*schema[-_ ]?ctl\s*:", re.IGNORECASE)
_SPACED_ASSIGNMENT = re.compile(r"\b(?P<key>lock_timeout|statement_timeout)\s*(?:=\s+|\s+=\s*)(?P<value>\S*)")
# Lint markers that may lead a file's first statement; they are not apply directives.
LINT_MARKERS = frozenset({"global", "append-only"})
_TIMEOUT_VALUE = re.compile(r"^\d+\s*(us|ms|s|min|h|d)?$")


@dataclass(frozen=True)
class MigrationFile:
    """One numbered file of sql/."""

    version: int
    name: str
    path: Path

    @property
    def label(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Directives:
    """How a file is applied, from its `-- schemactl:` header lines."""

    transactional: bool
    lock_timeout: str
    statement_timeout: str
    drop_invalid_indexes: bool = False


@dataclass(frozen=True)
class PreparedMigration:
    """A discovered file, rendered, with its directives and both checksums."""

    file: MigrationFile
    rendered: RenderedSql
    source_sha256: str
    directives: Directives

    @property
    def version(self) -> int:
        return self.file.version

    @property
    def checksum(self) -> str:
        return self.rendered.sha256


@dataclass(frozen=True)
class AppliedMigration:
    """A row of the ledger."""

    version: int
    name: str
    checksum: str
    source_checksum: str
    applied_at: datetime
    duration_ms: int
    applied_by: str


class MigrationState(Enum):
    APPLIED = "applied"
    PENDING = "pending"
    CHANGED = "changed"
    MISSING = "missing"  # recorded in the database, absent from sql/


@dataclass(frozen=True)
class StatusRow:
    version: int
    name: str
    state: MigrationState
    applied_at: datetime | None


@dataclass(frozen=True)
class Plan:
    """What `apply` will do: the pending files in version order."""

    pending: tuple[PreparedMigration, ...]
    applied_count: int


def discover(sql_dir: Path) -> list[MigrationFile]:
    """The numbered files of `sql_dir` in version order; misnamed and duplicate files are errors.

    Dotfiles and editor backups are skipped; a `.SQL` (or other misnamed) file is refused.
    """
    if not sql_dir.is_dir():
        raise DiscoveryError(
            f"migration directory not found: {shown(sql_dir)}",
            hint="create it, or set sql_dir in [tool.schemactl] or pass --sql-dir",
        )
    scan = scan_sql_dir(sql_dir)
    refuse(scan.problems)
    return [MigrationFile(version, name, path) for version, name, path in scan.files]


def parse_directives(rendered: RenderedSql, *, lock_timeout: str, statement_timeout: str) -> Directives:
    """Read `-- schemactl: ...` lines from the leading comment block of the rendered SQL."""
    transactional = True
    drop_invalid = False
    for number, line in enumerate(_head_lines(rendered.text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("--"):
            break
        if not stripped.startswith(DIRECTIVE_PREFIX):
            near = _NEAR_MISS_PREFIX.match(stripped)
            if near:
                raise HeaderError(
                    f"malformed schemactl directive {near.group(0)!r}: write '{DIRECTIVE_PREFIX}'",
                    file=rendered.source,
                    line=number,
                    hint="a directive line starts with '-- schemactl:' exactly (lower case, one space after --)",
                )
            continue
        body = stripped[len(DIRECTIVE_PREFIX) :]
        spaced = _SPACED_ASSIGNMENT.search(body)
        if spaced:
            raise HeaderError(
                f"malformed schemactl directive {spaced.group(0).strip()!r}: "
                f"write {spaced['key']}={spaced['value'] or '...'} without spaces",
                file=rendered.source,
                line=number,
                hint="a directive is one token: lock_timeout=2s statement_timeout=30min",
            )
        for token in body.split():
            if token == "allow" or token in LINT_MARKERS:
                break  # a lint suppression or marker on the first statement, not a header directive
            if token == "no-transaction":
                transactional = False
            elif token == "drop-invalid-indexes":
                drop_invalid = True
            elif token.startswith(("lock_timeout=", "statement_timeout=")):
                key, value = token.split("=", 1)
                if not _TIMEOUT_VALUE.match(value):
                    raise HeaderError(
                        f"bad {key} value {value!r}",
                        file=rendered.source,
                        line=number,
                        hint="use a PostgreSQL duration such as 500ms, 5s or 2min (0 disables)",
                    )
                if key == "lock_timeout":
                    lock_timeout = value
                else:
                    statement_timeout = value
            else:
                raise HeaderError(
                    f"unknown schemactl directive {token!r}",
                    file=rendered.source,
                    line=number,
                    hint="known: no-transaction, drop-invalid-indexes, lock_timeout=..., statement_timeout=...",
                )
    if drop_invalid and transactional:
        raise HeaderError(
            "drop-invalid-indexes needs no-transaction (only a concurrent build leaves an invalid index)",
            file=rendered.source,
        )
    return Directives(transactional, lock_timeout, statement_timeout, drop_invalid)


def _head_lines(text: str) -> list[str]:
    """The first lines of `text`, as `text.splitlines()` gives them, at least up to the first line of SQL.

    Splitting a prefix yields the same lines as splitting the whole text, but for its last (maybe cut)
    line; so a 41,000-line file is not split whole to read a header of a few lines.
    """
    size = 8192
    while size < len(text):
        lines = text[:size].splitlines()[:-1]
        if any(line.strip() and not line.strip().startswith("--") for line in lines):
            return lines
        size *= 8
    return text.splitlines()


def prepare(
    files: Sequence[MigrationFile],
    render: Callable[[MigrationFile, str], RenderedSql],
    *,
    lock_timeout: str,
    statement_timeout: str,
) -> list[PreparedMigration]:
    """Read and render every file (so errors surface before anything is written) and read its header.

    `render` gets the file and its text; a file that is not UTF-8, or starts with a byte-order mark,
    is refused here.
    """
    prepared = []
    for migration in files:
        source = read_source(migration.path)
        refuse([p for p in [bom_problem(migration.path, source)] if p])
        rendered = render(migration, source)
        directives = parse_directives(rendered, lock_timeout=lock_timeout, statement_timeout=statement_timeout)
        prepared.append(PreparedMigration(migration, rendered, sha256_text(source), directives))
    return prepared


def check_runnable(migrations: Sequence[PreparedMigration]) -> None:
    """Refuse, before anything runs, a file with no statements or with transaction control in its transaction."""
    for migration in migrations:
        refuse(
            statement_problems(
                migration.file.path, migration.rendered.text, transactional=migration.directives.transactional
            )
        )


def status_rows(prepared: Sequence[PreparedMigration], applied: Sequence[AppliedMigration]) -> list[StatusRow]:
    by_version = {row.version: row for row in applied}
    rows = []
    for migration in prepared:
        row = by_version.pop(migration.version, None)
        if row is None:
            rows.append(StatusRow(migration.version, migration.file.name, MigrationState.PENDING, None))
        elif row.checksum != migration.checksum:
            rows.append(StatusRow(migration.version, migration.file.name, MigrationState.CHANGED, row.applied_at))
        else:
            rows.append(StatusRow(migration.version, migration.file.name, MigrationState.APPLIED, row.applied_at))
    rows.extend(StatusRow(r.version, r.name, MigrationState.MISSING, r.applied_at) for r in by_version.values())
    return sorted(rows, key=lambda r: r.version)


def plan(
    prepared: Sequence[PreparedMigration],
    applied: Sequence[AppliedMigration],
    *,
    target_version: int | None = None,
) -> Plan:
    """Check the ledger against sql/ and list what to apply; refuse changed or unknown versions."""
    known = {m.version: m for m in prepared}
    unknown = sorted(row.version for row in applied if row.version not in known)
    if unknown:
        names = ", ".join(f"{r.version} ({r.name})" for r in applied if r.version in unknown)
        raise UnknownVersionError(
            f"the database records versions that sql/ does not hold: {names}",
            hint="restore the missing files, or apply from the branch that has them",
        )
    changed = [known[r.version] for r in applied if known[r.version].checksum != r.checksum]
    if changed:
        first = changed[0]
        others = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise ChecksumMismatchError(
            f"applied migration {first.file.label} has changed since it was applied{others}: "
            f"recorded sha256 {_short(_recorded(applied, first.version))}, now {_short(first.checksum)}",
            file=first.file.path,
            hint="restore the applied file (or the macro it uses) and put the change in a new migration",
        )
    applied_versions = {row.version for row in applied}
    highest_applied = max(applied_versions, default=None)
    pending = [m for m in prepared if m.version not in applied_versions]
    if highest_applied is not None:
        late = [m for m in pending if m.version < highest_applied]
        if late:
            raise UnknownVersionError(
                f"pending migration {late[0].file.label} is older than the last applied version {highest_applied}",
                file=late[0].file.path,
                hint="renumber it after the last applied migration",
            )
    if target_version is not None:
        pending = [m for m in pending if m.version <= target_version]
    check_runnable(pending)
    return Plan(tuple(pending), len(applied_versions))


def _recorded(applied: Sequence[AppliedMigration], version: int) -> str:
    return next(r.checksum for r in applied if r.version == version)


def _short(checksum: str) -> str:
    return checksum[:12]
