"""Hostile sessions: what an attacker with an application login can run.

A hostile session is a LOGIN role that is a member of app_rw, app_ro or app_admin (it inherits the
group's privileges, as a service's login does), connected on its own, with the tenant context set
correctly to its own tenant. Nothing is done for it with SET ROLE or by a superuser.

Roles are cluster-wide: every login created here is dropped at the end of the test, with whatever
it was granted in the test database (DROP OWNED BY), whatever happens.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

Conn = psycopg.Connection[tuple[Any, ...]]

# Waits in hostile tests are bounded so that a regression fails instead of hanging; never asserted on.
LOCK_TIMEOUT = "2s"


class HostileLogins:
    """Creates login roles in one database's cluster and opens sessions as them."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.logins: list[str] = []
        self.connections: list[Conn] = []

    def login(self, member_of: str) -> str:
        """A new LOGIN role, member of `member_of` (an application role, or migration_owner)."""
        name = f"hostile_{member_of}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(sql.Identifier(name), sql.Identifier(member_of))
            )
        self.logins.append(name)
        return name

    def connect(self, login: str, tenant: uuid.UUID | str | None, *, autocommit: bool = True) -> Conn:
        """A session of `login` with app.current_tenant_id set (session-wide) unless `tenant` is None."""
        conn: Conn = psycopg.connect(make_conninfo(self.url, user=login), autocommit=autocommit)
        self.connections.append(conn)
        conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
        if tenant is not None:
            conn.execute("SELECT set_config('app.current_tenant_id', %s, false)", (str(tenant),))
        if not autocommit:
            conn.commit()
        return conn

    def session(self, member_of: str, tenant: uuid.UUID | str | None, *, autocommit: bool = True) -> Conn:
        """A session of a new login of `member_of`."""
        return self.connect(self.login(member_of), tenant, autocommit=autocommit)

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        with psycopg.connect(self.url, autocommit=True) as admin:
            for name in self.logins:
                role = sql.Identifier(name)
                admin.execute(sql.SQL("DROP OWNED BY {}").format(role))  # grants in this database
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(role))


@contextmanager
def hostile_logins(url: str) -> Iterator[HostileLogins]:
    logins = HostileLogins(url)
    try:
        yield logins
    finally:
        logins.close()


def grant_temporary(url: str, login: str) -> None:
    """TEMPORARY on the test database for one login (a grant by hand that the schema does not make)."""
    with psycopg.connect(url, autocommit=True) as admin:
        database = admin.execute("SELECT current_database()").fetchone()
        assert database is not None
        admin.execute(
            sql.SQL("GRANT TEMPORARY ON DATABASE {} TO {}").format(sql.Identifier(database[0]), sql.Identifier(login))
        )
