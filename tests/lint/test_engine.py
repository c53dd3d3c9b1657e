"""The lint engine: the schema model across files, partial runs, suppressions, settings, locations.

Every test lints a throwaway project (pyproject.toml with [tool.schemactl], sql/, templates/) through
the CLI in-process, from the project directory so file names are shown relative (sql/0002_x.sql).
Rules are selected explicitly (--select), so rules added later do not change these results.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.lint.findings import Severity
from schemactl.lint.registry import all_rules
from tests.lint.helpers import LintProject, brief, describe

CASES_DIR = Path(__file__).parent / "cases"

ORDERS = "CREATE TABLE orders (id uuid PRIMARY KEY, placed_at timestamptz NOT NULL);\n"
INDEX_ORDERS = "CREATE INDEX idx_orders_placed_at ON orders (placed_at);\n"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LintProject:
    root = tmp_path / "project"
    project = LintProject(root)
    monkeypatch.chdir(root)
    return project


# --- the model: what earlier files created ---------------------------------------------------------


def test_index_on_a_table_of_an_earlier_file_is_flagged_and_of_the_same_file_is_not(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS + INDEX_ORDERS)
    workspace.write(
        "sql/0002_more.sql",
        "CREATE INDEX idx_orders_id_placed_at ON orders (id, placed_at);\n"
        "CREATE TABLE refunds (id uuid PRIMARY KEY, made_at timestamptz);\n"
        "CREATE INDEX idx_refunds_made_at ON refunds (made_at);\n",
    )
    assert brief(workspace.findings("--select", "SC701")) == [("SC701", "sql/0002_more.sql", 1)]


def test_a_partial_run_reads_every_earlier_file_as_context(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write("sql/0002_index.sql", "-- the index\n" + INDEX_ORDERS)
    result = workspace.lint("--format", "json", "--select", "SC701", "sql/0002_index.sql")
    assert result.exit_code == 1, describe(result)
    assert '"files": [\n    "sql/0002_index.sql"\n  ]' in result.stdout
    assert brief(workspace.findings("--select", "SC701", "sql/0002_index.sql")) == [("SC701", "sql/0002_index.sql", 2)]


def test_findings_are_reported_only_for_the_files_asked_about(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", "CREATE TABLE orders (id uuid PRIMARY KEY, placed_at timestamp);\n")
    workspace.write("sql/0002_index.sql", INDEX_ORDERS)
    selection = ("--select", "SC201", "--select", "SC701")
    assert brief(workspace.findings(*selection, "sql/0002_index.sql")) == [("SC701", "sql/0002_index.sql", 1)]
    assert brief(workspace.findings(*selection, "sql/0001_orders.sql")) == [("SC201", "sql/0001_orders.sql", 1)]
    assert brief(workspace.findings(*selection)) == [
        ("SC201", "sql/0001_orders.sql", 1),
        ("SC701", "sql/0002_index.sql", 1),
    ]


def test_end_of_run_rules_see_the_later_files_too(workspace: LintProject) -> None:
    workspace.write("sql/0001_invoices.sql", "CREATE TABLE invoices (id uuid PRIMARY KEY, tenant_id uuid NOT NULL);\n")
    enable = workspace.write("sql/0002_rls.sql", "ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;\n")
    assert workspace.findings("--select", "SC302", "sql/0001_invoices.sql") == []
    enable.unlink()
    assert brief(workspace.findings("--select", "SC302", "sql/0001_invoices.sql")) == [
        ("SC302", "sql/0001_invoices.sql", 1)
    ]


def test_a_file_outside_sql_is_linted_as_if_after_the_last_one(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", "SELECT 1;\n")
    workspace.write("sql/0002_orders.sql", ORDERS + "CREATE INDEX idx_orders_id ON orders (id);\n")
    workspace.write(
        "drafts/next.sql",
        "CREATE TABLE drafts (id uuid PRIMARY KEY);\n"
        "CREATE INDEX idx_drafts_id ON drafts (id);\n"  # created in this very file: fine
        + INDEX_ORDERS,  # orders comes from sql/0002, the last file: flagged
    )
    assert brief(workspace.findings("--select", "SC701", "drafts/next.sql")) == [("SC701", "drafts/next.sql", 3)]


def test_a_directory_argument_stands_for_its_sql_files(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write("drafts/a.sql", INDEX_ORDERS)
    workspace.write("drafts/nested/b.sql", "\n" + INDEX_ORDERS)
    workspace.write("drafts/notes.txt", INDEX_ORDERS)
    assert brief(workspace.findings("--select", "SC701", "drafts")) == [
        ("SC701", "drafts/a.sql", 1),
        ("SC701", "drafts/nested/b.sql", 2),
    ]


def test_a_missing_file_is_a_usage_error(workspace: LintProject) -> None:
    result = workspace.lint("sql/0009_missing.sql")
    assert result.exit_code == 2, describe(result)
    assert "error: no such file: sql/0009_missing.sql" in result.stderr


def test_a_missing_sql_directory_is_a_usage_error(workspace: LintProject) -> None:
    (workspace.root / "sql").rmdir()
    result = workspace.lint()
    assert result.exit_code == 2, describe(result)
    assert "migration directory not found" in result.stderr


# --- suppressions ------------------------------------------------------------------------------------


def test_a_suppression_covers_its_own_statement_only(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write(
        "sql/0002_index.sql",
        "-- schemactl: allow SC701 because orders is still empty in production (ticket 12)\n"  # 1
        "CREATE INDEX idx_orders_a ON orders (placed_at);\n"  # 2: suppressed
        "CREATE INDEX idx_orders_b ON orders (placed_at);\n"  # 3: the next statement is not
        "CREATE INDEX idx_orders_c ON orders (placed_at); -- schemactl: allow SC701 because built off-hours\n"  # 4
        "CREATE INDEX idx_orders_d ON orders (placed_at);\n"  # 5: not suppressed
        "-- schemactl: allow SC701 because several comment lines may stand in front\n"  # 6
        "-- (an ordinary comment between the suppression and the statement)\n"  # 7
        "CREATE INDEX idx_orders_e ON orders (placed_at);\n"  # 8: suppressed
        "-- schemactl: allow SC201 because another code suppresses nothing here\n"  # 9
        "CREATE INDEX idx_orders_f ON orders (placed_at);\n"  # 10: reported
        "-- schemactl: allow sc701, SC201 because codes are case-insensitive and may be listed\n"  # 11
        "CREATE INDEX\n"  # 12
        "    idx_orders_g\n"  # 13
        "    ON orders (placed_at);\n",  # 14: the finding is here, in the suppressed statement
    )
    assert [f["line"] for f in workspace.findings("--select", "SC7", "--select", "SC00")] == [3, 5, 10]


def test_a_trailing_suppression_covers_every_line_of_a_multi_line_statement(workspace: LintProject) -> None:
    workspace.write(
        "sql/0001_events.sql",
        "CREATE TABLE legacy_events (\n"
        "    id uuid PRIMARY KEY,\n"
        "    seen_at timestamp\n"
        "); -- schemactl: allow SC201 because the feed sends UTC wall-clock times\n"
        "CREATE TABLE other_events (seen_at timestamp);\n",
    )
    assert brief(workspace.findings("--select", "SC201", "--select", "SC00")) == [("SC201", "sql/0001_events.sql", 5)]


def test_a_suppression_in_front_of_a_macro_call_covers_all_the_statements_it_produces(
    workspace: LintProject,
) -> None:
    workspace.write(
        "templates/indexes.sql.j2",
        "{% macro two_indexes(table) %}\n"
        "CREATE INDEX idx_{{ table }}_id ON {{ table }} (id);\n"
        "CREATE INDEX idx_{{ table }}_placed_at ON {{ table }} (placed_at);\n"
        "{% endmacro %}\n",
    )
    workspace.write("sql/0001_orders.sql", ORDERS + ORDERS.replace("orders", "refunds"))
    workspace.write(
        "sql/0002_index.sql",
        "-- schemactl: allow SC701 because both are built before launch\n"
        "{{ two_indexes('orders') }}\n"  # 2: suppressed, both statements
        "{{ two_indexes('refunds') }}\n",  # 3: the next call is not
    )
    findings = workspace.findings("--select", "SC701")
    assert [(f["line"], f["column"], f["from_macro"]) for f in findings] == [(3, 1, True)]  # same place: one finding
    assert "refunds" in findings[0]["message"]


def test_an_unknown_code_in_a_suppression_is_sc003_and_suppresses_nothing(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write(
        "sql/0002_index.sql",
        "-- schemactl: allow SC7O1 because a typo: letter O for zero\n"
        + INDEX_ORDERS
        + "-- schemactl: allow SC701, SC999 because one known code, one unknown\n"
        + INDEX_ORDERS
        + "-- schemactl: allow because no code at all\n"
        + INDEX_ORDERS,
    )
    findings = workspace.findings("--select", "SC003", "--select", "SC701")
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("SC003", 1, 1),
        ("SC701", 2, 38),
        ("SC003", 3, 1),
        ("SC003", 5, 1),
        ("SC701", 6, 38),
    ]
    assert [f["message"] for f in findings if f["code"] == "SC003"] == [
        "unknown rule code SC7O1 in suppression",
        "unknown rule code SC999 in suppression",
        "suppression names no rule code",
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "-- schemactl: allow SC701",
        "-- schemactl: allow SC701 because",
        "-- schemactl: allow SC701 because   ",
        "-- schemactl: allow SC701 because:",
    ],
)
def test_a_suppression_without_a_reason_is_sc004(workspace: LintProject, comment: str) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write("sql/0002_index.sql", "SELECT 1;\n" + comment + "\n" + INDEX_ORDERS)
    findings = workspace.findings("--select", "SC00")
    assert [(f["code"], f["line"], f["message"]) for f in findings] == [
        ("SC004", 2, "suppression of SC701 gives no reason")
    ]


# --- settings ----------------------------------------------------------------------------------------


def _two_violations(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", "CREATE TABLE orders (id uuid PRIMARY KEY, placed_at timestamp);\n")
    workspace.write("sql/0002_index.sql", INDEX_ORDERS)


def _codes(workspace: LintProject, *args: str) -> list[str]:
    return sorted({f["code"] for f in workspace.findings(*args) if f["code"] in ("SC201", "SC701")})


def test_select_and_ignore_from_pyproject_and_the_command_line(workspace: LintProject) -> None:
    _two_violations(workspace)
    assert _codes(workspace) == ["SC201", "SC701"]
    workspace.configure('select = ["SC7"]')
    assert _codes(workspace) == ["SC701"]
    assert _codes(workspace, "--select", "SC2") == ["SC201"]  # the command line wins
    workspace.configure('ignore = ["sc701"]')
    assert _codes(workspace) == ["SC201"]
    assert _codes(workspace, "--ignore", "SC201") == ["SC701"]
    workspace.configure('select = ["SC201", "SC701"]\nignore = ["SC20"]')
    assert _codes(workspace) == ["SC701"]


def test_parse_errors_are_reported_whatever_is_selected(workspace: LintProject) -> None:
    workspace.write("sql/0001_broken.sql", "CREATE TABLE (;\n")
    assert [f["code"] for f in workspace.findings("--select", "SC701")] == ["SC001"]
    assert workspace.findings("--select", "SC701", "--ignore", "SC001") == []


def _warning_case() -> tuple[str, str]:
    """A warning-severity rule and its bad case, when one needs no context file and no template."""
    for rule in all_rules():
        bad = CASES_DIR / rule.code / "bad.sql"
        if rule.severity is Severity.WARNING and bad.is_file() and not (CASES_DIR / rule.code / "context.sql").exists():
            text = bad.read_text(encoding="utf-8")
            if "{{" not in text and "{%" not in text:
                return rule.code, text
    raise AssertionError("no warning-severity rule has a self-contained bad case to test fail_on with")


def test_fail_on_from_pyproject_and_the_command_line(workspace: LintProject) -> None:
    code, sql = _warning_case()
    workspace.write("case.sql", sql)  # linted as the case harness does: after the (empty) sql/
    assert workspace.lint("--select", code, "case.sql").exit_code == 1  # default fail_on: warning
    workspace.configure('fail_on = "error"')
    result = workspace.lint("--select", code, "case.sql")
    assert result.exit_code == 0, describe(result)
    assert f" {code} " in result.stdout  # reported, but below the threshold
    assert workspace.lint("--select", code, "--fail-on", "warning", "case.sql").exit_code == 1
    assert workspace.lint("--select", code, "--fail-on", "info", "case.sql").exit_code == 1
    workspace.configure("")
    assert workspace.lint("--select", code, "--fail-on", "error", "case.sql").exit_code == 0


def test_fail_on_error_still_fails_on_errors(workspace: LintProject) -> None:
    _two_violations(workspace)
    workspace.configure('fail_on = "error"')
    assert workspace.lint("--select", "SC701").exit_code == 1


def test_tenant_column_setting(workspace: LintProject) -> None:
    workspace.write("sql/0001_invoices.sql", "CREATE TABLE invoices (id uuid PRIMARY KEY, org_id uuid NOT NULL);\n")
    assert workspace.findings("--select", "SC302") == []
    workspace.configure('tenant_column = "org_id"')
    assert brief(workspace.findings("--select", "SC302")) == [("SC302", "sql/0001_invoices.sql", 1)]


def test_global_marker_setting(workspace: LintProject) -> None:
    workspace.write(
        "sql/0001_reference.sql",
        "SELECT 1;\n"  # a marker leading the file would be read as a header directive (apply knows only `global`)
        "-- schemactl: shared\n"
        "CREATE TABLE currencies (code text PRIMARY KEY, tenant_id uuid);\n"
        "-- schemactl: global\n"
        "CREATE TABLE countries (code text PRIMARY KEY, tenant_id uuid);\n",
    )
    assert [f["line"] for f in workspace.findings("--select", "SC302")] == [3]
    workspace.configure('global_marker = "shared"')
    assert [f["line"] for f in workspace.findings("--select", "SC302")] == [5]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('selct = ["SC7"]', "[tool.schemactl.lint] has unknown key(s): selct"),
        ('select = ["E501"]', "[tool.schemactl.lint] select: 'E501' is not a rule code or prefix"),
        ('select = "SC7"', "[tool.schemactl.lint] select must be a list of strings"),
        ('fail_on = "fatal"', "unknown severity 'fatal'"),
        ("tenant_column = 3", "[tool.schemactl.lint] tenant_column must be a string"),
    ],
)
def test_bad_lint_settings_are_usage_errors(workspace: LintProject, table: str, expected: str) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.configure(table)
    result = workspace.lint()
    assert result.exit_code == 2, describe(result)
    assert expected in result.stderr
    assert result.stderr.startswith("error: ")


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_bad_code_on_the_command_line_is_a_usage_error(workspace: LintProject, option: str) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    result = workspace.lint(option, "W291")
    assert result.exit_code == 2, describe(result)
    assert f"error: {option}: 'W291' is not a rule code or prefix" in result.stderr


# --- locations ---------------------------------------------------------------------------------------


def test_a_finding_is_placed_at_the_offending_node(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write(
        "sql/0002_more.sql",
        INDEX_ORDERS  # line 1: the table name, column 38
        + "CREATE TABLE legacy_events (\n"
        "    id uuid PRIMARY KEY,\n"
        "    seen_at timestamp\n"  # line 4: the type, column 13
        ");\n"
        "/* prix en € — ü */ CREATE INDEX idx_orders_id ON orders (id);\n",  # columns count characters
    )
    findings = workspace.findings("--select", "SC201", "--select", "SC701")
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("SC701", 1, 38),
        ("SC201", 4, 13),
        ("SC701", 6, 51),
    ]
    assert all(f["from_macro"] is False for f in findings)


def test_sql_produced_by_a_macro_is_placed_on_the_macro_call(workspace: LintProject) -> None:
    workspace.write(
        "templates/indexes.sql.j2",
        "{% macro plain_index(table, column) %}\n"
        "-- built by plain_index\n"
        "CREATE INDEX idx_{{ table }}_{{ column }}\n"
        "    ON {{ table }} ({{ column }});\n"
        "{% endmacro %}\n",
    )
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write(
        "sql/0002_index.sql",
        "-- indexes for orders\n"
        "SELECT 1;\n"
        "  {{ plain_index('orders', 'placed_at') }}\n"
        "CREATE INDEX idx_orders_id ON orders (id);\n",
    )
    findings = workspace.findings("--select", "SC701")
    assert [(f["line"], f["column"], f["from_macro"]) for f in findings] == [(3, 3, True), (4, 31, False)]
    text = workspace.lint("--select", "SC701").stdout
    assert (
        "sql/0002_index.sql:3:3: error SC701 create-index-without-concurrently "
        "CREATE INDEX on existing table orders without CONCURRENTLY blocks writes for the whole build "
        "(in SQL produced by a macro)\n"
        "     3 |   {{ plain_index('orders', 'placed_at') }}\n"
        "sql/0002_index.sql:4:31:"
    ) in text


def test_lines_after_template_code_keep_their_own_numbers(workspace: LintProject) -> None:
    workspace.write(
        "templates/noise.sql.j2",
        "{% macro noise() %}\nSELECT 1;\n\nSELECT 2;\n\n\nSELECT 3;\n{% endmacro %}\n",
    )
    workspace.write(
        "sql/0001_events.sql",
        "{# a Jinja comment\n   over two lines #}\n"  # 1-2: nothing rendered
        "{% for n in range(3) %}\n"  # 3
        "SELECT {{ n }};\n"  # 4: three statements
        "{% endfor %}\n"  # 5
        "{{ noise() }}\n"  # 6: several lines
        "CREATE TABLE events (\n"  # 7
        "    seen_at timestamp\n"  # 8
        ");\n",
    )
    assert [(f["line"], f["column"]) for f in workspace.findings("--select", "SC201")] == [(8, 13)]


def test_crlf_line_endings(workspace: LintProject) -> None:
    workspace.write(
        "sql/0001_events.sql",
        b"{# windows #}\r\nCREATE TABLE events (\r\n    id uuid PRIMARY KEY,\r\n    seen_at timestamp\r\n);\r\n",
    )
    assert [(f["line"], f["column"]) for f in workspace.findings("--select", "SC201")] == [(4, 13)]
