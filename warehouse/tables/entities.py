"""entities: one row per real-world thing."""

from vnews.contract import ENTITY_TYPES
from warehouse.tables.spec import Column, Suite, TableSpec, between, in_set

SPEC = TableSpec(
    name="entities",
    role="content",
    grain="canonical entity (one real-world thing)",
    description="One row per real-world person, place, organization, treaty or date the articles mention.",
    key=("entity_id",),
    columns=(
        Column("entity_id", "varchar", "Hash of the name's key (a date's: of its ISO form).", contract=True),
        Column("name", "varchar", "The canonical name.", contract=True),
        Column("type", "varchar", "PER, LOC, ORG, MISC or DATE (voted over its mentions).", contract=True),
        Column("n_mentions", "integer", "Mentions, once per document that contains their sentence.", contract=True),
        Column("n_documents", "integer", "The documents that mention it.", contract=True),
    ),
    staged="batch",
    suite=Suite("select * from entities", (in_set("type", ENTITY_TYPES), between("n_mentions", 1))),
    notes="`n_mentions` counts a mention once per document that contains its sentence.",
)
