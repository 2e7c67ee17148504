"""quotation_sentences: the sentences each quotation consists of."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="quotation_sentences",
    role="derived",
    grain="quotation × sentence it consists of",
    description="Links each quotation to the sentences it consists of.",
    key=("quotation_id", "sentence_id"),
    columns=(
        Column("quotation_id", "varchar", "The quotation."),
        Column("sentence_id", "varchar", "A sentence of it."),
    ),
    staged="derived",
)
