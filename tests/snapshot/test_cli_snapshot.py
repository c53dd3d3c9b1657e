"""`schemactl snapshot`: the file it writes, its exit codes, its text and JSON diffs, --from-sql,
--against and --schema, run in-process against real databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemactl.database import redact
from schemactl.snapshot.model import ObjectKind
from schemactl.snapshot.serialize import read_snapshot, to_json
from tests.cli.helpers import LEDGER, apply, describe, error_lines, in_project, table_exists
from tests.conftest import Project
from tests.snapshot.support import execute, scratch_database, snapshot_of, throwaway_databases

BASE = "CREATE TABLE t (a integer, b integer, CONSTRAINT t_a_check CHECK (a > 0)); CREATE INDEX x ON t (a);"
# Against BASE: one object added, one removed, one changed.
DRIFT = "CREATE TABLE u (); ALTER TABLE t DROP CONSTRAINT t_a_check; DROP INDEX x; CREATE INDEX x ON t (b);"


def _snapshot(project: Project, url: str, *extra: str) -> Any:
    return in_project(project.root, "snapshot", "--database-url", url, *extra)


def _committed(project: Project, url: str) -> Path:
    """Write the database's snapshot to the default place, snapshots/schema.json."""
    result = _snapshot(project, url, "--force")
    assert result.exit_code == 0, describe(result)
    return project.root / "snapshots" / "schema.json"


def _document(stdout: str) -> dict[str, Any]:
    document = json.loads(stdout)
    assert isinstance(document, dict)
    return document


def test_snapshot_writes_the_file_and_says_so(project: Project, database_url: str) -> None:
    execute(database_url, BASE)
    target = project.root / "out" / "s.json"

    result = _snapshot(project, database_url, "--force", "--snapshot", str(target))
    short = _snapshot(project, database_url, "--force", "-o", str(project.root / "short.json"))
    default = _committed(project, database_url)

    assert result.exit_code == 0, describe(result)
    written = target.read_text(encoding="utf-8")
    assert written == to_json(snapshot_of(database_url))
    count = read_snapshot(target).count()
    assert count >= 7  # schema public, its owner role, the table's owner, table, 2 columns, constraint, index
    assert result.stdout == f"wrote {target}: {count} objects from {redact(database_url)}\n"
    assert short.exit_code == 0, describe(short)
    assert (project.root / "short.json").read_text(encoding="utf-8") == written
    assert default.read_text(encoding="utf-8") == written


def test_diff_of_an_unchanged_database_exits_0(project: Project, database_url: str) -> None:
    execute(database_url, BASE)
    committed = _committed(project, database_url)

    result = _snapshot(project, database_url, "--diff")

    assert result.exit_code == 0, describe(result)
    assert result.stdout.splitlines() == [
        f"comparing {committed} (before) with {redact(database_url)} (after)",
        "no differences",
    ]


def test_drift_exits_1_with_changes_grouped_by_object(project: Project, database_url: str) -> None:
    execute(database_url, BASE)
    _committed(project, database_url)
    execute(database_url, DRIFT)

    result = _snapshot(project, database_url, "--diff")

    assert result.exit_code == 1, describe(result)
    assert result.stdout.splitlines()[1:] == [
        "+ table public.u",
        "- constraint public.t.t_a_check",
        "~ index public.x:",
        "    definition: CREATE INDEX x ON public.t USING btree (a) -> CREATE INDEX x ON public.t USING btree (b)",
        "3 difference(s): 1 added, 1 removed, 1 changed",
    ]
    assert result.stderr == f"database: {redact(database_url)} (--database-url)\n"


