"""Snapshots of `schemactl lint` output (text, JSON, SARIF, GitHub annotations) and its exit codes.

The outputs of one fixed bad project are compared exactly with tests/lint/snapshots/. Only SC003,
SC201 and SC701 are selected, so rules added later do not change them; the terminal is fixed
(NO_COLOR, 120 columns) and the project is the working directory, so paths are relative.

To regenerate the snapshots after an intended change of output, run

    SCHEMACTL_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/lint/test_outputs.py

and review the diff of tests/lint/snapshots/ before committing it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.formats import to_github
from schemactl.lint.registry import rule_by_code
from tests.lint.helpers import LintProject, describe

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("SCHEMACTL_UPDATE_SNAPSHOTS") == "1"
SELECTION = ("--select", "SC201", "--select", "SC701", "--select", "SC003")
ODD_NAME = "drafts/odd, name: 100%.sql"  # a comma, a colon, a space and a percent sign to escape


@pytest.fixture
def bad_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LintProject:
    project = LintProject(tmp_path / "project")
    project.write(
        "templates/columns.sql.j2",
        "{% macro audit_column() %}created_at timestamp NOT NULL DEFAULT now(){% endmacro %}\n",
    )
    project.write(
        "sql/0001_orders.sql",
        "-- orders, as first shipped\n"
        "CREATE TABLE orders (\n"
        "    id uuid PRIMARY KEY,\n"
        "    placed_at timestamp NOT NULL,\n"
        "    {{ audit_column() }}\n"
        ");\n",
    )
    project.write(
        "sql/0002_index.sql",
        "-- schemactl: allow SC9O1 because a code nobody has\n"
        "CREATE INDEX idx_orders_placed_at ON orders (placed_at);\n"
        "CREATE TABLE refunds (id uuid PRIMARY KEY, made_at timestamptz);\n"
        "CREATE INDEX idx_refunds_made_at ON refunds (made_at);\n",
    )
    project.write(ODD_NAME, "\tCREATE TABLE drafts (at timestamp);\n")
    monkeypatch.chdir(project.root)
    return project


def check_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"no snapshot {path}: run SCHEMACTL_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"output differs from tests/lint/snapshots/{name}; if the change is intended, regenerate with "
        f"SCHEMACTL_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/lint/test_outputs.py"
    )


def lint_output(project: LintProject, output: str) -> str:
    result = project.lint("--format", output, *SELECTION, "sql", "drafts")
    assert result.exit_code == 1, describe(result)
    assert result.stderr == "", describe(result)
    return result.stdout


def test_text_output(bad_project: LintProject) -> None:
    check_snapshot("bad_project.txt", lint_output(bad_project, "text"))


def test_json_output(bad_project: LintProject) -> None:
    output = lint_output(bad_project, "json")
    check_snapshot("bad_project.json", output)
    document = json.loads(output)
    assert set(document) == {"files", "findings", "summary"}
    assert document["summary"] == {"error": len(document["findings"]), "warning": 0, "info": 0}
    macro = [f for f in document["findings"] if f["from_macro"]]
    assert [(f["file"], f["line"], f["code"]) for f in macro] == [("sql/0001_orders.sql", 5, "SC201")]


def test_github_output(bad_project: LintProject) -> None:
    output = lint_output(bad_project, "github")
    check_snapshot("bad_project.github.txt", output)
    annotation = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[^,:]+::[^\r\n]+$")
    for line in output.splitlines():
        assert annotation.match(line), line
    assert "file=drafts/odd%2C name%3A 100%25.sql," in output


def test_sarif_output(bad_project: LintProject) -> None:
    output = lint_output(bad_project, "sarif")
    document = json.loads(output)
    assert_valid_sarif(document)
    check_snapshot("bad_project.sarif.json", json.dumps(normalise_sarif(document), indent=2, sort_keys=True) + "\n")


def assert_valid_sarif(document: dict[str, Any]) -> None:
    """What GitHub code scanning requires of an uploaded SARIF file (checked by hand: the SARIF
    JSON schema is not available offline)."""
    assert document["version"] == "2.1.0"
    assert re.match(r"^https://.*sarif.*2\.1\.0.*\.json$", document["$schema"])
    assert isinstance(document["runs"], list)
    assert len(document["runs"]) == 1
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "schemactl"
    assert isinstance(driver["version"], str)
    assert driver["version"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    for rule in driver["rules"]:
        assert re.match(r"^SC\d{3}$", rule["id"])
        assert rule["shortDescription"]["text"].strip()
        assert rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip()
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
    assert run["results"], "the bad project has findings"
    for result in run["results"]:
        assert result["ruleId"] in ids
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("none", "note", "warning", "error")
        assert result["message"]["text"].strip()
        assert len(result["locations"]) >= 1
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", uri), f"{uri} must be relative: no scheme"
        assert not uri.startswith("/"), f"{uri} must be relative"
        assert "\\" not in uri
        assert " " not in uri
        region = physical["region"]
        assert isinstance(region["startLine"], int)
        assert region["startLine"] >= 1
        assert isinstance(region["startColumn"], int)
        assert region["startColumn"] >= 1


def normalise_sarif(document: dict[str, Any]) -> dict[str, Any]:
    """The SARIF log without what changes when rules are added or reworded elsewhere: the version, the
    rules no result refers to, rule indexes and the rules' documentation (checked, then elided)."""
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    driver["version"] = "<version>"
    used = {result["ruleId"] for result in run["results"]}
    for result in run["results"]:
        del result["ruleIndex"]
    rules = [rule for rule in driver["rules"] if rule["id"] in used]
    for rule in rules:
        rule_class = rule_by_code(rule["id"])
        assert rule_class is not None
        documentation = rule_class.documentation()
        assert rule["help"] == {"text": documentation, "markdown": documentation}
        assert rule["shortDescription"]["text"] in documentation
        for key in ("help", "shortDescription", "fullDescription"):
            rule[key] = "<from the rule's documentation>"
    driver["rules"] = rules
    return document


