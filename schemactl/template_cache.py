"""Compiled templates kept between runs: Jinja's bytecode cache under `.schemactl/cache/templates/`.

Compiling a template (Jinja's parser and code generator) costs more than rendering it: for this
project's sql/ about two thirds of a cold `lint`. The compiled code of every macro library and
migration file is kept like Python keeps `__pycache__`: one entry per file name, recompiled when the
file's text (its checksum) changes, written atomically, so two processes can race. It is used only
inside a project and is safe to delete; a directory that cannot be written leaves the cache unused.
It holds Python code objects, so it is trusted exactly like templates/ and sql/ themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket


class TemplateCodeCache(FileSystemBytecodeCache):
    """FileSystemBytecodeCache that creates its directory on first write and never fails a command."""

    def __init__(self, directory: Path, salt: str) -> None:
        """`salt`: what else the compiled code depends on (schemactl's version, the environment's options);
        Jinja's own checks cover the template's text, Jinja's version and Python's."""
        super().__init__(str(directory), "%s.jinja")
        self._path = directory
        self._salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._salt}|{name}", filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            self._path.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return


def compiled(
    environment: Environment, cache: BytecodeCache | None, source: str, key: str, compile_: Callable[[], Any]
) -> CodeType:
    """The code `compile_()` makes of `source`, from `cache` when it holds it for `key` and this source."""
    if cache is None:
        code: CodeType = compile_()
        return code
    bucket = cache.get_bucket(environment, key, None, source)
    if bucket.code is None:
        bucket.code = compile_()
        cache.set_bucket(bucket)
    return bucket.code
