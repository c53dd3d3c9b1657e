"""Snapshots of different major versions: the server version recorded, cosmetic differences
normalised, what cannot be normalised reported as a version difference; `embedded_version`."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest

from schemactl import embedded
from schemactl.config import load_settings
from schemactl.errors import ConfigError
from schemactl.snapshot.diff import diff_snapshots
from schemactl.snapshot.model import Attributes, JsonValue, ObjectKind, Snapshot
from schemactl.snapshot.serialize import from_json, to_json
from schemactl.snapshot.versions import canonical_query
from tests.cli.helpers import describe, in_project
from tests.conftest import Project
from tests.snapshot.support import snapshot_of

K = ObjectKind
ALL_15: list[JsonValue] = ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"]
ALL_18: list[JsonValue] = ["DELETE", "INSERT", "MAINTAIN", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"]
VIEW_15 = " SELECT r.tenant_id,\n    r.state\n   FROM public.runs r\n  WHERE r.state = 'ok'::text;"
VIEW_18 = " SELECT tenant_id,\n    state\n   FROM public.runs r\n  WHERE state = 'ok'::text;"


def _snapshot(version: int | None, **kinds: dict[str, Attributes]) -> Snapshot:
    return Snapshot(("public",), {K(kind): objects for kind, objects in kinds.items()}, version)


def test_all_privileges_compare_equal_across_the_maintain_boundary() -> None:
    old = _snapshot(15, table={"public.t": {"privileges": {"owner": ALL_15, "app": ["SELECT"]}}})
    new = _snapshot(18, table={"public.t": {"privileges": {"owner": ALL_18, "app": ["SELECT"]}}})

    for before, after in ((old, new), (new, old)):
        diff = diff_snapshots(before, after)
        assert diff.is_empty, diff.changes
        assert diff.version_differences == ()
        assert diff.server_versions == (before.server_version, after.server_version)


def test_maintain_alone_is_a_version_difference_not_drift() -> None:
    old = _snapshot(16, table={"public.t": {"privileges": {"app": ["SELECT"]}}})
    new = _snapshot(18, table={"public.t": {"privileges": {"app": ["MAINTAIN", "SELECT"]}}})

    diff = diff_snapshots(old, new)

    assert diff.is_empty
    assert [(v.kind, v.identity, v.path) for v in diff.version_differences] == [(K.TABLE, "public.t", "privileges.app")]
    assert "MAINTAIN" in diff.version_differences[0].note


def test_maintain_is_drift_between_snapshots_of_one_version() -> None:
    plain = _snapshot(18, table={"public.t": {"privileges": {"app": ["SELECT"]}}})
    maintain = _snapshot(18, table={"public.t": {"privileges": {"app": ["MAINTAIN", "SELECT"]}}})

    diff = diff_snapshots(plain, maintain)

    assert [(c.identity, [a.path for a in c.attributes]) for c in diff.changes] == [("public.t", ["privileges.app"])]


def test_named_not_null_is_a_version_difference_across_18() -> None:
    old = _snapshot(17, column={"public.t.a": {"not_null": True, "not_null_constraint": None}})
    named = _snapshot(18, column={"public.t.a": {"not_null": True, "not_null_constraint": "a_required: NOT NULL a"}})

    diff = diff_snapshots(old, named)
    same_version = diff_snapshots(_snapshot(18, column={"public.t.a": {"not_null": True}}), named)

    assert diff.is_empty
    assert [(v.identity, v.path) for v in diff.version_differences] == [("public.t.a", "not_null_constraint")]
    assert [a.path for c in same_version.changes for a in c.attributes] == ["not_null_constraint"]


def test_a_real_privilege_change_is_still_drift_across_versions() -> None:
    old = _snapshot(15, table={"public.t": {"privileges": {"owner": ALL_15}}})
    new = _snapshot(18, table={"public.t": {"privileges": {"owner": ALL_18, "app": ["SELECT"]}}})

    diff = diff_snapshots(old, new)

    assert [a.path for c in diff.changes for a in c.attributes] == ["privileges.app"]


def test_single_relation_qualifiers_are_cosmetic_across_15_and_16() -> None:
    old = _snapshot(15, view={"public.v": {"definition": VIEW_15}})
    new = _snapshot(18, view={"public.v": {"definition": VIEW_18}})
    same_version = _snapshot(18, view={"public.v": {"definition": VIEW_15}})

    assert diff_snapshots(old, new).is_empty
    assert diff_snapshots(new, old).is_empty
    assert not diff_snapshots(same_version, new).is_empty  # one version: compared exactly as read


def test_a_changed_view_is_drift_across_versions() -> None:
    changed = VIEW_18.replace("'ok'", "'failed'")
    diff = diff_snapshots(
        _snapshot(15, view={"public.v": {"definition": VIEW_15}}),
        _snapshot(18, view={"public.v": {"definition": changed}}),
    )

    assert [(c.identity, [a.path for a in c.attributes]) for c in diff.changes] == [("public.v", ["definition"])]


def test_outer_references_keep_their_qualifier() -> None:
    """Dropping `t.` inside the subquery could make `a` resolve to u.a: it is kept."""
    correlated = "SELECT t.a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.x = t.a)"
    assert canonical_query(correlated) == "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x = t.a)"
    assert canonical_query("SELECT t.a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x = a)") != canonical_query(
        correlated
    )
    joined = "SELECT t.a FROM t JOIN u ON u.x = t.a"
    assert canonical_query(joined) == "SELECT t.a FROM t INNER JOIN u ON u.x = t.a"
    assert canonical_query("SELECT (") is None


def test_user_mapping_option_keys_compare_only_when_both_recorded() -> None:
    recorded = _snapshot(18, user_mapping={"app@srv": {"user": "app", "server": "srv", "option_keys": ["user"]}})
    other_keys = _snapshot(18, user_mapping={"app@srv": {"user": "app", "server": "srv", "option_keys": ["password"]}})
    unrecorded = _snapshot(18, user_mapping={"app@srv": {"user": "app", "server": "srv", "option_keys": None}})

    assert diff_snapshots(recorded, unrecorded).is_empty
    assert diff_snapshots(unrecorded, recorded).is_empty
    assert [a.path for c in diff_snapshots(recorded, other_keys).changes for a in c.attributes] == ["option_keys"]


def test_the_server_version_is_recorded_and_read_back(database_url: str) -> None:
    taken = snapshot_of(database_url)
    with psycopg.connect(database_url) as conn:
        major = conn.info.server_version // 10000

    assert taken.server_version == major
    text = to_json(taken)
    assert f'"server_version": {major}' in text
    assert from_json(text, Path("s.json")).server_version == major
    assert from_json('{"format": "schemactl.snapshot/1", "objects": {}}', Path("s.json")).server_version is None


def test_embedded_version_is_read_and_checked(project: Project) -> None:
    assert load_settings(project.root).embedded_version == 18
    for value, ok in (("16", True), ("18", True), ("17", False), ('"16"', False), ("true", False)):
        (project.root / "pyproject.toml").write_text(f"[tool.schemactl]\nembedded_version = {value}\n")
        if ok:
            assert load_settings(project.root).embedded_version == int(value)
        else:
            with pytest.raises(ConfigError, match="embedded_version must be 16 or 18"):
                load_settings(project.root)


def test_embedded_version_16_starts_the_wheels_16_server(project: Project) -> None:
    state_dir = Path(tempfile.mkdtemp(prefix="sc")).resolve()  # a short path: Unix socket names are limited
    (project.root / "pyproject.toml").write_text(
        f'[tool.schemactl]\nstate_dir = "{state_dir}"\nembedded_version = 16\n'
    )
    try:
        result = in_project(project.root, "db", "url")
        assert result.exit_code == 0, describe(result)
        with psycopg.connect(result.stdout.strip()) as conn:
            assert conn.info.server_version // 10000 == 16
        assert (state_dir / "pgdata-16" / "PG_VERSION").read_text().strip() == "16"
        assert not (state_dir / "pgdata").exists()  # 18's data directory is another one
    finally:
        embedded.stop(state_dir, 16)
        shutil.rmtree(state_dir, ignore_errors=True)


def test_every_kind_compares_equal_across_major_versions(server_url: str) -> None:
    """The pg_dump oracle's base schema (an object of every kind) built on the test server and on
    the wheel's other embedded major version: the two snapshots are equal, no version difference."""
    from tests.snapshot.oracle_plants import BASE, ORACLE_ONLY_KINDS
    from tests.snapshot.support import scratch_database, scratch_roles

    with psycopg.connect(server_url) as conn:
        major = conn.info.server_version // 10000
    other_major = 18 if major == 16 else 16
    state_dir = Path(tempfile.mkdtemp(prefix="sc")).resolve()
    try:
        other_url = embedded.ensure_running(state_dir, other_major)
        snapshots = []
        with scratch_roles(server_url, "owner", "reader", "other") as roles:
            with psycopg.connect(other_url, autocommit=True) as conn:
                conn.execute("".join(f"CREATE ROLE {name};" for name in roles.values()).encode())
            for url in (server_url, other_url):
                with scratch_database(url) as database:
                    with psycopg.connect(database, autocommit=True) as conn:
                        conn.execute(BASE.format(**roles).encode())
                    snapshots.append(snapshot_of(database))
    finally:
        embedded.stop(state_dir, other_major)
        shutil.rmtree(state_dir, ignore_errors=True)

    diff = diff_snapshots(snapshots[0], snapshots[1])
    assert diff.server_versions == (major, other_major)
    assert diff.is_empty, diff.changes
    assert diff.version_differences == ()
    assert all(snapshots[1].objects[kind] for kind in ORACLE_ONLY_KINDS)  # not equal by being empty
