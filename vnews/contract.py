"""Values the interface contract fixes (entity types, file statuses), in one module that imports nothing."""

ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC", "DATE")
FILE_STATUSES = ("loaded", "duplicate", "unchanged", "quarantined")
