"""A file to lint: its source, its rendered SQL, parsed statements, and the map back to source lines."""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DIRECTIVE = re.compile(r"--\s*schemactl:\s*(?P<body>.*)$", re.MULTILINE)
NEWLINE = re.compile(r"\r\n|\r|\n")  # line breaks as Jinja, editors and Python's text files count them
ALLOW = re.compile(r"^allow\b(?P<codes>.*?)(?:\bbecause\b(?P<reason>.*))?$", re.IGNORECASE)


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
    # rendered line -> (source line, whether template code produced some of it); empty: rendered == source
    line_map: list[tuple[int, bool]] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, init=False, repr=False)  # offsets of rendered lines
    _source_lines: list[str] = field(default_factory=list, init=False, repr=False)
    _transactions: dict[int, int | None] | None = field(default=None, init=False, repr=False)
    _indexes: dict[int, int] | None = field(default=None, init=False, repr=False)
    _closed: set[int] = field(default_factory=set, init=False, repr=False)

    def transaction_of(self, statement: LintStatement) -> int | None:
        """The transaction `statement` runs in: 0 for a transactional file's own, n for the n-th explicit
        BEGIN ... COMMIT block of a no-transaction file, None outside any (autocommit)."""
        return self._blocks().get(statement.start)

    def transaction_closed(self, block: int) -> bool:
        """Whether explicit transaction block `block` of a no-transaction file is ever committed or rolled back."""
        self._blocks()
        return block in self._closed

    def _blocks(self) -> dict[int, int | None]:
        if self._transactions is None:
            self._transactions, self._closed = _transaction_blocks(self.statements, self.transactional)
        return self._transactions

    def index_of(self, statement: LintStatement) -> int:
        """The position of `statement` in `statements`."""
        if self._indexes is None:
            self._indexes = {s.start: i for i, s in enumerate(self.statements)}
        return self._indexes[statement.start]

    def transaction_at(self, offset: int) -> int | None:
        """The transaction of the statement that starts at `offset` (None when none does)."""
        return self._blocks().get(offset)

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
        source_line, maybe_template = self.line_map[min(rendered_line, len(self.line_map)) - 1]
        if not maybe_template:
            return source_line, column, False
        # Template text up to and including the offset's character: the place is exact in the source.
        text = self._source_line(source_line)
        through = self.rendered[starts[rendered_line - 1] : offset + 1]
        if through and "\n" not in through and "\r" not in through and text.startswith(through):
            return source_line, column, False
        return source_line, _template_column(text), True

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


# Markers the lint render puts around each piece of output, naming the source line it comes from.
# Private-use code points: they never occur in SQL (a file holding them falls back to alignment).
_MARK = re.compile("\ue000([DEC])(\\d*)\ue001")
_MARK_CHARS = ("\ue000", "\ue001")


def template_line_map(
    environment: Any,
    source: str,
    path: Path,
    context: dict[str, object],
    rendered: str,
    code_cache: Any = None,
) -> list[tuple[int, bool]] | None:
    """Rendered line -> (source line, maybe produced by template code), from the template itself.

    The file is rendered once more with markers around each piece of top-level output: template
    text (which carries its own line numbers on) and each expression or macro call (all of whose
    lines sit on the line of the call), so two macro calls in a row, or a loop, are told apart.
    None when that cannot be done; the result is used only if, markers removed, the text is
    exactly `rendered`.
    """
    if any(mark in source for mark in _MARK_CHARS):
        return None
    try:
        from schemactl.template_cache import compiled

        def compile_marked() -> Any:
            tree = environment.parse(source, name=path.name, filename=str(path))
            tree.body = _mark_body(tree.body)
            return environment.compile(tree, name=path.name, filename=str(path))

        code = compiled(environment, code_cache, source, f"marked:{path}", compile_marked)
        template = environment.template_class.from_code(environment, code, environment.make_globals(None))
        marked = template.render(dict(context))
    except Exception:  # the authoritative render succeeded; only this map failed: align instead
        return None
    return _decode_marks(marked, rendered)


