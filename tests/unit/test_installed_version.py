"""The lint cache key names the parser's version without importing the parser or package metadata."""

from __future__ import annotations

import importlib.metadata

from schemactl.lint.cache import _installed_version


def test_the_version_read_from_the_dist_info_name_is_the_installed_one() -> None:
    assert _installed_version("pglast") == importlib.metadata.version("pglast")
    assert _installed_version("jinja2") == importlib.metadata.version("jinja2")


def test_a_package_that_is_not_installed_has_no_version() -> None:
    assert _installed_version("no_such_package_for_schemactl") == "?"
