from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.config import load_settings
from schemactl.errors import ConfigError


def test_defaults_without_pyproject(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.project_dir == tmp_path.resolve()
    assert settings.sql_dir == tmp_path.resolve() / "sql"
    assert settings.state_dir == tmp_path.resolve() / ".schemactl"
    assert (settings.lock_timeout, settings.statement_timeout) == ("5s", "15min")


def test_tool_table_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemactl]\nsql_dir = "db/migrations"\nlock_timeout = "2s"\nlock_wait_seconds = 3\n'
        '[tool.schemactl.vars]\nschema = "app"\n'
    )
    (tmp_path / "deep" / "er").mkdir(parents=True)
    settings = load_settings(tmp_path / "deep" / "er")
    assert settings.project_dir == tmp_path.resolve()
    assert settings.sql_dir == tmp_path.resolve() / "db" / "migrations"
    assert (settings.lock_timeout, settings.lock_wait_seconds) == ("2s", 3.0)
    assert settings.template_vars == {"schema": "app"}


def test_command_line_overrides_win(tmp_path: Path) -> None:
    settings = load_settings(tmp_path).with_overrides(sql_dir=tmp_path / "other", lock_wait_seconds=0.5)
    assert (settings.sql_dir, settings.lock_wait_seconds) == ((tmp_path / "other").resolve(), 0.5)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("lock_timeout = 5", "lock_timeout must be a string"),
        ("lock_wait_seconds = -1", "lock_wait_seconds must be a non-negative number"),
        ("sql_dir = 3", "sql_dir must be a string path"),
        ("vars = 1", "vars"),
    ],
)
def test_bad_values_are_config_errors(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.schemactl]\n{toml}\n")
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path)


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.schemactl\nx = ")
    with pytest.raises(ConfigError, match="cannot parse pyproject.toml"):
        load_settings(tmp_path)


def test_errors_name_pyproject_and_the_line_of_the_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.other]\nlock_timeout = 1\n\n[tool.schemactl]\nlock_timeout = "x"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert (caught.value.file, caught.value.line) == (str(tmp_path.resolve() / "pyproject.toml"), 5)


def test_unknown_keys_are_rejected_but_embedded_version_is_known(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.schemactl]\nembedded_version = 16\nlock_wait = 3\n")
    with pytest.raises(ConfigError, match=r"^\[tool.schemactl\] has unknown key\(s\): lock_wait$") as caught:
        load_settings(tmp_path)
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("did you mean lock_wait_seconds?")
