"""quotations: one row per quotation in a document."""

from warehouse.tables.spec import Column, Suite, TableSpec, equal, not_null, offsets_inside, resolves

SPEC = TableSpec(
    name="quotations",
    role="content",
    grain="quotation in a document",
    description="One row per quotation in a document: direct (in quotation marks) or reported, with its speaker.",
    key=("quotation_id",),
    columns=(
        Column("quotation_id", "varchar", "Hash of the document and the quotation's offsets.", contract=True),
        Column("doc_id", "varchar", "The document.", contract=True),
        Column("char_start", "integer", "Where the quotation starts in documents.text.", contract=True),
        Column("char_end", "integer", "Where it ends (exclusive) in documents.text.", contract=True),
        Column("text", "varchar", "The words quoted.", contract=True),
        Column("quote_key", "varchar", "The same for the same words, wherever they are quoted."),
        Column("speaker_entity_id", "varchar", "The speaker, when a known entity.", contract=True),
        Column("speaker_surface", "varchar", "The speaker's name, or the phrase that stands for them.", contract=True),
        Column("cue", "varchar", "What marks the quotation: cho biết, khẳng định, nói, theo, a colon.", contract=True),
        Column("is_direct", "boolean", "In quotation marks (else reported).", contract=True),
        Column("run_id", "varchar", "The run that found it."),
    ),
    staged="derived",
    suite=Suite(
        """
        select q.*, d.doc_id as parent_doc_id, length(d.text) as document_length,
               substr(d.text, q.char_start + 1, q.char_end - q.char_start) as text_slice
        from (select * from quotations semi join stg_quotations using (quotation_id)) as q
        left join batch_documents as d using (doc_id)""",
        (
            *resolves("doc_id"),
            *offsets_inside("document_length"),
            equal("text", "text_slice"),
            not_null("cue"),
            not_null("is_direct"),
        ),
    ),
    notes="`char_start`/`char_end` index `documents.text` (see [Quotations, amounts and search]"
    "(querying.md#quotations-amounts-and-search)).",
)
