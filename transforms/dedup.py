"""Exact sentence deduplication across documents, in two passes as cc_net does.

Pass one gives every sentence occurrence its key and id; pass two keeps the first
occurrence of each id not already in the warehouse and records every occurrence.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pyarrow as pa

from transforms.articles import text_metadata
from transforms.ids import stable_id
from transforms.ingest import Document
from transforms.normalize import sentence_key
from transforms.sentences import split_sentences

DOCUMENT_SENTENCES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("position", pa.int32()),
        ("sentence_id", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("is_first_occurrence", pa.bool_()),
    ]
)
_ROWS_PER_CHUNK = 65_536


@dataclass(frozen=True, slots=True)  # slots: a batch holds one per sentence occurrence
class Occurrence:
    doc_id: str
    position: int
    sentence_id: str
    char_start: int
    char_end: int
    text: str
    normalized_text: str


def sentence_id(normalized_text: str) -> str:
    return stable_id("sentence", normalized_text)


def sentence_occurrences(document: Document) -> list[Occurrence]:
    """Every sentence of a document (its headline first, not its dateline), in order, with its dedup key and id."""
    occurrences = []
    for position, sentence in enumerate(split_sentences(document.text, text_metadata(document.text).not_body)):
        key = sentence_key(sentence.text)
        occurrences.append(
            Occurrence(
                document.doc_id, position, sentence_id(key), sentence.char_start, sentence.char_end, sentence.text, key
            )
        )
    return occurrences


def deduplicate(occurrences: Iterable[Occurrence], known_sentence_ids: set[str]) -> tuple[pa.Table, list[dict]]:
    """(document_sentences, new sentences rows): one new row per id unseen in the warehouse and earlier in the batch.

    The occurrences come back as an Arrow table, built a chunk of rows at a time: a batch
    has one per sentence occurrence.
    """
    new_sentences: dict[str, dict] = {}
    chunks: list[pa.RecordBatch] = []
    columns: dict[str, list] = {name: [] for name in DOCUMENT_SENTENCES.names}
    doc_ids, positions, sentence_ids, starts, ends, firsts = columns.values()
    for occ in occurrences:
        is_first = occ.sentence_id not in known_sentence_ids and occ.sentence_id not in new_sentences
        if is_first:
            new_sentences[occ.sentence_id] = {
                "sentence_id": occ.sentence_id,
                "text": occ.text,
                "normalized_text": occ.normalized_text,
                "first_doc_id": occ.doc_id,
                "near_dup_group": occ.sentence_id,
            }
        doc_ids.append(occ.doc_id)
        positions.append(occ.position)
        sentence_ids.append(occ.sentence_id)
        starts.append(occ.char_start)
        ends.append(occ.char_end)
        firsts.append(is_first)
        if len(doc_ids) == _ROWS_PER_CHUNK:
            chunks.append(_record_batch(columns))
    chunks.append(_record_batch(columns))
    return pa.Table.from_batches(chunks, DOCUMENT_SENTENCES), list(new_sentences.values())


def _record_batch(columns: dict[str, list]) -> pa.RecordBatch:
    """The rows gathered so far as Arrow; the lists are emptied for the next chunk."""
    batch = pa.record_batch(list(columns.values()), schema=DOCUMENT_SENTENCES)
    for values in columns.values():
        values.clear()
    return batch


def document_rows(documents: list[Document], occurrences: list[Occurrence], ingested_at) -> list[dict]:
    """The `documents` rows of new documents: their text and size, how many sentence occurrences each holds."""
    n_sentences = Counter(occ.doc_id for occ in occurrences)
    return [
        {
            **asdict(doc),
            "n_chars": len(doc.text),
            "n_sentences": n_sentences[doc.doc_id],
            "ingested_at": ingested_at,
        }
        for doc in documents
    ]
