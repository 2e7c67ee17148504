"""source_files: one row per input path a run saw."""

from vnews.contract import FILE_STATUSES
from warehouse.tables.spec import Column, Suite, TableSpec, in_set, not_null

SPEC = TableSpec(
    name="source_files",
    role="audit",
    grain="input path seen by a run (a record of a crawler export: `<file>#<line or index>`)",
    description="One row per input path a run saw, and what became of it.",
    key=("run_id", "source_path"),
    columns=(
        Column("run_id", "varchar", "The run that saw it.", contract=True),
        Column("source_path", "varchar", "The path in the input folder (a record: file#line).", contract=True),
        Column("content_sha256", "varchar", "SHA-256 of the raw bytes; null if unreadable.", contract=True),
        Column("size_bytes", "bigint", "Size of the raw bytes.", contract=True),
        Column("status", "varchar", "loaded, duplicate, unchanged or quarantined.", contract=True),
        Column("doc_id", "varchar", "The document it holds; null when quarantined.", contract=True),
        Column("reason", "varchar", "Why it was quarantined, or what a stage that failed on it lost."),
        Column("mtime_ns", "bigint", "The file's modification time when read (ns since the epoch)."),
        Column("export_path", "varchar", "The crawler export holding the record; null for an article file."),
        Column("export_size_bytes", "bigint", "The export's size when read; null for an article file."),
    ),
    staged="batch",
    suite=Suite(
        """
        select f.*, d.doc_id as parent_doc_id
        from (select * from source_files semi join stg_source_files as new using (run_id, source_path)
              where {staged_file_runs}
                and not (status = 'unchanged' and source_path = export_path)) as f  -- an export's own row
        left join documents as d using (doc_id)""",
        (in_set("status", FILE_STATUSES), not_null("parent_doc_id", ("status", "!=", "quarantined"))),
    ),
    notes="See [Crawler exports](ingestion.md#crawler-exports). `status`: `loaded` (new document), `duplicate` "
    "(its text is a document we already have), `unchanged` (these exact bytes were ingested by an earlier run, "
    "under any name; a crawler export not read again is one such row of its own, without a document), "
    "`quarantined` (`reason` says why, and which stage); `reason` also notes what a loaded article lost to a "
    "stage that failed on it; `mtime_ns` is the file's modification time when seen.",
)
