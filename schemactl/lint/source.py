"""A file to lint: its source, its rendered SQL, parsed statements, and the map back to source lines."""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DIRECTIVE = re.compile(r"--\s*schemactl:\s*(?P<body>.*)$", re.MULTILINE)
NEWLINE = re.compile(r"\r\n|\r|\n")  # line breaks as Jinja, editors and Python's text files count them
ALLOW = re.compile(r"^allow\s+(?P<codes>[A-Za-z0-9_,\s]+?)(?:\s+because\s+(?P<reason>.*\S))?\s*$")


@dataclass(frozen=True)
class Suppression:
    codes: tuple[str, ...]
    reason: str | None
    offset: int  # where the comment is, in the rendered SQL


@dataclass
class LintStatement:
    """One parsed statement: its AST node, where it is, and the comments in front of it."""

    node: Any  # a pglast.ast node
    start: int
    end: int
    text: str
    leading: str  # comments and whitespace between the previous statement and this one
    suppressions: tuple[Suppression, ...] = ()
    markers: frozenset[str] = frozenset()


@dataclass
class LintFile:
    """A rendered file and its statements; `version` orders files (None: after every sql/ file)."""

    path: Path
    display: str
    source: str
    rendered: str
    transactional: bool
    lock_timeout: str | None
    statements: list[LintStatement] = field(default_factory=list)
    line_map: list[tuple[int, bool]] = field(default_factory=list)  # rendered line -> (source line, from macro)
    _line_starts: list[int] = field(default_factory=list, init=False, repr=False)  # offsets of rendered lines
    _source_lines: list[str] = field(default_factory=list, init=False, repr=False)

    def location(self, offset: int) -> tuple[int, int, bool]:
        """(source line, column, from_macro) of a character offset into the rendered SQL.

        For SQL a template produced (a macro call, an expression), the place is the start of the
        template code on the source line that produced it: the rendered column means nothing there.
        """
        starts = self._rendered_line_starts()
        offset = max(0, min(offset, len(self.rendered)))
        rendered_line = bisect.bisect_right(starts, offset)
        column = offset - starts[rendered_line - 1] + 1
        if not self.line_map:
            return rendered_line, column, False
        source_line, from_macro = self.line_map[min(rendered_line, len(self.line_map)) - 1]
        if from_macro:
            column = _template_column(self._source_line(source_line))
        return source_line, column, from_macro

    def _rendered_line_starts(self) -> list[int]:
        if not self._line_starts:
            self._line_starts = [0, *(m.end() for m in NEWLINE.finditer(self.rendered))]
        return self._line_starts

    def _source_line(self, number: int) -> str:
        if not self._source_lines:
            self._source_lines = split_lines(self.source)
        return self._source_lines[min(max(number, 1), len(self._source_lines)) - 1]


def _template_column(line: str) -> int:
    """1-based column of the template code on a source line: its `{{`, else its first non-blank."""
    brace = line.find("{{")
    if brace >= 0:
        return brace + 1
    return len(line) - len(line.lstrip()) + 1 if line.strip() else 1


def split_lines(text: str) -> list[str]:
    """The lines of `text` split at \\n, \\r\\n or \\r only (not at the other breaks str.splitlines knows)."""
    lines = NEWLINE.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines or [""]


def build_line_map(source: str, rendered: str) -> list[tuple[int, bool]]:
    """Rendered line -> (source line, produced by a macro) by aligning the two texts line by line."""
    if source == rendered:
        return []
    source_lines = split_lines(source)
    rendered_lines = split_lines(rendered)
    mapping: list[tuple[int, bool]] = []
    matcher = difflib.SequenceMatcher(None, source_lines, rendered_lines, autojunk=False)
    for tag, i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            mapping.extend((i1 + k + 1, False) for k in range(j2 - j1))
        elif tag in ("replace", "insert"):
            anchor = min(i1 + 1, max(len(source_lines), 1))
            mapping.extend((anchor, True) for _ in range(j2 - j1))
    return mapping


def parse_comments(text: str, base_offset: int) -> tuple[tuple[Suppression, ...], frozenset[str]]:
    """`-- schemactl: allow CODE because ...` suppressions and bare markers (`global`, `append-only`)."""
    suppressions: list[Suppression] = []
    markers: set[str] = set()
    for match in DIRECTIVE.finditer(text):
        body = match["body"].strip()
        allow = ALLOW.match(body)
        if allow:
            codes = tuple(c.upper() for c in re.split(r"[\s,]+", allow["codes"].strip()) if c)
            suppressions.append(Suppression(codes, allow["reason"], base_offset + match.start()))
        elif body:
            markers.update(token for token in body.split() if token)
    return tuple(suppressions), frozenset(markers)
