"""quarantine: one row per rejected input file."""

from warehouse.tables.spec import Column, Suite, TableSpec, not_null

SPEC = TableSpec(
    name="quarantine",
    role="audit",
    grain="rejected input file",
    description="One row per input file set aside, with the reason; its bytes are kept under quarantine/.",
    key=("run_id", "source_path"),
    columns=(
        Column("run_id", "varchar", "The run that set it aside.", contract=True),
        Column("source_path", "varchar", "The path under the input folder.", contract=True),
        Column("content_sha256", "varchar", "SHA-256 of the raw bytes.", contract=True),
        Column("reason", "varchar", "Why, and which stage.", contract=True),
        Column("detected_at", "timestamp", "When (UTC).", contract=True),
        Column("quarantine_path", "varchar", "Where its bytes are kept."),
    ),
    staged="batch",
    suite=Suite(
        """
        select * from quarantine semi join stg_quarantine as new using (run_id, source_path)
        where {staged_file_runs}""",
        (not_null("reason"),),
    ),
)
