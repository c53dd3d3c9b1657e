"""Render sql/ files through Jinja with the macros of templates/ available everywhere.

Every `templates/*.sql.j2` is a macro library: its macros become globals, so a
migration calls `{{ tenant_table('revenue_ledger') }}` with no import line. Every
`templates/*.toml` is a data file: `templates/grants.toml` becomes the global `grants`.
Undefined names are errors (StrictUndefined), reported with file and line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from schemactl import __version__
from schemactl.errors import ConfigError, TemplateRenderError

if TYPE_CHECKING:
    pass

# The version of the marked render lint uses for line maps (schemactl.lint.source); part of the
# compiled-template cache's key, so a change of the markers never reuses old code.
MARK_SCHEME = "marks-1"
MACRO_LIBRARY_GLOB = "*.sql.j2"
# What compiled code depends on besides the template text and the Jinja and Python versions (which the
# cache checks itself): schemactl's version, the environment's options below, the marker scheme.
_CODE_SALT = (
    f"schemactl {__version__}; autoescape off, keep_trailing_newline, trim_blocks, lstrip_blocks; {MARK_SCHEME}"
)
DATA_FILE_GLOB = "*.toml"


@dataclass(frozen=True)
class RenderedSql:
    """The SQL of one file exactly as it is applied."""

    source: Path
    text: str

    @cached_property
    def sha256(self) -> str:
        return sha256_text(self.text)  # once per file: plan and ledger both ask for it


def needs_rendering(source: str) -> bool:
    """Whether rendering could change `source` (else it renders to itself, whatever templates/ holds)."""
    return any(marker in source for marker in ("{{", "{%", "{#", "\r"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SqlRenderer:
    """A Jinja environment over templates/, built once and reused for every file."""

    def __init__(
        self, templates_dir: Path, variables: Mapping[str, str] | None = None, cache_dir: Path | None = None
    ) -> None:
        """`cache_dir`: where compiled templates are kept between runs (schemactl.template_cache); None: nowhere."""
        import jinja2

        from schemactl.template_cache import TemplateCodeCache

        self._templates_dir = templates_dir
        loader = jinja2.FileSystemLoader(str(templates_dir)) if templates_dir.is_dir() else None
        self.code_cache = TemplateCodeCache(cache_dir, _CODE_SALT) if cache_dir is not None else None
        self._env = jinja2.Environment(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=self.code_cache,
        )
        self._env.globals["vars"] = dict(variables or {})
        self._load_data_files()
        self._load_macro_libraries()

    def render(self, path: Path, context: Mapping[str, object] | None = None) -> RenderedSql:
        """Render one file; raise TemplateRenderError naming the file and line on failure."""
        try:
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise TemplateRenderError(f"file not found: {path}", file=path) from exc
        except UnicodeDecodeError as exc:
            raise TemplateRenderError(f"not UTF-8 text: {exc.reason}", file=path) from exc
        return RenderedSql(source=path, text=self.render_string(source, path, context))

    def render_string(self, source: str, path: Path, context: Mapping[str, object] | None = None) -> str:
        if not needs_rendering(source):
            return source  # plain SQL: rendering would return it unchanged, so skip compiling it
        import jinja2

        from schemactl.template_cache import compiled

        try:
            code = compiled(
                self._env,
                self.code_cache,
                source,
                f"file:{path}",
                lambda: self._env.compile(source, name=path.name, filename=str(path)),
            )
            template = self._env.template_class.from_code(self._env, code, self._env.make_globals(None))
            return template.render(dict(context or {}))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateRenderError(
                f"Jinja syntax error: {exc.message}",
                file=exc.filename or path,
                line=exc.lineno,
            ) from exc
        except jinja2.UndefinedError as exc:
            raise _undefined_error(exc, path) from exc
        except jinja2.TemplateError as exc:
            raise TemplateRenderError(f"template error: {exc.message}", file=path) from exc
        except RecursionError as exc:
            raise _runtime_error(exc, path, "template error: macro recursion too deep") from exc
        except Exception as exc:  # the template's own code failed, e.g. {{ 1/0 }} or {{ "x" + 1 }}
            raise _runtime_error(exc, path, f"template error: {type(exc).__name__}: {exc}") from exc

    def _load_data_files(self) -> None:
        if not self._templates_dir.is_dir():
            return
        for data_file in sorted(self._templates_dir.glob(DATA_FILE_GLOB)):
            self._env.globals[data_file.stem] = load_data_file(data_file)

    def _load_macro_libraries(self) -> None:
        import jinja2

        if not self._templates_dir.is_dir():
            return
        owners: dict[str, str] = {}
        for library in sorted(self._templates_dir.glob(MACRO_LIBRARY_GLOB)):
            name = library.name
            try:
                module = self._module(name)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateRenderError(
                    f"Jinja syntax error: {exc.message}", file=exc.filename or library, line=exc.lineno
                ) from exc
            except jinja2.UndefinedError as exc:
                raise _undefined_error(exc, library) from exc
            except jinja2.TemplateError as exc:
                raise TemplateRenderError(f"template error: {exc.message}", file=library) from exc
            except Exception as exc:  # code at the top level of the library failed
                raise _runtime_error(exc, library, f"template error: {type(exc).__name__}: {exc}") from exc
            for attribute in dir(module):
                macro = getattr(module, attribute)
                if attribute.startswith("_") or not isinstance(macro, jinja2.runtime.Macro):
                    continue
                if attribute in owners:
                    raise ConfigError(
                        f"macro {attribute!r} is defined in both {owners[attribute]} and {name}",
                        file=library,
                    )
                owners[attribute] = name
                self._env.globals[attribute] = macro

    def _module(self, name: str) -> object:
        """A macro library's module; errors of its top-level code carry template line numbers."""
        try:
            return self._env.get_template(name).module
        except Exception:
            self._env.handle_exception()  # re-raises with the traceback rewritten to template lines


def load_data_file(path: Path) -> dict[str, object]:
    """A TOML data file of templates/, as the dictionary templates see."""
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise TemplateRenderError(f"cannot parse data file: {exc}", file=path, line=line) from exc


def _undefined_error(exc: Exception, path: Path) -> TemplateRenderError:
    """Locate an undefined-name error in the template frames Jinja puts in the traceback."""
    return _runtime_error(exc, path, f"undefined name: {exc}")


def _runtime_error(exc: BaseException, path: Path, message: str) -> TemplateRenderError:
    """An error raised by template code: at the line of `path` that ran it, and the macro's line if elsewhere."""
    frames = _template_frames(exc.__traceback__)
    if not frames:
        return TemplateRenderError(message, file=path)
    outer_file, outer_line = frames[0]
    inner_file, inner_line = frames[-1]
    if (inner_file, inner_line) != (outer_file, outer_line):
        from schemactl.paths import shown

        message += f" (in {shown(inner_file)}:{inner_line})"
    return TemplateRenderError(message, file=outer_file, line=outer_line)


def _template_frames(tb: TracebackType | None) -> list[tuple[str, int]]:
    frames: list[tuple[str, int]] = []
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".sql", ".j2")):
            frames.append((filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames
