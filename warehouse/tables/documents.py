"""documents: one row per distinct article text."""

from warehouse.tables.spec import Column, Suite, TableSpec, between, nfc_and_not_empty

SPEC = TableSpec(
    name="documents",
    role="content",
    grain="distinct article text (same decoded NFC text = one document, whatever the file's encoding or name)",
    description="One row per distinct article: its decoded NFC text and where it was first read.",
    key=("doc_id",),
    columns=(
        Column("doc_id", "varchar", "Hash of the decoded NFC text: the same article is one document.", contract=True),
        Column("source_path", "varchar", "The input path the text was first read from.", contract=True),
        Column("content_sha256", "varchar", "SHA-256 of the raw bytes first read.", contract=True),
        Column("encoding", "varchar", "The encoding the bytes were decoded from.", contract=True),
        Column("n_chars", "integer", "Length of the text in characters.", contract=True),
        Column("n_sentences", "integer", "Sentence occurrences in the body (document_sentences rows).", contract=True),
        Column("ingested_at", "timestamp", "When the run read it (UTC).", contract=True),
        Column("run_id", "varchar", "The run that loaded it.", contract=True),
        Column("text", "varchar", "The decoded text: NFC, LF line ends."),
    ),
    staged="batch",
    suite=Suite(
        """
        select d.*, nfc_normalize(d.text) as text_nfc from batch_documents as d
        where d.doc_id in (select doc_id from stg_documents)""",
        (*nfc_and_not_empty("text"), between("n_sentences", 0)),
        expect_rows="documents",
    ),
    notes="`doc_id` is a hash of the decoded NFC text, so the same article in two encodings or under two names is "
    "one document.",
)
