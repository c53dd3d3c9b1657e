"""Read a snapshot from the catalog: one set-based query per object kind, kept as .sql files."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

from schemactl.errors import ConfigError, SchemactlError
from schemactl.snapshot.model import Attributes, JsonValue, ObjectKind, Snapshot
from schemactl.snapshot.serialize import json_loads

if TYPE_CHECKING:
    import psycopg
    from psycopg.abc import Buffer
    from psycopg.adapt import Loader

LEDGER_SCHEMA = "schemactl"
_QUERIES_DIR = Path(__file__).parent / "queries"

_QUERY_FILE = {
    ObjectKind.SCHEMA: "schemas.sql",
    ObjectKind.EXTENSION: "extensions.sql",
    ObjectKind.TYPE: "types.sql",
    ObjectKind.SEQUENCE: "sequences.sql",
    ObjectKind.TABLE: "tables.sql",
    ObjectKind.COLUMN: "columns.sql",
    ObjectKind.CONSTRAINT: "constraints.sql",
    ObjectKind.INDEX: "indexes.sql",
    ObjectKind.POLICY: "policies.sql",
    ObjectKind.VIEW: "views.sql",
    ObjectKind.FUNCTION: "functions.sql",
    ObjectKind.TRIGGER: "triggers.sql",
    ObjectKind.DEFAULT_PRIVILEGE: "default_privileges.sql",
    ObjectKind.ROLE: "roles.sql",
    ObjectKind.DATABASE: "databases.sql",
    ObjectKind.COLLATION: "collations.sql",
    ObjectKind.STATISTICS: "statistics.sql",
    ObjectKind.RULE: "rules.sql",
    ObjectKind.AGGREGATE: "aggregates.sql",
    ObjectKind.EVENT_TRIGGER: "event_triggers.sql",
    ObjectKind.OPERATOR: "operators.sql",
    ObjectKind.OPERATOR_FAMILY: "operator_families.sql",
    ObjectKind.OPERATOR_CLASS: "operator_classes.sql",
    ObjectKind.CAST: "casts.sql",
    ObjectKind.LANGUAGE: "languages.sql",
    ObjectKind.ACCESS_METHOD: "access_methods.sql",
    ObjectKind.CONVERSION: "conversions.sql",
    ObjectKind.TEXT_SEARCH_PARSER: "text_search_parsers.sql",
    ObjectKind.TEXT_SEARCH_TEMPLATE: "text_search_templates.sql",
    ObjectKind.TEXT_SEARCH_DICTIONARY: "text_search_dictionaries.sql",
    ObjectKind.TEXT_SEARCH_CONFIGURATION: "text_search_configurations.sql",
    ObjectKind.PUBLICATION: "publications.sql",
    ObjectKind.FOREIGN_DATA_WRAPPER: "foreign_data_wrappers.sql",
    ObjectKind.FOREIGN_SERVER: "foreign_servers.sql",
    ObjectKind.USER_MAPPING: "user_mappings.sql",
}

# Settings that change how the catalog functions print SQL: which names they qualify
# (search_path), how they write literals (dates, intervals, bytea, strings) and identifiers.
# Pinned while the snapshot is taken, so that it does not depend on the session, the role's or
# the database's defaults: every user object is printed schema-qualified.
PINNED_SETTINGS: Mapping[str, str] = {
    "search_path": "pg_catalog",
    "TimeZone": "UTC",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
    "standard_conforming_strings": "on",
    "quote_all_identifiers": "off",
}

_DEFAULT_SCHEMAS = """
SELECT nspname FROM pg_catalog.pg_namespace
WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' AND nspname <> 'schemactl'
ORDER BY 1
"""


@cache
def catalog_query(kind: ObjectKind) -> str:
    """The text of the catalog query for one kind of object, with its fragments expanded."""
    return expand_privileges(_query_text(_QUERY_FILE[kind]))


def _query_text(*parts: str) -> str:
    # Next to this module (installed as package data): read as plain files, without the 10 ms
    # that importing importlib.resources costs.
    return _QUERIES_DIR.joinpath(*parts).read_text(encoding="utf-8")


@cache
def _privileges_fragment() -> str:
    return _query_text("fragments", "privileges_json.sql").strip()


def expand_privileges(query: str) -> str:
    """Replace each `privileges_json(<acl expression>)` by the shared fragment that turns an ACL
    into {grantee: [privileges]}: written once in queries/fragments/privileges_json.sql."""
    fragment = _privileges_fragment()
    marker = "privileges_json("
    while (start := query.find(marker)) >= 0:
        depth, end = 1, start + len(marker)
        while depth:
            depth += {"(": 1, ")": -1}.get(query[end], 0)
            end += 1
        acl = query[start + len(marker) : end - 1]
        query = query[:start] + fragment.replace("ACL", acl) + query[end:]
    return query


def introspect(
    conn: psycopg.Connection[tuple[object, ...]],
    schemas: Sequence[str] = (),
    *,
    connect_again: Callable[[], psycopg.Connection[tuple[object, ...]]] | None = None,
) -> Snapshot:
    """Snapshot the given schemas (default: every user schema except the ledger's, and the
    database-wide kinds, which are left out when schemas are chosen).

    Runs in one transaction (a savepoint if one is open) with PINNED_SETTINGS; the session's own
    values are back when it returns. With `connect_again` (a way to open another session to the
    same database) and `conn` outside a transaction, the queries are shared between two sessions
    that run at the same time and read one exported snapshot (REPEATABLE READ, as `pg_dump -j`
    does); when the second session cannot be had, the first one reads everything.
    """
    own_transaction = _is_idle(conn)  # else a savepoint, after which the settings are put back
    if connect_again is not None and own_transaction:
        second = _SecondSession(connect_again)
        second.start()  # it connects while this session begins
        try:
            with conn.transaction():
                conn.execute(_REPEATABLE_READ)
                second.snapshot_id = _export_snapshot(conn)
                return _introspect(conn, schemas, second, restore=False)
        except _CannotExportError:  # the transaction was rolled back: read everything in one session
            pass
        finally:
            second.finish()
    with conn.transaction():
        return _introspect(conn, schemas, None, restore=not own_transaction)


def _introspect(
    conn: psycopg.Connection[tuple[object, ...]],
    schemas: Sequence[str],
    second: _SecondSession | None,
    *,
    restore: bool,
) -> Snapshot:
    with _pinned_settings(conn, restore=restore):
        chosen = _choose_schemas(conn, schemas)
        version = server_major_version(conn)
        params = {"schemas": list(chosen), "whole": not schemas}
        kinds = [kind for kind in _QUERY_FILE if kind is not ObjectKind.ROLE]
        floats = _Floats()
        if second is None:
            objects = _run_all(conn, kinds, params, floats)
        else:
            objects = _run_shared(conn, second, kinds, params, floats)
        roles = sorted(referenced_roles(objects))
        objects[ObjectKind.ROLE] = _run(conn, ObjectKind.ROLE, {"roles": roles}, floats)
    return Snapshot(
        schemas=tuple(chosen),
        objects={kind: objects[kind] for kind in ObjectKind},
        server_version=version,
        may_hold_floats=floats.seen,
    )


def server_major_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The server's major version (15, 16, 18, ...), from server_version_num."""
    return conn.info.server_version // 10000