def _mark_body(body: list[Any]) -> list[Any]:
    """Put markers in the output statements of a template body (not in macros, call or set blocks:
    what they produce may be processed by template code, and markers would change the result)."""
    from jinja2 import nodes

    marked: list[Any] = []
    for statement in body:
        if isinstance(statement, nodes.Output):
            children: list[Any] = []
            for child in statement.nodes:
                if isinstance(child, nodes.TemplateData):
                    children += [nodes.TemplateData(f"\ue000D{child.lineno}\ue001"), child]
                else:
                    children += [
                        nodes.TemplateData(f"\ue000E{child.lineno}\ue001"),
                        child,
                        nodes.TemplateData("\ue000C\ue001"),
                    ]
            statement.nodes = children
            marked.append(statement)
        elif isinstance(statement, nodes.If | nodes.For | nodes.With | nodes.Scope | nodes.ScopedEvalContextModifier):
            for field_name in ("body", "elif_", "else_"):
                value = getattr(statement, field_name, None)
                if isinstance(value, list):
                    setattr(statement, field_name, _mark_body(value))
            marked.append(statement)
        elif isinstance(statement, nodes.CallBlock | nodes.FilterBlock | nodes.Include | nodes.Block):
            marked += [
                nodes.Output([nodes.TemplateData(f"\ue000E{statement.lineno}\ue001")]),
                statement,
                nodes.Output([nodes.TemplateData("\ue000C\ue001")]),
            ]
        else:
            marked.append(statement)
    return marked


def _decode_marks(marked: str, rendered: str) -> list[tuple[int, bool]] | None:
    """The line map of a marked render; None if its text is not `rendered` or the marks do not nest."""
    mapping: list[tuple[int, bool]] = []
    pieces: list[str] = []
    data_line = 1  # the source line of the template text being copied
    calls: list[int] = []  # source lines of the expressions being output, outermost first
    line_open = False  # whether the current rendered line has its entry in `mapping`
    position = 0

    def output(chunk: str) -> None:
        nonlocal line_open
        if not line_open:
            mapping.append((calls[0], True) if calls else (data_line, False))
            line_open = True
        elif chunk and calls and not mapping[-1][1]:
            mapping[-1] = (mapping[-1][0], True)  # template output within a line of template text

    for match in [*_MARK.finditer(marked), None]:
        text = marked[position : match.start() if match else len(marked)]
        pieces.append(text)
        start = 0
        for newline in NEWLINE.finditer(text):
            output(text[start : newline.start()])
            line_open = False
            if not calls:
                data_line += 1
            start = newline.end()
        if text[start:]:
            output(text[start:])
        if match is None:
            break
        position = match.end()
        if match[1] == "D":
            if not calls:
                data_line = int(match[2])
        elif match[1] == "E":
            calls.append(int(match[2]))
        elif not calls:
            return None
        else:
            calls.pop()
    if calls or "".join(pieces) != rendered:
        return None
    return mapping


def build_line_map(source: str, rendered: str) -> list[tuple[int, bool]]:
    """Rendered line -> (source line, produced by the template) by aligning the two texts line by line.

    Lines the template copied verbatim are matched to their source line; the lines in between come
    from template code (a macro call, an expression) and are placed on the template code's line.
    """
    if source == rendered:
        return []
    source_lines = split_lines(source)
    rendered_lines = split_lines(rendered)
    matched = _matching_lines(source_lines, rendered_lines)
    mapping: list[tuple[int, bool]] = []
    previous_i, previous_j = -1, -1
    for i, j in [*matched, (len(source_lines), len(rendered_lines))]:
        mapping.extend(_unmatched(source_lines, previous_i + 1, i, j - previous_j - 1))
        if j < len(rendered_lines):
            mapping.append((i + 1, False))
        previous_i, previous_j = i, j
    return mapping


def _unmatched(source_lines: list[str], first: int, end: int, count: int) -> list[tuple[int, bool]]:
    """Where `count` rendered lines that match nothing go: the template lines source[first:end] made them."""
    if count == 0:
        return []
    if end - first == count:  # one rendered line per source line: inline expressions
        return [(first + k + 1, True) for k in range(count)]
    block = range(first, end)
    anchor = next((n for n in block if "{{" in source_lines[n]), first)
    return [(min(anchor + 1, max(len(source_lines), 1)), True)] * count


_DIFFLIB_LIMIT = 250_000  # difflib is quadratic: only small unaligned stretches go through it


