"""entity_aliases: every surface an entity was mentioned as."""

from vnews.contract import ENTITY_TYPES
from warehouse.tables.spec import Column, Suite, TableSpec, in_set, resolves

SPEC = TableSpec(
    name="entity_aliases",
    role="derived",
    grain="surface an entity was mentioned as",
    description="Every variant an entity was mentioned as (short forms, prefixes, abbreviations, case).",
    key=("alias", "entity_id"),
    columns=(
        Column("alias", "varchar", "The words as written in a mention."),
        Column("entity_id", "varchar", "The entity they stand for."),
        Column("type", "varchar", "The entity's type."),
    ),
    staged="batch",
    suite=Suite(
        """
        select a.*, e.entity_id as parent_entity_id from entity_aliases as a
        left join entities as e using (entity_id)""",
        (*resolves("entity_id"), in_set("type", ENTITY_TYPES)),
    ),
    notes='Why "LHQ" and "Liên hợp quốc" count as one entity.',
)
