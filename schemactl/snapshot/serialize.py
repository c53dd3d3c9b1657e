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
    """The snapshot as text: what `json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)`
    writes, plus a newline; written by orjson's C encoder, which lays it out the same (2-space
    indent, ": " and "," separators, keys in code-point order, UTF-8 unescaped, "{}" and "[]"
    for empty containers) in a fraction of the time; what it would write otherwise (see
    _maybe_float_layout) is written by the json module."""
    return to_json_bytes(snapshot).decode("utf-8")


def to_json_bytes(snapshot: Snapshot) -> bytes:
    """to_json() as UTF-8 bytes, without decoding them first: what write_snapshot() writes."""
    import orjson

    document = {
        "format": FORMAT,
        "server_version": snapshot.server_version,
        "schemas": list(snapshot.schemas),
        "objects": {kind.value: dict(snapshot.objects.get(kind, {})) for kind in ObjectKind},
    }
    try:
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # what orjson does not take (an integer beyond 64 bits)
        text = b""
    if not text or _maybe_float_layout(text):  # the same text, slower
        text = (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    return text


# Floats are the one value the two write differently: json writes 1e-05 and 1e-07 where orjson
# writes 0.00001 and 1e-7 (only below 1e-4; orjson always signs an exponent). Any text that might
# hold such a float - a digit, e-/e+ and a digit, or 0.0000 - is written by json instead (a match
# inside a string only costs the slower path). Searched with bytes.find: a regular expression
# without a literal to start from takes a hundred times longer on a large snapshot.
_DIGITS = frozenset(b"0123456789")


def _maybe_float_layout(text: bytes) -> bool:
    for marker in (b"e-", b"e+"):
        at = text.find(marker)
        while at >= 0:
            if at > 0 and text[at - 1] in _DIGITS and text[at + 2 : at + 3].isdigit():
                return True
            at = text.find(marker, at + 1)
    return b"0.0000" in text


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
    temporary.write_bytes(to_json_bytes(snapshot))
    temporary.replace(path)
