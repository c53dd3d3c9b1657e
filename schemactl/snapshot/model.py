"""The snapshot model: every object of a schema set, by kind and identity, with its attributes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]
Attributes = Mapping[str, JsonValue]


class ObjectKind(StrEnum):
    """Kinds of catalog object, in the order reports list them."""

    SCHEMA = "schema"
    EXTENSION = "extension"
    ROLE = "role"
    DEFAULT_PRIVILEGE = "default_privilege"
    TYPE = "type"
    SEQUENCE = "sequence"
    TABLE = "table"
    COLUMN = "column"
    CONSTRAINT = "constraint"
    INDEX = "index"
    POLICY = "policy"
    VIEW = "view"
    FUNCTION = "function"
    TRIGGER = "trigger"


@dataclass(frozen=True)
class Snapshot:
    """A schema set as the catalog describes it: no OIDs, no positions, no timestamps."""

    schemas: tuple[str, ...]
    objects: Mapping[ObjectKind, Mapping[str, Attributes]]

    def count(self) -> int:
        return sum(len(by_identity) for by_identity in self.objects.values())

    def get(self, kind: ObjectKind, identity: str) -> Attributes | None:
        return self.objects.get(kind, {}).get(identity)
