"""The data dictionary renderer: a pure function of a snapshot, deterministic, sorted, Markdown-safe."""

from __future__ import annotations

from collections.abc import Mapping

from schemactl.docs.dictionary import render_data_dictionary, unified_diff
from schemactl.snapshot.model import Attributes, JsonValue, ObjectKind, Snapshot

OWNER_PRIVILEGES: list[JsonValue] = ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"]


def _snapshot(reverse: bool = False) -> Snapshot:
    objects: dict[ObjectKind, dict[str, Attributes]] = {
        ObjectKind.SCHEMA: {"shop": {"owner": "owner_role", "comment": None, "privileges": {"app": ["USAGE"]}}},
        ObjectKind.TABLE: {
            "shop.orders": {
                "kind": "table",
                "owner": "owner_role",
                "rls_enabled": True,
                "rls_forced": False,
                "options": [],
                "comment": "Orders of a customer.\nOne row per order.",
                "privileges": {"owner_role": OWNER_PRIVILEGES, "app": ["INSERT", "SELECT"], "PUBLIC": ["SELECT*"]},
            },
            "shop.customers": {
                "kind": "table",
                "owner": "owner_role",
                "rls_enabled": False,
                "rls_forced": False,
                "comment": None,
                "privileges": {"owner_role": OWNER_PRIVILEGES},
            },
        },
        ObjectKind.COLUMN: {
            "shop.orders.id": {"type": "uuid", "not_null": True, "default": "gen_random_uuid()", "comment": "Key."},
            "shop.orders.customer_id": {"type": "uuid", "not_null": True, "default": None, "comment": "Buyer."},
            "shop.orders.note": {
                "type": "text",
                "not_null": False,
                "default": "'a|b'::text",
                "comment": "Free text | pipes <b>bold</b> a <- b",
                "privileges": {"app": ["UPDATE"]},
            },
            "shop.orders.status": {"type": "text", "not_null": False, "default": None, "comment": None},
            "shop.customers.id": {"type": "uuid", "not_null": True, "identity": None, "comment": "Key."},
            "shop.v_orders.id": {"type": "uuid", "not_null": False, "comment": "Order key."},
        },
        ObjectKind.CONSTRAINT: {
            "shop.orders.pk_orders": {"type": "primary key", "definition": "PRIMARY KEY (id)", "validated": True},
            "shop.orders.fk_orders_customer": {
                "type": "foreign key",
                "definition": "FOREIGN KEY (customer_id) REFERENCES shop.customers(id) ON DELETE CASCADE",
                "references": "shop.customers",
                "on_delete": "cascade",
                "on_update": "no action",
                "deferrable": True,
                "deferred": True,
                "validated": False,
            },
        },
        ObjectKind.INDEX: {
            "shop.idx_orders_customer": {
                "table": "shop.orders",
                "definition": "CREATE INDEX idx_orders_customer ON shop.orders USING btree (customer_id)",
                "unique": False,
                "valid": True,
                "constraint": None,
            }
        },
        ObjectKind.POLICY: {
            "shop.orders.tenant_policy": {
                "table": "shop.orders",
                "command": "ALL",
                "permissive": True,
                "roles": ["PUBLIC"],
                "using": "customer_id = current_customer()",
                "with_check": None,
            }
        },
        ObjectKind.VIEW: {
            "shop.v_orders": {
                "kind": "view",
                "owner": "owner_role",
                "options": ["security_barrier=true"],
                "comment": "Orders of the session.",
                "privileges": {"owner_role": OWNER_PRIVILEGES, "app": ["SELECT"]},
            }
        },
        ObjectKind.FUNCTION: {
            "shop.current_customer()": {
                "kind": "function",
                "result": "uuid",
                "language": "sql",
                "volatility": "stable",
                "security_definer": False,
                "owner": "owner_role",
                "comment": "The session's customer.",
                "privileges": {"owner_role": ["EXECUTE"], "app": ["EXECUTE"]},
            }
        },
        ObjectKind.ROLE: {
            "owner_role": {"login": False, "inherit": True, "bypassrls": False, "member_of": [], "comment": "Owner."},
            "app": {"login": True, "inherit": True, "bypassrls": False, "member_of": ["owner_role"], "comment": None},
        },
    }
    if reverse:
        objects = {kind: dict(reversed(list(by_id.items()))) for kind, by_id in reversed(list(objects.items()))}
    return Snapshot(schemas=("shop",), objects=objects)


POSITIONS: Mapping[str, int] = {
    "shop.orders.id": 1,
    "shop.orders.customer_id": 2,
    "shop.orders.status": 3,
    "shop.orders.note": 5,
    "shop.customers.id": 1,
    "shop.v_orders.id": 1,
}


