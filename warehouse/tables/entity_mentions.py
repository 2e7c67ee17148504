"""entity_mentions: one row per entity mention in a distinct sentence."""

from vnews.contract import ENTITY_TYPES
from warehouse.tables.spec import NEW, Column, Suite, TableSpec, equal, in_set, not_null, offsets_inside, resolves

SPEC = TableSpec(
    name="entity_mentions",
    role="content",
    grain="entity mention in a distinct sentence",
    description="One row per mention of an entity in a distinct sentence (tagged once, counted in every article).",
    key=("sentence_id", "char_start", "char_end", "type"),
    columns=(
        Column("sentence_id", "varchar", "The sentence.", contract=True),
        Column("entity_id", "varchar", "The entity mentioned.", contract=True),
        Column("surface", "varchar", "The words as written.", contract=True),
        Column("type", "varchar", "The entity's type.", contract=True),
        Column("char_start", "integer", "Where the mention starts in sentences.text.", contract=True),
        Column("char_end", "integer", "Where it ends (exclusive) in sentences.text.", contract=True),
        Column("date_iso", "varchar", "DATE mentions normalized: 2026-02-05, 2026-02, 2026 or --02-05."),
        Column("extractor_version", "varchar", "The version of the entity rules that found it.", contract=True),
        Column("tagged_type", "varchar", "The type the tagger gave this mention."),
    ),
    staged="batch",
    suite=Suite(
        """
        with mentions as (
            select * from entity_mentions
            where sentence_id in (select sentence_id from stg_entity_mentions)
               or entity_id in (select entity_id from stg_relinked_entities)
        )
        select m.*, s.sentence_id as parent_sentence_id, e.entity_id as parent_entity_id,
               m.sentence_id in (select sentence_id from stg_entity_mentions) as is_new,
               length(t.text) as sentence_length,
               substr(t.text, m.char_start + 1, m.char_end - m.char_start) as text_slice
        from mentions as m
        left join (select sentence_id from batch_sentences
                   where sentence_id in (select sentence_id from mentions)) as s using (sentence_id)
        left join batch_sentence_texts as t using (sentence_id)
        left join (select entity_id from entities
                   where entity_id in (select entity_id from mentions)) as e using (entity_id)""",
        (
            *resolves("sentence_id"),
            *resolves("entity_id"),
            not_null("extractor_version"),
            in_set("type", ENTITY_TYPES),
            *offsets_inside("sentence_length", NEW),
            equal("surface", "text_slice", NEW),
        ),
    ),
    notes="Offsets index `sentences.text`; `date_iso` normalizes DATE mentions; `extractor_version` is the version "
    "of the rules that found it (as `sentences.extractor_version` for the sentence). The suite reads tonight's "
    "mentions and those a load moved to another entity.",
)