@contextmanager
def _pinned_settings(conn: psycopg.Connection[tuple[object, ...]], *, restore: bool) -> Iterator[None]:
    """Set PINNED_SETTINGS for the current transaction. With `restore` (in a savepoint, whose
    release keeps them), put the previous values back on success; on failure the savepoint is
    rolled back, which restores them anyway, and a transaction's end drops them."""
    names, values = list(PINNED_SETTINGS), list(PINNED_SETTINGS.values())
    previous = (
        [
            str(row[0])
            for row in conn.execute(
                "SELECT pg_catalog.current_setting(name) FROM unnest(%s::text[]) WITH ORDINALITY AS s (name, n)"
                " ORDER BY n",
                (names,),
            ).fetchall()
        ]
        if restore
        else []
    )
    _set_local(conn, names, values)
    yield
    if restore:
        _set_local(conn, names, previous)


def _set_local(conn: psycopg.Connection[tuple[object, ...]], names: list[str], values: list[str]) -> None:
    conn.execute(
        "SELECT pg_catalog.set_config(name, value, true) FROM unnest(%s::text[], %s::text[]) AS s (name, value)",
        (names, values),
    )


def _choose_schemas(conn: psycopg.Connection[tuple[object, ...]], schemas: Sequence[str]) -> list[str]:
    if not schemas:
        return [str(row[0]) for row in conn.execute(_DEFAULT_SCHEMAS).fetchall()]
    if LEDGER_SCHEMA in schemas:
        raise ConfigError(f"the ledger schema {LEDGER_SCHEMA!r} is never part of a snapshot")
    known = {str(row[0]) for row in conn.execute("SELECT nspname FROM pg_catalog.pg_namespace").fetchall()}
    missing = sorted(set(schemas) - known)
    if missing:
        raise ConfigError(f"schema(s) not found in the database: {', '.join(missing)}")
    return sorted(set(schemas))


