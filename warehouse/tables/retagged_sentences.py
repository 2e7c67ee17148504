"""retagged_sentences: a log of the sentences `vnews retag` tagged again."""

from warehouse.tables.spec import Column, TableSpec

SPEC = TableSpec(
    name="retagged_sentences",
    role="audit",
    grain="sentence re-tagged by a run of `vnews retag`",
    description="A log: which run brought which sentence to which extractor version.",
    key=("run_id", "sentence_id"),
    columns=(
        Column("run_id", "varchar", "The run."),
        Column("sentence_id", "varchar", "The sentence."),
        Column("extractor_version", "varchar", "The version that tagged it again."),
    ),
    staged="batch",
)
