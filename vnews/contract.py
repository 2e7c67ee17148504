"""Names the interface contract fixes (views, entity types, file statuses), in one module that imports nothing.
Its tables and their columns are in their specs, warehouse/tables/."""

# Views the contract names, with the columns it promises (the stories are a view over their documents).
CONTRACT_VIEWS = {
    "stories": ("story_id", "title", "first_published_at", "last_published_at", "n_documents", "n_sources"),
    "v_articles_daily": ("day", "source_name", "n_publications", "n_new_documents"),
    "v_entity_daily": ("day", "entity_id", "entity_name", "type", "n_mentions", "n_publications"),
    "v_trending_entities": ("day", "entity_id", "entity_name", "type", "n_publications", "baseline", "score"),
    "v_stories": ("story_id", "title", "first_published_at", "last_published_at", "n_documents", "n_sources"),
    "v_copy_lag": ("sentence_id", "first_source", "later_source", "lag_hours"),
    "v_entity_timeline": ("doc_id", "published_at", "date_resolved", "date_resolution"),
    "v_quotations_by_speaker": ("speaker_entity_id", "speaker_name", "n_quotations", "n_documents"),
    "v_amounts_by_unit": ("unit", "kind", "n_amounts", "min_value", "max_value"),
}
# Where a publication's date came from (publications.published_at_source), in the order they are tried.
PUBLISHED_AT_SOURCES = ("sidecar", "path", "text", "none")
AMOUNT_KINDS = ("count", "money", "percent", "duration", "other")
ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC", "DATE")
# What became of an input file (source_files.status): a new document, a copy of one, bytes an earlier run
# ingested, or set aside.
LOADED, DUPLICATE, UNCHANGED, QUARANTINED = FILE_STATUSES = ("loaded", "duplicate", "unchanged", "quarantined")
