"""The output formats of the commands that report: a tiny module, so the CLI can name them at start-up."""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
