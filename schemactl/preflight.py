"""Checks every command runs before anything reaches a database: the one source of their messages.

`apply`, `apply --dry-run`, `status` and `lint` call these functions, so a file that apply refuses
is refused (or, by lint, reported) with the same words everywhere:

- the files of sql/: misnamed ones (`0007-Add.SQL`), duplicate versions; dotfiles and editor
  leftovers (`.#0003_x.sql` lock links, `*~` backups) are not migrations and are skipped;
- a file's bytes: NUL bytes, text that is not UTF-8 (with its line), a UTF-8 byte-order mark;
- a file's statements: none at all (an unfilled scaffold), transaction control in a file that runs
  in schemactl's transaction.

Header directives are read (and refused) by `migrations.parse_directives`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from schemactl.errors import DiscoveryError, MigrationFailedError, SchemactlError

MIGRATION_FILENAME = re.compile(r"^(?P<version>\d+)_(?P<name>[a-z0-9][a-z0-9_]*)\.sql$")
BOM = "\ufeff"


class ProblemKind(Enum):
    """What is wrong; the lint code of each lives in the rule of the same name."""

    MISNAMED = "misnamed-migration-file"
    DUPLICATE_VERSION = "duplicate-migration-version"
    UNREADABLE = "unreadable"  # NUL byte, not UTF-8: lint's parse-error
    BYTE_ORDER_MARK = "byte-order-mark"
    NO_STATEMENTS = "migration-without-statements"
    TRANSACTION_CONTROL = "transaction-control-in-transactional-file"


@dataclass(frozen=True)
class Problem:
    """One reason apply refuses a file, before running anything."""

    kind: ProblemKind
    message: str
    file: Path
    line: int = 1
    column: int = 1
    hint: str | None = None
    statement: str | None = None

    def error(self) -> SchemactlError:
        """The error `apply` raises for it: exit 2 for the files themselves, 1 for their SQL."""
        cls = MigrationFailedError if self.kind is ProblemKind.TRANSACTION_CONTROL else DiscoveryError
        located = (ProblemKind.TRANSACTION_CONTROL, ProblemKind.UNREADABLE, ProblemKind.BYTE_ORDER_MARK)
        line = self.line if self.kind in located else None
        return cls(self.message, file=self.file, line=line, hint=self.hint, statement=self.statement)


@dataclass(frozen=True)
class SqlDirScan:
    """The files of sql/: `files` in version order (duplicates included), `misnamed` in name order."""

    files: tuple[tuple[int, str, Path], ...]  # (version, name, path)
    misnamed: tuple[Path, ...]
    problems: tuple[Problem, ...]


def is_editor_artefact(name: str) -> bool:
    """Dotfiles (`.#x.sql` lock links, `.x.sql.swp`) and backups (`x.sql~`): never migrations."""
    return name.startswith(".") or name.endswith("~")


def scan_sql_dir(sql_dir: Path) -> SqlDirScan:
    """Every `.sql` file of `sql_dir` (any case of the extension), not recursing, skipping editor artefacts."""
    try:
        with os.scandir(sql_dir) as scan:  # its entries know their type: no stat per file
            names = sorted(
                entry.name
                for entry in scan
                if entry.name.lower().endswith(".sql") and not is_editor_artefact(entry.name) and not entry.is_dir()
            )
    except OSError as exc:
        from schemactl.paths import shown

        raise DiscoveryError(f"cannot read the migration directory {shown(sql_dir)}: {exc.strerror}") from exc
    candidates = [sql_dir / name for name in names]
    files: list[tuple[int, str, Path]] = []
    misnamed: list[Path] = []
    for path in candidates:
        match = MIGRATION_FILENAME.match(path.name)
        if match is None:
            misnamed.append(path)
        else:
            files.append((int(match["version"]), match["name"], path))
    files.sort(key=lambda f: (f[0], f[2].name))
    highest = max((version for version, _, _ in files), default=0)
    problems = [misnamed_problem(path, highest + 1) for path in misnamed]
    by_version: dict[int, list[Path]] = {}
    for version, _, path in files:
        by_version.setdefault(version, []).append(path)
    for version, paths in by_version.items():
        if len(paths) > 1:
            problems.extend(duplicate_problem(version, paths, path) for path in paths[1:])
    return SqlDirScan(tuple(files), tuple(misnamed), tuple(problems))


def misnamed_problem(path: Path, next_version: int) -> Problem:
    suggestion = suggested_filename(path.name, next_version)
    return Problem(
        ProblemKind.MISNAMED,
        f"migration file name is not NNNN_snake_case_name.sql: {path.name}",
        path,
        hint=f"rename it to {suggestion}" if suggestion else "rename it to NNNN_snake_case_name.sql",
    )


def duplicate_problem(version: int, paths: Sequence[Path], path: Path) -> Problem:
    """The same message for every file that shares the version (apply names the second one)."""
    names = " and ".join(p.name for p in paths)
    return Problem(
        ProblemKind.DUPLICATE_VERSION,
        f"duplicate version {version}: {names}",
        path,
        hint="give each file its own number",
    )


def suggested_filename(filename: str, next_version: int) -> str | None:
    """A valid name made from a misnamed one: `0003-Add-Orders.SQL` -> `0003_add_orders.sql`,
    `AddOrders.sql` -> `<next>_add_orders.sql`. None when nothing usable is left."""
    stem = filename[: -len(".sql")] if filename.lower().endswith(".sql") else filename
    stem = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", stem).lower()
    words = [w for w in re.split(r"[^a-z0-9]+", stem) if w]
    version = next_version
    if words and words[0].isdigit():
        version = int(words.pop(0))
    if not words:
        return None
    return f"{version:04d}_{'_'.join(words)}.sql"


def read_source(path: Path) -> str:
    """The file's text; a NUL byte or invalid UTF-8 is refused with its line (a BOM is kept)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DiscoveryError("file not found", file=path) from exc
    except OSError as exc:
        raise DiscoveryError(f"cannot read file: {exc.strerror}", file=path) from exc
    problem = bytes_problem(path, raw)
    if problem is not None:
        raise problem.error()
    return raw.decode("utf-8")


