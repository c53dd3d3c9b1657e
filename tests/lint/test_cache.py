"""The incremental lint cache (.schemactl/cache/lint): what it reuses, what invalidates it, and that
a report is the same with it, without it, cold and warm."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schemactl.lint import cache, engine
from schemactl.lint.cache import evict
from tests.lint.cases import CASES_DIR, case_codes
from tests.lint.helpers import SUBPROCESS_TIMEOUT, LintProject, describe, subprocess_environment

PROJECT_ROOT = Path(__file__).resolve().parents[2]

ORDERS = """\
CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    placed_at timestamptz NOT NULL
);
"""
ADD_NOTE = "ALTER TABLE orders ADD COLUMN note text;\n"
ADD_INDEX = "CREATE INDEX idx_orders_placed_at ON orders (placed_at);\n"  # SC701 when orders already exists


@pytest.fixture
def lint_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LintProject:
    project = LintProject(tmp_path / "project")
    monkeypatch.chdir(project.root)
    project.write("sql/0001_orders.sql", ORDERS)
    project.write("sql/0002_note.sql", ADD_NOTE)
    project.write("sql/0003_index.sql", ADD_INDEX)
    return project


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the engine reads, renders and parses (not taken from the cache)."""
    seen: list[str] = []
    original = engine.load_file

    def spy(path: Path, *args: Any) -> Any:
        seen.append(path.name)
        return original(path, *args)

    monkeypatch.setattr(engine, "load_file", spy)
    return seen


def output(project: LintProject, *args: str) -> str:
    """The whole JSON report of `lint --format json ARGS` (exit 0 or 1)."""
    result = project.lint("--format", "json", *args)
    assert result.exit_code in (0, 1), describe(result)
    json.loads(result.stdout)
    return result.stdout


def codes(text: str) -> list[tuple[str, str, int]]:
    return [(f["code"], Path(f["file"]).name, f["line"]) for f in json.loads(text)["findings"]]


def entries(project: LintProject) -> list[Path]:
    directory = project.root / ".schemactl" / "cache" / "lint"
    return sorted(directory.glob("snapshot-*")) if directory.is_dir() else []


