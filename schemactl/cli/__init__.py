"""The `schemactl` command line: parse options, call the library, print, exit."""

from __future__ import annotations

from schemactl.cli.app import app, main

__all__ = ["app", "main"]
