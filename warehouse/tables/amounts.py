"""amounts: one row per number in a distinct sentence."""

from vnews.contract import AMOUNT_KINDS
from warehouse.tables.spec import Column, Suite, TableSpec, equal, in_set, not_null, offsets_inside, resolves

SPEC = TableSpec(
    name="amounts",
    role="content",
    grain="numeric expression in a distinct sentence",
    description="One row per number in a distinct sentence, with what it counts.",
    key=("sentence_id", "char_start", "char_end"),
    columns=(
        Column("sentence_id", "varchar", "The sentence.", contract=True),
        Column("char_start", "integer", "Where the amount starts in sentences.text.", contract=True),
        Column("char_end", "integer", "Where it ends (exclusive) in sentences.text.", contract=True),
        Column("surface", "varchar", "The words as written.", contract=True),
        Column("value", "double", "The number.", contract=True),
        Column("unit", "varchar", "What it counts or measures (đồng, người, %, năm …).", contract=True),
        Column("kind", "varchar", "count, money, percent, duration or other.", contract=True),
        Column("approximate", "boolean", "About that many (hàng trăm)."),
        Column("run_id", "varchar", "The run that found it."),
    ),
    staged="batch",
    suite=Suite(
        """
        select a.*, s.sentence_id as parent_sentence_id, length(s.text) as sentence_length,
               substr(s.text, a.char_start + 1, a.char_end - a.char_start) as text_slice
        from (select * from amounts semi join stg_amounts using (sentence_id, char_start, char_end)) as a
        left join batch_sentence_texts as s using (sentence_id)""",
        (
            *resolves("sentence_id"),
            in_set("kind", AMOUNT_KINDS),
            not_null("value"),
            *offsets_inside("sentence_length"),
            equal("surface", "text_slice"),
        ),
    ),
)
