"""What verify reads from a live database: the snapshot of its schemas and the cluster-level facts
(roles, who can use which role, database privileges, role settings, extensions, the ledger)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from schemactl.migrations import AppliedMigration
from schemactl.snapshot.model import Snapshot


@dataclass(frozen=True)
class RoleInfo:
    name: str
    login: bool
    superuser: bool
    bypassrls: bool
    createrole: bool


@dataclass(frozen=True)
class RoleUse:
    """`member` can use `role`: it inherits its privileges, or may SET ROLE to it (directly or through
    a chain of memberships). A membership with only the ADMIN option is not use."""

    member: str
    role: str
    inherits: bool
    can_set: bool
    direct: bool  # a membership of its own, not only through other roles

    @property
    def how(self) -> str:
        ways = [
            w for w, yes in (("inherits its privileges", self.inherits), ("may SET ROLE to it", self.can_set)) if yes
        ]
        return " and ".join(ways) + ("" if self.direct else ", through another role")


@dataclass(frozen=True)
class LedgerState:
    """The ledger as read: its rows, or why it could not be read."""

    applied: tuple[AppliedMigration, ...] = ()
    exists: bool = True
    error: str | None = None  # e.g. permission denied


@dataclass(frozen=True)
class LiveState:
    database: str
    server_version: int  # server_version_num, e.g. 150012
    current_user: str
    snapshot: Snapshot
    roles: Mapping[str, RoleInfo]
    uses: tuple[RoleUse, ...]
    database_privileges: tuple[tuple[str, str], ...]  # (grantee or PUBLIC, privilege)
    role_settings: Mapping[str, Mapping[str, str]]  # role ('' for the database-wide ones) -> name -> value
    extensions: Mapping[str, str]  # name -> schema
    ledger: LedgerState = field(default_factory=LedgerState)

    def uses_of(self, role: str) -> list[RoleUse]:
        return [use for use in self.uses if use.role == role]

    def used_by(self, member: str) -> list[RoleUse]:
        return [use for use in self.uses if use.member == member]

    def effective_setting(self, role: str, name: str) -> str | None:
        """The value a session of `role` in this database starts with, from ALTER ROLE / ALTER DATABASE."""
        for scope in (f"{role}@database", role, ""):
            value = self.role_settings.get(scope, {}).get(name)
            if value is not None:
                return value
        return None
