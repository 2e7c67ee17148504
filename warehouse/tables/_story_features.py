"""_story_features: what makes two articles candidates for one story."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="_story_features",
    role="internal",
    grain="document × feature",
    description="What makes two articles candidates for one story: the sentences and entities they hold.",
    key=("doc_id", "feature"),
    columns=(
        Column("doc_id", "varchar", "The document."),
        Column("feature", "varchar", "A sentence_id or an entity_id."),
    ),
    staged="derived",
)
