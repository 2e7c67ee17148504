"""sentences: one row per distinct sentence."""

from warehouse.tables.spec import NEW, Column, Suite, TableSpec, at_least, equal, nfc_and_not_empty, resolves

SPEC = TableSpec(
    name="sentences",
    role="content",
    grain="distinct sentence after normalization",
    description="One row per distinct sentence: stored once however many articles repeat it.",
    key=("sentence_id",),
    columns=(
        Column("sentence_id", "varchar", "Hash of the normalized text.", contract=True),
        Column("text", "varchar", "The sentence as first seen (NFC).", contract=True),
        Column("normalized_text", "varchar", "The text as compared for exact duplicates.", contract=True),
        Column("n_occurrences", "integer", "Its occurrences in the whole warehouse.", contract=True),
        Column("n_documents", "integer", "The documents it occurs in.", contract=True),
        Column("first_doc_id", "varchar", "The document it was first seen in.", contract=True),
        Column("near_dup_group", "varchar", "The smallest sentence_id of its group of near duplicates.", contract=True),
        Column("run_id", "varchar", "The run that added it."),
        Column("extractor_version", "varchar", "The version of the entity rules that tagged it."),
    ),
    staged="batch",
    suite=Suite(
        """
        with touched as (
            select * from batch_sentences
            where sentence_id in (select sentence_id from stg_sentences
                                  union all select sentence_id from stg_document_sentences)
               or near_dup_group in (select new_group from stg_near_dup_relabels)
        )
        select s.*, t.text, nfc_normalize(t.text) as text_nfc,
               s.sentence_id in (select sentence_id from stg_sentences) as is_new,
               doc.doc_id as parent_first_doc_id, grp.sentence_id as parent_near_dup_group,
               coalesce(occ.n, 0) as occurrence_rows, coalesce(occ.n_docs, 0) as occurrence_documents
        from touched as s
        left join batch_sentence_texts as t using (sentence_id)
        left join (select doc_id from documents where doc_id in (select first_doc_id from touched)) as doc
            on doc.doc_id = s.first_doc_id
        left join (select sentence_id from sentences where sentence_id in (select near_dup_group from touched)) as grp
            on grp.sentence_id = s.near_dup_group
        left join (select sentence_id, count(*) as n, count(distinct doc_id) as n_docs
                   from document_sentences where sentence_id in (select sentence_id from touched)
                   group by sentence_id) as occ on occ.sentence_id = s.sentence_id""",
        (
            *nfc_and_not_empty("text", NEW),
            *resolves("first_doc_id"),
            *resolves("near_dup_group"),
            equal("n_occurrences", "occurrence_rows"),
            equal("n_documents", "occurrence_documents"),
            at_least("n_occurrences", "n_documents"),
        ),
        expect_rows="sentences",
    ),
    notes="`n_occurrences` and `n_documents` count over the whole warehouse (null in the lake: the warehouse keeps "
    "them); `first_doc_id` is where it was first seen.",
)
