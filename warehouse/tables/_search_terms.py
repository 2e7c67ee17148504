"""_search_terms: each document's folded words, for full-text search."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="_search_terms",
    role="internal",
    grain="document × folded word",
    description="Each document's folded words and how often each occurs: what `vnews search` scores (BM25).",
    key=("term", "doc_id"),
    columns=(
        Column("term", "varchar", "A word folded: lowercase, no tone or vowel marks, đ as d."),
        Column("doc_id", "varchar", "The document."),
        Column("tf", "integer", "Occurrences of the term in the document."),
    ),
    staged=None,
    notes="Added with each document (warehouse/load/070_search.sql); what `vnews search` and `search_articles` "
    "score (see [Querying](querying.md#quotations-amounts-and-search)).",
)
