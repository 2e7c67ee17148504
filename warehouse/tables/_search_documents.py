"""_search_documents: each document's length in words, for full-text search."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="_search_documents",
    role="internal",
    grain="document",
    description="Each document's length in words, for BM25's length normalisation in `vnews search`.",
    key=("doc_id",),
    columns=(
        Column("doc_id", "varchar", "The document."),
        Column("n_terms", "integer", "The document's length in words."),
    ),
    staged=None,
)