def test_a_warm_run_reads_only_the_changed_file(lint_project: LintProject, loads: list[str]) -> None:
    target = "sql/0003_index.sql"
    uncached = output(lint_project, "--no-cache", target)
    assert ("SC701", "0003_index.sql", 1) in codes(uncached)
    assert not (lint_project.root / ".schemactl").exists()  # --no-cache writes nothing
    loads.clear()
    assert output(lint_project, target) == uncached
    assert loads == ["0001_orders.sql", "0002_note.sql", "0003_index.sql"]
    assert entries(lint_project), "the cold run left no snapshot"
    assert (lint_project.root / ".schemactl" / "cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    loads.clear()
    assert output(lint_project, target) == uncached
    assert loads == ["0003_index.sql"]  # the earlier files come from the snapshot

    lint_project.write(target, "-- schemactl: no-transaction\nCREATE INDEX CONCURRENTLY idx ON orders (placed_at);\n")
    loads.clear()
    fixed = output(lint_project, target)
    assert loads == ["0003_index.sql"]
    assert "SC701" not in [c for c, _, _ in codes(fixed)]
    assert fixed == output(lint_project, "--no-cache", target)


CUSTOMERS = """\
CREATE TABLE customers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL
);
"""
INVOICES = """\
CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    customer_id uuid NOT NULL REFERENCES customers (id)
);
"""


def test_a_changed_earlier_file_is_new_context(lint_project: LintProject, loads: list[str]) -> None:
    """SC305 judges invoices' foreign key by what the earlier file says customers is."""
    lint_project.write("sql/0001_orders.sql", CUSTOMERS)
    lint_project.write("sql/0003_index.sql", INVOICES)
    target = "sql/0003_index.sql"
    before = output(lint_project, target)
    assert ("SC305", "0003_index.sql", 4) in codes(before)
    assert output(lint_project, target) == before
    lint_project.write("sql/0001_orders.sql", CUSTOMERS.replace("tenant_id uuid NOT NULL", "name text"))
    loads.clear()
    after = output(lint_project, target)
    assert loads == ["0001_orders.sql", "0002_note.sql", "0003_index.sql"]
    assert after == output(lint_project, "--no-cache", target)
    assert ("SC305", "0003_index.sql", 4) not in codes(after)
    lint_project.write("sql/0001_orders.sql", CUSTOMERS)
    lint_project.write("sql/0002_note.sql", "SELECT 1;\n")  # a file in the middle changed
    assert output(lint_project, target) == before
    assert output(lint_project, target) == output(lint_project, "--no-cache", target)


def test_settings_rule_selection_and_templates_are_part_of_the_key(lint_project: LintProject) -> None:
    lint_project.write("sql/0001_orders.sql", CUSTOMERS)
    lint_project.write("sql/0003_index.sql", INVOICES)
    target = "sql/0003_index.sql"
    everything = output(lint_project, target)
    assert {"SC305", "SC501"} <= {c for c, _, _ in codes(everything)}
    assert output(lint_project, target) == everything
    selected = output(lint_project, "--select", "SC305", target)
    assert {c for c, _, _ in codes(selected)} == {"SC305"}
    assert selected == output(lint_project, "--no-cache", "--select", "SC305", target)
    ignored = output(lint_project, "--ignore", "SC305", target)
    assert "SC305" not in {c for c, _, _ in codes(ignored)}
    assert output(lint_project, target) == everything  # back to the first key: still right

    lint_project.configure('ignore = ["SC305"]')
    assert output(lint_project, target) == ignored
    lint_project.configure('tenant_column = "owner_id"')  # a convention the model is built with
    renamed = output(lint_project, target)
    assert renamed == output(lint_project, "--no-cache", target)
    assert renamed != everything
    lint_project.configure("")
    assert output(lint_project, target) == everything

    # A template the earlier file calls: its output is the model the later file is judged on.
    lint_project.write("templates/tables.sql.j2", "{% macro customers() %}" + CUSTOMERS + "{% endmacro %}\n")
    lint_project.write("sql/0001_orders.sql", "{{ customers() }}\n")
    with_tenant = output(lint_project, target)
    assert ("SC305", "0003_index.sql", 4) in codes(with_tenant)
    without = CUSTOMERS.replace("tenant_id uuid NOT NULL", "name text")
    lint_project.write("templates/tables.sql.j2", "{% macro customers() %}" + without + "{% endmacro %}\n")
    without_tenant = output(lint_project, target)
    assert without_tenant == output(lint_project, "--no-cache", target)
    assert ("SC305", "0003_index.sql", 4) not in codes(without_tenant)


def test_a_corrupt_entry_is_ignored_and_rewritten(lint_project: LintProject, loads: list[str]) -> None:
    target = "sql/0003_index.sql"
    expected = output(lint_project, target)
    found = entries(lint_project)
    assert found
    for kind, content in (
        ("truncated", found[0].read_bytes()[:100]),
        ("garbage", b"\x80\x05not a pickle at all"),
        ("foreign", pickle.dumps(("snapshot", 1, os.system, {}, {}))),  # a global the cache never writes
        ("empty", b""),
    ):
        for entry in found:
            entry.write_bytes(content)
        loads.clear()
        assert output(lint_project, target) == expected, kind
        assert loads == ["0001_orders.sql", "0002_note.sql", "0003_index.sql"], kind  # a miss
        loads.clear()
        assert output(lint_project, target) == expected, kind
        assert loads == ["0003_index.sql"], f"{kind}: the entry was not rewritten"


def test_concurrent_runs_agree(lint_project: LintProject) -> None:
    for number in range(4, 40):
        lint_project.write(f"sql/{number:04d}_more.sql", f"CREATE TABLE t{number} (id bigint);\n" + ADD_INDEX)
    expected = output(lint_project, "--no-cache")

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "schemactl", "-C", str(lint_project.root), "lint", "--format", "json"],
            cwd=lint_project.root,
            env=subprocess_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    for _ in range(2):  # cold (both write), then warm (both read, one may write)
        runs = [start() for _ in range(3)]
        for run in runs:
            stdout, stderr = run.communicate(timeout=SUBPROCESS_TIMEOUT)
            assert run.returncode == 1, stderr
            assert stdout == expected
    leftovers = [p.name for p in (lint_project.root / ".schemactl" / "cache" / "lint").iterdir()]
    assert leftovers
    assert all(name.startswith("snapshot-") or name == "files" for name in leftovers), leftovers  # no temporary file


