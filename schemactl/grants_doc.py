"""docs/ROLES_AND_GRANTS.md, generated from the grants matrix in force.

The matrix is the one source of privileges: the Jinja macros stamp it onto the schema and this module
renders it for people, so the document cannot drift from what is granted. Applied migrations never
change, so a later matrix (`templates/grants_v2.toml`, ...) is added beside the first one and a new
migration revokes every privilege of PUBLIC and the application roles on each object and grants the new
matrix: the newest matrix is the privileges in force after `schemactl apply`, and it is what the
document shows. The schema tests compare it with the privileges the catalog holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from schemactl.errors import ConfigError
from schemactl.render import load_data_file

_MATRIX_FILE = re.compile(r"^grants(?:_v(?P<version>[0-9]+))?\.toml$")

HEADER = """\
# Roles and grants

<!-- Generated from templates/{source} by `schemactl grants-doc`; do not edit by hand. -->

The grants matrix in `templates/{source}` is the single source of the privileges in force: the macros
in `templates/` turn it into `REVOKE ... FROM PUBLIC` and `GRANT` statements, and this document is
generated from it. PUBLIC holds no privilege on any object. Row-level security limits every
application role to the rows of the tenant in `app.current_tenant_id`.
"""

IN_FORCE = """\
The first matrix, `templates/grants.toml`, is what `sql/0001`-`0003` render (applied files never
change); `sql/0005_hostile_session_hardening.sql` revokes every privilege of PUBLIC and the application
roles on each object listed here and grants this matrix, so this is what the catalog holds after
`schemactl apply` (the schema tests compare the two).

On the database, the application roles hold CONNECT only: no TEMPORARY (a temporary table, view or
type would shadow the real one on a pooled connection) and no CREATE on schema `public`. They are
members of no predefined role (`pg_write_all_data`, `pg_maintain`, `pg_read_all_data`, ...: the apply
removes such memberships). No application role holds table-level UPDATE, DELETE, TRUNCATE or MAINTAIN
on any table, because each lets `LOCK TABLE` take a mode that blocks every tenant: updates are granted
per column, and deletes go through the SECURITY DEFINER functions below.
"""


def matrix_in_force(templates_dir: Path) -> Path:
    """The newest grants matrix of `templates_dir`: grants_vN.toml with the highest N, else grants.toml."""
    found: dict[int, Path] = {}
    for path in templates_dir.glob("grants*.toml"):
        match = _MATRIX_FILE.match(path.name)
        if match:
            found[int(match["version"] or 1)] = path
    return found[max(found)] if found else templates_dir / "grants.toml"


def render_grants_doc(matrix_path: Path) -> str:
    """The Markdown document for the matrix in force beside `matrix_path` (a matrix file or its folder)."""
    if matrix_path.is_dir() or _MATRIX_FILE.match(matrix_path.name):
        matrix_path = matrix_in_force(matrix_path if matrix_path.is_dir() else matrix_path.parent)
    if not matrix_path.is_file():
        raise ConfigError(
            "grants matrix not found",
            file=matrix_path,
            hint="grants-doc documents the grants matrix templates/grants.toml; create it (see the README)",
        )
    matrix = load_data_file(matrix_path)
    roles = _table(matrix, "roles", matrix_path)
    objects = _table(matrix, "objects", matrix_path)
    app_roles = matrix.get("app_roles")
    if not isinstance(app_roles, list) or not all(isinstance(r, str) for r in app_roles):
        raise ConfigError("app_roles must be a list of role names", file=matrix_path)
    lines = [HEADER.format(source=matrix_path.name)]
    if matrix_path.name != "grants.toml":
        lines.append(IN_FORCE)
    lines += ["## Roles", "", "| role | attributes | purpose |", "|---|---|---|"]
    for name, role in roles.items():
        lines.append(f"| `{name}` | {role.get('attributes', '')} | {role.get('description', '')} |")
    lines += ["", "## Privileges", "", "| object | kind | " + " | ".join(app_roles) + " |"]
    lines.append("|---|---|" + "---|" * len(app_roles))
    for name, entry in objects.items():
        cells = [", ".join(_privileges(entry, role)) or "-" for role in app_roles]
        lines.append(f"| `{name}` | {entry.get('kind', '')} | " + " | ".join(cells) + " |")
    notes = [(name, entry["note"]) for name, entry in objects.items() if entry.get("note")]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- `{name}`: {note}" for name, note in notes]
    return "\n".join(lines) + "\n"


def _privileges(entry: dict[str, object], role: str) -> list[str]:
    value = entry.get(role, [])
    return [str(p) for p in value] if isinstance(value, list) else [str(value)]


def _table(matrix: dict[str, object], key: str, path: Path) -> dict[str, dict[str, object]]:
    value = matrix.get(key)
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(f"[{key}] must be a table of tables", file=path)
    return value
