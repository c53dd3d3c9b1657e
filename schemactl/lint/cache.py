"""The incremental lint cache: what each file contributes, keyed by everything that can change it.

Files are linted in version order over a model of the schema built so far, so what a file
contributes depends on the file and on every file before it. Each file gets a key (its display
path, name and bytes) and the run a base key (schemactl's version and lint code, pglast, the
settings and rule selection, templates/ and the render vars, the working directory the paths are
shown from). The state before file i is keyed by the chain

    state[0] = base, state[i + 1] = sha256(state[i], file[i])

and the cache keeps, by those keys:

* `snapshot-<state[i]>`: the model after the first i files, with what `finish` rules read of
  those files (their text, line map, suppressions, and only the statements those rules declare
  in `Rule.finish_reads`);
* `findings-<state[i + 1]>`: the findings of file i when it was linted after exactly those files.

A run loads the latest snapshot before which every file asked about has its findings cached, and
reads, renders, parses and checks only the files after it. It lives in `.schemactl/cache/lint/`
of a project (with a `.gitignore` of `*`), never outside one. Entries are written to a temporary
file and renamed into place, so two runs racing see a whole entry or none; an entry that cannot be
read back (truncated, corrupt, from another version, or naming a class it should not) is ignored
and rewritten. The directory is kept under `MAX_BYTES`, the least recently used entries first.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from schemactl.config import Settings
from schemactl.lint.findings import Finding
from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile

FORMAT = 1  # bump when what an entry holds changes shape
MAX_BYTES = 256 * 1024 * 1024  # the whole cache directory, at most (least recently used entries go first)
_TMP_PREFIX = ".tmp-"


@dataclass
class Plan:
    """What a run can take from the cache: the snapshot to start from and the findings it may reuse."""

    keys: list[str]  # keys[i]: the state before file i; keys[len(files)]: after the last one
    start: int  # how many files the snapshot covers (0: none, start from an empty model)
    model: SchemaModel | None
    files: dict[str, LintFile]  # display -> stub, for the files the snapshot covers
    findings: dict[int, list[Finding]]  # file index -> its cached findings (files asked about)
    checkpoints: set[int]  # how many files are done when a snapshot should be written


class LintCache:
    """One project's lint cache directory and the base key of this run."""

    def __init__(self, directory: Path, base: str, finish_reads: frozenset[str] | None) -> None:
        self.directory = directory
        self.base = base
        self.finish_reads = finish_reads  # statement types `finish` rules read; None: every statement
        self._wrote = False

    # -- keys -------------------------------------------------------------------------------------
    def plan(self, order: Sequence[Path], displays: Sequence[str], asked: Sequence[bool]) -> Plan:
        """Hash every file and find the latest usable snapshot."""
        keys = [self.base]
        for path, display in zip(order, displays, strict=True):
            digest = hashlib.sha256(keys[-1].encode())
            digest.update(b"\0" + display.encode() + b"\0" + path.name.encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError as exc:  # the run reports it; the key only has to differ from any content
                digest.update(f"\0unreadable\0{exc.errno}".encode())
            keys.append(digest.hexdigest())
        findings: dict[int, list[Finding]] = {}
        limit = len(order)  # the snapshot may not cover a file asked about whose findings are not cached
        for index, is_asked in enumerate(asked):
            if not is_asked:
                continue
            found = self._load("findings", keys[index + 1])
            if not _is_findings(found):
                limit = index
                break
            findings[index] = list(found)
        start, model, files = 0, None, {}
        for count in range(limit, 0, -1):
            path = self._path("snapshot", keys[count])
            if not path.exists():
                continue
            loaded = self._load("snapshot", keys[count])
            if _is_snapshot(loaded):
                start, model, files = count, loaded[0], loaded[1]
                _touch(path)
                break
        # Where a snapshot saves the next run the most: before the last file (a new migration being
        # written) and before the first file asked about that is not cached (the file being edited).
        checkpoints = {count for count in (len(order) - 1, limit) if start < count < len(order)}
        return Plan(keys, start, model, files, findings, checkpoints)

    # -- entries ----------------------------------------------------------------------------------
    def store_findings(self, key: str, found: Sequence[Finding]) -> None:
        self._store("findings", key, ("findings", FORMAT, tuple(found)))

    def store_snapshot(self, key: str, model: SchemaModel, files: dict[str, LintFile]) -> None:
        stubs = {display: self._stub(lint_file) for display, lint_file in files.items()}
        self._store("snapshot", key, ("snapshot", FORMAT, model, stubs))

    def _stub(self, lint_file: LintFile) -> LintFile:
        """What `finish` rules and suppressions read of a file: its text and line map, the statements of
        the types `finish` rules declare, and where the other suppressions are."""
        if self.finish_reads is None:
            kept = lint_file.statements
        else:
            keep = self.finish_reads
            kept = [
                statement if type(statement.node).__name__ in keep else replace(statement, node=None, text="")
                for statement in lint_file.statements
                if statement.suppressions or type(statement.node).__name__ in keep  # suppressions: for spans
            ]
        rendered = lint_file.source if lint_file.rendered == lint_file.source else lint_file.rendered  # stored once
        return replace(lint_file, statements=kept, rendered=rendered)

    def _path(self, kind: str, key: str) -> Path:
        return self.directory / f"{kind}-{key}"

    def _load(self, kind: str, key: str) -> Any:
        """The entry, or None when it is missing or cannot be read back (it is then rewritten)."""
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            return None
        try:
            loaded = _Unpickler(io.BytesIO(data)).load()
        except Exception:  # truncated, corrupt, or not ours: a miss, never a crash
            return None
        if not (isinstance(loaded, tuple) and len(loaded) >= 2 and loaded[0] == kind and loaded[1] == FORMAT):
            return None
        return loaded[2] if kind == "findings" else loaded[2:]

    def _store(self, kind: str, key: str, value: object) -> None:
        """Write atomically: a temporary file in the same directory, renamed over the entry."""
        try:
            buffer = io.BytesIO()
            _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            self._ensure_directory()
            handle, temporary = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=self.directory)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(buffer.getbuffer())
                os.replace(temporary, self._path(kind, key))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            return  # a cache that cannot be written only makes the next run slower
        self._wrote = True

    def _ensure_directory(self) -> None:
        if self.directory.is_dir():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        top = self.directory.parent  # .schemactl/cache: ignored by git whatever the project's .gitignore says
        for name, text in ((".gitignore", "# Created by schemactl: safe to delete.\n*\n"), ("CACHEDIR.TAG", _TAG)):
            if not (top / name).exists():
                (top / name).write_text(text, encoding="utf-8")

    def finish(self) -> None:
        """Keep the directory under MAX_BYTES once this run has written to it."""
        if self._wrote:
            evict(self.directory, MAX_BYTES)