def test_nothing_is_created_outside_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loose = tmp_path / "loose"
    (loose / "sql").mkdir(parents=True)
    (loose / "sql" / "0001_orders.sql").write_text(ORDERS + ADD_INDEX, encoding="utf-8")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    project = LintProject.__new__(LintProject)  # no pyproject.toml: not a project
    project.root = loose
    first = output(project)
    assert output(project) == first
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def _copy_project(destination: Path) -> LintProject:
    for name in ("sql", "templates", "docs"):
        shutil.copytree(PROJECT_ROOT / name, destination / name)
    shutil.copy(PROJECT_ROOT / "pyproject.toml", destination / "pyproject.toml")
    project = LintProject.__new__(LintProject)
    project.root = destination
    return project


def test_this_projects_sql_is_linted_the_same_with_and_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    project = _copy_project(tmp_path / "copy")
    uncached = output(project, "--no-cache")
    assert output(project) == uncached  # cold
    assert entries(project)
    assert output(project) == uncached  # warm
    files = sorted(p.relative_to(project.root) for p in (project.root / "sql").glob("*.sql"))
    for target in (files[-1], files[0]):
        assert output(project, str(project.root / target)) == output(project, "--no-cache", str(project.root / target))


def _corpus_project(root: Path, code: str) -> tuple[LintProject, list[str]]:
    """A project with the rule's context.sql as its first migration and its cases as files to lint."""
    project = LintProject(root)
    shutil.copytree(PROJECT_ROOT / "templates", root / "templates", dirs_exist_ok=True)
    shutil.copytree(PROJECT_ROOT / "docs", root / "docs")
    context = CASES_DIR / code / "context.sql"
    if context.is_file():
        shutil.copy(context, root / "sql" / "0001_context.sql")
    targets = []
    for number, case in enumerate(sorted((CASES_DIR / code).glob("*.sql")), start=2):
        if case.name != "context.sql":
            shutil.copy(case, root / "sql" / f"{number:04d}_{case.stem}.sql")
            targets.append(f"sql/{number:04d}_{case.stem}.sql")
    return project, targets


def _codes_in_chunks() -> Iterator[list[str]]:
    codes_ = case_codes()
    for start in range(0, len(codes_), 12):
        yield codes_[start : start + 12]


@pytest.mark.parametrize("chunk", list(_codes_in_chunks()), ids=lambda chunk: f"{chunk[0]}-{chunk[-1]}")
def test_the_case_corpus_is_linted_the_same_with_and_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: list[str]
) -> None:
    """Every rule's cases as migrations of one project: the whole report, and the last case alone."""
    monkeypatch.chdir(tmp_path)
    for code in chunk:
        project, targets = _corpus_project(tmp_path / code, code)
        uncached = output(project, "--no-cache")
        assert output(project) == uncached, code
        assert output(project) == uncached, code
        last = output(project, "--no-cache", str(project.root / targets[-1]))
        assert output(project, str(project.root / targets[-1])) == last, code
        assert output(project, str(project.root / targets[-1])) == last, code


def test_eviction_keeps_the_directory_under_its_bound(tmp_path: Path) -> None:
    for number in range(10):
        entry = tmp_path / f"snapshot-{number}"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (1_000_000 + number, 1_000_000 + number))
    dead = tmp_path / ".tmp-left-by-a-killed-run"
    dead.write_bytes(b"x")
    os.utime(dead, (1_000_000, 1_000_000))
    live = tmp_path / ".tmp-being-written"
    live.write_bytes(b"x")
    index = tmp_path / "files"  # the file index: the oldest entry, and kept
    index.write_bytes(b"x" * 600)
    os.utime(index, (1_000_000, 1_000_000))
    evict(tmp_path, 4500)
    expected = [live.name, "files"] + [f"snapshot-{n}" for n in range(7, 10)]
    assert sorted(p.name for p in tmp_path.iterdir()) == expected


