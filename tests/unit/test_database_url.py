from __future__ import annotations

import pytest

from schemactl.database import MASK, TargetSource, explicit_target, redact, scrub, validate_conninfo, with_database
from schemactl.errors import ConfigError, ExitCode


@pytest.mark.parametrize(
    ("conninfo", "shown"),
    [
        ("postgresql://alice:pw@db.example:5432/app", "postgresql://alice:****@db.example:5432/app"),
        ("postgres://alice:p%40ss@h/app?sslmode=require", "postgres://alice:****@h/app?sslmode=require"),
        (
            "postgresql://alice@h/app?password=pw&sslmode=disable",
            "postgresql://alice@h/app?password=****&sslmode=disable",
        ),
        ("postgresql://h/app", "postgresql://h/app"),
        ("host=h dbname=app password=pw user=alice", "host=h dbname=app password=**** user=alice"),
        ("host=h password='p w' dbname=app", "host=h password=**** dbname=app"),
    ],
)
def test_redact_masks_every_password_form(conninfo: str, shown: str) -> None:
    assert redact(conninfo) == shown


def test_scrub_removes_the_password_from_any_message() -> None:
    message = 'could not connect: user "alice" password "s3cret" p%40ss'
    assert "s3cret" not in scrub(message, "postgresql://alice:s3cret@h/db")
    assert "p%40ss" not in scrub(message, "postgresql://alice:p%40ss@h/db")


def test_flag_wins_over_environment() -> None:
    env = {"DATABASE_URL": "postgresql://env@h/db", "PGHOST": "other"}
    target = explicit_target("postgresql://flag@h/db", env)
    assert target is not None
    assert (target.conninfo, target.source) == ("postgresql://flag@h/db", TargetSource.FLAG)


def test_database_url_wins_over_libpq_variables() -> None:
    target = explicit_target(None, {"DATABASE_URL": "postgresql://env@h/db", "PGHOST": "other"})
    assert target is not None
    assert target.source is TargetSource.DATABASE_URL


@pytest.mark.parametrize("variable", ["PGHOST", "PGDATABASE"])
def test_libpq_variables_select_the_libpq_environment(variable: str) -> None:
    target = explicit_target(None, {variable: "x"})
    assert target is not None
    assert (target.conninfo, target.source) == ("", TargetSource.LIBPQ_ENV)


def test_nothing_named_means_the_embedded_server() -> None:
    assert explicit_target(None, {"PGUSER": "only-user"}) is None


def test_an_unparsable_url_is_a_config_error_without_its_password() -> None:
    with pytest.raises(ConfigError, match="invalid database URL") as caught:
        explicit_target("postgresql://alice:topsecret@h:notaport/db?bogus_option=1", {})
    assert caught.value.exit_code is ExitCode.USAGE
    assert "topsecret" not in caught.value.message


def test_with_database_swaps_only_the_database() -> None:
    assert with_database("postgresql://a:b@h:5/x?sslmode=require", "y") == "postgresql://a:b@h:5/y?sslmode=require"
    assert "dbname=y" in with_database("host=h dbname=x", "y")


@pytest.mark.parametrize(
    ("conninfo", "shown"),
    [
        ("postgresq://alice:pw@h/db", "postgresq://alice:****@h/db"),
        ("postgresql:/alice:pw@h/db", "postgresql:/alice:****@h/db"),
        ("alice:pw@h/db", "alice:****@h/db"),
        (" postgresql://alice:pw@h/db", " postgresql://alice:****@h/db"),
        ("postgresql://alice:p@ss/w?rd@h/db", "postgresql://alice:****@h/db"),
    ],
    ids=["scheme-typo", "one-slash", "no-scheme", "leading-space", "delimiters-in-password"],
)
def test_redact_masks_urls_that_are_not_well_formed(conninfo: str, shown: str) -> None:
    assert redact(conninfo) == shown


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("postgresql+psycopg://a:b@h/d", "postgresql://a:b@h/d"),
        ("postgresql+psycopg2://a@h/d", "postgresql://a@h/d"),
        ("POSTGRES://a@h/d", "postgres://a@h/d"),
        ("  postgresql://a@h/d\n", "postgresql://a@h/d"),
        ("host=h dbname=d", "host=h dbname=d"),
    ],
)
def test_scheme_aliases_and_whitespace_are_normalised(given: str, normalised: str) -> None:
    assert validate_conninfo(given) == normalised


def test_scrub_removes_the_parts_of_a_password_libpq_may_show_as_a_host() -> None:
    message = "failed to resolve host 'ss@w0rd-x@h': unknown; port 'w0rd-x'"
    scrubbed = scrub(message, "postgresql://u:p@ss@w0rd-x@h/db")
    assert "ss@w0rd-x" not in scrubbed
    assert "w0rd-x" not in scrubbed
    assert scrubbed.count(MASK) == 2


def test_the_libpq_environment_is_shown_as_a_masked_url(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, value in [("PGHOST", "db.example"), ("PGPORT", "6432"), ("PGUSER", "alice"), ("PGPASSWORD", "pw")]:
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("PGDATABASE", "app")
    target = explicit_target(None, {"PGHOST": "db.example"})
    assert target is not None
    assert target.display == "postgresql://alice:****@db.example:6432/app"
    monkeypatch.setenv("PGHOST", "/run/pg")
    monkeypatch.delenv("PGPASSWORD")
    assert target.display == "postgresql://alice@/app?host=/run/pg&port=6432"


def test_scrub_removes_parts_of_a_percent_encoded_password_too() -> None:
    scrubbed = scrub("host 'w0rd-x' and p@ss", "postgresql://u:p%40ss%2Fw0rd-x@h/db")
    assert "w0rd-x" not in scrubbed
    assert "p@ss" not in scrubbed