_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# schemactl's lint cache. See https://bford.info/cachedir/\n"


def evict(directory: Path, max_bytes: int) -> None:
    """Delete the least recently used entries (and stale temporary files) until the rest fit."""
    entries: list[tuple[float, int, str]] = []
    try:
        with os.scandir(directory) as scan:
            for entry in scan:
                try:
                    info = entry.stat()
                except OSError:
                    continue
                entries.append((info.st_mtime, info.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def _is_findings(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(f, Finding) for f in value)


def _is_snapshot(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], SchemaModel)
        and isinstance(value[1], dict)
        and all(isinstance(f, LintFile) for f in value[1].values())
    )


# -- opening ---------------------------------------------------------------------------------------
def open_cache(settings: Settings, lint_settings: LintSettings, rules: Iterable[Rule]) -> LintCache | None:
    """The cache of the project linted; None outside a project (a pyproject.toml with [tool.schemactl])."""
    pyproject = settings.project_dir / "pyproject.toml"
    try:
        if "[tool.schemactl" not in pyproject.read_text(encoding="utf-8"):
            return None
    except (OSError, UnicodeDecodeError):
        return None
    rules = list(rules)
    reads: set[str] | None = set()
    for rule in rules:
        if type(rule).finish is Rule.finish:
            continue
        declared = type(rule).finish_reads
        if declared is None:
            reads = None
            break
        assert reads is not None
        reads.update(declared)
    if reads is not None:
        reads.add("TransactionStmt")  # what LintFile.transaction_of reads
    base = _base_key(settings, lint_settings, rules)
    return LintCache(settings.state_dir / "cache" / "lint", base, None if reads is None else frozenset(reads))