def test_drift_as_json(project: Project, database_url: str) -> None:
    execute(database_url, BASE)
    committed = _committed(project, database_url)
    execute(database_url, DRIFT)

    result = _snapshot(project, database_url, "--diff", "--format", "json")

    assert result.exit_code == 1, describe(result)
    document = _document(result.stdout)
    assert set(document) == {
        "before",
        "after",
        "equal",
        "server_versions",
        "version_differences",
        "summary",
        "changes",
    }
    assert document["before"] == str(committed)
    assert document["after"] == redact(database_url)
    assert document["equal"] is False
    assert document["summary"] == {"added": 1, "removed": 1, "changed": 1}
    assert document["changes"] == [
        {"kind": "table", "identity": "public.u", "change": "added", "attributes": []},
        {"kind": "constraint", "identity": "public.t.t_a_check", "change": "removed", "attributes": []},
        {
            "kind": "index",
            "identity": "public.x",
            "change": "changed",
            "attributes": [
                {
                    "path": "definition",
                    "before": "CREATE INDEX x ON public.t USING btree (a)",
                    "after": "CREATE INDEX x ON public.t USING btree (b)",
                }
            ],
        },
    ]


def test_no_drift_as_json(project: Project, database_url: str) -> None:
    execute(database_url, BASE)
    _committed(project, database_url)

    result = _snapshot(project, database_url, "--diff", "--format", "json")

    assert result.exit_code == 0, describe(result)
    document = _document(result.stdout)
    assert document["equal"] is True
    assert document["summary"] == {"added": 0, "removed": 0, "changed": 0}
    assert document["changes"] == []


def test_missing_snapshot_file_exits_2_with_a_hint(project: Project, server_url: str) -> None:
    result = _snapshot(project, server_url, "--diff")

    assert result.exit_code == 2, describe(result)
    lines = error_lines(result)
    assert "snapshot file not found" in lines[0]
    assert "hint: write it with: schemactl snapshot --from-sql" in lines
    assert result.stdout == ""


def test_corrupt_snapshot_file_exits_2(project: Project, server_url: str) -> None:
    path = project.root / "snapshots" / "schema.json"
    path.parent.mkdir()
    for text, message in (
        ('{"format": "schemactl.snapshot/1", "objects": {', "snapshot is not valid JSON"),
        ('{"format": "something else"}', "not a schemactl snapshot"),
        ('{"format": "schemactl.snapshot/1", "objects": {"table": []}}', "objects.table must be an object"),
    ):
        path.write_text(text, encoding="utf-8")

        result = _snapshot(project, server_url, "--diff")

        assert result.exit_code == 2, describe(result)
        assert message in error_lines(result)[0], describe(result)


def test_against_compares_two_live_databases(project: Project, server_url: str, database_url: str) -> None:
    execute(database_url, BASE)
    with scratch_database(server_url) as other_url:
        execute(other_url, BASE)

        equal = _snapshot(project, database_url, "--diff", "--against", other_url)
        execute(other_url, "DROP INDEX x; CREATE INDEX x ON t (b)")
        drift = _snapshot(project, database_url, "--diff", "--against", other_url)

    assert equal.exit_code == 0, describe(equal)
    assert equal.stdout.splitlines() == [
        f"comparing {redact(database_url)} (before) with {redact(other_url)} (after)",
        "no differences",
    ]
    assert drift.exit_code == 1, describe(drift)
    assert drift.stdout.splitlines()[1:] == [
        "~ index public.x:",
        "    definition: CREATE INDEX x ON public.t USING btree (a) -> CREATE INDEX x ON public.t USING btree (b)",
        "1 difference(s): 0 added, 0 removed, 1 changed",
    ]
    assert not (project.root / "snapshots").exists()  # --against never reads nor writes the file


def test_against_needs_diff_and_excludes_from_sql(project: Project, server_url: str) -> None:
    for args in (("--against", server_url), ("--diff", "--from-sql", "--against", server_url)):
        result = _snapshot(project, server_url, *args)

        assert result.exit_code == 2, describe(result)
        assert "--against needs --diff" in error_lines(result)[0]
    assert not (project.root / "snapshots").exists()


def test_schema_option_limits_the_objects(project: Project, database_url: str) -> None:
    execute(
        database_url, "CREATE SCHEMA a; CREATE TABLE a.t (id integer); CREATE SCHEMA b; CREATE TABLE b.u (id integer);"
    )
    target = project.root / "a.json"

    result = _snapshot(project, database_url, "--force", "--schema", "a", "-o", str(target))

    assert result.exit_code == 0, describe(result)
    snapshot = read_snapshot(target)
    assert snapshot.schemas == ("a",)
    identities = {identity for by_identity in snapshot.objects.values() for identity in by_identity}
    assert {"a", "a.t", "a.t.id"} <= identities
    assert not {i for i in identities if i.startswith(("b", "public"))}
    everything = snapshot_of(database_url)
    assert everything.schemas == ("a", "b", "public")
    assert everything.get(ObjectKind.TABLE, "b.u") is not None


