"""thread_relabels: a log of threads merged by later articles."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="thread_relabels",
    role="audit",
    grain="thread merged by a later article",
    description="A log: threads of stories a later article linked, merged into one.",
    key=("run_id", "old_thread"),
    columns=(
        Column("run_id", "varchar", "The run."),
        Column("old_thread", "varchar", "The thread id that was merged."),
        Column("new_thread", "varchar", "The thread it joined."),
    ),
    staged="derived",
)
