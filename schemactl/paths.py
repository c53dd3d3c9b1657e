"""How paths are shown: relative to the project when inside it, else absolute. One form everywhere.

The command line sets the project root once it knows it; text, JSON, lint findings and error
locations all go through `shown`, so `sql/0004_x.sql` never appears as `/home/me/app/sql/0004_x.sql`
in one message and as `sql/0004_x.sql` in the next.
"""

from __future__ import annotations

from pathlib import Path

_project_root: Path | None = None


def set_project_root(root: Path | None) -> None:
    global _project_root
    _project_root = root.resolve() if root is not None else None


def shown(path: Path | str) -> str:
    """`path` relative to the project root (or, without one, the working directory) when inside it."""
    given = Path(path)
    return shown_resolved(given.resolve() if given.is_absolute() or given.exists() else Path.cwd() / given)


def shown_resolved(path: Path) -> str:
    """`shown(path)` for a path already absolute and resolved: no filesystem access (lint shows 1,000s)."""
    base = _project_root or Path.cwd()
    try:
        relative = path.relative_to(base)
    except ValueError:
        return str(path)
    return str(relative) if relative.parts else "."
