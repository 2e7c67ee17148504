"""near_dup_relabels: a log of near-duplicate groups merged by later sentences."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="near_dup_relabels",
    role="audit",
    grain="group merged by a later sentence",
    description="A log: near-duplicate groups a run's sentences joined to a group with a smaller id.",
    key=("run_id", "old_group"),
    columns=(
        Column("run_id", "varchar", "The run."),
        Column("old_group", "varchar", "The group id that was merged."),
        Column("new_group", "varchar", "The group it joined."),
    ),
    staged="batch",
    notes="A log; `_near_dup_bands` (internal) is the LSH index.",
)
