"""One exception hierarchy for every user-facing failure.

Library code raises these with structured fields; the CLI edge turns them into
one clear message and an exit code. Anything else that escapes is a bug.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    FAILED = 1
    USAGE = 2


class SchemactlError(Exception):
    """Base of every error schemactl reports to a user."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        sqlstate: str | None = None,
        detail: str | None = None,
        hint: str | None = None,
        statement: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.sqlstate = sqlstate
        self.detail = detail
        self.hint = hint
        self.statement = statement

    @property
    def kind(self) -> str:
        """A stable machine-readable name for the error class."""
        return type(self).__name__


class ConfigError(SchemactlError):
    """Bad configuration, bad option value or bad database URL."""

    exit_code = ExitCode.USAGE


class UsageError(ConfigError):
    """The command line itself is wrong: an unknown option, a missing argument, a value of the wrong type."""


class ConnectionFailedError(SchemactlError):
    """The database could not be reached or refused the login."""

    exit_code = ExitCode.USAGE


class DiscoveryError(SchemactlError):
    """The sql/ directory is missing, or holds a misnamed or duplicate file."""

    exit_code = ExitCode.USAGE


class TemplateRenderError(SchemactlError):
    """A Jinja syntax error or an undefined name while rendering a file."""

    exit_code = ExitCode.USAGE


class HeaderError(SchemactlError):
    """An unknown or malformed `-- schemactl:` header directive."""

    exit_code = ExitCode.USAGE


class LedgerError(SchemactlError):
    """The ledger cannot be created, read or written by this login: the database cannot be used as named."""

    exit_code = ExitCode.USAGE


class ChecksumMismatchError(SchemactlError):
    """An applied migration's rendered SQL no longer matches the ledger."""


class UnknownVersionError(SchemactlError):
    """The database records versions that sql/ does not hold."""


class MigrationFailedError(SchemactlError):
    """A statement of a migration failed; nothing of that file stays applied."""


class LockTimeoutError(SchemactlError):
    """Another process held the migration lock for longer than the wait bound."""


class EmbeddedServerError(SchemactlError):
    """The embedded PostgreSQL server could not be started or stopped."""
