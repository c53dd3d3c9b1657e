"""The incremental lint cache: what each file contributes, keyed by everything that can change it.

Files are linted in version order over a model of the schema built so far, so what a file
contributes depends on the file and on every file before it. Each file gets a key (its display
path, name and the sha256 of its bytes) and the run a base key (schemactl's version and lint code,
pglast and Jinja, the settings and rule selection, templates/ and the render vars, the working
directory the paths are shown from). The state before file i is keyed by the chain

    state[0] = base, state[i + 1] = sha256(state[i], file[i])

and the cache keeps, by those keys:

`snapshot-<state[i]>`: the model after the first i files, what `finish` rules read of those files
(their text, line map, suppressions, and only the statements those rules declare in
`Rule.finish_reads`), and the findings of those that were asked about, each by `state[j + 1]`.
`files`: each file's sha256 with its stat, so an unchanged file is not read (see `_FileIndex`).

A run loads the latest snapshot that holds the findings of every file asked about that it covers,
and reads, renders, parses and checks only the files after it. A snapshot is written before the
last file (the migration being written) and before the first file asked about (the one being
edited) when the run had to read from there, and every eighth of the project or so (see
`_checkpoints`). It lives in `.schemactl/cache/lint/`
of a project (with a `.gitignore` of `*`), never outside one. Entries are written to a temporary
file and renamed into place, so two runs racing see a whole entry or none; an entry that cannot be
read back (truncated, corrupt, from another version, or naming a class it should not) is ignored
and rewritten. The directory is kept under `MAX_BYTES`, the least recently used entries first.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import hashlib
import io
import os
import pickle
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from schemactl.config import Settings
from schemactl.lint.findings import Finding
from schemactl.lint.model import PolicyInfo, SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile

FORMAT = 3  # bump when what an entry holds changes shape
MAX_BYTES = 256 * 1024 * 1024  # the whole cache directory, at most (least recently used entries go first)
_TMP_PREFIX = ".tmp-"
_STALE_TMP_SECONDS = 3600


@dataclass
class Plan:
    """What a run can take from the cache: the snapshot to start from and the findings it may reuse."""

    keys: list[str]  # keys[i]: the state before file i; keys[len(files)]: after the last one
    contents: list[bytes | None]  # each file's bytes as hashed (None: unreadable), so a run lints what it keyed
    start: int  # how many files the snapshot covers (0: none, start from an empty model)
    model: SchemaModel | None
    files: dict[str, LintFile]  # display -> stub, for the files the snapshot covers
    findings: dict[int, list[Finding]]  # file index -> its cached findings (files asked about, before `start`)
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
        """Key every file and find the latest snapshot that holds the findings of the files asked about
        that it covers. A file is read and hashed only when its stat differs from the one recorded with
        its hash (see `_FileIndex`); the files the run lints are read here in any case, so it lints the
        bytes it keyed."""
        index = _FileIndex.load(self.directory / INDEX_NAME)
        digests: list[bytes] = []
        contents: list[bytes | None] = []
        for path in order:
            digest, content = index.digest(path)
            digests.append(digest)
            contents.append(content)
        keys = self._chain(order, displays, digests, 0, [self.base])
        start, model, files, findings = 0, None, {}, {}
        for count in range(len(order), 0, -1):
            path = self._path(keys[count])
            if not path.exists():
                continue
            loaded = self._load(keys[count])
            if loaded is None:
                continue
            known = loaded[2]
            if all(keys[i + 1] in known for i in range(count) if asked[i]):
                start, model, files = count, loaded[0], loaded[1]
                paths = dict(zip(displays, order, strict=True))
                for display, stub in files.items():
                    stub.path = paths.get(display, stub.path)
                findings = {i: list(known[keys[i + 1]]) for i in range(count) if asked[i]}
                _touch(path)
                break
        for i in range(start, len(order)):  # the files linted: their bytes now, and the keys from them
            if contents[i] is None and not digests[i].startswith(_UNREADABLE):
                digest, contents[i] = index.read(order[i])
                if digest != digests[i]:  # changed since its stat was taken: key it by what is linted
                    digests[i] = digest
                    keys = self._chain(order, displays, digests, i, keys[: i + 1])
        index.save(order, self)
        return Plan(keys, contents, start, model, files, findings, _checkpoints(start, len(order), asked))

    @staticmethod
    def _chain(
        order: Sequence[Path], displays: Sequence[str], digests: Sequence[bytes], first: int, keys: list[str]
    ) -> list[str]:
        """`keys` (the states before files 0..first) continued through the last file."""
        keys = list(keys)
        for i in range(first, len(order)):
            digest = hashlib.sha256(keys[-1].encode())
            digest.update(b"\0" + displays[i].encode() + b"\0" + order[i].name.encode() + b"\0" + digests[i])
            keys.append(digest.hexdigest())
        return keys

    # -- entries ----------------------------------------------------------------------------------
    def store_snapshot(
        self, key: str, model: SchemaModel, files: dict[str, LintFile], findings: dict[str, Sequence[Finding]]
    ) -> None:
        """The model after the files in `files`, with the findings of those asked about (by the key after each)."""
        stubs = {display: self._stub(lint_file) for display, lint_file in files.items()}
        known = {after: tuple(found) for after, found in findings.items()}
        self._store(key, ("snapshot", FORMAT, model, stubs, known))

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
        # The path is the run's own (by display, see `plan`): one shared placeholder is stored instead.
        return replace(lint_file, path=_NO_PATH, statements=kept, rendered=rendered)

    def _path(self, key: str) -> Path:
        return self.directory / f"snapshot-{key}"

    def _load(self, key: str) -> tuple[SchemaModel, dict[str, LintFile], dict[str, tuple[Finding, ...]]] | None:
        """The snapshot, or None when it is missing or cannot be read back (it is then rewritten)."""
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        collecting = gc.isenabled()
        gc.disable()  # hundreds of thousands of new objects, none garbage: the collector would only rescan them
        try:
            loaded = _Unpickler(io.BytesIO(data)).load()
        except Exception:  # truncated, corrupt, or not ours: a miss, never a crash
            return None
        finally:
            if collecting:
                gc.enable()
        if not (isinstance(loaded, tuple) and len(loaded) == 5 and loaded[:2] == ("snapshot", FORMAT)):
            return None
        model, stubs, known = loaded[2:]
        if not (
            isinstance(model, SchemaModel)
            and isinstance(stubs, dict)
            and all(isinstance(f, LintFile) for f in stubs.values())
            and isinstance(known, dict)
            and all(isinstance(v, tuple) and all(isinstance(f, Finding) for f in v) for v in known.values())
        ):
            return None
        return model, stubs, known

    def _store(self, key: str, value: object) -> None:
        """Write atomically: a temporary file in the same directory, renamed over the entry."""
        try:
            buffer = io.BytesIO()
            _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            self._ensure_directory()
            _write_atomically(self._path(key), buffer.getbuffer())
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
        """Keep the directory under MAX_BYTES (and free of stale temporary files) once this run wrote to it."""
        if self._wrote:
            evict(self.directory, MAX_BYTES)


_NO_PATH = Path()
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
    stale = time.time() - _STALE_TMP_SECONDS  # a temporary file this old was left by a run that died
    for modified, _, path in entries:
        if modified < stale and os.path.basename(path).startswith(_TMP_PREFIX):
            with contextlib.suppress(OSError):
                os.unlink(path)
    entries = [(m, size, path) for m, size, path in entries if os.path.exists(path)]
    total = sum(size for _, size, _ in entries)
    # The file index is small and read by every run, but rewritten only when a file changes: never evicted.
    for _, size, path in sorted(e for e in entries if os.path.basename(e[2]) != INDEX_NAME):
        if total <= max_bytes:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size


def _checkpoints(start: int, total: int, asked: Sequence[bool]) -> set[int]:
    """How many files are done where this run writes a snapshot (it reads files `start` onwards).

    Where a snapshot saves the next run the most: before the last file (a new migration being
    written) and before the first file asked about (the file being edited). A run that reads from
    the start also leaves one every `_spacing(total)` files, so the first edit of an older file reads
    at most that many files before it; so does a run whose first file asked about lies further on
    (those before it stay valid while it is edited again).
    """
    first_asked = next((i for i in range(start, total) if asked[i]), total)
    wanted = {total - 1, first_asked}
    spacing = _spacing(total)
    for count in range(spacing, total, spacing):
        if start == 0 or count <= first_asked:
            wanted.add(count)
    return {count for count in wanted if start < count < total}


def _spacing(total: int) -> int:
    """A power of two of at least an eighth of the files (64 at least): the same places as files are added."""
    spacing = 64
    while spacing * 8 < total:
        spacing *= 2
    return spacing


def _write_atomically(path: Path, data: memoryview) -> None:
    """A temporary file in the same directory, renamed over `path`: readers see all of it or none."""
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


INDEX_NAME = "files"  # the file index: each file's stat and sha256, so unchanged files are not read
RACY_NS = 2_000_000_000  # a stat younger than this (at the time of hashing) is not trusted; see _FileIndex
_UNREADABLE = b"unreadable"


class _FileIndex:
    """Each file's sha256 with the stat it was read under: (size, mtime_ns, ctime_ns, inode, device).

    A file whose stat is unchanged is not read again. Timestamps have a granularity (a clock tick on
    Linux, 1-2 s on some file systems), so a second write of the same size within one granule can
    leave the stat unchanged; such a stat is recorded only once both its mtime and ctime are RACY_NS
    older than the moment the file was read (git's "racily clean" rule), so a file written since
    it was hashed shows a later ctime. Tools that restore mtimes (`touch -d`, `rsync -t`, `cp -p`)
    cannot restore the ctime. The index is one entry of the cache directory, written atomically
    when it changed; unreadable, it is rebuilt.
    """

    def __init__(self, location: Path, entries: dict[str, tuple[int, int, int, int, int, bytes]]) -> None:
        self._location = location
        self._entries = entries
        self._changed = False

    @classmethod
    def load(cls, location: Path) -> _FileIndex:
        try:
            loaded = _Unpickler(io.BytesIO(location.read_bytes())).load()
        except Exception:  # missing, truncated, corrupt or not ours: start afresh
            return cls(location, {})
        ours = isinstance(loaded, tuple) and len(loaded) == 3 and loaded[:2] == ("files", FORMAT)
        return cls(location, loaded[2] if ours and isinstance(loaded[2], dict) else {})

    def digest(self, path: Path) -> tuple[bytes, bytes | None]:
        """The file's sha256 and, when it had to be read for it, its bytes."""
        try:
            info = os.stat(path)
        except OSError as exc:  # the run reports it (reading again); the key only has to differ
            return _UNREADABLE + str(exc.errno).encode(), None
        stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
        entry = self._entries.get(str(path))
        if entry is not None and entry[:5] == stat:
            return entry[5], None
        return self._hash(path, stat)

    def read(self, path: Path) -> tuple[bytes, bytes | None]:
        """The file's sha256 and bytes, read now."""
        try:
            info = os.stat(path)
        except OSError as exc:
            return _UNREADABLE + str(exc.errno).encode(), None
        return self._hash(path, (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev))

    def _hash(self, path: Path, stat: tuple[int, int, int, int, int]) -> tuple[bytes, bytes | None]:
        now = time.time_ns()
        try:
            content = path.read_bytes()
        except OSError as exc:
            return _UNREADABLE + str(exc.errno).encode(), None
        digest = hashlib.sha256(content).digest()
        if max(stat[1], stat[2]) < now - RACY_NS:  # old enough for its stat to tell a later write
            self._entries[str(path)] = (*stat, digest)
            self._changed = True
        else:
            self._changed |= self._entries.pop(str(path), None) is not None
        return digest, content

    def save(self, paths: Sequence[Path], cache: LintCache) -> None:
        """Write the index if it changed, keeping the entries of `paths` only."""
        if not self._changed:
            return
        with contextlib.suppress(OSError):
            cache._ensure_directory()
        kept = {str(p) for p in paths}
        entries = {name: entry for name, entry in self._entries.items() if name in kept}
        with contextlib.suppress(OSError, pickle.PicklingError):
            buffer = io.BytesIO()
            pickle.dump(("files", FORMAT, entries), buffer, protocol=pickle.HIGHEST_PROTOCOL)
            _write_atomically(self._location, buffer.getbuffer())


# -- opening ---------------------------------------------------------------------------------------
def open_cache(settings: Settings, lint_settings: LintSettings, rules: Iterable[Rule]) -> LintCache | None:
    """The cache of the project linted; None outside a project (a pyproject.toml with [tool.schemactl])."""
    from schemactl.project import cache_dir

    location = cache_dir(settings, "lint")
    if location is None:
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
    return LintCache(location, base, None if reads is None else frozenset(reads))


def _installed_version(package: str) -> str:
    """The installed version of `package` from its dist-info directory's name, without importing it
    (a fully cached lint needs no parser) or importlib.metadata (which loads the email package)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return "?"
    site = Path(next(iter(spec.submodule_search_locations))).parent
    found = sorted(p.name for p in site.glob(f"{package}-*.dist-info"))
    return found[-1].removesuffix(".dist-info").partition("-")[2] if found else "?"


def _base_key(settings: Settings, lint_settings: LintSettings, rules: Sequence[Rule]) -> str:
    import sys

    import schemactl

    digest = hashlib.sha256(f"schemactl-lint-cache {FORMAT}\0".encode())

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(repr(part).encode() + b"\0")

    add(schemactl.__version__, _installed_version("pglast"), sys.version, Path.cwd())
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
    add(_installed_version("jinja2"))  # renders the templated files
    return digest.hexdigest()


# -- pickling --------------------------------------------------------------------------------------
# pglast nodes validate every attribute in Python on assignment, which makes plain unpickling of a
# model holding parsed expressions slow (~20x). They are written as (class, attributes) and rebuilt
# without the validation: the values were validated when the parser made them.


def _node(cls: Any, values: tuple[Any, ...]) -> Any:
    node = cls.__new__(cls)
    assign = object.__setattr__
    for name, value in zip(_slot_names(cls), values, strict=True):
        if value is not _UNSET:
            assign(node, name, value)
    return node


def _slot_names(cls: Any) -> tuple[str, ...]:
    names = _SLOTS.get(cls)
    if names is None:
        names = _SLOTS[cls] = tuple(cls.__slots__)
    return names


class _Pickler(pickle.Pickler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._expressions: dict[Any, Any] = {}  # shape -> the first policy expression of that shape

    def reducer_override(self, obj: Any) -> Any:
        from pglast import ast

        if isinstance(obj, ast.Node):
            cls = type(obj)
            return _node, (cls, tuple(getattr(obj, name, _UNSET) for name in _slot_names(cls)))
        if type(obj) is PolicyInfo:
            # Policies are mostly written by one macro: equal expressions are stored (and loaded, and
            # judged by the state rules) once. Their locations are not read (see PolicyInfo).
            state = dict(obj.__dict__)
            for name in ("using_node", "with_check_node"):
                node = state[name]
                if node is not None:
                    state[name] = self._expressions.setdefault(_shape(node), node)
            return copyreg.__newobj__, (PolicyInfo,), state  # type: ignore[attr-defined]
        return NotImplemented


def _shape(value: Any) -> Any:
    """A hashable image of a parse tree without its locations: equal for equal expressions."""
    from pglast import ast

    if isinstance(value, ast.Node):
        cls = type(value)
        return (cls, *(None if name == "location" else _shape(getattr(value, name, None)) for name in _slot_names(cls)))
    if isinstance(value, tuple | list):
        return (tuple, *(_shape(item) for item in value))
    return value


class _Unset:
    """An attribute a node does not have (the parser sets them all; this is for nodes made by hand)."""

    def __reduce__(self) -> str:
        return "_UNSET"


_UNSET = _Unset()
_SLOTS: dict[Any, tuple[str, ...]] = {}
_ALLOWED_BUILTINS = frozenset({"frozenset", "set", "bytearray", "complex", "range", "slice"})
_ALLOWED_PATHS = frozenset({"PosixPath", "PurePosixPath", "WindowsPath", "PureWindowsPath", "Path"})


class _Unpickler(pickle.Unpickler):
    """Only what the cache writes: schemactl.lint's classes, pglast's nodes and enums, paths.

    A cache directory could come from elsewhere (a shared archive, a careless commit); loading it
    must not run arbitrary code, so any other global makes the entry unreadable (and rewritten).
    """

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in ("_node", "_UNSET"):
            return _node if name == "_node" else _UNSET
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