def _base_key(settings: Settings, lint_settings: LintSettings, rules: Sequence[Rule]) -> str:
    import importlib.metadata
    import sys

    import schemactl

    digest = hashlib.sha256(f"schemactl-lint-cache {FORMAT}\0".encode())

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(repr(part).encode() + b"\0")

    try:
        pglast_version = importlib.metadata.version("pglast")
    except importlib.metadata.PackageNotFoundError:
        pglast_version = "?"
    add(schemactl.__version__, pglast_version, sys.version, Path.cwd())
    package = Path(schemactl.__file__).parent
    for source in sorted(package.rglob("*.py")):  # an edited rule (an editable install) is a new version
        info = source.stat()
        add(str(source.relative_to(package)), info.st_size, info.st_mtime_ns)
    add(
        settings.sql_dir,
        settings.templates_dir,
        settings.lock_timeout,
        settings.statement_timeout,
        sorted(settings.template_vars.items()),
    )
    for item in fields(lint_settings):
        value = getattr(lint_settings, item.name)
        add(item.name, sorted(value) if isinstance(value, frozenset | set) else value)
    add([type(rule).code for rule in rules])
    templates = settings.templates_dir
    if templates.is_dir():
        for path in sorted(p for p in templates.rglob("*") if p.is_file()):
            add(str(path.relative_to(templates)))
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# -- pickling --------------------------------------------------------------------------------------
# pglast nodes validate every attribute in Python on assignment, which makes plain unpickling of a
# model holding parsed expressions slow (~20x). They are written as (class, attributes) and rebuilt
# without the validation: the values were validated when the parser made them.


def _node(cls: Any, items: tuple[tuple[str, Any], ...]) -> Any:
    node = cls.__new__(cls)
    assign = object.__setattr__
    for name, value in items:
        assign(node, name, value)
    return node


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        from pglast import ast

        if isinstance(obj, ast.Node):
            missing = _MISSING
            items = tuple((name, value) for name in obj if (value := getattr(obj, name, missing)) is not missing)
            return _node, (type(obj), items)
        return NotImplemented


_MISSING = object()
_ALLOWED_BUILTINS = frozenset({"frozenset", "set", "bytearray", "complex", "range", "slice"})
_ALLOWED_PATHS = frozenset({"PosixPath", "PurePosixPath", "WindowsPath", "PureWindowsPath", "Path"})


class _Unpickler(pickle.Unpickler):
    """Only what the cache writes: schemactl.lint's classes, pglast's nodes and enums, paths.

    A cache directory could come from elsewhere (a shared archive, a careless commit); loading it
    must not run arbitrary code, so any other global makes the entry unreadable (and rewritten).
    """

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_node":
            return _node
        allowed = (
            (module.startswith("schemactl.lint.") and not name.startswith("_"))
            or module == "pglast.ast"
            or module.startswith("pglast.enums")
            or (module in ("pathlib", "pathlib._local") and name in _ALLOWED_PATHS)
            or (module == "builtins" and name in _ALLOWED_BUILTINS)
        )
        if not allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a lint cache entry")
        value = super().find_class(module, name)
        if not isinstance(value, type):
            raise pickle.UnpicklingError(f"{module}.{name} is not a class")
        return value
