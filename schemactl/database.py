"""Which database a command talks to, how its URL is shown, and connecting to it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from schemactl.errors import ConfigError, ConnectionFailedError

if TYPE_CHECKING:
    import psycopg

MASK = "****"
_URL_SCHEMES = ("postgresql://", "postgres://")
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
# Fallbacks for URLs that urlsplit rejects (e.g. an unclosed IPv6 bracket): userinfo up to the last "@".
_URL_USERINFO_PASSWORD = re.compile(r"^([a-z][a-z0-9+.-]*://[^:@/?#]*:)(.*)@", re.IGNORECASE)
_URL_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)


class TargetSource(Enum):
    """Where the database of a command came from, in order of precedence."""

    FLAG = "--database-url"
    DATABASE_URL = "DATABASE_URL"
    LIBPQ_ENV = "PG* environment"
    EMBEDDED = "embedded server"


@dataclass(frozen=True)
class DatabaseTarget:
    """A resolved database: a libpq connection string and where it came from."""

    conninfo: str
    source: TargetSource

    @property
    def display(self) -> str:
        """The target as shown to people: never with its password."""
        if self.source is TargetSource.LIBPQ_ENV and not self.conninfo:
            return "(libpq environment)"
        return redact(self.conninfo)


def explicit_target(flag_url: str | None, environ: Mapping[str, str]) -> DatabaseTarget | None:
    """The database named by flag, DATABASE_URL or libpq variables; None means embedded."""
    if flag_url:
        return DatabaseTarget(validate_conninfo(flag_url), TargetSource.FLAG)
    if environ.get("DATABASE_URL"):
        return DatabaseTarget(validate_conninfo(environ["DATABASE_URL"]), TargetSource.DATABASE_URL)
    if environ.get("PGHOST") or environ.get("PGDATABASE"):
        return DatabaseTarget("", TargetSource.LIBPQ_ENV)
    return None


def validate_conninfo(conninfo: str) -> str:
    """Check that libpq can parse the URL or keyword string; raise a ConfigError if not."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(conninfo)
    except Exception as exc:  # psycopg raises ProgrammingError for any parse failure
        reason = " ".join(scrub(str(exc), conninfo).split())
        raise ConfigError(
            f"invalid database URL {redact(conninfo)}: {reason}",
            hint="expected postgresql://user:password@host:port/dbname or 'host=... dbname=...'",
        ) from exc
    return conninfo


def redact(conninfo: str) -> str:
    """Mask the password in a URL or a keyword/value connection string."""
    if conninfo.startswith(_URL_SCHEMES):
        return _redact_url(conninfo)
    return _KEYWORD_PASSWORD.sub(lambda m: m.group(1) + MASK, conninfo)


def _redact_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        masked = _URL_USERINFO_PASSWORD.sub(lambda m: m.group(1) + MASK + "@", url)
        return _URL_QUERY_PASSWORD.sub(lambda m: m.group(1) + MASK, masked)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hostinfo = netloc.rsplit("@", 1)
        if ":" in userinfo:
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}:{MASK}@{hostinfo}"
    query = parts.query
    if query:
        pairs = [(k, MASK if k.lower() == "password" else v) for k, v in parse_qsl(query)]
        query = urlencode(pairs, safe="/*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def password_of(conninfo: str) -> str | None:
    """The password written in a connection string, if any (used only to scrub messages)."""
    if conninfo.startswith(_URL_SCHEMES):
        try:
            parts = urlsplit(conninfo)
        except ValueError:
            match = _URL_USERINFO_PASSWORD.match(conninfo) or _URL_QUERY_PASSWORD.search(conninfo)
            return unquote(match.group(2)) if match and match.group(2) else None
        if parts.password:
            return unquote(parts.password)
        for key, value in parse_qsl(parts.query):
            if key.lower() == "password":
                return value
        return None
    match = _KEYWORD_PASSWORD.search(conninfo)
    return match.group(2).strip("'") if match else None


def scrub(text: str, conninfo: str) -> str:
    """Remove any trace of the connection string's password from a message."""
    password = password_of(conninfo)
    if password:
        for form in {password, quote(password, safe="")}:
            text = text.replace(form, MASK)
    return text


def connect(target: DatabaseTarget, *, autocommit: bool = True) -> psycopg.Connection[tuple[object, ...]]:
    """Open a connection; a failure becomes a one-line ConnectionFailedError."""
    import psycopg

    try:
        return psycopg.connect(
            target.conninfo,
            autocommit=autocommit,
            application_name="schemactl",
            connect_timeout=10,
        )
    except psycopg.Error as exc:
        reason = " ".join(scrub(str(exc), target.conninfo).split())
        raise ConnectionFailedError(
            f"cannot connect to {target.display}: {reason}",
            hint="check the URL, that the server is running, and the credentials",
        ) from exc


def with_database(conninfo: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    from psycopg.conninfo import make_conninfo

    if conninfo.startswith(_URL_SCHEMES):
        parts = urlsplit(conninfo)
        return urlunsplit((parts.scheme, parts.netloc, "/" + quote(dbname), parts.query, parts.fragment))
    return make_conninfo(conninfo, dbname=dbname)


def resolve_target(
    flag_url: str | None, environ: Mapping[str, str], state_dir: Path, embedded_version: int | None = None
) -> DatabaseTarget:
    """Flag, then DATABASE_URL, then libpq's PG* variables, else the embedded server (started on demand)."""
    target = explicit_target(flag_url, environ)
    if target is not None:
        return target
    from schemactl import embedded

    version = embedded.DEFAULT_VERSION if embedded_version is None else embedded_version
    return DatabaseTarget(embedded.ensure_running(state_dir, version), TargetSource.EMBEDDED)
