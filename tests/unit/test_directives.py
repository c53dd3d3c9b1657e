from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.errors import HeaderError
from schemactl.migrations import Directives, parse_directives
from schemactl.render import RenderedSql


def _parse(text: str) -> Directives:
    return parse_directives(RenderedSql(Path("0001_x.sql"), text), lock_timeout="5s", statement_timeout="15min")


def test_defaults_apply_without_a_header() -> None:
    assert _parse("CREATE TABLE a (id int);\n") == Directives(True, "5s", "15min", False)


def test_no_transaction_and_timeouts_are_read_from_the_header() -> None:
    directives = _parse(
        "-- Build the index without blocking writes.\n"
        "-- schemactl: no-transaction drop-invalid-indexes\n"
        "-- schemactl: lock_timeout=2s statement_timeout=30min\n"
        "CREATE INDEX CONCURRENTLY i ON t (a);\n"
    )
    assert directives == Directives(False, "2s", "30min", True)


def test_directives_after_the_first_statement_are_ignored() -> None:
    directives = _parse("SELECT 1;\n-- schemactl: no-transaction\n")
    assert directives.transactional


def test_a_lint_suppression_in_the_header_is_not_a_directive() -> None:
    assert _parse("-- schemactl: allow SC301 because the table is empty\nDROP TABLE t;\n").transactional


def test_unknown_directive_names_file_and_line() -> None:
    with pytest.raises(HeaderError, match="unknown schemactl directive 'no-transactions'") as caught:
        _parse("-- header\n-- schemactl: no-transactions\nSELECT 1;\n")
    assert (caught.value.file, caught.value.line) == ("0001_x.sql", 2)


@pytest.mark.parametrize("value", ["soon", "5sec", "-1s", ""])
def test_malformed_timeout_is_refused(value: str) -> None:
    with pytest.raises(HeaderError, match="bad lock_timeout"):
        _parse(f"-- schemactl: lock_timeout={value}\nSELECT 1;\n")


def test_drop_invalid_indexes_requires_no_transaction() -> None:
    with pytest.raises(HeaderError, match="needs no-transaction"):
        _parse("-- schemactl: drop-invalid-indexes\nSELECT 1;\n")


@pytest.mark.parametrize("marker", ["global", "append-only"])
def test_a_lint_marker_on_the_first_statement_is_not_a_directive(marker: str) -> None:
    assert _parse(f"-- schemactl: {marker}\nCREATE TABLE currencies (code text);\n").transactional


@pytest.mark.parametrize("size", [10, 8191, 8192, 8193, 70000])
def test_a_header_is_read_the_same_in_a_long_file(size: int) -> None:
    # The header is read from a prefix of a long file; its lines and numbers must be those of the whole file.
    padding = "-- comment line\r\n" * (size // 17)
    text = padding + "-- schemactl: lock_timeout=9s\r\n" + "SELECT 1;\n" * 5000 + "-- schemactl: no-transaction\n"
    bad = padding + "-- schemactl: nonsense\n" + "SELECT 1;\n" * 5000

    directives = parse_directives(RenderedSql(Path("0001_x.sql"), text), lock_timeout="1s", statement_timeout="1s")
    with pytest.raises(HeaderError) as caught:
        parse_directives(RenderedSql(Path("0001_x.sql"), bad), lock_timeout="1s", statement_timeout="1s")

    assert (directives.lock_timeout, directives.transactional) == ("9s", True)
    assert caught.value.line == size // 17 + 1