def _matching_lines(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Increasing (i, j) pairs with a[i] == b[j]: patience alignment (common prefix and suffix, then lines
    unique to both sides as anchors), with difflib only for small stretches between anchors. Linear-ish
    where difflib alone is quadratic in repeated lines (a seed INSERT of thousands of equal rows)."""
    stack = [(0, len(a), 0, len(b))]
    done: list[tuple[int, int]] = []
    while stack:
        a_lo, a_hi, b_lo, b_hi = stack.pop()
        while a_lo < a_hi and b_lo < b_hi and a[a_lo] == b[b_lo]:
            done.append((a_lo, b_lo))
            a_lo, b_lo = a_lo + 1, b_lo + 1
        while a_lo < a_hi and b_lo < b_hi and a[a_hi - 1] == b[b_hi - 1]:
            a_hi, b_hi = a_hi - 1, b_hi - 1
            done.append((a_hi, b_hi))
        if a_lo >= a_hi or b_lo >= b_hi:
            continue
        anchors = _unique_anchors(a, a_lo, a_hi, b, b_lo, b_hi)
        if anchors:
            bounds = [(a_lo - 1, b_lo - 1), *anchors, (a_hi, b_hi)]
            done.extend(anchors)
            stack.extend((i1 + 1, i2, j1 + 1, j2) for (i1, j1), (i2, j2) in itertools.pairwise(bounds))
        elif (a_hi - a_lo) * (b_hi - b_lo) <= _DIFFLIB_LIMIT:
            matcher = difflib.SequenceMatcher(None, a[a_lo:a_hi], b[b_lo:b_hi], autojunk=False)
            for block in matcher.get_matching_blocks():
                done.extend((a_lo + block.a + k, b_lo + block.b + k) for k in range(block.size))
    return sorted(done)


def _unique_anchors(a: list[str], a_lo: int, a_hi: int, b: list[str], b_lo: int, b_hi: int) -> list[tuple[int, int]]:
    """The longest increasing run of lines that occur exactly once in a[a_lo:a_hi] and in b[b_lo:b_hi]."""
    first_index: dict[str, int] = {}
    in_a: dict[str, int] = {}
    for i in range(a_lo, a_hi):
        in_a[a[i]] = in_a.get(a[i], 0) + 1
        first_index.setdefault(a[i], i)
    in_b: dict[str, int] = {}
    for j in range(b_lo, b_hi):
        if b[j] in in_a:
            in_b[b[j]] = in_b.get(b[j], 0) + 1
    candidates = [(first_index[b[j]], j) for j in range(b_lo, b_hi) if in_b.get(b[j]) == 1 and in_a[b[j]] == 1]
    # Longest increasing subsequence of the source indexes (the candidates are in rendered order).
    tails: list[int] = []  # tails[k]: the candidate ending the best run of length k + 1 found so far
    back: list[int] = []  # back[c]: the candidate before c in its run (-1: none)
    for position, (i, _j) in enumerate(candidates):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if candidates[tails[middle]][0] < i:
                low = middle + 1
            else:
                high = middle
        back.append(tails[low - 1] if low > 0 else -1)
        if low == len(tails):
            tails.append(position)
        else:
            tails[low] = position
    run: list[tuple[int, int]] = []
    position = tails[-1] if tails else -1
    while position >= 0:
        run.append(candidates[position])
        position = back[position]
    return run[::-1]


def parse_comments(text: str, base_offset: int) -> tuple[tuple[Suppression, ...], frozenset[str]]:
    """`-- schemactl: allow CODE because ...` suppressions and bare markers (`global`, `append-only`)."""
    suppressions: list[Suppression] = []
    markers: set[str] = set()
    for match in DIRECTIVE.finditer(text):
        body = match["body"].strip()
        allow = ALLOW.match(body)
        if allow:
            codes = tuple(c.upper() for c in re.split(r"[^A-Za-z0-9_]+", allow["codes"]) if c)
            reason = (allow["reason"] or "").strip(" \t:-") or None
            suppressions.append(Suppression(codes, reason, base_offset + match.start()))
        elif body:
            markers.update(token for token in body.split() if token)
    return tuple(suppressions), frozenset(markers)


def _transaction_blocks(statements: list[LintStatement], transactional: bool) -> tuple[dict[int, int | None], set[int]]:
    from pglast import ast, enums

    kinds = enums.TransactionStmtKind
    opening = (kinds.TRANS_STMT_BEGIN, kinds.TRANS_STMT_START)
    closing = (kinds.TRANS_STMT_COMMIT, kinds.TRANS_STMT_ROLLBACK, kinds.TRANS_STMT_PREPARE)
    blocks: dict[int, int | None] = {}
    closed: set[int] = set()
    current: int | None = 0 if transactional else None
    count = 0
    for statement in statements:
        node = statement.node
        if not transactional and isinstance(node, ast.TransactionStmt):
            if node.kind in opening and current is None:
                count += 1
                current = count
            blocks[statement.start] = current
            if node.kind in closing and current is not None:
                closed.add(current)
                if getattr(node, "chain", False):
                    count += 1
                    current = count
                else:
                    current = None
            continue
        blocks[statement.start] = current
    return blocks, closed
