"""schemactl.lint.json_ast builds the very trees pglast.parse_sql builds.

Compared attribute by attribute (types, enums, tuples, defaults and every location) over every SQL
corpus of the project: the rule cases, the assorted and exotic corpora, the rendered migrations of
sql/, the SQL scripts PostgreSQL installs where it is installed, and each of them again with
multi-byte characters in comments and strings (locations are character indexes, not bytes).
"""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pglast import ast, parse_sql
from pglast.parser import ParseError

from schemactl.lint import json_ast
from tests.lint.cases import CASES_DIR, PROJECT_ROOT

CORPUS = Path(__file__).parent / "corpus"
POSTGRESQL_SCRIPTS = Path("/usr/share/postgresql")  # information_schema.sql, system_views.sql, ...


def same_tree(expected: Any, actual: Any, path: str = "") -> None:
    assert type(actual) is type(expected), f"{path}: {type(expected).__name__} != {type(actual).__name__}"
    if isinstance(expected, tuple):
        assert len(actual) == len(expected), path
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            same_tree(left, right, f"{path}[{index}]")
    elif isinstance(expected, ast.Node):
        for name in getattr(type(expected), "__slots__", ()):
            same_tree(getattr(expected, name), getattr(actual, name), f"{path}.{name}")
    else:
        assert actual == expected, f"{path}: {expected!r} != {actual!r}"
        if isinstance(expected, Enum):
            assert actual is expected, path


def rendered_migrations() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "schemactl", "-C", str(PROJECT_ROOT), "render"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


def corpus() -> list[tuple[str, str]]:
    texts = [
        (str(p.relative_to(PROJECT_ROOT)), p.read_text(encoding="utf-8")) for p in sorted(CASES_DIR.rglob("*.sql"))
    ]
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.sql"))]
    texts += [(str(p), p.read_text(encoding="utf-8")) for p in sorted(POSTGRESQL_SCRIPTS.glob("*/*.sql"))]
    return texts


def with_multibyte_characters(text: str) -> str:
    """`text` with characters of 2, 3 and 4 UTF-8 bytes before every statement and in string literals."""
    return "-- é € 😀\n" + text.replace(";\n", "; /* ü€😀 */\n").replace("'x'", "'ẋ😀'")


CORPUS_TEXTS = corpus()


def parsable(text: str) -> bool:
    try:
        parse_sql(text)
    except ParseError:
        return False
    return True


@pytest.mark.parametrize("multibyte", [False, True], ids=["ascii", "multibyte"])
def test_every_corpus_gives_pglasts_tree(multibyte: bool) -> None:
    compared = 0
    for name, original in [*CORPUS_TEXTS, ("sql/ rendered", rendered_migrations())]:
        text = with_multibyte_characters(original) if multibyte else original
        if not parsable(text):
            with pytest.raises(ParseError):
                json_ast.parse_sql(text)
            continue
        try:
            built = json_ast.parse_sql(text)
        except json_ast.Unconvertible:
            continue  # the engine parses these with pglast (see test_a_tree_too_deep_falls_back)
        same_tree(parse_sql(text), built, name)
        compared += 1

    assert compared >= len(CORPUS_TEXTS) // 2  # most of the corpus parses: the comparison is not vacuous


@pytest.mark.parametrize(
    "text",
    ["SELEC 1", "SELECT 1;\nCREATE TABLE é (x int,, y int);", "SELECT 'open", "SELECT 1; SELECT ((("],
)
def test_a_syntax_error_is_pglasts(text: str) -> None:
    with pytest.raises(ParseError) as expected:
        parse_sql(text)
    with pytest.raises(ParseError) as actual:
        json_ast.parse_sql(text)

    assert actual.value.args == expected.value.args


def test_a_tree_too_deep_for_python_is_left_to_pglast() -> None:
    deep = "SELECT " + " + ".join(["1"] * 5_000) + ";"

    with pytest.raises(json_ast.Unconvertible):
        json_ast.parse_sql(deep)


@pytest.mark.parametrize(
    "text",
    [
        "COMMENT ON TABLE t IS '';\nCOMMENT ON COLUMN t.a IS 'x';",
        "SECURITY LABEL ON TABLE t IS '';",
        "NOTIFY ch, '';",
        "COPY t FROM '' WITH (DELIMITER '', NULL '');",
        "CREATE TABLE t (a text DEFAULT '') WITH (fillfactor = '70');",
        "SELECT $$$$, $q$$q$, E'', U&'', 'it''s';",
        "COMMENT ON TABLE é IS $$$$; COMMENT ON TABLE ü IS '';",
        "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT '' $$;",
    ],
)
def test_empty_strings_are_not_taken_for_null(text: str) -> None:
    """The JSON leaves out '' as it leaves out NULL: such statements still give pglast's tree."""
    same_tree(parse_sql(text), json_ast.parse_sql(text))


def test_empty_and_comment_only_texts() -> None:
    for text in ("", "-- nothing\n", "/* é */"):
        assert json_ast.parse_sql(text) == parse_sql(text)