def _render(snapshot: Snapshot | None = None, positions: Mapping[str, int] | None = POSITIONS) -> str:
    return render_data_dictionary(
        snapshot or _snapshot(), migrations=["0001_shop.sql", "0002_orders.sql"], column_positions=positions
    )


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n### ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def test_the_same_snapshot_gives_the_same_bytes_whatever_the_order_of_its_objects() -> None:
    assert _render() == _render()
    assert _render(_snapshot(reverse=True)) == _render()
    assert _render().endswith("|\n")
    assert not _render().endswith("\n\n")


def test_the_header_names_the_generator_and_the_migrations_and_nothing_that_changes_by_itself() -> None:
    lines = _render().splitlines()

    assert lines[:4] == [
        "# Data dictionary",
        "",
        "<!-- Generated by `schemactl docs` from the PostgreSQL catalog; do not edit by hand. -->",
        "<!-- Migrations: 0001_shop.sql, 0002_orders.sql -->",
    ]


def test_columns_are_listed_in_position_order_or_by_name_without_positions() -> None:
    by_position = _section(_render(), "### `shop.orders`")
    by_name = _section(_render(positions=None), "### `shop.orders`")

    order = ["`id`", "`customer_id`", "`status`", "`note`"]
    assert [by_position.index(f"| {c} |") for c in order] == sorted(by_position.index(f"| {c} |") for c in order)
    names = ["`customer_id`", "`id`", "`note`", "`status`"]
    assert [by_name.index(f"| {c} |") for c in names] == sorted(by_name.index(f"| {c} |") for c in names)
    assert "Columns are listed in table order." in _render()
    assert "Columns are listed by name." in _render(positions=None)


def test_a_table_shows_purpose_columns_constraints_foreign_keys_indexes_and_rls() -> None:
    section = _section(_render(), "### `shop.orders`")

    assert "Orders of a customer. One row per order." in section
    assert "Table · owner `owner_role` · row-level security enabled, not forced" in section
    assert "| `id` | `uuid` | no | `gen_random_uuid()` | Key. |" in section
    assert "| `status` | `text` | yes | — | _no comment_ |" in section
    assert "| `pk_orders` | primary key | `PRIMARY KEY (id)` | — |" in section
    assert (
        "| `fk_orders_customer` | `customer_id` | `shop.customers (id)` | cascade | no action "
        "| deferrable, initially deferred; NOT VALID |"
    ) in section
    assert "| `idx_orders_customer` | `USING btree (customer_id)` | — |" in section
    assert "| `tenant_policy` | ALL | permissive | `PUBLIC` | `customer_id = current_customer()` | — |" in section


def test_pipes_are_escaped_and_html_tags_are_not_read_as_html() -> None:
    section = _section(_render(), "### `shop.orders`")

    assert "| `note` | `text` | yes | `'a\\|b'::text` | Free text \\| pipes &lt;b>bold&lt;/b> a <- b |" in section


def test_views_list_their_columns_and_options() -> None:
    section = _section(_render(), "### `shop.v_orders`")

    assert "View · owner `owner_role` · options `security_barrier=true`" in section
    assert "| `id` | `uuid` | Order key. |" in section


def test_the_grants_matrix_leaves_out_owners_and_shows_column_privileges_and_grant_options() -> None:
    text = _render()
    grants = text[text.index("## Grants") :]

    assert "| object | kind | owner | `app` | `PUBLIC` |" in grants
    assert "| `shop` | schema | `owner_role` | USAGE | — |" in grants
    assert "| `shop.orders` | table | `owner_role` | INSERT, SELECT, UPDATE (note) | SELECT (grant option) |" in grants
    assert "| `shop.customers` | table | `owner_role` | — | — |" in grants
    assert "| `shop.v_orders` | view | `owner_role` | SELECT | — |" in grants
    assert "| `shop.current_customer()` | function | `owner_role` | EXECUTE | — |" in grants
    assert "DELETE" not in grants


def test_roles_show_their_attributes_and_memberships() -> None:
    text = _render()

    assert "| `app` | LOGIN | `owner_role` | — |" in text
    assert "| `owner_role` | NOLOGIN | — | Owner. |" in text


def test_unified_diff_names_the_file() -> None:
    diff = unified_diff("a\nb\n", "a\nc\n", "docs/X.md")

    assert diff[:2] == ["--- docs/X.md (committed)", "+++ docs/X.md (generated)"]
    assert "-b" in diff
    assert "+c" in diff


def test_an_empty_catalog_renders() -> None:
    text = render_data_dictionary(Snapshot(schemas=(), objects={}), migrations=[])

    assert "<!-- Migrations: none -->" in text
    assert "## Tables" not in text
    assert text.endswith("No objects.\n")
