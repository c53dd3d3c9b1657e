"""What a new user runs into: no project, odd paths and files, -C, help, path forms, small remarks."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from typer.main import get_command

from schemactl import embedded, ledger
from schemactl.cli import app
from schemactl.config import NOT_A_PROJECT
from schemactl.runner import MIGRATION_LOCK_KEY
from tests.cli.helpers import (
    LEDGER,
    applied_versions,
    apply,
    assert_no_traceback,
    describe,
    error_lines,
    in_project,
    invoke,
    status,
)
from tests.conftest import Project

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# --- 12: not a project -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["db", "start"],
        ["db", "url"],
        ["db", "stop"],
        ["db", "status"],
        ["snapshot"],
        ["style-guide"],
        ["style-guide", "--check"],
        ["grants-doc"],
        ["docs"],
        ["new", "add_orders"],
        ["apply"],
        ["status"],
        ["render"],
        ["lint"],
    ],
    ids=" ".join,
)
def test_outside_a_project_every_command_stops_with_exit_2_and_creates_nothing(tmp_path: Path, args: list[str]) -> None:
    empty = tmp_path / "not-a-project"
    empty.mkdir()

    result = invoke("-C", str(empty), *args)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == f"error: {NOT_A_PROJECT}", describe(result)
    assert NOT_A_PROJECT == (
        "not a schemactl project (no pyproject.toml with [tool.schemactl] or sql/ found from here up)"
    )
    assert list(empty.iterdir()) == []
    assert_no_traceback(result)


def test_a_directory_with_sql_is_a_project_found_from_below(tmp_path: Path) -> None:
    (tmp_path / "sql" / "archive").mkdir(parents=True)
    (tmp_path / "sql" / "0001_a.sql").write_text("CREATE TABLE a (id int);\n")

    result = invoke("-C", str(tmp_path / "sql" / "archive"), "render")

    assert result.exit_code == 0, describe(result)
    assert "CREATE TABLE a (id int);" in result.stdout


@pytest.mark.parametrize(
    ("command", "path"),
    [("style-guide", "docs/SCHEMA_STYLE_GUIDE.md"), ("grants-doc", "docs/ROLES_AND_GRANTS.md")],
)
def test_check_of_a_missing_generated_file_says_it_is_missing(project: Project, command: str, path: str) -> None:
    shutil.copy(PROJECT_ROOT / "templates" / "grants.toml", project.templates_dir / "grants.toml")

    result = in_project(project.root, command, "--check")

    assert result.exit_code == 1, describe(result)
    assert result.stdout == f"{path} is missing: run schemactl {command}\n"
    assert not (project.root / path).exists()


# --- 13 and 14: the embedded server in odd places ------------------------------------------------


@pytest.fixture
def spaced_state_dir() -> Iterator[Path]:
    """A short state directory whose path has a space (Unix socket paths must stay under ~100 bytes)."""
    state_dir = Path(tempfile.mkdtemp(prefix="sc sp ")).resolve()
    try:
        yield state_dir
    finally:
        embedded.stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


def test_embedded_server_starts_in_a_path_with_a_space_and_reports_a_failed_start_in_one_line(
    project: Project, spaced_state_dir: Path
) -> None:
    (project.root / "pyproject.toml").write_text(f'[tool.schemactl]\nstate_dir = "{spaced_state_dir}"\n')
    project.migration("0001_a.sql", "CREATE TABLE a (id int);\n")

    started = in_project(project.root, "db", "start")
    assert started.exit_code == 0, describe(started)
    with psycopg.connect(started.stdout.strip()) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert in_project(project.root, "db", "stop").exit_code == 0

    # A start that fails (here: a bad setting) is one error line with the cause, and the log's path.
    data_dir = embedded.data_dir_of(spaced_state_dir)
    with (data_dir / "postgresql.conf").open("a") as conf:
        conf.write("\nshared_buffers = 'plenty'\n")
    failed = in_project(project.root, "db", "start")

    assert failed.exit_code == 1, describe(failed)
    lines = failed.stderr.splitlines()
    assert lines[0].startswith(f"error: could not start the embedded server in {data_dir}: "), describe(failed)
    assert "shared_buffers" in lines[0], describe(failed)
    assert lines[-1] == f"hint: details in the server log {data_dir / 'log'}", describe(failed)
    assert len(lines) <= 3, describe(failed)
    assert_no_traceback(failed)


def test_a_copy_of_a_project_with_a_running_server_gets_its_own_server(tmp_path: Path) -> None:
    original = Path(tempfile.mkdtemp(prefix="sc")).resolve()
    copy = Path(tempfile.mkdtemp(prefix="sc")).resolve()
    projects = []
    for state_dir in (original, copy):
        root = tmp_path / state_dir.name
        (root / "sql").mkdir(parents=True)
        (root / "pyproject.toml").write_text(f'[tool.schemactl]\nstate_dir = "{state_dir}"\n')
        projects.append(root)
    try:
        first = in_project(projects[0], "db", "start")
        assert first.exit_code == 0, describe(first)
        shutil.rmtree(copy)
        subprocess.run(["cp", "-a", str(original), str(copy)], check=True)  # lock files and all, owners kept

        before = in_project(projects[1], "db", "status", "--format", "json")
        second = in_project(projects[1], "db", "start")

        assert before.exit_code == 1, describe(before)  # not the original's server
        assert json.loads(before.stdout)["running"] is False
        assert second.exit_code == 0, describe(second)
        assert str(copy) in second.stdout
        assert second.stdout != first.stdout
        with psycopg.connect(second.stdout.strip()) as conn:
            row = conn.execute("SELECT current_setting('data_directory')").fetchone()
        assert row == (str(embedded.data_dir_of(copy)),)
        assert in_project(projects[0], "db", "url").stdout == first.stdout  # the original still runs
    finally:
        for state_dir in (original, copy):
            embedded.stop(state_dir)
            shutil.rmtree(state_dir, ignore_errors=True)


def test_an_unusable_state_directory_is_one_clear_error(project: Project) -> None:
    (project.root / "pyproject.toml").write_text('[tool.schemactl]\nstate_dir = "pyproject.toml/state"\n')

    result = in_project(project.root, "db", "start")

    assert result.exit_code == 1, describe(result)
    assert result.stderr.splitlines()[0] == (
        "error: cannot use the state directory pyproject.toml/state: Not a directory"
    ), describe(result)
    assert_no_traceback(result)


def test_embedded_data_directory_owned_by_another_user_is_one_clear_error(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root (the cp -r case) the server runs as `pgserver`; otherwise pretend it runs as `nobody`.
    runs_as = "pgserver" if os.geteuid() == 0 else "nobody"
    monkeypatch.setattr(embedded, "_server_user", lambda: runs_as)
    data_dir = project.root / ".schemactl" / "pgdata"
    (data_dir / "global").mkdir(parents=True)
    (data_dir / "PG_VERSION").write_text("18\n")
    (data_dir / "global" / "pg_control").write_bytes(b"\0" * 16)
    owner = __import__("pwd").getpwuid(os.geteuid()).pw_name

    result = in_project(project.root, "db", "start")

    assert result.exit_code == 1, describe(result)
    assert result.stderr.splitlines() == [
        f"error: the embedded server's data directory .schemactl/pgdata is owned by {owner}, "
        f"but the server runs as OS user {runs_as}",
        f"hint: chown -R {runs_as} .schemactl/pgdata, or delete it to start afresh (its databases are lost)",
    ]
    assert_no_traceback(result)


# --- 15 and 16: odd files in sql/ ----------------------------------------------------------------


def test_editor_artefacts_in_sql_are_ignored(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    (project.sql_dir / ".#0001_create_a.sql").symlink_to("root@host.12345:1700000000")  # an Emacs lock link
    project.migration("0001_create_a.sql~", "CREATE TABLE old (id int);\n")
    project.migration(".0002_draft.sql", "CREATE TABLE draft (id int);\n")
    project.migration(".0001_create_a.sql.swp", "binary\0swap")

    result = apply(project.root, database_url)

    assert result.exit_code == 0, describe(result)
    assert applied_versions(database_url) == [1]
    shown = status(project.root, database_url, "--format", "json")
    assert shown.exit_code == 0, describe(shown)
    assert [m["version"] for m in json.loads(shown.stdout)["migrations"]] == [1]


@pytest.mark.parametrize("command", ["apply", "status"])
def test_an_upper_case_sql_extension_is_misnamed_not_ignored(project: Project, database_url: str, command: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_create_b.SQL", "CREATE TABLE b (id int);\n")

    result = in_project(project.root, command, "--database-url", database_url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result) == [
        "error: sql/0002_create_b.SQL: migration file name is not NNNN_snake_case_name.sql: 0002_create_b.SQL",
        "hint: rename it to 0002_create_b.sql",
    ]
    assert not applied_versions(database_url)
    assert_no_traceback(result)


@pytest.mark.parametrize("args", [["apply"], ["apply", "--dry-run"], ["status"]], ids=" ".join)
def test_a_comment_only_file_is_refused_before_anything_runs(
    project: Project, database_url: str, args: list[str]
) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_todo.sql", "-- TODO: add the orders table\n-- schemactl: lock_timeout=2s\n\n")

    result = in_project(project.root, *args, "--database-url", database_url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == (
        "error: sql/0002_todo.sql: the file has no SQL statements (only comments or blank lines)"
    )
    assert not applied_versions(database_url)
    assert_no_traceback(result)


def test_a_comment_only_file_applied_by_an_older_version_does_not_block_the_project(
    project: Project, database_url: str
) -> None:
    scaffold = "-- TODO: fill in\n"
    project.migration("0001_todo.sql", scaffold)
    assert apply(project.root, database_url, "--dry-run").exit_code == 2  # not applicable any more
    with psycopg.connect(database_url, autocommit=True) as conn:  # what an older schemactl recorded
        ledger.ensure_ledger(conn)
        digest = hashlib.sha256(scaffold.encode()).hexdigest()
        conn.execute(
            f"INSERT INTO {LEDGER} (version, name, checksum, source_checksum, duration_ms, transactional) "
            "VALUES (1, 'todo', %s, %s, 0, true)",
            (digest, digest),
        )
    project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 0, describe(result)
    assert applied_versions(database_url) == [1, 2]
    assert status(project.root, database_url).exit_code == 0


# --- 17: a no-transaction file that fails midway -----------------------------------------------


def test_no_transaction_failure_says_which_statements_were_committed(project: Project, database_url: str) -> None:
    project.migration(
        "0001_partial.sql",
        "-- schemactl: no-transaction\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\nSELECT 1/0;\n",
    )

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    lines = error_lines(result)
    assert lines[0] == "error: sql/0001_partial.sql:4: division by zero (22012)"
    assert (
        "detail: statements 1-2 were committed before statement 3 of 3 failed "
        "(no-transaction: each statement commits on its own); a re-run starts again at statement 1"
    ) in lines
    assert "hint: make them re-runnable before you retry: CREATE ... IF NOT EXISTS, DROP ... IF EXISTS" in lines
    assert applied_versions(database_url) == []


# --- 18: render by bare name, and hints that work as printed ------------------------------------


def test_render_accepts_a_bare_name_of_a_file_in_sql(project: Project) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE {{ 'a' }} (id int);\n")

    result = in_project(project.root, "render", "0001_create_a.sql")

    assert result.exit_code == 0, describe(result)
    assert result.stdout == "CREATE TABLE a (id int);\n"


def test_the_render_hint_of_a_failed_migration_works_as_printed(project: Project, database_url: str) -> None:
    project.migration("0001_broken.sql", "{% set t = 'a' %}\nCREATE TABLE {{ t }} (id int);\nSELECT 1/0;\n")

    failed = apply(project.root, database_url)
    hints = [line for line in failed.stderr.splitlines() if "schemactl render" in line]
    assert len(hints) == 1, describe(failed)
    command = hints[0].split("schemactl ", 1)[1].split()

    rendered = in_project(project.root, *command)

    assert rendered.exit_code == 0, describe(rendered)
    assert "SELECT 1/0;" in rendered.stdout


def test_the_readme_renders_a_file_that_exists() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    for name in re.findall(r"schemactl render (?:sql/)?(\S+\.sql)", readme):
        assert (PROJECT_ROOT / "sql" / name).is_file(), name


# --- 20: -C DIR like git -C ---------------------------------------------------------------------


def test_paths_after_dash_c_are_relative_to_that_directory(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (at timestamp);\n")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sql").mkdir(parents=True)  # a decoy: relative paths must not resolve here
    monkeypatch.chdir(elsewhere)

    linted = invoke("-C", str(project.root), "lint", "sql", "--format", "json")
    rendered = invoke("-C", str(project.root), "render", "sql/0001_create_a.sql")

    assert linted.exit_code == 1, describe(linted)
    document = json.loads(linted.stdout)
    assert document["files"] == ["sql/0001_create_a.sql"]
    assert {f["code"] for f in document["findings"]} >= {"SC201"}
    assert rendered.exit_code == 0, describe(rendered)
    assert rendered.stdout == "CREATE TABLE a (at timestamp);\n"
    assert Path.cwd() == elsewhere  # the working directory is restored after the command


def test_dash_c_to_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("-C", str(tmp_path / "nope"), "status")

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines() == [f"error: cannot change to {tmp_path / 'nope'}: No such file or directory"]


# --- 21: help ----------------------------------------------------------------------------------


def _help_targets() -> list[list[str]]:
    root = get_command(app)
    targets: list[list[str]] = [[]]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        targets.append([name])
        targets.extend([name, sub] for sub in getattr(command, "commands", {}))
    return targets


@pytest.mark.parametrize("args", _help_targets(), ids=lambda a: " ".join(a) or "root")
def test_help_has_clean_metavars_and_no_panels(args: list[str]) -> None:
    result = invoke(*args, "--help")

    assert result.exit_code == 0, describe(result)
    for noise in ("<bool>", "<str>", "<int>", "<float>", "<path>", "list[", "{", "\\[", "╭", "[["):
        assert noise not in result.stdout, (noise, result.stdout)


def test_root_help_groups_commands_in_order() -> None:
    result = invoke("--help")

    lines = result.stdout.splitlines()
    sections = [line for line in lines if line and not line.startswith(" ") and line.endswith(":")]
    assert sections == ["Options:", "Migrations:", "Schema, lint and verify:", "Documents and contracts:", "Project:"]
    commands = [line.split()[0] for line in lines[lines.index("Migrations:") :] if line.startswith("  ")]
    assert commands == [
        "apply",
        "status",
        "render",
        "snapshot",
        "lint",
        "verify",
        "rules",
        "docs",
        "contract",
        "style-guide",
        "grants-doc",
        "new",
        "db",
    ]


def test_usage_lines_name_arguments_plainly() -> None:
    assert invoke("new", "--help").stdout.startswith("Usage: schemactl new [OPTIONS] NAME\n")
    assert invoke("lint", "--help").stdout.startswith("Usage: schemactl lint [OPTIONS] [PATH...]\n")
    assert invoke("render", "--help").stdout.startswith("Usage: schemactl render [OPTIONS] [FILE...]\n")


def test_help_does_not_load_rich() -> None:
    code = "import sys\nfrom schemactl.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
    code += "print('rich' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "False"


# --- 22: one path form, no repeated paths ------------------------------------------------------


def test_a_broken_pyproject_is_named_once(project: Project) -> None:
    (project.root / "pyproject.toml").write_text("[tool.schemactl\n")

    result = in_project(project.root, "status")

    assert result.exit_code == 2, describe(result)
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: pyproject.toml: cannot parse: "), first
    assert first.count("pyproject.toml") == 1


def test_paths_are_relative_to_the_project_in_text_and_json(
    project: Project, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.migration("0001_broken.sql", "SELECT 1/0;\n")
    monkeypatch.chdir(tmp_path)  # outside the project: relative to the working directory would not do

    text = apply(project.root, database_url)
    document = apply(project.root, database_url, "--format", "json")

    assert error_lines(text)[0] == "error: sql/0001_broken.sql:1: division by zero (22012)"
    assert json.loads(document.stdout)["error"]["file"] == "sql/0001_broken.sql"


# --- 23: small remarks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "suggestion"),
    [
        ("0003-Add-Orders.sql", "0003_add_orders.sql"),
        ("AddOrders.sql", "0002_add_orders.sql"),
        ("0002_create_b.SQL", "0002_create_b.sql"),
        ("07_rename users.sql", "0007_rename_users.sql"),
    ],
)
def test_the_misnamed_file_hint_is_made_from_the_name(
    project: Project, database_url: str, filename: str, suggestion: str
) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration(filename, "CREATE TABLE b (id int);\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[1] == f"hint: rename it to {suggestion}"


def test_a_non_utf8_file_is_refused_with_its_line(project: Project, database_url: str) -> None:
    (project.sql_dir / "0001_latin1.sql").write_bytes(b"SELECT 1;\nSELECT 'caf\xe9';\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == (
        "error: sql/0001_latin1.sql:2: file is not UTF-8 text: invalid continuation byte (byte 0xe9)"
    )
    assert_no_traceback(result)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("nt_a", "table nt_a is singular: name it in the plural"),
        ("z", "table z is singular: name it in the plural"),
        ("matrix", "table matrix is singular: name it in the plural, e.g. matrices"),
        ("person", "table person is singular: name it in the plural, e.g. people"),
        ("cache_entry", "table cache_entry is singular: name it in the plural, e.g. cache_entries"),
    ],
)
def test_plural_suggestions_are_words(project: Project, table: str, message: str) -> None:
    project.migration("0001_t.sql", f"CREATE TABLE {table} (id uuid PRIMARY KEY DEFAULT gen_random_uuid());\n")

    result = in_project(project.root, "lint", "--select", "SC102", "--format", "json")

    assert [f["message"] for f in json.loads(result.stdout)["findings"]] == [message]


def test_new_with_a_name_already_used_is_refused(project: Project) -> None:
    first = in_project(project.root, "new", "add_orders")
    assert first.exit_code == 0, describe(first)

    second = in_project(project.root, "new", "add_orders")

    assert second.exit_code == 2, describe(second)
    assert second.stderr.splitlines()[0] == (
        "error: a migration named add_orders already exists: sql/0001_add_orders.sql"
    )
    assert sorted(p.name for p in project.sql_dir.iterdir()) == ["0001_add_orders.sql"]


def test_db_stop_refuses_while_a_migration_runs_unless_forced(project: Project) -> None:
    state_dir = Path(tempfile.mkdtemp(prefix="sc")).resolve()
    (project.root / "pyproject.toml").write_text(f'[tool.schemactl]\nstate_dir = "{state_dir}"\n')
    try:
        url = in_project(project.root, "db", "url").stdout.strip()
        with psycopg.connect(url, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
            pid = holder.info.backend_pid

            refused = in_project(project.root, "db", "stop")

            assert refused.exit_code == 1, describe(refused)
            assert refused.stderr.splitlines()[0] == (
                f"error: a migration is running on the embedded server (pid {pid} on database postgres); not stopped"
            )
            assert embedded.running_url(embedded.data_dir_of(state_dir)) is not None

            forced = in_project(project.root, "db", "stop", "--force")

        assert forced.exit_code == 0, describe(forced)
        assert forced.stderr.startswith(f"warning: interrupting the running migration (pid {pid} on database postgres)")
        assert forced.stdout == "embedded server stopped\n"
    finally:
        embedded.stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


def test_every_make_target_mentioned_exists() -> None:
    phony = re.search(r"^\.PHONY:(.*)$", (PROJECT_ROOT / "Makefile").read_text(), re.MULTILINE)
    assert phony is not None
    targets = set(phony.group(1).split())
    places = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "templates").rglob("*.*"))]
    for place in places:
        for target in re.findall(r"`make ([a-z][a-z-]*)`", place.read_text(encoding="utf-8")):
            assert target in targets, f"{place.relative_to(PROJECT_ROOT)} mentions `make {target}`"


# --- 24: README ---------------------------------------------------------------------------------


def test_readme_covers_what_a_new_user_asks() -> None:
    readme = " ".join((PROJECT_ROOT / "README.md").read_text().split())
    assert "PostgreSQL **15, 16 and 18** are tested" in readme
    assert "runs as a separate OS user, `pgserver`" in readme
    assert "**overwriting the committed snapshot**" in readme
    assert "**fill it in before `apply`**" in readme
    assert "`make install`" in readme.split("Other targets:")[1].split("##")[0]
