"""State rules: checks of the schema model's state rather than of single statements.

A state rule judges the model as the migrations leave it (after the last file linted, later files of
`sql/` included), so a later migration that fixes an earlier object satisfies it without editing an
applied file. The same rules can judge a model read from a live database's catalog:

    for rule in state_rules():
        if rule.judges in (Judges.LIVE, Judges.BOTH):
            for finding in rule().check_state(model, settings):
                ...  # finding.object_kind, finding.object_name, finding.message

`SchemaModel` (schemactl.lint.model) is a plain dataclass: tables with columns, RLS flags and
policies (USING / WITH CHECK as SQL text), views and materialized views (relations read, whether they
filter on the tenant), functions (security, search_path, settings read, PUBLIC's EXECUTE), grants
(table and column level) and default privileges. A catalog reader fills it and leaves every `Place`
None; a finding's `place` is then None, and the lint engine reports findings only where it has one
(the statement that created or last changed the object).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from schemactl.lint.model import Place, SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings


class Judges(StrEnum):
    """What a state rule can judge: migration files, a live database's catalog, or both."""

    FILES = "files"
    LIVE = "live"
    BOTH = "both"


@dataclass(frozen=True)
class StateFinding:
    object_kind: str  # table, policy, function, view, materialized view, grant, default privilege
    object_name: str  # e.g. "orders", "orders.tenant_isolation_policy", "public.f(int4)"
    message: str
    place: Place | None  # the statement that created or last changed the object (None from a catalog)


class StateRule(Rule):
    """A rule over the model's state; subclasses set `judges` and override `check_state`."""

    judges: ClassVar[Judges] = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        return iter(())


def state_rules() -> tuple[type[StateRule], ...]:
    from schemactl.lint.registry import all_rules

    return tuple(rule for rule in all_rules() if issubclass(rule, StateRule))
