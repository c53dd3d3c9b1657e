"""Machine formats of lint findings: JSON, SARIF 2.1.0 (GitHub code scanning), GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MACRO_NOTE = " (in SQL produced by a macro)"
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def finding_document(finding: Finding) -> dict[str, object]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "from_macro": finding.from_macro,
    }


def to_json(findings: Sequence[Finding], files: Sequence[str]) -> str:
    document = {
        "files": list(files),
        "findings": [finding_document(f) for f in findings],
        "summary": {severity.value: sum(1 for f in findings if f.severity is severity) for severity in Severity},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def to_sarif(findings: Sequence[Finding], rules: Sequence[type[Rule]], version: str) -> str:
    """A SARIF 2.1.0 log with one run, every rule described, one result per finding."""
    index = {rule.code: position for position, rule in enumerate(rules)}
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "schemactl",
                        "version": version,
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",  # columns count characters, as the other formats do
                "results": [_sarif_result(f, index) for f in findings],
            }
        ],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _sarif_rule(rule: type[Rule]) -> dict[str, object]:
    documentation = rule.documentation()
    summary = documentation.splitlines()[1].strip() if len(documentation.splitlines()) > 1 else rule.name
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
    }


def _sarif_result(finding: Finding, index: dict[str, int]) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.code,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message + (MACRO_NOTE if finding.from_macro else "")},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.file)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    return result


def artifact_uri(path: str) -> str:
    """A file as a SARIF artifact URI: relative paths (to the working directory, the repository root in
    CI) stay relative, with / separators and percent-encoding; absolute ones become file: URIs."""
    from pathlib import Path, PureWindowsPath
    from urllib.parse import quote

    if Path(path).is_absolute() or PureWindowsPath(path).is_absolute():
        return Path(path).resolve().as_uri()
    return quote(path.replace("\\", "/"), safe="/")


def to_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=...::message`."""
    lines = []
    for f in findings:
        title = _escape_property(f"{f.code} {f.name}")
        message = _escape_data(f.message + (MACRO_NOTE if f.from_macro else ""))
        lines.append(
            f"::{_GITHUB_COMMAND[f.severity]} file={_escape_property(f.file)},line={f.line},col={f.column},"
            f"title={title}::{message}"
        )
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