def bytes_problem(path: Path, raw: bytes) -> Problem | None:
    """A NUL byte or invalid UTF-8, located by line and column."""
    if b"\x00" in raw:
        line, column = byte_place(raw, raw.index(b"\x00"))
        return Problem(ProblemKind.UNREADABLE, "file contains a NUL byte", path, line, column)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = byte_place(raw, exc.start)
        message = f"file is not UTF-8 text: {exc.reason} (byte 0x{raw[exc.start]:02x})"
        return Problem(ProblemKind.UNREADABLE, message, path, line, column, hint="save the file as UTF-8")
    return None


def byte_place(raw: bytes, index: int) -> tuple[int, int]:
    """(line, column in characters) of a byte offset of a file that may not be valid UTF-8."""
    line_start = raw.rfind(b"\n", 0, index) + 1
    return raw.count(b"\n", 0, index) + 1, len(raw[line_start:index].decode("utf-8", "replace")) + 1


def bom_problem(path: Path, source: str) -> Problem | None:
    if not source.startswith(BOM):
        return None
    return Problem(
        ProblemKind.BYTE_ORDER_MARK,
        "file starts with a UTF-8 byte-order mark",
        path,
        hint="save it as UTF-8 without a BOM: the mark hides the header directives and is a syntax error to PostgreSQL",
    )


def no_statements_problem(path: Path) -> Problem:
    return Problem(
        ProblemKind.NO_STATEMENTS,
        "the file has no SQL statements (only comments or blank lines)",
        path,
        hint="write the migration below its header (a scaffold from schemactl new must be filled in), "
        "or delete the file",
    )


def transaction_control_problem(path: Path, line: int, column: int, statement: str) -> Problem:
    return Problem(
        ProblemKind.TRANSACTION_CONTROL,
        "transaction control statement in a transactional file",
        path,
        line,
        column,
        hint=(
            "remove it (each file already runs in one transaction with its ledger row), "
            "or mark the file '-- schemactl: no-transaction'"
        ),
        statement=statement.strip(),
    )


def statement_problems(path: Path, sql: str, *, transactional: bool) -> list[Problem]:
    """No statements at all, or transaction control in a transactional file (needs pglast)."""
    from schemactl.sqltext import SqlSyntaxError, is_transaction_control, split_statements

    try:
        statements = split_statements(sql)
    except SqlSyntaxError:
        return []  # the server judges a file pglast cannot parse; it is not empty
    if not statements:
        return [no_statements_problem(path)]
    if not transactional:
        return []
    return [
        transaction_control_problem(path, s.line, _column(sql, s.start), s.text)
        for s in statements
        if is_transaction_control(s)
    ]


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def refuse(problems: Iterable[Problem]) -> None:
    """Raise the error of the first problem, if any."""
    for problem in problems:
        raise problem.error()
