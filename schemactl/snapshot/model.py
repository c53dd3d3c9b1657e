"""The snapshot model: every object of a schema set, by kind and identity, with its attributes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]
Attributes = Mapping[str, JsonValue]


class ObjectKind(StrEnum):
    """Kinds of catalog object, in the order reports list them."""

    DATABASE = "database"
    SCHEMA = "schema"
    EXTENSION = "extension"
    LANGUAGE = "language"
    ACCESS_METHOD = "access_method"
    ROLE = "role"
    DEFAULT_PRIVILEGE = "default_privilege"
    COLLATION = "collation"
    TYPE = "type"
    SEQUENCE = "sequence"
    TABLE = "table"
    COLUMN = "column"
    CONSTRAINT = "constraint"
    INDEX = "index"
    STATISTICS = "statistics"
    POLICY = "policy"
    RULE = "rule"
    VIEW = "view"
    FUNCTION = "function"
    AGGREGATE = "aggregate"
    TRIGGER = "trigger"
    EVENT_TRIGGER = "event_trigger"
    OPERATOR = "operator"
    OPERATOR_FAMILY = "operator_family"
    OPERATOR_CLASS = "operator_class"
    CAST = "cast"
    CONVERSION = "conversion"
    TEXT_SEARCH_PARSER = "text_search_parser"
    TEXT_SEARCH_TEMPLATE = "text_search_template"
    TEXT_SEARCH_DICTIONARY = "text_search_dictionary"
    TEXT_SEARCH_CONFIGURATION = "text_search_configuration"
    PUBLICATION = "publication"
    FOREIGN_DATA_WRAPPER = "foreign_data_wrapper"
    FOREIGN_SERVER = "foreign_server"
    USER_MAPPING = "user_mapping"


# Kinds that belong to the database rather than to a schema: in a snapshot only when no --schema
# is given (casts are kept with --schema when their types or function are in a chosen schema).
DATABASE_WIDE_KINDS = frozenset(
    {
        ObjectKind.DATABASE,
        ObjectKind.LANGUAGE,
        ObjectKind.ACCESS_METHOD,
        ObjectKind.EVENT_TRIGGER,
        ObjectKind.PUBLICATION,
        ObjectKind.FOREIGN_DATA_WRAPPER,
        ObjectKind.FOREIGN_SERVER,
        ObjectKind.USER_MAPPING,
    }
)


@dataclass(frozen=True)
class Snapshot:
    """A schema set as the catalog describes it: no OIDs, no positions, no timestamps.

    `server_version` is the major version of the server it was read from (None: not recorded, a
    snapshot written before versions were); the diff normalises what differs only by version.
    """

    schemas: tuple[str, ...]
    objects: Mapping[ObjectKind, Mapping[str, Attributes]]
    server_version: int | None = None
    # False when the values are known to hold no float (the catalog read says so): the JSON writer
    # then skips its search for the floats that orjson lays out differently. Not part of the value.
    may_hold_floats: bool = field(default=True, compare=False, repr=False)

    def count(self) -> int:
        return sum(len(by_identity) for by_identity in self.objects.values())

    def get(self, kind: ObjectKind, identity: str) -> Attributes | None:
        return self.objects.get(kind, {}).get(identity)
