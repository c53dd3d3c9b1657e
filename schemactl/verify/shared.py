"""The lint rules that judge the schema's state, run over the model read from a live catalog."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import StateRule
from schemactl.snapshot.model import Snapshot
from schemactl.verify.model_adapter import model_from_snapshot
from schemactl.verify.rule import LiveFinding

# The kinds of statement that make what a shared rule judges: where its findings point in sql/
# (the latest of them; else the object's last change).
ASPECTS: dict[str, tuple[str, ...]] = {
    "SC301": ("create", "alter"),
    "SC302": ("rls",),
    "SC303": ("rls",),
    "SC304": ("policy",),
    "SC306": ("policy",),
    "SC402": ("grant",),
    "SC403": ("grant",),
    "SC404": ("create", "alter"),
    "SC406": ("grant", "create"),
    "SC407": ("create", "alter"),
}


def run_shared_rules(
    rules: Sequence[type[Rule]], snapshot: Snapshot, settings: LintSettings, sql_model: SchemaModel | None
) -> Iterator[tuple[type[Rule], LiveFinding]]:
    """State rules through `check_state`, the rest through `finish`; each finding names its object."""
    adapted = model_from_snapshot(snapshot, settings, sql_model)
    for rule in rules:
        aspects = ASPECTS.get(rule.code, ())
        if issubclass(rule, StateRule):
            for state in rule().check_state(adapted.model, settings):
                subject = adapted.object_of(state.object_kind, state.object_name)
                yield rule, LiveFinding(state.message, subject, aspects=aspects)
            continue
        for finding in rule().finish(adapted.model, adapted.files, settings):
            owner = adapted.objects.get(finding.file)
            if owner is not None:
                yield rule, LiveFinding(finding.message, owner, aspects=aspects)
