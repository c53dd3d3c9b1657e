from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.errors import DiscoveryError, ExitCode
from schemactl.migrations import discover


def _touch(directory: Path, *names: str) -> None:
    directory.mkdir(exist_ok=True)
    for name in names:
        (directory / name).write_text("SELECT 1;\n")


def test_files_come_back_in_numeric_version_order(tmp_path: Path) -> None:
    _touch(tmp_path / "sql", "10_ten.sql", "0002_two.sql", "1_one.sql")
    found = discover(tmp_path / "sql")
    assert [(m.version, m.name) for m in found] == [(1, "one"), (2, "two"), (10, "ten")]


def test_non_sql_files_are_ignored(tmp_path: Path) -> None:
    _touch(tmp_path / "sql", "0001_one.sql", "README.md", "notes.txt")
    assert [m.label for m in discover(tmp_path / "sql")] == ["0001_one.sql"]


def test_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(DiscoveryError, match="migration directory not found") as caught:
        discover(tmp_path / "nope")
    assert caught.value.exit_code is ExitCode.USAGE


def test_duplicate_version_names_both_files(tmp_path: Path) -> None:
    _touch(tmp_path / "sql", "0003_a.sql", "3_b.sql")
    with pytest.raises(DiscoveryError, match=r"duplicate version 3: 0003_a\.sql and 3_b\.sql"):
        discover(tmp_path / "sql")


@pytest.mark.parametrize("name", ["add_table.sql", "0001-add.sql", "0001_AddTable.sql", "0001_.sql"])
def test_misnamed_sql_file_is_refused(tmp_path: Path, name: str) -> None:
    _touch(tmp_path / "sql", name)
    with pytest.raises(DiscoveryError, match="NNNN_snake_case_name.sql") as caught:
        discover(tmp_path / "sql")
    assert caught.value.file is not None
    assert caught.value.file.endswith(name)
