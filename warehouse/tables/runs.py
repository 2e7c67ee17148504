"""runs: one row per flow run."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="runs",
    role="audit",
    grain="flow run",
    description="One row per flow run: when it ran, how it ended, what it read and loaded.",
    key=("run_id",),
    columns=(
        Column("run_id", "varchar", "The run.", contract=True),
        Column("started_at", "timestamp", "When it started (UTC).", contract=True),
        Column("finished_at", "timestamp", "When it ended (UTC).", contract=True),
        Column("status", "varchar", "completed or failed.", contract=True),
        Column("files_seen", "integer", "Input files it saw.", contract=True),
        Column("files_new", "integer", "Files it loaded as new documents.", contract=True),
        Column("files_quarantined", "integer", "Files it set aside.", contract=True),
        Column("rows_loaded", "bigint", "Rows it added to the content tables.", contract=True),
        Column("message", "varchar", "Why it failed."),
    ),
    staged="run",
)
