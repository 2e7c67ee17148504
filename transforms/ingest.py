"""Decide what becomes of each input file: loaded, duplicate, unchanged or quarantined."""

from dataclasses import dataclass, field

from transforms.articles import Sidecar
from transforms.decode import DEFAULT_MAX_BYTES, DecodeError, decode_article
from transforms.ids import sha256_hex, stable_id
from transforms.stage_failures import RETRY_HINT, StageFailure, failure_reason
from vnews.contract import DUPLICATE, LOADED, QUARANTINED, UNCHANGED

# The reason of a file an earlier run quarantined, unchanged since (`vnews run --retry-quarantined` reads it again)
STILL_QUARANTINED = "still quarantined: "


@dataclass(frozen=True)
class SourceFile:
    """One input file as found on disk: its bytes, why they could not be read (or not all of them: the head of a
    file over the size limit), or the hash an earlier run recorded for the same path, size and modification time
    (then it was not read; `still_quarantined` if that run quarantined it)."""

    source_path: str
    raw: bytes | None
    read_error: str | None = None
    mtime_ns: int | None = None
    unchanged_sha256: str | None = None
    size_bytes: int | None = None
    sha256: str | None = None  # of the whole file, where `raw` is not all of it (or was not read)
    still_quarantined: bool = False
    unchanged_export: bool = False  # a crawler export as an earlier run read it: one row for the file, no document
    # A record of a crawler export (transforms.records): the file it is in and that file's size, its body (the
    # document's text, instead of `raw`, which holds the record's JSON) and its metadata
    export_path: str | None = None
    export_size_bytes: int | None = None
    body: str | None = None
    metadata: Sidecar | None = None


@dataclass(frozen=True)
class Document:
    doc_id: str
    source_path: str
    content_sha256: str
    encoding: str
    text: str


@dataclass
class IngestResult:
    source_files: list[dict] = field(default_factory=list)
    quarantined: list[tuple[dict, SourceFile]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    files: dict[str, SourceFile] = field(default_factory=dict)  # the files read, by source path
    metadata: dict[str, Sidecar] = field(default_factory=dict)  # of the export records read, by source path


def document_id(text: str) -> str:
    """Documents are identified by their decoded NFC text, whatever the file's encoding or name."""
    return stable_id("document", text)


def ingest_files(
    files: list[SourceFile],
    known_files: dict[str, str],
    known_doc_ids: set[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    earlier_in_run: dict[str, str] | None = None,
) -> IngestResult:
    """Classify files in order; `known_files` maps raw-content hashes ingested by earlier runs to their doc_id,
    `earlier_in_run` those decoded by earlier batches of this run."""
    result = IngestResult()
    batch_files = dict(earlier_in_run or {})  # hashes decoded in this run -> doc_id
    seen_docs = set(known_doc_ids)
    for file in files:
        sha = file.unchanged_sha256 or file.sha256 or (sha256_hex(file.raw) if file.raw is not None else None)
        row = {
            "source_path": file.source_path,
            "content_sha256": sha,
            "mtime_ns": file.mtime_ns,
            "size_bytes": len(file.raw) if file.size_bytes is None and file.raw is not None else file.size_bytes,
            "reason": None,
            "export_path": file.export_path,
            "export_size_bytes": file.export_size_bytes,
        }
        if file.metadata is not None:
            result.metadata[file.source_path] = file.metadata
        if file.raw is not None:
            result.files[file.source_path] = file
        if file.unchanged_export:
            result.source_files.append({**row, "status": UNCHANGED, "doc_id": None})
            continue
        if file.still_quarantined:
            reason = STILL_QUARANTINED + (file.read_error or "").removeprefix(STILL_QUARANTINED)
            result.source_files.append({**row, "status": QUARANTINED, "doc_id": None, "reason": reason})
            continue
        readable = file.export_path is None or file.read_error is None  # what stopped an export is no copy
        if readable and sha in known_files:
            result.source_files.append({**row, "status": UNCHANGED, "doc_id": known_files[sha]})
            continue
        if readable and sha in batch_files:
            result.source_files.append({**row, "status": DUPLICATE, "doc_id": batch_files[sha]})
            continue
        try:
            if file.read_error is not None:
                raise DecodeError(file.read_error)
            # a record's body is text already: the same repairs and checks as a file's bytes
            decoded = decode_article(file.raw if file.body is None else file.body.encode("utf-8"), max_bytes)
        except Exception as error:  # noqa: BLE001 (a bug in a decoder quarantines one file, never the night)
            reason = str(error) if isinstance(error, DecodeError) else failure_reason("decode", error)
            quarantine_row = {**row, "status": QUARANTINED, "doc_id": None, "reason": reason}
            result.source_files.append(quarantine_row)
            result.quarantined.append((quarantine_row, file))
            continue
        doc_id = batch_files[sha] = document_id(decoded.text)
        if doc_id in seen_docs:
            result.source_files.append({**row, "status": DUPLICATE, "doc_id": doc_id})
            continue
        seen_docs.add(doc_id)
        result.source_files.append({**row, "status": LOADED, "doc_id": doc_id})
        result.documents.append(Document(doc_id, file.source_path, sha, decoded.encoding, decoded.text))
    return result


def set_aside(result: IngestResult, failures: list[StageFailure]) -> IngestResult:
    """The batch with the documents a stage failed on quarantined: every file of theirs in the batch, with the
    stage and the reason; the other documents go on."""
    reasons = {failure.key: f"{failure.reason}; {RETRY_HINT}" for failure in failures}
    kept = IngestResult(
        quarantined=list(result.quarantined),
        files=result.files,
        metadata=result.metadata,
        documents=[doc for doc in result.documents if doc.doc_id not in reasons],
    )
    for row in result.source_files:
        if row["doc_id"] in reasons and row["status"] in (LOADED, DUPLICATE):
            row = {**row, "status": QUARANTINED, "doc_id": None, "reason": reasons[row["doc_id"]]}
            kept.quarantined.append((row, result.files[row["source_path"]]))
        kept.source_files.append(row)
    return kept
