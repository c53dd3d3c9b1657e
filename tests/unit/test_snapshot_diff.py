from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.errors import ConfigError
from schemactl.snapshot.diff import AttributeChange, ChangeType, ObjectChange, diff_snapshots
from schemactl.snapshot.model import Attributes, ObjectKind, Snapshot
from schemactl.snapshot.serialize import from_json, to_json


def _snapshot(objects: dict[ObjectKind, dict[str, Attributes]]) -> Snapshot:
    return Snapshot(schemas=("public",), objects=objects)


BASE: dict[ObjectKind, dict[str, Attributes]] = {
    ObjectKind.TABLE: {"public.t": {"rls_forced": True, "privileges": {"app_ro": ["SELECT"]}, "comment": "T."}},
    ObjectKind.INDEX: {"public.i": {"definition": "CREATE INDEX i ON public.t USING btree (a)"}},
}


def test_equal_snapshots_have_no_changes() -> None:
    assert diff_snapshots(_snapshot(BASE), _snapshot(BASE)).is_empty


def test_added_removed_and_changed_objects_with_attribute_paths() -> None:
    after: dict[ObjectKind, dict[str, Attributes]] = {
        ObjectKind.TABLE: {
            "public.t": {
                "rls_forced": False,
                "privileges": {"app_ro": ["SELECT"], "PUBLIC": ["SELECT"]},
                "comment": "T.",
            }
        },
        ObjectKind.VIEW: {"public.v": {"definition": "SELECT 1"}},
    }
    diff = diff_snapshots(_snapshot(BASE), _snapshot(after))
    # Ordered by kind (ObjectKind order), then identity.
    assert diff.changes == (
        ObjectChange(
            ObjectKind.TABLE,
            "public.t",
            ChangeType.CHANGED,
            (AttributeChange("privileges.PUBLIC", None, ["SELECT"]), AttributeChange("rls_forced", True, False)),
        ),
        ObjectChange(ObjectKind.INDEX, "public.i", ChangeType.REMOVED),
        ObjectChange(ObjectKind.VIEW, "public.v", ChangeType.ADDED),
    )
    assert (diff.count(ChangeType.ADDED), diff.count(ChangeType.REMOVED), diff.count(ChangeType.CHANGED)) == (1, 1, 1)


def test_serialisation_is_sorted_and_round_trips() -> None:
    text = to_json(_snapshot(BASE))
    assert text.endswith("}\n")
    assert text.index('"column"') < text.index('"table"')  # kinds sorted by name
    restored = from_json(text, Path("s.json"))
    assert to_json(restored) == text
    assert diff_snapshots(_snapshot(BASE), restored).is_empty


@pytest.mark.parametrize("text", ["{", '{"format": "other"}', "[]"])
def test_a_file_that_is_not_a_snapshot_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError):
        from_json(text, Path("s.json"))


def test_privileges_fragment_is_expanded_with_nested_parentheses() -> None:
    from schemactl.snapshot.inspect import expand_privileges

    query = "SELECT privileges_json(coalesce(c.relacl, acldefault('r', c.relowner))) FROM x"
    expanded = expand_privileges(query)
    assert "privileges_json" not in expanded
    assert "aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS acl" in expanded
    assert expanded.endswith(") FROM x")


def test_a_file_written_from_the_same_snapshot_has_no_changes_without_being_parsed() -> None:
    from schemactl.snapshot.diff import diff_with_file_text
    from schemactl.snapshot.serialize import to_json_bytes

    after = Snapshot(schemas=("public",), objects=BASE, server_version=18)
    result = diff_with_file_text(to_json_bytes(after), Path("schema.json"), after)
    assert result.is_empty
    assert result.server_versions == (18, 18)
    assert result == diff_snapshots(after, after)


def test_a_file_that_differs_is_parsed_and_compared() -> None:
    from schemactl.snapshot.diff import diff_with_file_text
    from schemactl.snapshot.serialize import to_json_bytes

    before = Snapshot(schemas=("public",), objects=BASE, server_version=18)
    after = Snapshot(schemas=("public",), objects={**BASE, ObjectKind.INDEX: {}}, server_version=18)
    result = diff_with_file_text(to_json_bytes(before), Path("schema.json"), after)
    assert result == diff_snapshots(before, after)
    assert [(c.identity, c.change) for c in result.changes] == [("public.i", ChangeType.REMOVED)]
    with pytest.raises(ConfigError, match="not valid JSON"):
        diff_with_file_text(b"{not json", Path("schema.json"), after)
