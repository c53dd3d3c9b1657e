"""Helpers for the contract tests: a throwaway copy of the project, and snapshots changed by hand."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from schemactl.contract.check import check_contracts
from schemactl.contract.load import load_sources
from schemactl.lint.findings import Finding
from schemactl.snapshot.model import Attributes, ObjectKind, Snapshot
from schemactl.snapshot.serialize import read_snapshot

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MAPPING = Path("docs") / "contract_schema_mapping.yaml"
ATTRIBUTION = Path("api-contracts") / "openapi" / "v1" / "attribution.yaml"
RECONCILIATION = Path("api-contracts") / "openapi" / "v1" / "reconciliation.yaml"
# What `contract check` reads: sql/ and templates/ to build the schema, the contracts and the mapping.
PROJECT_PARTS = (Path("sql"), Path("templates"), Path("pyproject.toml"), Path("api-contracts"), MAPPING)


def copy_project(destination: Path) -> Path:
    """A copy of what `contract check` reads, under `destination` (a new directory)."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        target = destination / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
    return destination


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    """1-based line of the one line of the file that contains `fragment`."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line]
    assert len(lines) == 1, f"{fragment!r} is on lines {lines} of {path}"
    return lines[0]


def next_migration(root: Path, name: str, sql: str) -> Path:
    """A new migration after the last one of root/sql."""
    last = max(int(p.name[:4]) for p in (root / "sql").glob("[0-9][0-9][0-9][0-9]_*.sql"))
    path = root / "sql" / f"{last + 1:04d}_{name}.sql"
    path.write_text(sql, encoding="utf-8")
    return path


def committed_snapshot() -> Snapshot:
    """The committed snapshot of what sql/ builds (snapshots/schema.json; the drift gate keeps it current)."""
    return read_snapshot(PROJECT_ROOT / "snapshots" / "schema.json")


def with_object(snapshot: Snapshot, kind: ObjectKind, identity: str, attributes: Attributes | None) -> Snapshot:
    """The snapshot with one object replaced, added, or (attributes None) removed."""
    objects = {k: dict(v) for k, v in snapshot.objects.items()}
    if attributes is None:
        del objects[kind][identity]
    else:
        objects.setdefault(kind, {})[identity] = copy.deepcopy(dict(attributes))
    return Snapshot(snapshot.schemas, objects)


def with_changed(snapshot: Snapshot, kind: ObjectKind, identity: str, **changes: object) -> Snapshot:
    """The snapshot with some attributes of one object changed."""
    current = snapshot.get(kind, identity)
    assert current is not None, f"no {kind} {identity}"
    return with_object(snapshot, kind, identity, {**current, **changes})  # type: ignore[dict-item]


def renamed_column(snapshot: Snapshot, identity: str, new_name: str) -> Snapshot:
    current = snapshot.get(ObjectKind.COLUMN, identity)
    assert current is not None
    relation = identity.rsplit(".", 1)[0]
    without = with_object(snapshot, ObjectKind.COLUMN, identity, None)
    return with_object(without, ObjectKind.COLUMN, f"{relation}.{new_name}", current)


def findings_of(root: Path, snapshot: Snapshot) -> list[Finding]:
    return list(check_contracts(load_sources(root), snapshot))


def summary(findings: list[Finding]) -> list[str]:
    """`CODE file:line message` per finding, for assertion messages and exact comparisons."""
    return [f"{f.code} {f.file}:{f.line} {f.message}" for f in findings]
