"""The snapshot's JSON writer and the catalog's jsonb reader give exactly what the json module gives."""

from __future__ import annotations

import json

import pytest

from schemactl.snapshot.inspect import _json_loads
from schemactl.snapshot.model import Attributes, ObjectKind, Snapshot
from schemactl.snapshot.serialize import FORMAT, from_json, to_json

# Values that a JSON writer can lay out differently: escapes, non-ASCII, key order by code point
# (not by UTF-8 bytes or length), empty containers, nesting, floats, and integers beyond 64 bits.
AWKWARD: Attributes = {
    "comment": 'tab\there, newline\n, NUL \x00, unit sep \x1f, DEL \x7f, quote " and backslash \\ /',
    "unicode": "é ß € 😀 \u2028 \u2029",
    "é": 1,
    "Z": [],
    "a": {},
    "b": {"nested": [1, [2, {}], None, True, False]},
    "floats": [0.1 + 0.2, 1.5, -0.0, 1e20, 1e-7, 123456789.125],
    "ints": [0, -1, 2**63 - 1, -(2**63), 2**64 - 1],
    "z\u00ff": "last but one",
    "z\U0001f600": "last",
}


def _reference(snapshot: Snapshot) -> str:
    document = {
        "format": FORMAT,
        "server_version": snapshot.server_version,
        "schemas": list(snapshot.schemas),
        "objects": {kind.value: dict(snapshot.objects.get(kind, {})) for kind in ObjectKind},
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "attributes",
    [AWKWARD, {"huge": 2**70, "negative huge": -(2**70)}, {}],
    ids=["awkward", "beyond-64-bits", "empty"],
)
def test_to_json_is_byte_identical_to_json_dumps(attributes: Attributes) -> None:
    snapshot = Snapshot(
        schemas=("app", "ünïcode"),
        objects={ObjectKind.TABLE: {"app.t": attributes, "app.Ä": {"x": 1}}, ObjectKind.ROLE: {}},
        server_version=18,
    )
    text = to_json(snapshot)
    assert text == _reference(snapshot)
    assert text.endswith("}\n")


def test_to_json_reads_back() -> None:
    from pathlib import Path

    snapshot = Snapshot(schemas=("app",), objects={ObjectKind.COLUMN: {"app.t.c": AWKWARD}}, server_version=15)
    assert from_json(to_json(snapshot), Path("schema.json")).objects[ObjectKind.COLUMN]["app.t.c"] == AWKWARD


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(AWKWARD, ensure_ascii=False),
        json.dumps(AWKWARD),  # \u escapes
        '{"big": 123456789012345678901234567890, "neg": -9223372036854775809}',
        '{"digits in a string": "1234567890123456789012", "n": 1}',
        '{"inf": 1e400}',
        "[]",
        "null",
    ],
)
def test_json_loads_gives_the_json_modules_values(text: str) -> None:
    expected = json.loads(text)
    for data in (text, text.encode("utf-8")):
        value = _json_loads(data)
        assert value == expected
        assert json.dumps(value) == json.dumps(expected)  # same types: an int stays an int


@pytest.mark.parametrize("value", [1e-05, 1.5e-07, -2.5e-09, 1.0000000000000001e-300, 1e16, 1e300, 0.0001, 0.00012])
def test_to_json_writes_small_and_large_floats_like_json_dumps(value: float) -> None:
    snapshot = Snapshot(schemas=(), objects={ObjectKind.FUNCTION: {"f": {"cost": value, "x": "e-1 0.0000"}}})
    assert to_json(snapshot) == _reference(snapshot)
