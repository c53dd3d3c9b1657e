"""Snapshots as deterministic JSON: sorted keys, fixed layout, no timestamps, one trailing newline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

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
    if not text or (snapshot.may_hold_floats and _maybe_float_layout(text)):  # the same text, slower
        text = (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    return text


# Floats are the one value the two write differently: json writes 1e-05 and 1e-07 where orjson
# writes 0.00001 and 1e-7 (only below 1e-4; orjson always signs an exponent). Any text that might
# hold such a float - a digit, e-/e+ and a digit, or 0.0000 - is written by json instead (a match
# inside a string only costs the slower path). The pattern starts with a literal, which the regular
# expression engine looks for quickly; the digit before it is checked for each match.
_DIGITS = frozenset(b"0123456789")
_EXPONENT = re.compile(rb"e[-+][0-9]")


def _maybe_float_layout(text: bytes) -> bool:
    for match in _EXPONENT.finditer(text):
        at = match.start()
        if at > 0 and text[at - 1] in _DIGITS:
            return True
    return b"0.0000" in text


def from_json(text: str | bytes, source: Path) -> Snapshot:
    try:
        document = json_loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"snapshot is not valid JSON: {exc.msg}", file=source, line=exc.lineno) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"snapshot is not UTF-8 text: {exc.reason}", file=source) from exc
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


def json_loads(text: str | bytes) -> Any:
    """json.loads(text), the same values, faster: by orjson where it reads the document exactly
    like json - when no run of nineteen digits (an integer beyond 64 bits, which orjson reads as a
    float) is in it, and when it parses (json also takes NaN, Infinity and lone surrogates, and
    names the line of an error)."""
    import orjson

    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    # Every digit made 0, then a search for nineteen 0s: several times faster than a regular expression.
    if len(raw) < len(_LONG_DIGITS) or _LONG_DIGITS not in raw.translate(_DIGITS_AS_ZERO):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_LONG_DIGITS = b"0" * 19


def read_snapshot_bytes(path: Path) -> bytes:
    """The text of a snapshot file, unparsed; a ConfigError if there is none."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(
            f"snapshot file not found: {path}",
            file=path,
            hint="write it with: schemactl snapshot --from-sql",
        ) from exc


def read_snapshot(path: Path) -> Snapshot:
    return from_json(read_snapshot_bytes(path), path)


def write_snapshot(snapshot: Snapshot, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(to_json_bytes(snapshot))
    temporary.replace(path)