class _Floats:
    """Whether any value read may be a float: a JSON text with a number (after ':', '[' or ',')
    that has a '.', 'e' or 'E' (inside a string, ', 1.5' counts too), or a column of a
    floating-point or numeric type. Without any, the JSON writer need not look for the floats it
    would lay out differently."""

    def __init__(self) -> None:
        self.seen = False

    def loader(self) -> type[Loader]:
        """A psycopg loader of json and jsonb values with _json_loads(); the empty object and
        array (the privileges of most columns, the options of most tables) without parsing them."""
        from psycopg.adapt import Loader

        floats = self

        class JsonLoader(Loader):
            def load(self, data: Buffer) -> JsonValue:
                if data == b"{}":
                    return {}
                if data == b"[]":
                    return []
                if not floats.seen and _MAYBE_FLOAT.search(data) is not None:
                    floats.seen = True
                return _json_loads(data)

        return JsonLoader


_MAYBE_FLOAT = re.compile(rb"[:\[,] *-?[0-9]+[.eE]")
_FLOAT_TYPES = frozenset({700, 701, 1700})  # real, double precision, numeric


def _run_all(
    conn: psycopg.Connection[tuple[object, ...]],
    kinds: Sequence[ObjectKind],
    params: Mapping[str, object],
    floats: _Floats,
) -> dict[ObjectKind, dict[str, Attributes]]:
    """Run the queries of `kinds` in one pipeline: all are sent before the first result is read,
    so the server works through them without waiting for a round trip each."""
    loader = floats.loader()
    cursors = []
    with conn.pipeline():
        for kind in kinds:
            cursor = conn.cursor()
            cursor.adapters.register_loader("json", loader)
            cursor.adapters.register_loader("jsonb", loader)
            cursors.append((kind, cursor.execute(catalog_query(kind).encode("utf-8"), params)))
    objects = {kind: _by_identity(cursor) for kind, cursor in cursors}
    if any(column.type_code in _FLOAT_TYPES for _, cursor in cursors for column in cursor.description or ()):
        floats.seen = True
    return objects


# The kinds read by the second session, when there is one: those whose deparsing opens each table
# (pg_get_indexdef, pg_get_constraintdef of a CHECK, pg_get_expr of a policy or a rule: each builds
# the table's relation cache entry, a large part of a new session's work), so that one session
# only pays for it; about half of the work.
_SECOND_SESSION_KINDS = frozenset(
    {
        ObjectKind.INDEX,
        ObjectKind.CONSTRAINT,
        ObjectKind.POLICY,
        ObjectKind.TRIGGER,
        ObjectKind.RULE,
        ObjectKind.VIEW,
        ObjectKind.STATISTICS,
    }
)
_REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f-]+")


