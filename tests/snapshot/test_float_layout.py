"""Floats in a snapshot (a function's COST or ROWS) are laid out as the json module writes them; the
writer skips its search for such floats only when the catalog read says none can be there."""

from __future__ import annotations

import json
from contextlib import closing

import psycopg

from schemactl.snapshot.inspect import introspect
from schemactl.snapshot.model import ObjectKind
from schemactl.snapshot.serialize import FORMAT, to_json
from tests.snapshot.support import execute


def _json_module_text(url: str) -> tuple[str, str, bool]:
    with closing(psycopg.connect(url, autocommit=True)) as conn:
        snapshot = introspect(conn)
    document = {
        "format": FORMAT,
        "server_version": snapshot.server_version,
        "schemas": list(snapshot.schemas),
        "objects": {kind.value: dict(snapshot.objects.get(kind, {})) for kind in ObjectKind},
    }
    return (
        to_json(snapshot),
        json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        (snapshot.may_hold_floats),
    )


def test_a_tiny_float_is_written_as_json_writes_it(database_url: str) -> None:
    execute(
        database_url,
        "CREATE SCHEMA app; CREATE FUNCTION app.cheap() RETURNS SETOF integer LANGUAGE sql"
        " COST 0.00001 ROWS 0.00002 RETURN 1",
    )
    written, expected, may_hold_floats = _json_module_text(database_url)
    assert may_hold_floats
    assert written == expected
    assert '"cost": 1e-05' in written


def test_a_snapshot_without_floats_is_known_to_have_none(database_url: str) -> None:
    execute(database_url, "CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY, name text)")
    written, expected, may_hold_floats = _json_module_text(database_url)
    assert not may_hold_floats
    assert written == expected
