"""`[tool.schemactl]` is checked whole when it is read, and option values are checked before use."""

from __future__ import annotations

import pytest

from tests.cli.helpers import applied_versions, assert_no_traceback, describe, error_lines, invoke
from tests.conftest import Project

KNOWN_KEYS = (
    "sql_dir, templates_dir, snapshots_dir, state_dir, lock_timeout, statement_timeout, "
    "lock_wait_seconds, embedded_version, vars, lint, verify"
)


@pytest.fixture
def in_root(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Commands run from the project root, so paths in messages are the short relative ones."""
    monkeypatch.chdir(project.root)
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    return project


def _configure(project: Project, body: str) -> None:
    (project.root / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.schemactl]\n{body}')


# --- 10. the whole table is validated at load time, naming pyproject.toml -------------------------------

BAD_VALUES = [
    (
        'lock_timeout = "abc"\n',
        "error: pyproject.toml:5: [tool.schemactl] lock_timeout must be a PostgreSQL duration such as "
        "'500ms', '5s' or '2min', got 'abc'",
    ),
    (
        'sql_dir = "sql"\nstatement_timeout = "10 minutes"\n',
        "error: pyproject.toml:6: [tool.schemactl] statement_timeout must be a PostgreSQL duration such as "
        "'500ms', '5s' or '2min', got '10 minutes'",
    ),
    (
        "lock_wait_seconds = nan\n",
        "error: pyproject.toml:5: [tool.schemactl] lock_wait_seconds must be a non-negative number, got nan",
    ),
    (
        'sql_dirr = "db"\n',
        "error: pyproject.toml:5: [tool.schemactl] has unknown key(s): sql_dirr",
    ),
    (
        "[tool.schemactl.lint]\nselect = []\n[tool.schemactl.varz]\nx = '1'\n",
        "error: pyproject.toml:7: [tool.schemactl] has unknown key(s): varz",
    ),
]
BAD_IDS = ["lock-timeout", "statement-timeout", "nan-wait", "unknown-key", "unknown-subtable"]


@pytest.mark.parametrize(("body", "first_line"), BAD_VALUES, ids=BAD_IDS)
@pytest.mark.parametrize(
    "command", [["status"], ["apply"], ["apply", "--dry-run"], ["render"], ["new", "add_b"]], ids=lambda c: c[0]
)
def test_a_bad_tool_table_fails_every_command_the_same_way(
    in_root: Project, database_url: str, body: str, first_line: str, command: list[str]
) -> None:
    _configure(in_root, body)
    url = ["--database-url", database_url] if command[0] in ("status", "apply") else []

    result = invoke(*command, *url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == first_line, describe(result)
    assert sorted(p.name for p in in_root.sql_dir.iterdir()) == ["0001_create_a.sql"]  # `new` created nothing
    assert applied_versions(database_url) is None
    assert_no_traceback(result)


def test_an_unknown_key_suggests_the_close_one(in_root: Project) -> None:
    _configure(in_root, 'sql_dirr = "db"\n')

    result = invoke("render")

    assert error_lines(result)[1] == f"hint: did you mean sql_dir? known keys: {KNOWN_KEYS}", describe(result)


def test_every_documented_key_is_accepted(in_root: Project, database_url: str) -> None:
    _configure(
        in_root,
        'sql_dir = "sql"\ntemplates_dir = "templates"\nsnapshots_dir = "snapshots"\nstate_dir = ".schemactl"\n'
        'lock_timeout = "2s"\nstatement_timeout = "10min"\nlock_wait_seconds = 5\nembedded_version = 18\n'
        '[tool.schemactl.vars]\nschema = "app"\n[tool.schemactl.lint]\nfail_on = "error"\n',
    )

    result = invoke("apply", "--database-url", database_url)

    assert result.exit_code == 0, describe(result)
    assert applied_versions(database_url) == [1]


# --- 11. option values: --lock-wait, --debug after the command -----------------------------------------


@pytest.mark.parametrize("value", ["-5", "nan", "inf"])
def test_lock_wait_must_be_a_finite_non_negative_number(in_root: Project, database_url: str, value: str) -> None:
    result = invoke("apply", "--database-url", database_url, "--lock-wait", value)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == f"error: --lock-wait must be a number of seconds, 0 or more, got {value}"
    assert applied_versions(database_url) is None
    assert_no_traceback(result)


def test_lock_wait_zero_is_accepted(in_root: Project, database_url: str) -> None:
    result = invoke("apply", "--database-url", database_url, "--lock-wait", "0")

    assert result.exit_code == 0, describe(result)
    assert applied_versions(database_url) == [1]


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--debug", "--database-url", ""],
        ["status", "--database-url", "", "--debug"],
        ["--debug", "status", "--database-url", ""],
    ],
    ids=["after-command", "last", "before-command"],
)
def test_debug_is_accepted_after_the_command(in_root: Project, args: list[str]) -> None:
    result = invoke(*args)

    assert result.exit_code == 2, describe(result)
    assert "Traceback" in result.stderr, describe(result)  # --debug took effect
    assert error_lines(result)[0] == "error: --database-url is empty"


def test_debug_is_accepted_after_a_nested_command(in_root: Project) -> None:
    _configure(in_root, 'sql_dirr = "db"\n')

    result = invoke("db", "status", "--debug")

    assert result.exit_code == 2, describe(result)
    assert "Traceback" in result.stderr, describe(result)
    assert error_lines(result)[0] == "error: pyproject.toml:5: [tool.schemactl] has unknown key(s): sql_dirr"


def test_debug_after_a_double_dash_is_an_argument(in_root: Project) -> None:
    result = invoke("render", "--", "--debug")

    assert result.exit_code == 2, describe(result)
    assert "Traceback" not in result.stderr, describe(result)


def test_an_unknown_lint_key_fails_commands_other_than_lint_too(in_root: Project) -> None:
    _configure(in_root, '[tool.schemactl.lint]\nfail_on = "error"\nselct = ["SC7"]\n')

    result = invoke("render")

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == "error: pyproject.toml:7: [tool.schemactl.lint] has unknown key(s): selct"
    assert error_lines(result)[1].startswith("hint: did you mean select? known keys: select, ignore, ")
