"""_near_dup_bands: the LSH index of near-duplicate sentences."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="_near_dup_bands",
    role="internal",
    grain="LSH band of an eligible sentence",
    description="The LSH band keys of every eligible sentence: the index a night's sentences are matched against.",
    key=("sentence_id", "band"),
    columns=(
        Column("sentence_id", "varchar", "The sentence."),
        Column("band", "utinyint", "The band's number."),
        Column("band_key", "ubigint", "The hash of the sentence's MinHash values in that band."),
    ),
    staged="batch",
)