def test_schema_option_is_repeatable_and_checked(project: Project, database_url: str) -> None:
    execute(database_url, "CREATE SCHEMA a; CREATE SCHEMA b; CREATE SCHEMA c;")
    target = project.root / "ab.json"

    chosen = _snapshot(project, database_url, "--force", "-s", "b", "-s", "a", "-o", str(target))
    missing = _snapshot(project, database_url, "--force", "--schema", "a", "--schema", "nope", "-o", str(target))

    assert chosen.exit_code == 0, describe(chosen)
    assert read_snapshot(target).schemas == ("a", "b")
    assert missing.exit_code == 2, describe(missing)
    assert "schema(s) not found in the database: nope" in error_lines(missing)[0]


def test_ledger_schema_is_never_in_a_snapshot(project: Project, database_url: str) -> None:
    project.migration("0001_create_t.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n")
    assert apply(project.root, database_url).exit_code == 0
    assert table_exists(database_url, LEDGER)
    target = project.root / "s.json"

    result = _snapshot(project, database_url, "-o", str(target))
    refused = _snapshot(project, database_url, "--schema", "schemactl", "-o", str(target))

    assert result.exit_code == 0, describe(result)
    snapshot = read_snapshot(target)
    assert snapshot.schemas == ("public",)
    identities = {identity for by_identity in snapshot.objects.values() for identity in by_identity}
    assert "public.t" in identities
    assert not {i for i in identities if i == "schemactl" or i.startswith("schemactl.")}
    assert refused.exit_code == 2, describe(refused)
    assert "the ledger schema 'schemactl' is never part of a snapshot" in error_lines(refused)[0]


def test_from_sql_builds_in_a_throwaway_database_and_drops_it(project: Project, server_url: str) -> None:
    project.migration("0001_create_t.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n")
    before = throwaway_databases(server_url)

    written = in_project(project.root, "snapshot", "--from-sql", "--database-url", server_url)
    after_write = throwaway_databases(server_url)
    equal = in_project(project.root, "snapshot", "--diff", "--from-sql", "--database-url", server_url)
    project.migration("0002_create_u.sql", "CREATE TABLE u (id integer);\n")
    drift = in_project(project.root, "snapshot", "--diff", "--from-sql", "--database-url", server_url)

    assert written.exit_code == 0, describe(written)
    assert written.stdout.startswith("wrote ")
    assert written.stdout.endswith(f"objects from sql/ built on {redact(server_url)}\n")
    snapshot = read_snapshot(project.root / "snapshots" / "schema.json")
    assert snapshot.get(ObjectKind.TABLE, "public.t") is not None
    assert equal.exit_code == 0, describe(equal)
    assert equal.stdout.splitlines()[-1] == "no differences"
    assert drift.exit_code == 1, describe(drift)
    assert "+ table public.u" in drift.stdout.splitlines()
    assert after_write == before
    assert throwaway_databases(server_url) == before


def test_from_sql_drops_the_throwaway_database_when_a_migration_fails(project: Project, server_url: str) -> None:
    project.migration("0001_create_t.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n")
    assert in_project(project.root, "snapshot", "--from-sql", "--database-url", server_url).exit_code == 0
    project.migration("0002_broken.sql", "CREATE TABLE u (id integer);\nCREATE TABLE v (id no_such_type);\n")
    before = throwaway_databases(server_url)

    result = in_project(project.root, "snapshot", "--diff", "--from-sql", "--database-url", server_url)
    docs = in_project(project.root, "docs", "--check", "--database-url", server_url)

    assert result.exit_code == 2, describe(result)  # the build failed: an error, not drift
    lines = error_lines(result)
    assert "0002_broken.sql" in lines[0], describe(result)
    assert "sql/ does not build" in lines[0], describe(result)
    assert docs.exit_code == 2, describe(docs)
    assert "0002_broken.sql" in error_lines(docs)[0], describe(docs)
    assert 'type "no_such_type" does not exist' in lines[0], describe(result)
    assert result.stdout == ""
    assert throwaway_databases(server_url) == before


