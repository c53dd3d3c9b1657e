"""What a rule reports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Finding:
    """One rule violation at a place in a source file."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    from_macro: bool = False  # the SQL at this place was produced by a Jinja macro

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)
