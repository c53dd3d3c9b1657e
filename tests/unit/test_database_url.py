from __future__ import annotations

import pytest

from schemactl.database import TargetSource, explicit_target, redact, scrub, with_database
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
