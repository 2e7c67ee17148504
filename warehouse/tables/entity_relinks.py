"""entity_relinks: a log of short forms joined to a full name."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="entity_relinks",
    role="audit",
    grain="short form joined to a full name across articles",
    description='A log: short forms of people a load joined to a full name ("Trump" -> "Donald Trump").',
    key=("run_id", "from_entity_id"),
    columns=(
        Column("run_id", "varchar", "The run."),
        Column("from_entity_id", "varchar", "The short form's entity, gone after the load."),
        Column("to_entity_id", "varchar", "The full name's entity, which takes its mentions and aliases."),
        Column("from_name", "varchar", "The short form."),
        Column("to_name", "varchar", "The full name."),
    ),
    staged="batch",
    notes="A log: run, both ids and names (see [Entities](entities.md#one-real-thing-one-entity)).",
)
