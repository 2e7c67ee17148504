"""_document_fingerprints: what later articles are matched against to find their story."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="_document_fingerprints",
    role="internal",
    grain="document",
    description="Story matching state: each document's day, MinHash signature and the facts of its lead.",
    key=("doc_id",),
    columns=(
        Column("doc_id", "varchar", "The document."),
        Column("story_day", "date", "The day its story is dated by."),
        Column("signature", "uinteger[]", "MinHash signature of its text."),
        Column("lead_days", "varchar[]", "MM-DD of the dates its lead names to the day."),
        Column("lead_places", "varchar[]", "The places its lead names."),
        Column("lead_people", "varchar[]", "The people its lead names."),
        Column("lead_figures", "varchar[]", "The figures its lead gives."),
        Column("lead_sentences", "varchar[]", "The ids of its lead's sentences, in order."),
    ),
    staged="derived",
)
