"""Verify findings in the linter's formats, each naming its object: text, JSON, SARIF 2.1.0 (with a
logicalLocation per result), GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from schemactl.lint import formats
from schemactl.lint.findings import Severity
from schemactl.lint.rule import Rule
from schemactl.verify.engine import VerifyFinding, VerifyReport


def object_document(finding: VerifyFinding) -> dict[str, str]:
    return {"kind": finding.subject.kind.value, "name": finding.subject.name}


def to_json(report: VerifyReport) -> str:
    findings = [f.finding for f in report.findings]
    document = {
        "database": report.database,
        "findings": [{**formats.finding_document(f.finding), "object": object_document(f)} for f in report.findings],
        "rules": [rule.code for rule in report.rules],
        "summary": {severity.value: sum(1 for f in findings if f.severity is severity) for severity in Severity},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def to_sarif(report: VerifyReport, rules: Sequence[type[Rule]], version: str) -> str:
    """The linter's SARIF log; each result also gets the object as its logicalLocation (GitHub code
    scanning needs the physical one: the migration that made the object)."""
    document = json.loads(formats.to_sarif([f.finding for f in report.findings], rules, version))
    run = document["runs"][0]
    run["properties"] = {"database": report.database}
    for result, finding in zip(run["results"], report.findings, strict=True):
        location = result["locations"][0]
        location["logicalLocations"] = [
            {
                "name": short_name(finding.subject.name),
                "fullyQualifiedName": finding.subject.name,
                "kind": finding.subject.kind.value,
            }
        ]
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def to_github(report: VerifyReport) -> str:
    """GitHub annotations at the migration that made each object (every message names its object)."""
    return formats.to_github([f.finding for f in report.findings])


def short_name(name: str) -> str:
    """The object's own name without its schema (and table): `public.f(a public.t)` -> `f(a public.t)`."""
    head, paren, arguments = name.partition("(")
    return head.rsplit(".", 1)[-1] + paren + arguments
