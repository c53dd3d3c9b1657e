"""Snapshots as deterministic JSON: sorted keys, fixed layout, no timestamps, one trailing newline."""

from __future__ import annotations

import json
from pathlib import Path

from schemactl.errors import ConfigError
from schemactl.snapshot.model import Attributes, ObjectKind, Snapshot

FORMAT = "schemactl.snapshot/2"
# Format 1 had fewer kinds and no server version: still read (its missing kinds show as added).
READABLE_FORMATS = ("schemactl.snapshot/1", FORMAT)


def to_json(snapshot: Snapshot) -> str:
    document = {
        "format": FORMAT,
        "server_version": snapshot.server_version,
        "schemas": list(snapshot.schemas),
        "objects": {kind.value: dict(snapshot.objects.get(kind, {})) for kind in ObjectKind},
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def from_json(text: str, source: Path) -> Snapshot:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"snapshot is not valid JSON: {exc.msg}", file=source, line=exc.lineno) from exc
    if not isinstance(document, dict) or document.get("format") not in READABLE_FORMATS:
        raise ConfigError(
            f"not a schemactl snapshot (expected format {FORMAT!r})",
            file=source,
            hint="write it with: schemactl snapshot --from-sql",
        )
    raw_objects = document.get("objects", {})
    objects: dict[ObjectKind, dict[str, Attributes]] = {}
    for kind in ObjectKind:
        by_identity = raw_objects.get(kind.value, {})
        if not isinstance(by_identity, dict):
            raise ConfigError(f"objects.{kind.value} must be an object", file=source)
        objects[kind] = by_identity
    version = document.get("server_version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ConfigError("server_version must be a major version number such as 18", file=source)
    return Snapshot(schemas=tuple(document.get("schemas", [])), objects=objects, server_version=version)


def read_snapshot(path: Path) -> Snapshot:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"snapshot file not found: {path}",
            file=path,
            hint="write it with: schemactl snapshot --from-sql",
        ) from exc
    return from_json(text, path)


def write_snapshot(snapshot: Snapshot, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(to_json(snapshot), encoding="utf-8")
    temporary.replace(path)