def test_writing_refuses_a_database_without_ledger_unless_forced(project: Project, database_url: str) -> None:
    execute(database_url, BASE)
    path = project.root / "snapshots" / "schema.json"

    refused = _snapshot(project, database_url)
    forced = _snapshot(project, database_url, "--force")

    assert refused.exit_code == 2, describe(refused)
    assert "has no migration ledger" in error_lines(refused)[0], describe(refused)
    assert forced.exit_code == 0, describe(forced)
    assert read_snapshot(path).get(ObjectKind.TABLE, "public.t") is not None


def test_writing_refuses_pending_migrations_unless_forced(project: Project, database_url: str) -> None:
    project.migration("0001_create_t.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n")
    assert apply(project.root, database_url).exit_code == 0
    project.migration("0002_create_u.sql", "CREATE TABLE u (id integer);\n")
    path = project.root / "snapshots" / "schema.json"

    refused = _snapshot(project, database_url)
    written_before_apply = path.exists()
    assert apply(project.root, database_url).exit_code == 0
    accepted = _snapshot(project, database_url)

    assert refused.exit_code == 2, describe(refused)
    assert "not at the head of sql/: 0002_create_u (pending)" in error_lines(refused)[0], describe(refused)
    assert not written_before_apply
    assert accepted.exit_code == 0, describe(accepted)
    assert read_snapshot(path).get(ObjectKind.TABLE, "public.u") is not None


def test_from_sql_drops_stale_throwaways_of_killed_runs_only(project: Project, server_url: str) -> None:
    """Older than this run (by a minute) and nobody connected: dropped (never WITH (FORCE)). In use,
    younger, or from a later run: kept."""
    import time

    import psycopg

    from schemactl.database import with_database

    project.migration("0001_create_t.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n")
    now = int(time.time())
    stale, busy, recent, later = (
        f"schemactl_tmp_{now - 3600}_0000aaaa",
        f"schemactl_tmp_{now - 3600}_0000bbbb",
        f"schemactl_tmp_{now - 5}_0000dddd",  # a concurrent run may not have connected yet
        f"schemactl_tmp_{now + 3600}_0000cccc",
    )
    for name in (stale, busy, recent, later):
        execute(server_url, f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(with_database(server_url, busy)):
            result = in_project(project.root, "snapshot", "--from-sql", "--database-url", server_url)
            remaining = set(throwaway_databases(server_url))
    finally:
        for name in (stale, busy, recent, later):
            execute(server_url, f'DROP DATABASE IF EXISTS "{name}"')

    assert result.exit_code == 0, describe(result)
    assert stale not in remaining
    assert {busy, recent, later} <= remaining


def test_diff_across_major_versions_normalises_and_says_so(project: Project, database_url: str) -> None:
    """A committed snapshot from another major version: the owner's ALL (with or without MAINTAIN)
    compares equal, and the report says the versions differ."""
    execute(database_url, BASE)
    path = _committed(project, database_url)
    document = json.loads(path.read_text(encoding="utf-8"))
    live = int(document["server_version"])
    other = 16 if live >= 17 else 18
    document["server_version"] = other
    for privileges in (t["privileges"] for t in document["objects"]["table"].values()):
        for grantee, granted in privileges.items():
            if {"SELECT", "INSERT", "UPDATE", "DELETE"} <= set(granted):  # the owner's ALL
                privileges[grantee] = sorted({*granted, "MAINTAIN"} if other >= 17 else set(granted) - {"MAINTAIN"})
    path.write_text(json.dumps(document), encoding="utf-8")

    result = _snapshot(project, database_url, "--diff")
    as_json = _document(_snapshot(project, database_url, "--diff", "--format", "json").stdout)

    assert result.exit_code == 0, describe(result)
    assert f"server major versions differ ({other} before, {live} after)" in result.stdout
    assert result.stdout.splitlines()[-1] == "no differences"
    assert as_json["server_versions"] == {"before": other, "after": live}
    assert as_json["equal"] is True