def test_github_escaping() -> None:
    finding = Finding(
        "SC999",
        "made-up",
        Severity.WARNING,
        "100% wrong:\nsecond line, really\r",
        "dir,with:odd%chars/file.sql",
        3,
        7,
        from_macro=True,
    )
    assert to_github([finding]) == (
        "::warning file=dir%2Cwith%3Aodd%25chars/file.sql,line=3,col=7,title=SC999 made-up"
        "::100%25 wrong:%0Asecond line, really%0D (in SQL produced by a macro)\n"
    )


# --- exit codes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_exit_codes(bad_project: LintProject, output: str) -> None:
    assert bad_project.lint("--format", output, "--select", "SC201").exit_code == 1
    clean = bad_project.lint("--format", output, "--select", "SC701", "sql/0001_orders.sql")
    assert clean.exit_code == 0, describe(clean)
    bad_project.configure('select = ["not a code"]')
    error = bad_project.lint("--format", output)
    assert error.exit_code == 2, describe(error)
    assert error.stderr.startswith("error: ")


def test_no_findings_in_text(bad_project: LintProject) -> None:
    result = bad_project.lint("--select", "SC701", "sql/0001_orders.sql")
    assert (result.exit_code, result.stdout) == (0, "no findings in 1 file(s)\n")


ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def test_piped_text_is_the_coloured_text_without_its_colours(tmp_path: Path) -> None:
    """A pipe gets the report written directly (no rich); a terminal gets it through rich. Apart from
    the colours the two are the same bytes, names with markup, emoji codes, tabs and control
    characters included (rich replaced :smile: with an emoji before: a name is shown as written)."""
    import subprocess
    import sys

    from tests.lint.helpers import subprocess_environment

    project = LintProject(tmp_path / "project")
    project.write(
        "sql/0001_odd.sql",
        'CREATE TABLE "[red]Odd:smile:x" ("Col\\\\[b]" int, at timestamp);\n'
        '\tCREATE TABLE "x:thumbs_up:" (id int);\n'
        'CREATE TABLE "a\tB\x07c\rd" (x int); CREATE TABLE "e\x1bf" (y int);\n',
    )
    project.write("templates/m.sql.j2", '{% macro m() %}CREATE TABLE "Mac" (at timestamp);{% endmacro %}\n')
    project.write("sql/0002_macro.sql", "SELECT 1;\n{{ m() }}\n")

    def run(**terminal: str) -> str:
        plain = {k: v for k, v in subprocess_environment().items() if k not in ("NO_COLOR", "TERM")}
        environment = {**plain, "TERM": "xterm-256color", **terminal}
        command = [sys.executable, "-m", "schemactl", "-C", str(project.root), "lint", "--no-cache"]
        result = subprocess.run(command, env=environment, capture_output=True, check=False, timeout=60)
        assert result.returncode == 1, result.stderr
        return result.stdout.decode("utf-8")

    piped = run(TTY_COMPATIBLE="0")
    coloured = run(TTY_COMPATIBLE="1", FORCE_COLOR="1")

    assert ANSI_STYLE.search(coloured)  # rich did style it
    assert not ANSI_STYLE.search(piped)
    assert ANSI_STYLE.sub("", coloured) == piped
    assert '"[red]Odd:smile:x"' in piped
    assert "(in SQL produced by a macro)" in piped
