"""A database built from sql/ by apply, per test. (A copy made with CREATE DATABASE ... TEMPLATE, as
tests/schema uses, would not do: a new database gets the default ACL, not the template's, which is
one of the things verify reports.)"""

from __future__ import annotations

import pytest

from tests.schema.conftest import apply_project_schema, schema_template, schema_url

__all__ = ["schema_template", "schema_url"]


@pytest.fixture
def built_url(database_url: str) -> str:
    """A fresh database with sql/ applied to it, dropped afterwards."""
    apply_project_schema(database_url)
    return database_url
