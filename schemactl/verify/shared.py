"""The lint rules that judge the schema model's state, run over the model read from a live catalog."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.snapshot.model import Snapshot
from schemactl.verify.model_adapter import model_from_snapshot
from schemactl.verify.rule import LiveFinding

# The statements that make what each shared rule judges: where its findings point.
ASPECTS = {"SC301": "create", "SC302": "alter", "SC303": "alter", "SC304": "policy"}


def run_shared_rules(
    rules: Sequence[type[Rule]], snapshot: Snapshot, settings: LintSettings, sql_model: SchemaModel | None
) -> Iterator[tuple[type[Rule], LiveFinding]]:
    """Each rule's end-of-model check (`finish`) on the live model; findings name their object."""
    adapted = model_from_snapshot(snapshot, settings, sql_model)
    for rule in rules:
        for finding in rule().finish(adapted.model, adapted.files, settings):
            subject = adapted.objects.get(finding.file)
            if subject is not None:
                yield rule, LiveFinding(finding.message, subject, aspect=ASPECTS.get(rule.code))
