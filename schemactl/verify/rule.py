"""Live rules: rules that only a live database can be judged by, and what they report."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from schemactl.lint.rule import Rule
from schemactl.migrations import PreparedMigration
from schemactl.snapshot.model import Snapshot
from schemactl.verify.settings import VerifySettings
from schemactl.verify.state import LiveState


class ObjectKind(StrEnum):
    DATABASE = "database"
    ROLE = "role"
    SCHEMA = "schema"
    EXTENSION = "extension"
    TABLE = "table"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized view"
    SEQUENCE = "sequence"
    FUNCTION = "function"
    TYPE = "type"
    COLLATION = "collation"
    STATISTICS = "statistics"
    AGGREGATE = "aggregate"
    OPERATOR = "operator"
    OPERATOR_FAMILY = "operator family"
    OPERATOR_CLASS = "operator class"
    CONVERSION = "conversion"
    TEXT_SEARCH_DICTIONARY = "text search dictionary"
    TEXT_SEARCH_CONFIGURATION = "text search configuration"
    POLICY = "policy"
    DEFAULT_PRIVILEGE = "default privilege"
    MIGRATION = "migration"


@dataclass(frozen=True)
class ObjectRef:
    """A database object by kind and name (schema-qualified where it has a schema)."""

    kind: ObjectKind
    name: str

    def __str__(self) -> str:
        return f"{self.kind.value} {self.name}"


@dataclass(frozen=True)
class LiveFinding:
    """A rule's verdict on one object; `near` are related objects whose migration may locate it
    when the object itself was not made by a migration (a login role: the role it may use)."""

    message: str
    subject: ObjectRef
    near: tuple[ObjectRef, ...] = ()
    # the kinds of statement that make the judged property (create, alter, grant, policy): the finding
    # points at the latest of them in sql/, else at the object's last change
    aspects: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifyContext:
    """What a live rule sees: the database as read, the project's files, the settings."""

    state: LiveState
    settings: VerifySettings
    migrations: Sequence[PreparedMigration]  # sql/, rendered
    committed: Snapshot | None  # the committed snapshot (None: there is none)
    snapshot_file: str  # where the committed snapshot is, as displayed


class LiveRule(Rule):
    """A rule over a live database. Documented like every rule (What it does / Why is this bad? /
    Example / Fix); `verify` yields one LiveFinding per offending object."""

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        return iter(())
