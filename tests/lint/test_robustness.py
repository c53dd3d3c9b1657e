"""Hostile input: every case is linted by `python -m schemactl` in a subprocess with a time bound.

Each gives a clear finding (exit 1), nothing to report (exit 0) or one clear error line (exit 2):
never a traceback, a crash or a hang. A deeply nested statement used to crash the process (pglast
builds its Python tree recursively in C); the engine now refuses it with SC001.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from schemactl.lint.source import build_line_map
from tests.lint.helpers import SUBPROCESS_TIMEOUT, LintProject


@dataclass(frozen=True)
class Expected:
    """A finding the case must give: code, file, line, and optionally column and part of the message."""

    code: str
    file: str
    line: int
    column: int | None = None
    message: str | None = None


@dataclass(frozen=True)
class Case:
    files: Callable[[], dict[str, str | bytes]]
    findings: list[Expected] = field(default_factory=list)
    exit_code: int = 1


def _rows(count: int) -> str:
    return ",\n".join(f"({n}, 'row {n}')" for n in range(count))


def _chain(terms: int) -> str:
    return " + ".join(["1"] * terms)


CASES: dict[str, Case] = {
    "malformed SQL, and the next file is still linted": Case(
        lambda: {
            "sql/0001_bad.sql": "CREATE TABLE a (id int);\nCREATE TABLE b (id int,,);\nCREATE TABLE c (;\n",
            "sql/0002_ok.sql": "CREATE TABLE d (at timestamp);\n",
        },
        [
            Expected("SC001", "sql/0001_bad.sql", 2, 24, 'syntax error: syntax error at or near ","'),
            Expected("SC201", "sql/0002_ok.sql", 1, 20),
        ],
    ),
    "invalid UTF-8": Case(
        lambda: {"sql/0001_latin1.sql": b"SELECT 1;\nSELECT 'caf\xe9';\n"},
        [Expected("SC001", "sql/0001_latin1.sql", 2, 12, "file is not UTF-8 text")],
    ),
    "a NUL byte": Case(
        lambda: {"sql/0001_nul.sql": b"SELECT 1;\nSELECT\x00 2;\n"},
        [Expected("SC001", "sql/0001_nul.sql", 2, 7, "file contains a NUL byte")],
    ),
    "binary garbage": Case(
        lambda: {"sql/0001_garbage.sql": bytes(range(256)) * 64},
        [Expected("SC001", "sql/0001_garbage.sql", 1, 1, "NUL byte")],
    ),
    # apply refuses a file with no statements, so lint reports it (SC025) whatever --select says
    "an empty file": Case(
        lambda: {"sql/0001_empty.sql": ""}, [Expected("SC025", "sql/0001_empty.sql", 1, 1, "no SQL statements")]
    ),
    "a file of only comments": Case(
        lambda: {"sql/0001_comments.sql": "-- nothing here yet\n/* nor\n   here */\n{# nor here #}\n"},
        [Expected("SC025", "sql/0001_comments.sql", 1, 1, "no SQL statements")],
    ),
    "an INSERT of 20,000 rows": Case(
        lambda: {
            "sql/0001_seed.sql": "INSERT INTO seed (id, label) VALUES\n"
            + _rows(20_000)
            + ";\nCREATE TABLE after_seed (at timestamp);\n"
        },
        [Expected("SC201", "sql/0001_seed.sql", 20_002, 29)],
    ),
    "20,000 equal rows among template code": Case(
        lambda: {
            "sql/0001_seed.sql": "{# seed data #}\nINSERT INTO seed (id, label) VALUES\n"
            + "(1, 'same'),\n" * 20_000
            + "(1, 'same');\n{{ 'SELECT 1;' }}\nCREATE TABLE after_seed (at timestamp);\n"
        },
        [Expected("SC201", "sql/0001_seed.sql", 20_005, 29)],
    ),
    "a 2 MB string literal": Case(
        lambda: {"sql/0001_blob.sql": "SELECT '" + "x" * 2_000_000 + "';\nCREATE TABLE after_blob (at timestamp);\n"},
        [Expected("SC201", "sql/0001_blob.sql", 2, 29)],
    ),
    "10,000 nested parentheses": Case(
        lambda: {"sql/0001_parens.sql": "SELECT 1;\nSELECT " + "(" * 10_000 + "1" + ")" * 10_000 + ";\n"},
        [Expected("SC001", "sql/0001_parens.sql", 2, None, "statement too deeply nested to parse")],
    ),
    "100,000 nested parentheses": Case(
        lambda: {"sql/0001_parens.sql": "SELECT " + "(" * 100_000 + "1" + ")" * 100_000 + ";\n"},
        [Expected("SC001", "sql/0001_parens.sql", 1, None, "statement too deeply nested to parse")],
    ),
    "an expression 100,000 operators deep": Case(
        lambda: {"sql/0001_chain.sql": "SELECT 1;\n\nSELECT " + _chain(100_000) + ";\n"},
        [Expected("SC001", "sql/0001_chain.sql", 3, 1, "statement too deeply nested to analyse")],
    ),
    "a deep CHECK expression that still parses": Case(
        lambda: {
            "sql/0001_check.sql": "CREATE TABLE checked (\n    x int CHECK ("
            + " + ".join(["x"] * 12_000)
            + " > 0),\n    at timestamp\n);\n"
        },
        [Expected("SC201", "sql/0001_check.sql", 3, 8)],
    ),
    "10,000 statements": Case(
        lambda: {"sql/0001_many.sql": "".join(f"CREATE TABLE t{n} (at timestamptz);\n" for n in range(10_000))},
        exit_code=0,
    ),
    "a Jinja syntax error": Case(
        lambda: {"sql/0001_jinja.sql": "SELECT 1;\n{% if %}\nSELECT 2;\n"},
        [Expected("SC002", "sql/0001_jinja.sql", 2, 1, "Jinja syntax error")],
    ),
    "an undefined name": Case(
        lambda: {"sql/0001_undefined.sql": "SELECT 1;\n\nSELECT {{ no_such_macro('x') }};\n"},
        [Expected("SC002", "sql/0001_undefined.sql", 3, 1, "undefined name")],
    ),
    "a broken macro library": Case(
        lambda: {
            "templates/broken.sql.j2": "{% macro broken() %}\n{% for %}\n{% endmacro %}\n",
            "sql/0001_ok.sql": "SELECT 1;\n",
        },
        [Expected("SC002", "templates/broken.sql.j2", 2, 1, "Jinja syntax error")],
    ),
    "a macro that calls itself forever": Case(
        lambda: {
            "templates/loop.sql.j2": "{% macro forever(n) %}{{ forever(n + 1) }}{% endmacro %}\n",
            "sql/0001_loop.sql": "SELECT 1;\n{{ forever(0) }}\n",
        },
        [Expected("SC002", "sql/0001_loop.sql", 2, 1, "recursion")],
    ),
    "an error in template code": Case(
        lambda: {"sql/0001_divide.sql": "SELECT 1;\nSELECT {{ 1 // 0 }};\n"},
        [Expected("SC002", "sql/0001_divide.sql", 2, 1, "ZeroDivisionError")],
    ),
    "a bad header directive": Case(
        lambda: {"sql/0001_header.sql": "-- schemactl: lock_timeout=soon\nSELECT 1;\n"},
        [Expected("SC002", "sql/0001_header.sql", 1, 1, "lock_timeout")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    project = LintProject(tmp_path / "project")
    for relative, content in case.files().items():
        project.write(relative, content)
    result = project.run("--format", "json", "--select", "SC201", timeout=SUBPROCESS_TIMEOUT)
    shown = f"exit {result.returncode}\nstdout: {result.stdout[:3000]}\nstderr: {result.stderr[:3000]}"
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.returncode == case.exit_code, shown
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == len(case.findings), shown
    for expected, finding in zip(case.findings, findings, strict=True):
        assert (finding["code"], finding["file"], finding["line"]) == (expected.code, expected.file, expected.line)
        if expected.column is not None:
            assert finding["column"] == expected.column, finding
        if expected.message is not None:
            assert expected.message in finding["message"], finding


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("[tool.schemactl\nsql_dir = 'sql'\n", "pyproject.toml: cannot parse: "),
        ("[tool.schemactl]\nsql_dir = 42\n", "sql_dir must be a string path"),
        ("[tool.schemactl]\nlint = 'strict'\n", "[tool.schemactl.lint] must be a table"),
        ("[tool.schemactl]\n[tool.schemactl.lint]\nfail_on = 'never'\n", "unknown severity 'never'"),
    ],
)
def test_a_broken_pyproject_is_one_error_line(tmp_path: Path, pyproject: str, message: str) -> None:
    project = LintProject(tmp_path / "project")
    project.write("sql/0001_ok.sql", "SELECT 1;\n")
    project.write("pyproject.toml", pyproject)
    result = project.run()
    shown = f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.returncode == 2, shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.stderr.startswith("error: "), shown
    assert message in result.stderr.splitlines()[0], shown


def test_the_text_frame_of_a_huge_line_is_cut_around_the_column(tmp_path: Path) -> None:
    project = LintProject(tmp_path / "project")
    project.write("sql/0001_wide.sql", "SELECT '" + "y" * 100_000 + "', 1,, 2;\n")
    result = project.run()
    assert result.returncode == 1, result.stderr
    frame = result.stdout.splitlines()[1]
    assert len(frame) < 200, frame
    assert frame.startswith("     1 | ..."), frame
    assert "', 1,, 2;" in frame, frame


def test_aligning_a_rendered_file_is_not_quadratic_in_repeated_lines() -> None:
    """The fallback line map (when the marked render cannot be used) on 40,000 equal lines: fast, exact."""
    rows = "(1, 'same'),\n" * 20_000
    source = "{# seed #}\nINSERT INTO seed VALUES\n" + rows + "(1, 'same');\n{{ three_lines() }}\n" + rows
    rendered = "\nINSERT INTO seed VALUES\n" + rows + "(1, 'same');\nA\nB\nC\n" + rows
    started = time.monotonic()
    mapping = build_line_map(source, rendered)
    assert time.monotonic() - started < 10  # difflib alone took minutes
    assert mapping[:3] == [(1, True), (2, False), (3, False)]
    assert mapping[20_003:20_006] == [(20_004, True)] * 3  # the macro's lines: on the call
    assert mapping[-1] == (40_004, False)


def _with_stack(kilobytes: int) -> Callable[[], None]:
    def limit() -> None:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        wanted = kilobytes * 1024
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_STACK, (soft, hard))

    return limit


@pytest.mark.parametrize("stack_kb", [1024, 3072, 8192])
def test_the_deepest_text_parsed_in_the_main_thread_fits_its_stack(tmp_path: Path, stack_kb: int) -> None:
    """Short files are parsed in the calling thread (no hand-off): the deepest tree a text of any length
    under that thread's limit can make must fit whatever stack `ulimit -s` gives it."""
    import subprocess
    import sys

    from tests.lint.helpers import subprocess_environment

    project = LintProject(tmp_path / "project")
    terms = 7_000  # "1+" a level: longer than the main thread's share at every stack size above
    project.write("sql/0001_chain.sql", "SELECT " + "+".join(["1"] * terms) + ";\n")
    project.write("sql/0002_nested.sql", "SELECT " + "(SELECT " * 600 + "1" + ")" * 600 + ";\n")
    result = subprocess.run(
        [sys.executable, "-m", "schemactl", "-C", str(project.root), "lint", "--format", "json", "--no-cache"],
        cwd=project.root,
        env=subprocess_environment(),
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        preexec_fn=_with_stack(stack_kb),
        check=False,
    )

    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert json.loads(result.stdout)["files"] == ["sql/0001_chain.sql", "sql/0002_nested.sql"]
