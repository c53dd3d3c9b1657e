"""`snapshot --diff` with no differences prints without rich exactly what rich prints."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.markup import escape

from schemactl import report
from schemactl.formats import OutputFormat
from schemactl.snapshot.diff import SnapshotDiff

LABELS = [
    "snapshots/schema.json",
    "postgresql://app@127.0.0.1:5432/app (--database-url)",
    "postgresql://postgres@/db?host=/tmp/x&port=5432",
    "sql/ built on postgresql://app@db.example.com:5432/app",
    "snap[bold]shots[/bold]/[red]x.json",
    "back\\slash\\",
    "emoji :smile: and :+1: here",
    "no:smile:space",
    "tab\there",
    "bell\x07 and escape\x1b[31m",
    "ünïcode ✓ 😀",
    "",
]


def _rich_reference(before: str, after: str) -> str:
    stream = io.StringIO()
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)  # names are shown as written
    console.print(f"comparing {escape(before)} (before) with {escape(after)} (after)")
    console.print("no differences")
    return stream.getvalue()


@pytest.mark.parametrize("label", LABELS)
def test_no_differences_prints_what_rich_prints(label: str, capsys: pytest.CaptureFixture[str]) -> None:
    for before, after in ((label, "snapshots/schema.json"), ("postgresql://a@h:5432/d", label)):
        report.print_snapshot_diff(SnapshotDiff(changes=(), server_versions=(18, 18)), before, after, OutputFormat.TEXT)
        assert capsys.readouterr().out == _rich_reference(before, after)


def test_plain_path_is_taken_only_where_rich_would_print_the_labels_as_they_are() -> None:
    empty = SnapshotDiff(changes=(), server_versions=(18, 18))
    assert report._no_differences_plain(empty, "snapshots/schema.json", "postgresql://a@h:5432/d")
    assert report._no_differences_plain(empty, "x :smile: y", "z")  # kept as written on both paths
    assert not report._no_differences_plain(empty, "tab\there", "z")
    assert not report._no_differences_plain(empty, "back\\slash\\", "z")
    assert not report._no_differences_plain(SnapshotDiff(changes=(), server_versions=(15, 18)), "a", "b")