def _index(project: LintProject) -> dict[str, tuple[Any, ...]]:
    """The file index of the project's lint cache: path -> (size, mtime_ns, ctime_ns, inode, device, sha256)."""
    kind, version, entries = pickle.loads((project.root / ".schemactl" / "cache" / "lint" / "files").read_bytes())
    assert (kind, version) == ("files", cache.FORMAT)
    assert isinstance(entries, dict)
    return entries


def test_the_file_index_sees_a_same_size_edit_under_the_old_mtime(
    lint_project: LintProject, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged stat spares reading a file; a same-size edit with its mtime put back still shows
    (the ctime moved), and is linted as the new context."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # trust stats at once (a real run waits two seconds)
    lint_project.write("sql/0001_orders.sql", CUSTOMERS)
    lint_project.write("sql/0003_index.sql", INVOICES)
    target = "sql/0003_index.sql"
    before = output(lint_project, target)
    assert ("SC305", "0003_index.sql", 4) in codes(before)
    earlier = lint_project.root / "sql" / "0001_orders.sql"
    assert str(earlier.resolve()) in _index(lint_project)
    hashed: list[str] = []
    original_hash = cache._FileIndex._hash

    def spy(self: Any, path: Path, stat: tuple[int, int, int, int, int]) -> Any:
        hashed.append(path.name)
        return original_hash(self, path, stat)

    monkeypatch.setattr(cache._FileIndex, "_hash", spy)
    loads.clear()
    assert output(lint_project, target) == before
    assert loads == ["0003_index.sql"]
    assert hashed == ["0003_index.sql"]  # the file linted is read; the others are known by their stat

    stat = earlier.stat()
    renamed = CUSTOMERS.replace("tenant_id", "tenantxid")  # same size: the table is no longer tenant-scoped
    assert len(renamed) == len(CUSTOMERS)
    earlier.write_text(renamed, encoding="utf-8")
    os.utime(earlier, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (earlier.stat().st_size, earlier.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    loads.clear()
    hashed.clear()
    after = output(lint_project, target)
    assert "0001_orders.sql" in hashed
    assert loads == ["0001_orders.sql", "0002_note.sql", "0003_index.sql"]
    assert ("SC305", "0003_index.sql", 4) not in codes(after)
    assert after == output(lint_project, "--no-cache", target)


def test_a_recently_changed_file_is_not_known_by_its_stat(lint_project: LintProject) -> None:
    """A stat younger than RACY_NS could be shared by a second write within the file system's timestamp
    granularity: such a file is hashed again on every run until it is old enough; an old mtime set by
    hand does not make it trusted (the ctime is recent)."""
    earlier = lint_project.root / "sql" / "0001_orders.sql"
    os.utime(earlier, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    output(lint_project, "sql/0003_index.sql")
    index = lint_project.root / ".schemactl" / "cache" / "lint" / "files"
    assert not index.exists() or str(earlier.resolve()) not in _index(lint_project)


def test_a_corrupt_file_index_is_rebuilt(
    lint_project: LintProject, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    target = "sql/0003_index.sql"
    expected = output(lint_project, target)
    index = lint_project.root / ".schemactl" / "cache" / "lint" / "files"
    assert index.is_file()
    for content in (b"", b"\x80\x05garbage", pickle.dumps(("files", cache.FORMAT, {"x": os.system}))):
        index.write_bytes(content)
        loads.clear()
        assert output(lint_project, target) == expected
        assert loads == ["0003_index.sql"]  # the snapshots still hold: only the index was lost
        assert str((lint_project.root / "sql" / "0001_orders.sql").resolve()) in _index(lint_project)


TENANT_FUNCTION = """\
CREATE FUNCTION public.app_current_tenant_id() RETURNS uuid LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT NULLIF(current_setting('app.current_tenant_id', true), '')::uuid $$;
"""


def _tenant_table(name: str, predicate: str = "tenant_id = (SELECT public.app_current_tenant_id())") -> str:
    return f"""\
CREATE TABLE {name} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL);
ALTER TABLE {name} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation_policy ON {name} USING ({predicate}) WITH CHECK ({predicate});
"""


def test_policies_with_equal_expressions_are_judged_the_same_from_the_cache(
    lint_project: LintProject, loads: list[str]
) -> None:
    """The cache stores equal policy expressions once; each policy is still judged and reported."""
    lint_project.write("sql/0001_orders.sql", TENANT_FUNCTION + _tenant_table("a") + _tenant_table("b"))
    lint_project.write("sql/0002_note.sql", _tenant_table("c") + _tenant_table("d", "tenant_id IS NOT NULL"))
    lint_project.write("sql/0003_index.sql", _tenant_table("e"))
    for target in ("sql/0003_index.sql", "sql/0002_note.sql"):
        expected = output(lint_project, "--no-cache", target)
        assert output(lint_project, target) == expected
        assert output(lint_project, target) == expected
    whole = output(lint_project, "--no-cache")
    assert [line for code, _, line in codes(whole) if code == "SC306"] == [6]  # d's policy only
    assert output(lint_project) == whole
    assert output(lint_project) == whole
    # The function every policy calls now reads another setting: each policy fails, at its own place.
    redefined = TENANT_FUNCTION.replace("CREATE", "CREATE OR REPLACE").replace("current_tenant_id', ", "tenant', ")
    lint_project.write("sql/0003_index.sql", _tenant_table("e") + redefined)
    changed = output(lint_project, "--no-cache")
    assert sorted((name, line) for code, name, line in codes(changed) if code == "SC306") == [
        ("0001_orders.sql", 6),
        ("0001_orders.sql", 9),
        ("0002_note.sql", 3),
        ("0002_note.sql", 6),
        ("0003_index.sql", 3),
        ("0003_index.sql", 4),
    ]
    loads.clear()
    assert output(lint_project) == changed
    assert loads == ["0003_index.sql"]
    assert output(lint_project, "sql/0001_orders.sql") == output(lint_project, "--no-cache", "sql/0001_orders.sql")


def test_a_warm_run_builds_the_renderer_only_for_a_templated_file(
    lint_project: LintProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the renderer imports Jinja and compiles templates/: a warm run of plain SQL skips it
    (the snapshot proves it builds); a templated file still renders as without the cache."""
    import schemactl.project

    lint_project.write(
        "templates/tables.sql.j2", "{% macro note() %}ALTER TABLE orders ADD COLUMN note text;{% endmacro %}\n"
    )
    built: list[str] = []
    original = schemactl.project.renderer_for

    def spy(settings: Any) -> Any:
        built.append("built")
        return original(settings)

    monkeypatch.setattr(schemactl.project, "renderer_for", spy)
    target = "sql/0003_index.sql"
    expected = output(lint_project, target)
    assert built == ["built"]  # cold
    built.clear()
    assert output(lint_project, target) == expected
    assert built == []  # warm, plain SQL
    lint_project.write(target, ADD_INDEX + "{{ note() }}\n")
    templated = output(lint_project, target)
    assert built == ["built"]
    assert templated == output(lint_project, "--no-cache", target)


def test_the_first_edit_of_an_older_file_reads_from_a_checkpoint(lint_project: LintProject, loads: list[str]) -> None:
    """A run that reads every file leaves a snapshot every 64 files (a power of two of at least an eighth
    of them): editing file 100 of 150 then reads from file 64, not from the first one."""
    for number in range(4, 151):
        lint_project.write(f"sql/{number:04d}_t{number}.sql", f"CREATE TABLE t{number} (id bigint);\n")
    last = "sql/0150_t150.sql"
    output(lint_project, last)
    lint_project.write("sql/0100_t100.sql", "CREATE TABLE t100 (id bigint, note text);\n")
    loads.clear()
    edited = output(lint_project, "sql/0100_t100.sql")
    assert loads[0] == "0065_t65.sql"  # the snapshot after 64 files
    assert len(loads) == 150 - 64
    assert edited == output(lint_project, "--no-cache", "sql/0100_t100.sql")
    lint_project.write("sql/0100_t100.sql", "CREATE TABLE t100 (id bigint, memo text);\n")
    loads.clear()
    again = output(lint_project, "sql/0100_t100.sql")
    assert loads[0] == "0100_t100.sql"  # the snapshot before the file asked about
    assert again == output(lint_project, "--no-cache", "sql/0100_t100.sql")
