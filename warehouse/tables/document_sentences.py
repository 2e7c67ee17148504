"""document_sentences: one row per occurrence of a sentence in a document."""

from warehouse.tables.spec import Column, Suite, TableSpec, offsets_inside, resolves

SPEC = TableSpec(
    name="document_sentences",
    role="content",
    grain="occurrence of a sentence in a document",
    description="One row per occurrence of a sentence in a document, with its place in the document's text.",
    key=("doc_id", "position"),
    columns=(
        Column("doc_id", "varchar", "The document.", contract=True),
        Column("position", "integer", "The sentence's rank in the document, from 0 (a headline first).", contract=True),
        Column("sentence_id", "varchar", "The sentence.", contract=True),
        Column("char_start", "integer", "Where the occurrence starts in documents.text.", contract=True),
        Column("char_end", "integer", "Where it ends (exclusive) in documents.text.", contract=True),
        Column("is_first_occurrence", "boolean", "The occurrence that introduced the sentence.", contract=True),
    ),
    staged="batch",
    suite=Suite(
        """
        with occurrences as (
            select * from document_sentences where doc_id in (select doc_id from stg_document_sentences)
        )
        select ds.*, s.sentence_id as parent_sentence_id, d.doc_id as parent_doc_id, d.document_length
        from occurrences as ds
        left join (select sentence_id from sentences
                   where sentence_id in (select sentence_id from occurrences)) as s using (sentence_id)
        left join (select doc_id, length(text) as document_length from batch_documents
                   where doc_id in (select doc_id from occurrences)) as d using (doc_id)""",
        (*resolves("sentence_id"), *resolves("doc_id"), *offsets_inside("document_length")),
        expect_rows="sentences",
    ),
    notes="`char_start`/`char_end` index `documents.text`; `is_first_occurrence` marks the one occurrence that "
    "introduced the sentence.",
)
