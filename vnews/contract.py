"""Names the interface contract fixes (tables, entity types, file statuses), in one module that imports nothing."""

CONTRACT_TABLES = (
    "source_files", "documents", "sentences", "document_sentences", "entities",
    "entity_mentions", "runs", "quarantine", "validation_results",
)
# The tables that hold the news itself (the rest are audit): the same input gives the same rows in them.
CONTENT_TABLES = ("documents", "sentences", "document_sentences", "entities", "entity_mentions")
ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC", "DATE")
# What became of an input file (source_files.status): a new document, a copy of one, bytes an earlier run
# ingested, or set aside.
LOADED, DUPLICATE, UNCHANGED, QUARANTINED = FILE_STATUSES = ("loaded", "duplicate", "unchanged", "quarantined")