def _is_idle(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    from psycopg.pq import TransactionStatus

    return conn.info.transaction_status == TransactionStatus.IDLE


class _CannotExportError(Exception):
    """The server did not export a snapshot (the first statement of the transaction)."""


def _export_snapshot(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    import psycopg

    try:
        row = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()
    except psycopg.Error as exc:
        raise _CannotExportError from exc
    snapshot_id = str(row[0]) if row is not None else ""
    if _SNAPSHOT_ID.fullmatch(snapshot_id) is None:  # it is written into a statement
        raise _CannotExportError
    return snapshot_id


def _run_shared(
    conn: psycopg.Connection[tuple[object, ...]],
    second: _SecondSession,
    kinds: Sequence[ObjectKind],
    params: Mapping[str, object],
    floats: _Floats,
) -> dict[ObjectKind, dict[str, Attributes]]:
    """_run_all() of `kinds`, shared between `conn` and the second session. `conn`'s transaction
    stays open until the second session is done, so that the snapshot is there to import."""
    second.kinds = [kind for kind in kinds if kind in _SECOND_SESSION_KINDS]
    second.params = params
    second.floats = floats
    second.release()
    objects = _run_all(conn, [kind for kind in kinds if kind not in _SECOND_SESSION_KINDS], params, floats)
    second.join()
    if second.error is not None:
        raise second.error
    objects.update(second.objects if second.objects is not None else _run_all(conn, second.kinds, params, floats))
    return objects


class _SecondSession(threading.Thread):
    """A second session, connected as soon as it starts; once released, it reads `kinds` on the
    snapshot `snapshot_id` (nothing if released without either). `objects` stays None if it
    could not connect (the first session then reads them); any other failure is kept in `error`."""

    def __init__(self, connect_again: Callable[[], psycopg.Connection[tuple[object, ...]]]) -> None:
        super().__init__(name="schemactl-snapshot-second-session")
        self.connect_again = connect_again
        self.snapshot_id = ""
        self.kinds: Sequence[ObjectKind] = ()
        self.params: Mapping[str, object] = {}
        self.floats = _Floats()
        self.objects: dict[ObjectKind, dict[str, Attributes]] | None = None
        self.error: BaseException | None = None
        self._released = threading.Event()

    def release(self) -> None:
        """Let it read what it was given (without a snapshot or kinds: close and end)."""
        self._released.set()

    def finish(self) -> None:
        self.release()
        self.join()

    def run(self) -> None:
        try:
            second = self.connect_again()
        except SchemactlError:
            self._released.wait()
            return
        with closing(second):
            self._released.wait()
            if not self.snapshot_id or not self.kinds:
                return
            try:
                with second.transaction():
                    second.execute(_REPEATABLE_READ)
                    second.execute(f"SET TRANSACTION SNAPSHOT '{self.snapshot_id}'".encode())
                    _set_local(second, list(PINNED_SETTINGS), list(PINNED_SETTINGS.values()))
                    self.objects = _run_all(second, self.kinds, self.params, self.floats)
            except BaseException as exc:  # re-raised in the first session's thread
                self.error = exc


def _json_loads(data: bytes | bytearray | memoryview | str) -> JsonValue:
    """json.loads, the same values, faster (see json_loads)."""
    return cast(JsonValue, json_loads(data if isinstance(data, str | bytes) else bytes(data)))


def _by_identity(cursor: psycopg.Cursor[tuple[object, ...]]) -> dict[str, Attributes]:
    """The rows of a catalog query by identity. A query returns either (identity, attributes) with
    the attributes as one JSON object, or the identity followed by one column per attribute, named
    after it: the form of the kinds with many rows, which spares the server building a JSON
    object per row and the client parsing it."""
    rows = cursor.fetchall()
    description = cursor.description or ()
    if len(description) == 2 and description[1].name == "attributes":
        return {str(identity): cast(Attributes, attributes) for identity, attributes in rows}
    names = tuple(column.name for column in description[1:])
    return {str(row[0]): dict(zip(names, cast(tuple[JsonValue, ...], row[1:]), strict=False)) for row in rows}


def _run(
    conn: psycopg.Connection[tuple[object, ...]],
    kind: ObjectKind,
    params: Mapping[str, object],
    floats: _Floats | None = None,
) -> dict[str, Attributes]:
    """One catalog query on its own, read like those of _run_all()."""
    return _run_all(conn, [kind], params, floats or _Floats())[kind]


def referenced_roles(objects: Mapping[ObjectKind, Mapping[str, Attributes]]) -> set[str]:
    """Owners, grantees, policy roles and the roles of default privileges named anywhere in the
    objects; PUBLIC is not a role. (A plain loop: it sees tens of thousands of objects.)"""
    names: set[str] = set()
    for by_identity in objects.values():
        for attributes in by_identity.values():
            for key in _ROLE_KEYS:
                value = attributes.get(key)
                if isinstance(value, str):
                    names.add(value)
            privileges = attributes.get("privileges")
            if privileges and isinstance(privileges, dict):
                names.update(privileges)
            roles = attributes.get("roles")
            if roles and isinstance(roles, list):
                names.update(role for role in roles if isinstance(role, str))
    names.discard("PUBLIC")
    return names


# The FOR ROLE of a default privilege, and a user mapping's user, are roles too.
_ROLE_KEYS = ("owner", "role", "user")
