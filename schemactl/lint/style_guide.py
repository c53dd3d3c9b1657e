"""docs/SCHEMA_STYLE_GUIDE.md, generated from the rules' own documentation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from schemactl.lint.rule import Rule

FAMILIES = {
    "SC0": "Engine: files that cannot be checked, and suppressions",
    "SC1": "Naming",
    "SC2": "Types",
    "SC3": "Tenancy and row-level security",
    "SC4": "Privileges and security",
    "SC5": "Documentation",
    "SC6": "Extensions",
    "SC7": "Migration safety",
    "SC9": "Live database (`schemactl verify` only)",
}
RUNS_ON = {
    "files": "files (`schemactl lint`)",
    "live": "live databases (`schemactl verify`)",
    "both": "files (`schemactl lint`) and live databases (`schemactl verify`)",
}

HEADER = """\
# Schema style guide

<!-- Generated from the lint rules by `schemactl style-guide`; do not edit by hand. -->

Every convention here is enforced by `schemactl lint` (a pre-commit hook and a CI step). Each rule
has a code, a name and a severity; `schemactl rules CODE` prints its documentation. A finding can be
suppressed on one statement, with a reason, by a comment in front of it:

```sql
-- schemactl: allow SC709 because widgets was never used (ticket 123)
DROP TABLE widgets;
```

Conventions the rules encode: identifiers in snake_case, at most 63 bytes; tables plural; named
constraints `pk_<table>`, `fk_<table>_<what>`, `uq_<table>_<what>`, `ck_<table>_<what>` and indexes
`idx_<table>_<columns>`; `timestamptz` only; money as integer cents; `uuid` primary keys with a
default; every tenant-scoped table carries `tenant_id uuid NOT NULL REFERENCES tenants`, forced
row-level security and a policy with USING and WITH CHECK (a table shared by all tenants says so with
`-- schemactl: global`); nothing granted to PUBLIC; every table and column commented; changes to
existing tables made without long locks (see `MIGRATION_SAFETY_CHECKLIST.md`).
"""

WHERE = """\
Where a rule runs: **files** rules judge migrations (`schemactl lint`); **live** rules judge a
running database (`schemactl verify`: roles, memberships, database privileges, settings, owners,
the ledger); **both** judge the state of the schema, built from the migrations by lint and read from
the catalog by verify, under the same code.
"""


def render_style_guide(rules: Sequence[type[Rule]], runs_on: Mapping[str, str] | None = None) -> str:
    """The guide; with `runs_on` (code -> files, live or both) each rule also says where it runs."""
    parts = [HEADER] + ([WHERE] if runs_on else [])
    for prefix, title in FAMILIES.items():
        family = [rule for rule in rules if rule.code.startswith(prefix)]
        if not family:
            continue
        parts.append(f"## {title}\n")
        if runs_on:
            parts.append(
                "| code | name | severity | runs on |\n|---|---|---|---|\n"
                + "".join(
                    f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity.value} | {runs_on[r.code]} |\n"
                    for r in family
                )
            )
        else:
            parts.append(
                "| code | name | severity |\n|---|---|---|\n"
                + "".join(
                    f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity.value} |\n" for r in family
                )
            )
        for rule in family:
            where = f" Runs on {RUNS_ON[runs_on[rule.code]]}." if runs_on else ""
            parts.append(f"### {rule.code} {rule.name}\n\nSeverity: {rule.severity.value}.{where}\n\n{_body(rule)}\n")
    return "\n".join(parts).rstrip("\n") + "\n"


def _body(rule: type[Rule]) -> str:
    """The docstring with its section titles (What it does / Why is this bad? / Example / Fix) in bold."""
    titles = {"What it does", "Why is this bad?", "Example", "Fix"}
    lines = [f"**{line}**" if line.strip() in titles else line for line in rule.documentation().splitlines()]
    return "\n".join(lines)
