"""validation_results: one row per expectation evaluated in a run."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="validation_results",
    role="audit",
    grain="expectation evaluated in a run",
    description="One row per Great Expectations expectation evaluated on a batch of a run.",
    key=("run_id", "batch", "table_name", "expectation"),
    columns=(
        Column("run_id", "varchar", "The run.", contract=True),
        Column("table_name", "varchar", "The suite: a table, a view, or run_statistics.", contract=True),
        Column("expectation", "varchar", "The expectation and its arguments.", contract=True),
        Column("success", "boolean", "Whether it held.", contract=True),
        Column("severity", "varchar", "critical (blocks the load) or warning."),
        Column("details", "varchar", "What was observed (JSON).", contract=True),
        Column("evaluated_at", "timestamp", "When (UTC)."),
        Column("batch", "integer", "The batch of input files it was evaluated on (0, 1, …)."),
    ),
    staged="run",
)
