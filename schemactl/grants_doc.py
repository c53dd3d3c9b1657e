"""docs/ROLES_AND_GRANTS.md, generated from the grants matrix (templates/grants.toml).

The matrix is the one source of privileges: the Jinja macros stamp it onto the schema and
this module renders it for people, so the document cannot drift from what is granted.
"""

from __future__ import annotations

from pathlib import Path

from schemactl.errors import ConfigError
from schemactl.render import load_data_file

HEADER = """\
# Roles and grants

<!-- Generated from templates/grants.toml by `schemactl grants-doc`; do not edit by hand. -->

The grants matrix in `templates/grants.toml` is the single source of privileges: the macros in
`templates/tenancy.sql.j2` turn it into `REVOKE ... FROM PUBLIC` and `GRANT` statements, and this
document is generated from it. PUBLIC holds no privilege on any object. Row-level security limits
every application role to the rows of the tenant in `app.current_tenant_id`.
"""


def render_grants_doc(matrix_path: Path) -> str:
    """The Markdown document for a grants matrix."""
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
    lines = [HEADER, "## Roles", "", "| role | attributes | purpose |", "|---|---|---|"]
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
