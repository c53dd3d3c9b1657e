"""Which database a command talks to, how its URL is shown, and connecting to it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from schemactl.errors import ConfigError, ConnectionFailedError

if TYPE_CHECKING:
    import psycopg

MASK = "****"
_URL_SCHEMES = ("postgresql://", "postgres://")
# SQLAlchemy-style schemes people paste from application settings; they mean the same libpq URL.
_SCHEME_ALIASES = {
    "postgresql": "postgresql",
    "postgres": "postgres",
    "postgresql+psycopg": "postgresql",
    "postgresql+psycopg2": "postgresql",
    "postgres+psycopg": "postgres",
    "postgres+psycopg2": "postgres",
}
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_URL_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)
_FRAGMENT_DELIMITERS = re.compile(r"[@/:?#]")
_MIN_FRAGMENT = 3  # shorter pieces of a password are not scrubbed on their own: they would garble messages
_INVALID_URL_HINT = "expected postgresql://user:password@host:port/dbname or 'host=... dbname=...'"


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
        if self.source is TargetSource.LIBPQ_ENV:
            return libpq_environment_display(self.conninfo)
        return redact(self.conninfo)


def libpq_environment_display(conninfo: str) -> str:
    """The URL that libpq resolves from its PG* variables (and `conninfo` on top), password masked."""
    from psycopg import pq
    from psycopg.conninfo import conninfo_to_dict

    values = {d.keyword.decode(): d.val.decode() for d in pq.Conninfo.get_defaults() if d.val is not None}
    values.update({k: str(v) for k, v in conninfo_to_dict(conninfo).items() if v is not None})
    user = quote(values.get("user", ""), safe="")
    userinfo = f"{user}:{MASK}@" if values.get("password") else f"{user}@" if user else ""
    host = values.get("host", "")
    port = values.get("port", "")
    if host.startswith("/"):  # a Unix-socket directory: in the query, as libpq URLs write it
        query = "?host=" + quote(host, safe="/") + (f"&port={port}" if port else "")
        hostport = ""
    else:
        query = ""
        if ":" in host and "," not in host:
            host = f"[{host}]"  # an IPv6 address
        hostport = f"{host}:{port}" if port else host
    dbname = quote(values.get("dbname") or values.get("user", ""), safe="")
    return f"postgresql://{userinfo}{hostport}/{dbname}{query}"


def explicit_target(flag_url: str | None, environ: Mapping[str, str]) -> DatabaseTarget | None:
    """The database named by flag, DATABASE_URL or libpq variables; None means embedded.

    An explicitly empty flag is an error, not "no flag": `--database-url "$UNSET"` must not
    quietly write to another database.
    """
    if flag_url is not None:
        if not flag_url.strip():
            raise ConfigError(
                "--database-url is empty",
                hint="pass a URL, or leave the option out to use $DATABASE_URL, PG* variables or the embedded server",
            )
        return DatabaseTarget(validate_conninfo(flag_url), TargetSource.FLAG)
    if environ.get("DATABASE_URL", "").strip():
        return DatabaseTarget(validate_conninfo(environ["DATABASE_URL"]), TargetSource.DATABASE_URL)
    if environ.get("PGHOST") or environ.get("PGDATABASE"):
        return DatabaseTarget("", TargetSource.LIBPQ_ENV)
    return None


def validate_conninfo(conninfo: str) -> str:
    """The connection string as libpq should see it; a ConfigError (password masked) if it is not one.

    Surrounding whitespace is dropped and SQLAlchemy's `postgresql+psycopg://` becomes `postgresql://`.
    """
    from psycopg.conninfo import conninfo_to_dict

    conninfo = normalise_conninfo(conninfo)
    problem = _url_problem(conninfo)
    if problem is None:
        try:
            parsed = conninfo_to_dict(conninfo)
        except Exception as exc:  # psycopg raises ProgrammingError for any parse failure
            problem = " ".join(scrub(str(exc), conninfo).split())
        else:
            if _credential_span(conninfo) and any("@" in str(parsed.get(k) or "") for k in ("host", "dbname")):
                problem = 'the user name or password contains "@" or "/": percent-encode them (%40, %2F)'
    if problem is not None:
        raise ConfigError(f"invalid database URL {redact(conninfo)}: {problem}", hint=_INVALID_URL_HINT)
    return conninfo


def normalise_conninfo(conninfo: str) -> str:
    """Strip surrounding whitespace; map scheme aliases (and upper case) to the scheme libpq knows."""
    text = conninfo.strip()
    match = _SCHEME.match(text)
    if match is None:
        return text
    alias = _SCHEME_ALIASES.get(match[1].lower())
    if alias is None or not text[match.end() :].startswith("//"):
        return text
    return f"{alias}:{text[match.end() :]}"


def _url_problem(conninfo: str) -> str | None:
    """Why a string that starts like a URL is not one libpq accepts, or None."""
    match = _SCHEME.match(conninfo)
    if match is None or conninfo.startswith(_URL_SCHEMES):
        return None
    scheme = match[1]
    if scheme.lower() in _SCHEME_ALIASES:
        return f'malformed URL: "{scheme}:" must be followed by "//"'
    return f'unsupported URL scheme "{scheme}": use postgresql:// or postgres://'


def _is_urlish(conninfo: str) -> bool:
    """A URL, or something that was meant to be one (a typo in the scheme, no scheme but user:pw@host)."""
    return _SCHEME.match(conninfo) is not None or "=" not in conninfo


def _credential_span(url: str) -> tuple[int, int] | None:
    """Where the password of a URL-like string is, found conservatively (over-masking is safe).

    From the first ":" after the scheme to the last "@": a password may hold any of "@/?#", and
    libpq and Python's urllib cut such a URL at different places, so neither's reading is trusted.
    """
    start = 0
    match = _SCHEME.match(url)
    if match and url[match.end() :].startswith("/"):
        start = match.end()
        while start < len(url) and url[start] == "/":
            start += 1
    at = url.rfind("@", start)
    colon = url.find(":", start, at) if at != -1 else -1
    return (colon + 1, at) if colon != -1 else None


def redact(conninfo: str) -> str:
    """Mask the password in a URL (well-formed or not) or a keyword/value connection string."""
    if not _is_urlish(conninfo):
        return _KEYWORD_PASSWORD.sub(lambda m: m.group(1) + MASK, conninfo)
    span = _credential_span(conninfo)
    if span is not None:
        conninfo = conninfo[: span[0]] + MASK + conninfo[span[1] :]
    return _URL_QUERY_PASSWORD.sub(lambda m: m.group(1) + MASK, conninfo)


def password_of(conninfo: str) -> str | None:
    """The password written in a connection string, if any (used only to scrub messages)."""
    if not _is_urlish(conninfo):
        match = _KEYWORD_PASSWORD.search(conninfo)
        return match.group(2).strip("'") if match else None
    span = _credential_span(conninfo)
    if span is not None and span[1] > span[0]:
        return conninfo[span[0] : span[1]]
    match = _URL_QUERY_PASSWORD.search(conninfo)
    return match.group(2) if match and match.group(2) else None


def _secret_forms(password: str) -> list[str]:
    """The password as written, decoded and encoded, and its pieces libpq may show as a host, port or name."""
    forms = {password, unquote(password), quote(password, safe=""), quote(unquote(password), safe="")}
    for written in (password, unquote(password)):
        bounds = [0] + [m.end() for m in _FRAGMENT_DELIMITERS.finditer(written)]
        ends = [m.start() for m in _FRAGMENT_DELIMITERS.finditer(written)] + [len(written)]
        forms.update(written[b:e] for b in bounds for e in ends if e - b >= _MIN_FRAGMENT)
    return sorted((f for f in forms if f), key=len, reverse=True)


def scrub(text: str, conninfo: str) -> str:
    """Remove any trace of the connection string's password, or of a part of it, from a message."""
    password = password_of(conninfo)
    if password:
        for form in _secret_forms(password):
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
        ) from None  # not `from exc`: --debug would print the cause's unscrubbed text


def with_database(conninfo: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    from psycopg.conninfo import make_conninfo

    if conninfo.startswith(_URL_SCHEMES):
        parts = urlsplit(conninfo)
        return urlunsplit((parts.scheme, parts.netloc, "/" + quote(dbname), parts.query, parts.fragment))
    return make_conninfo(conninfo, dbname=dbname)


def resolve_target(flag_url: str | None, environ: Mapping[str, str], state_dir: Path) -> DatabaseTarget:
    """Flag, then DATABASE_URL, then libpq's PG* variables, else the embedded server (started on demand)."""
    target = explicit_target(flag_url, environ)
    if target is not None:
        return target
    from schemactl import embedded

    return DatabaseTarget(embedded.ensure_running(state_dir), TargetSource.EMBEDDED)
