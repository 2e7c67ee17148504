"""story_relabels: a log of stories merged by later articles."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="story_relabels",
    role="audit",
    grain="story merged by a later article",
    description="A log: stories a later article linked, merged into one.",
    key=("run_id", "old_story"),
    columns=(
        Column("run_id", "varchar", "The run."),
        Column("old_story", "varchar", "The story id that was merged."),
        Column("new_story", "varchar", "The story it joined."),
    ),
    staged="derived",
)
