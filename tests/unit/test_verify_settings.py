"""[tool.schemactl.verify]: defaults, every key, and the configuration errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.errors import ConfigError
from schemactl.lint.findings import Severity
from schemactl.lint.settings import LintSettings
from schemactl.verify.settings import VerifySettings, load_verify_settings


def _load(tmp_path: Path, table: str) -> VerifySettings:
    (tmp_path / "pyproject.toml").write_text(f"[tool.schemactl]\n\n[tool.schemactl.verify]\n{table}\n")
    return load_verify_settings(tmp_path, LintSettings(allowed_extensions=frozenset({"pgcrypto"})))


def test_defaults(tmp_path: Path) -> None:
    settings = _load(tmp_path, "")
    assert settings.owner_roles == ("migration_owner", "rls_definer")
    assert settings.deployer_roles == ()
    assert settings.app_roles == ("app_rw", "app_ro", "app_admin")
    assert settings.allowed_extensions == {"pgcrypto", "plpgsql"}
    assert settings.fail_on is Severity.WARNING
    assert settings.enabled("SC901")


def test_every_key(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        'owner_roles = ["owner"]\ndeployer_roles = ["deploy"]\nselect = ["sc9"]\nignore = ["SC909"]\n'
        'fail_on = "error"\nrequired_login_settings = ["lock_timeout"]',
    )
    assert settings.owner_roles == ("owner",)
    assert settings.deployer_roles == ("deploy",)
    assert settings.required_login_settings == ("lock_timeout",)
    assert settings.fail_on is Severity.ERROR
    assert settings.enabled("SC901")
    assert not settings.enabled("SC909")
    assert not settings.enabled("SC303")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('owners = ["x"]', "unknown key(s): owners"),
        ('owner_roles = "migration_owner"', "owner_roles must be a list of strings"),
        ('select = ["X1"]', "'X1' is not a rule code or prefix"),
        ('fail_on = "fatal"', "unknown severity 'fatal'"),
    ],
)
def test_configuration_errors(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        _load(tmp_path, table)
    assert message in raised.value.message


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("public.tenants", "tenants"),
        ("public.tenants.tenant_isolation_policy", "tenant_isolation_policy"),
        ("public.f(a public.money_cents, b integer)", "f(a public.money_cents, b integer)"),
        ("app_rw", "app_rw"),
    ],
)
def test_sarif_logical_location_names(name: str, short: str) -> None:
    from schemactl.verify.formats import short_name

    assert short_name(name) == short
