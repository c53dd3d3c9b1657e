from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.identifier_not_snake_case import CREATING_STATEMENTS, locate, statement_created_names

# Plurals that do not end in "s", and nouns with no plural: the last word of a table name may be one.
KNOWN_PLURALS = frozenset(
    {
        "data",
        "metadata",
        "media",
        "criteria",
        "phenomena",
        "people",
        "children",
        "men",
        "women",
        "feet",
        "teeth",
        "geese",
        "mice",
        "equipment",
        "information",
        "feedback",
        "software",
        "staff",
    }
)


def is_plural(table: str) -> bool:
    """Whether the last word of a table name is plural: it ends in "s" (but not "ss": address,
    access) or is a known plural or uncountable noun. Numeric words (events_2024) are skipped."""
    words = [word for word in table.lower().split("_") if word and not word.isdigit()]
    last = words[-1] if words else table.lower()
    return last in KNOWN_PLURALS or (last.endswith("s") and not last.endswith("ss"))


# Singulars whose plural is not the singular plus "s" or "es".
IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "datum": "data",
    "criterion": "criteria",
    "medium": "media",
    "leaf": "leaves",
    "half": "halves",
    "life": "lives",
    "knife": "knives",
    "wife": "wives",
    "matrix": "matrices",
    "vertex": "vertices",
}
_VOWELS = "aeiouy"


def pluralise(table: str) -> str | None:
    """A plural spelling for the message: the last non-numeric word made plural (ledger -> ledgers,
    cache_entry_2024 -> cache_entries_2024, address -> addresses, analysis -> analyses, person ->
    people). None when the word is too short or has no vowel (an abbreviation: `nt_a`, `z`), whose
    plural cannot be guessed."""
    words = table.split("_")
    index = max((i for i, word in enumerate(words) if word and not word.isdigit()), default=len(words) - 1)
    word = words[index]
    lower = word.lower()
    if len(lower) < 3 or not any(c in _VOWELS for c in lower):
        return None
    if lower in IRREGULAR_PLURALS:
        words[index] = IRREGULAR_PLURALS[lower]
    elif lower.endswith("y") and lower[-2] not in _VOWELS:
        words[index] = word[:-1] + "ies"
    elif lower.endswith("is"):
        words[index] = word[:-2] + "es"
    elif lower.endswith("z") and lower[-2] in _VOWELS and lower[-3] not in _VOWELS:
        words[index] = word + "zes"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        words[index] = word + "es"
    else:
        words[index] = word + "s"
    return "_".join(words)


class TableNameNotPlural(Rule):
    """What it does
    Flags a table whose name is not plural: `CREATE TABLE`, `CREATE TABLE AS` and
    `ALTER TABLE ... RENAME TO`. The last word of the name (`_`-separated, numeric words skipped)
    must end in `s` (but not `ss`, as in `address`), or be one of a short list of plurals and
    uncountable nouns: data, metadata, media, criteria, phenomena, people, children, men, women,
    feet, teeth, geese, mice, equipment, information, feedback, software, staff. Views, materialized
    views and partitions (named after their parent) are exempt.

    Why is this bad?
    A table holds many rows; the convention is `orders`, `order_items`, `tenants`. Mixing `order`
    and `invoices` makes every query a guess, and singular names collide with reserved words
    (`order`, `user`, `group`).

    Example
    ```sql
    CREATE TABLE invoice (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    ```

    Fix
    ```sql
    CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    ```
    """

    code = "SC102"
    name = "table-name-not-plural"
    severity = Severity.WARNING
    node_types = CREATING_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for created in statement_created_names(context.node):
            if created.kind != "table" or is_plural(created.name):
                continue
            renamed = relation_name(getattr(context.node, "relation", None)) if created.renamed else None
            if renamed and renamed in context.model.views:
                continue  # ALTER TABLE ... RENAME on a view
            offset, _spelling = locate(context.statement, created)
            yield self.at(
                context.file,
                offset,
                _message(created.name),
            )


def _message(name: str) -> str:
    plural = pluralise(name)
    suggestion = f", e.g. {plural}" if plural else ""
    return f"table {name} is singular: name it in the plural{suggestion}"
