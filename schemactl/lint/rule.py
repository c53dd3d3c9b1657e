"""The base class of every rule and the context a rule sees."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import SchemaModel, TableInfo
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile, LintStatement


@dataclass
class StatementContext:
    """What a rule sees for one statement: the statement, its file, the model before it, the settings."""

    statement: LintStatement
    file: LintFile
    model: SchemaModel
    settings: LintSettings

    @property
    def node(self) -> Any:
        return self.statement.node

    @property
    def transaction(self) -> int | None:
        """The transaction this statement runs in (see LintFile.transaction_of); None: autocommit."""
        return self.file.transaction_of(self.statement)

    def existing_table(self, name: str | None) -> TableInfo | None:
        """The relation `name` unless this file created it: sound by default, a relation that no file
        created is existing (a baseline dump, an extension or another tool made it), and comes back
        as a column-less TableInfo with `known=False`."""
        if not name:
            return None
        key = name.lower()
        table = self.model.table(key)
        if table is not None:
            return None if table.known and table.file == self.file.display else table
        view = self.model.views.get(key)
        if view is not None and view.created is not None and view.created.file == self.file.display:
            return None
        return TableInfo(name=key, file="", statement_offset=-1, known=False)


class Rule:
    """A lint rule. Subclasses set code, name and severity, document themselves in the docstring
    (What it does / Why is this bad? / Example / Fix), and override `check` and/or `finish`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    # The statement node types (pglast.ast class names) `finish` reads from `files`; None: any. For the
    # files a run does not read again, the lint cache keeps only those statements (and where suppressions
    # are); () : `finish` only places its findings (Rule.at).
    finish_reads: ClassVar[tuple[str, ...] | None] = None
    # The statement node types (pglast.ast class names) `check` can report on; None: every statement. The
    # engine calls `check` only for statements of these types (tests/lint/test_dispatch.py holds every
    # rule to its list); a rule that keeps state across statements (a SET it remembers) leaves it None.
    node_types: ClassVar[tuple[str, ...] | None] = None

    def check(self, context: StatementContext) -> Iterator[Finding]:
        return iter(())

    def finish(self, model: SchemaModel, files: dict[str, LintFile], settings: LintSettings) -> Iterator[Finding]:
        """End-of-run findings (a table that never got RLS, a column never commented)."""
        return iter(())

    def at(self, file: LintFile, offset: int, message: str) -> Finding:
        line, column, from_macro = file.location(offset)
        return Finding(self.code, self.name, self.severity, message, file.display, line, column, from_macro)

    def report(self, context: StatementContext, node: Any, message: str) -> Finding:
        """A finding at `node` (its own location when it has one, else the statement's start)."""
        offset = getattr(node, "location", None)
        if not isinstance(offset, int) or offset < 0:
            offset = context.statement.start
        return self.at(context.file, offset, message)

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")
