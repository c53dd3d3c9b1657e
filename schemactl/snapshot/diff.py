"""The difference between two snapshots, as a value: objects added, removed, or changed attribute by attribute."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from schemactl.snapshot.model import Attributes, JsonValue, ObjectKind, Snapshot
from schemactl.snapshot.versions import VersionDifference, normalise

# Attributes a snapshot records only when its role may read them (null: not recorded); compared
# only when both sides recorded them. A user mapping's option keys need a superuser.
_RECORDED_ONLY_SOMETIMES = {ObjectKind.USER_MAPPING: frozenset({"option_keys"})}


class ChangeType(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class AttributeChange:
    """One attribute (a dotted path into nested objects) with its value before and after."""

    path: str
    before: JsonValue
    after: JsonValue


@dataclass(frozen=True)
class ObjectChange:
    kind: ObjectKind
    identity: str
    change: ChangeType
    attributes: tuple[AttributeChange, ...] = ()


@dataclass(frozen=True)
class SnapshotDiff:
    """`before` is the expected side (e.g. the committed snapshot), `after` the actual one."""

    changes: tuple[ObjectChange, ...]
    version_differences: tuple[VersionDifference, ...] = ()
    server_versions: tuple[int | None, int | None] = (None, None)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def count(self, change: ChangeType) -> int:
        return sum(1 for c in self.changes if c.change is change)


def diff_snapshots(before: Snapshot, after: Snapshot) -> SnapshotDiff:
    """Every object added, removed or changed; snapshots of different major versions are first
    normalised (see versions.py), and what cannot be is listed as a version difference."""
    versions = (before.server_version, after.server_version)
    before, after, version_differences = normalise(before, after)
    changes: list[ObjectChange] = []
    for kind in ObjectKind:
        old = before.objects.get(kind, {})
        new = after.objects.get(kind, {})
        if old == new:  # the common case, compared at C speed: nothing of the kind changed
            continue
        for identity in sorted(set(old) | set(new)):
            if identity not in new:
                changes.append(ObjectChange(kind, identity, ChangeType.REMOVED))
            elif identity not in old:
                changes.append(ObjectChange(kind, identity, ChangeType.ADDED))
            elif old[identity] != new[identity]:  # equal attributes (the common case) have no changes
                unrecorded = _unrecorded(kind, old[identity], new[identity])
                attributes = tuple(
                    a for a in _attribute_changes(old[identity], new[identity]) if a.path not in unrecorded
                )
                if attributes:
                    changes.append(ObjectChange(kind, identity, ChangeType.CHANGED, attributes))
    return SnapshotDiff(tuple(changes), version_differences, versions)


def diff_with_file_text(text: bytes, source: Path, after: Snapshot) -> SnapshotDiff:
    """diff_snapshots() of the snapshot file `source` (its bytes `text`) and `after`. When the file
    is exactly what `after` is written as - a drift check that finds none - there is nothing to
    parse or compare: writing `after` costs a fraction of reading the file."""
    from schemactl.snapshot.serialize import from_json, to_json_bytes

    if text == to_json_bytes(after):
        return SnapshotDiff((), (), (after.server_version, after.server_version))
    return diff_snapshots(from_json(text, source), after)


def _unrecorded(kind: ObjectKind, before: Attributes, after: Attributes) -> frozenset[str]:
    sometimes = _RECORDED_ONLY_SOMETIMES.get(kind, frozenset())
    return frozenset(key for key in sometimes if before.get(key) is None or after.get(key) is None)


def _attribute_changes(before: Attributes, after: Attributes, prefix: str = "") -> Iterator[AttributeChange]:
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        path = f"{prefix}{key}"
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            yield from _attribute_changes(old, new, prefix=f"{path}.")
        elif old != new:
            yield AttributeChange(path, old, new)
