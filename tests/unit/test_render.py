from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.errors import ConfigError, TemplateRenderError
from schemactl.render import SqlRenderer, sha256_text


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_macros_of_every_library_are_globals_without_an_import(tmp_path: Path) -> None:
    _write(
        tmp_path / "templates/a.sql.j2",
        "{% macro rls(t) %}ALTER TABLE {{ t }} ENABLE ROW LEVEL SECURITY;{% endmacro %}",
    )
    _write(tmp_path / "templates/b.sql.j2", "{% macro hello() %}SELECT 'hi';{% endmacro %}")
    source = _write(tmp_path / "sql/0001_x.sql", "{{ rls('orders') }}\n{{ hello() }}\n")
    rendered = SqlRenderer(tmp_path / "templates").render(source)
    assert rendered.text == "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;\nSELECT 'hi';\n"
    assert rendered.sha256 == sha256_text(rendered.text)


def test_plain_sql_renders_unchanged(tmp_path: Path) -> None:
    text = "-- comment with 100% of { braces }\nSELECT '%s', 1;\n"
    source = _write(tmp_path / "sql/0001_x.sql", text)
    assert SqlRenderer(tmp_path / "templates").render(source).text == text


def test_config_vars_are_available(tmp_path: Path) -> None:
    source = _write(tmp_path / "sql/0001_x.sql", "SET search_path = {{ vars.schema }};\n")
    assert SqlRenderer(tmp_path / "templates", {"schema": "app"}).render(source).text == "SET search_path = app;\n"


def test_undefined_name_names_file_and_line(tmp_path: Path) -> None:
    source = _write(tmp_path / "sql/0001_x.sql", "SELECT 1;\n\nSELECT {{ missing_value }};\n")
    with pytest.raises(TemplateRenderError, match="'missing_value' is undefined") as caught:
        SqlRenderer(tmp_path / "templates").render(source)
    assert caught.value.file == str(source)
    assert caught.value.line == 3


def test_undefined_name_inside_a_macro_names_the_call_site_and_the_template(tmp_path: Path) -> None:
    library = _write(
        tmp_path / "templates/m.sql.j2",
        "{% macro grant(t) %}\nGRANT {{ privilege }} ON {{ t }};\n{% endmacro %}",
    )
    source = _write(tmp_path / "sql/0001_x.sql", "SELECT 1;\n{{ grant('orders') }}\n")
    with pytest.raises(TemplateRenderError) as caught:
        SqlRenderer(tmp_path / "templates").render(source)
    assert (caught.value.file, caught.value.line) == (str(source), 2)
    assert f"{library}:2" in caught.value.message


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    source = _write(tmp_path / "sql/0001_x.sql", "SELECT 1;\n{% if %}\n")
    with pytest.raises(TemplateRenderError, match="Jinja syntax error") as caught:
        SqlRenderer(tmp_path / "templates").render(source)
    assert (caught.value.file, caught.value.line) == (str(source), 2)


def test_syntax_error_in_a_macro_library_names_the_library(tmp_path: Path) -> None:
    library = _write(tmp_path / "templates/broken.sql.j2", "{% macro x() %}\n{% endif %}\n")
    with pytest.raises(TemplateRenderError) as caught:
        SqlRenderer(tmp_path / "templates")
    assert caught.value.file == str(library)
    assert caught.value.line == 2


def test_the_same_macro_in_two_libraries_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "templates/a.sql.j2", "{% macro x() %}1{% endmacro %}")
    _write(tmp_path / "templates/b.sql.j2", "{% macro x() %}2{% endmacro %}")
    with pytest.raises(ConfigError, match="macro 'x' is defined in both a.sql.j2 and b.sql.j2"):
        SqlRenderer(tmp_path / "templates")


def test_toml_data_files_are_globals_named_after_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "templates/grants.toml", '[tables.orders]\napp_ro = ["SELECT"]\n')
    _write(
        tmp_path / "templates/g.sql.j2",
        "{% macro grant_all(t) %}{% for role, privileges in grants.tables[t].items() %}"
        "GRANT {{ privileges | join(', ') }} ON {{ t }} TO {{ role }};{% endfor %}{% endmacro %}",
    )
    source = _write(tmp_path / "sql/0001_x.sql", "{{ grant_all('orders') }}\n")
    assert SqlRenderer(tmp_path / "templates").render(source).text == "GRANT SELECT ON orders TO app_ro;\n"


def test_a_broken_data_file_names_the_file(tmp_path: Path) -> None:
    data = _write(tmp_path / "templates/grants.toml", "[tables\n")
    with pytest.raises(TemplateRenderError, match="cannot parse data file") as caught:
        SqlRenderer(tmp_path / "templates")
    assert caught.value.file == str(data)
