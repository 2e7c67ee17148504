"""nightly-ingest: raw Vietnamese article files to a validated DuckDB warehouse."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from expectations.gate import (
    ExpectationResult,
    ValidationFailed,
    build_docs,
    open_context,
    raise_on_critical,
    result_rows,
    validate_batch,
)
from flows import TASK_OPTIONS
from flows.tagging import link_people, started_taggers, tag_entities
from transforms import near_dup, stories
from transforms.amounts import amount_rows
from transforms.articles import Sidecar, TextMetadata, publication_id, publication_row, relative_path, text_metadata
from transforms.decode import DEFAULT_MAX_BYTES
from transforms.dedup import deduplicate, document_rows, sentence_occurrences
from transforms.entities import with_extractor_version
from transforms.gc_pause import paused_gc
from transforms.ingest import Document, IngestResult, set_aside
from transforms.quotations import document_quotations
from transforms.records import parse_fields
from transforms.stage_failures import StageFailure, contained, sentence_notes, with_notes
from vnews import night, progress
from vnews.defaults import DEFAULT_DATA_DIR, DEFAULT_FILES_PER_BATCH, DEFAULT_GLOB, DEFAULT_TASK_RUNNER, bundled_sample
from vnews.paths import DUCKDB_FILE, DataPaths
from vnews.quality import write_quality_page
from vnews.run import Run, RunSummary
from warehouse import articles as warehouse_articles
from warehouse import lake, loader
from warehouse.backends import Warehouse
from warehouse.runs import recorded_run, utc_now

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa
    from prefect.task_runners import TaskRunner

FLOW_NAME = "nightly-ingest"


def _is_transient_io_error(task, task_run, state) -> bool:
    """Retry only OS-level I/O errors (a busy network share, a file being written); never bad data."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


# I/O tasks retry twice, after 1 s and 5 s, on operating-system errors only.
IO_TASK_OPTIONS = {
    **TASK_OPTIONS,
    "retries": 2,
    "retry_delay_seconds": [1, 5],
    "retry_condition_fn": _is_transient_io_error,
}


# ---------- Extract ----------


@task(**IO_TASK_OPTIONS)
def discover_files(input_dir: Path, pattern: str) -> list[Path]:
    """Input paths matching the glob, sorted; hidden files and editor backups are skipped."""
    files = night.find_input_files(input_dir, pattern)
    get_run_logger().info("discover_files: %d files in %s matching %r", len(files), input_dir, pattern)
    return files


@task(**TASK_OPTIONS)
def read_sources(
    files: list[Path], known: loader.KnownState, max_bytes: int, folder: night.InputFolder, fields: str | None = None
) -> IngestResult:
    """Read and decode each new or changed file (each record of a crawler export); decide loaded / duplicate /
    unchanged / quarantined."""
    result = night.read_sources(progress.Stage("read").each(files), known, max_bytes, folder, fields)
    statuses = [row["status"] for row in result.source_files]
    get_run_logger().info(
        "read_sources: %d files -> %s", len(files), {s: statuses.count(s) for s in sorted(set(statuses))}
    )
    return result


@task(**IO_TASK_OPTIONS)
def quarantine_files(paths: DataPaths, ingest: IngestResult) -> list[dict]:
    """Copy each rejected file byte for byte into the quarantine folder, named by its content hash."""
    now = utc_now()
    rows = []
    for row, file in ingest.quarantined:
        target = None
        if file.raw is not None:
            target = paths.quarantined_file(row["content_sha256"], Path(file.source_path).name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.raw)
        rows.append({**row, "detected_at": now, "quarantine_path": str(target) if target else None})
    if rows:
        get_run_logger().warning("quarantine_files: %d files set aside in %s", len(rows), paths.quarantine)
    return rows


# ---------- Transform ----------


@task(**TASK_OPTIONS)
def split_and_deduplicate(
    con: duckdb.DuckDBPyConnection, documents: list[Document]
) -> tuple[list[dict], pa.Table, list[dict], list[StageFailure]]:
    """Sentences of the new documents, deduplicated against each other and the (candidate) warehouse; and the
    documents that could not be split (they are quarantined, the others go on)."""
    with paused_gc():
        split, failures = contained("sentences", documents, lambda doc: doc.doc_id, sentence_occurrences)
        failed = {failure.key for failure in failures}
        documents = [doc for doc in documents if doc.doc_id not in failed]
        occurrences = [occ for doc_occurrences in split for occ in doc_occurrences]
        known = loader.known_sentence_ids(con, sorted({occ.sentence_id for occ in occurrences}))
        document_sentences, new_sentences = deduplicate(occurrences, known)
    logger = get_run_logger()
    logger.info(
        "split_and_deduplicate: %d documents -> %d sentence occurrences, %d new distinct sentences",
        len(documents),
        len(occurrences),
        len(new_sentences),
    )
    for failure in failures:
        logger.warning("split_and_deduplicate: document %s set aside: %s", failure.key, failure.reason)
    return (
        document_rows(documents, occurrences, utc_now()),
        document_sentences,
        new_sentences,
        failures,
    )


@task(**TASK_OPTIONS)
def group_near_duplicates(
    con: duckdb.DuckDBPyConnection, sentences: list[dict]
) -> tuple[list[dict], pa.Table, list[dict]]:
    """Give new sentences their near_dup_group, matching them against each other and the whole warehouse."""
    with paused_gc():
        texts = {s["sentence_id"]: s["text"] for s in sentences}
        ids, keys, folded = near_dup.eligible_band_keys(texts)
        bands = near_dup.band_table(ids, keys)
        history = loader.near_dup_candidates(con, bands)
        groups, relabels = near_dup.group_with_history(texts, ids, keys, folded, history)
    get_run_logger().info(
        "group_near_duplicates: %d eligible sentences, %d warehouse candidates, %d old groups merged",
        len(ids),
        len(history),
        len(relabels),
    )
    grouped = [{**s, "near_dup_group": groups[s["sentence_id"]]} for s in sentences]
    return (
        grouped,
        bands,
        [{"old_group": old, "new_group": new} for old, new in sorted(relabels.items())],
    )


@task(**IO_TASK_OPTIONS)
def describe_publications(
    con: duckdb.DuckDBPyConnection,
    folder: night.InputFolder,
    source_files: list[dict],
    documents: list[dict],
    records: dict[str, Sidecar] | None = None,
) -> tuple[list[dict], list[dict]]:
    """(publications of the files' documents not yet seen at their paths, the files with sidecar problems noted).

    The metadata of a crawler export's record is in the record (`records`, by source path), as a sidecar's.
    A publication whose metadata a rule fails on loads without it (title, date, source, …), the failure noted.
    """
    records = records or {}
    now = datetime.now(UTC)
    appeared = [row for row in source_files if row["doc_id"]]
    known = warehouse_articles.known_publication_ids(
        con, [publication_id(row["source_path"], row["doc_id"]) for row in appeared]
    )
    appeared = [row for row in appeared if publication_id(row["source_path"], row["doc_id"]) not in known]
    texts = {doc["doc_id"]: doc["text"] for doc in documents}
    texts |= warehouse_articles.document_texts(con, sorted({row["doc_id"] for row in appeared} - set(texts)))
    sidecars = {
        row["source_path"]: records.get(row["source_path"])
        if row.get("export_path")
        else night.read_sidecar(Path(row["source_path"]), now, folder)
        for row in appeared
    }

    def describe(row: dict, metadata: TextMetadata, sidecar: Sidecar | None) -> dict:
        path = row["source_path"]
        return publication_row(path, relative_path(path, str(folder.root)), row["doc_id"], metadata, sidecar, now)

    publications, failures = contained(
        "metadata",
        appeared,
        lambda row: row["source_path"],
        lambda row: describe(row, text_metadata(texts[row["doc_id"]]), sidecars[row["source_path"]]),
    )
    failed = {failure.key for failure in failures}
    publications += [describe(row, TextMetadata(), None) for row in appeared if row["source_path"] in failed]
    notes = {path: list(sidecar.problems) for path, sidecar in sidecars.items() if sidecar and sidecar.problems}
    for failure in failures:
        notes.setdefault(failure.key, []).append(f"{failure.reason}; loaded without its title, date, source and author")
    if notes:
        get_run_logger().warning(
            "describe_publications: %d articles with metadata problems, e.g. %s",
            len(notes),
            "; ".join(next(iter(notes.values()))),
        )
    get_run_logger().info(
        "describe_publications: %d new publications, %d with a date",
        len(publications),
        sum(p["published_at"] is not None for p in publications),
    )
    return publications, with_notes(source_files, notes, by="source_path")


# ---------- Load ----------


@task(**IO_TASK_OPTIONS)
def stage_tables(run: Run, batch: int, tables: dict[str, list[dict] | pa.Table]) -> dict[str, Path]:
    """Write one batch's tables, stamped with the run's id, under the run's staging folder."""
    staged = run.stage(tables, batch)
    get_run_logger().info(
        "stage_tables: batch %d: %s in %s",
        batch,
        {t: len(r) for t, r in tables.items()},
        run.paths.staged_run(run.run_id),
    )
    return staged


@task(**TASK_OPTIONS)
def load_tables(con: duckdb.DuckDBPyConnection, staged: dict[str, Path], batch: int) -> int:
    """Load one staged batch into the candidate warehouse; return the rows it added."""
    rows_loaded = loader.load_batch(con, staged)
    get_run_logger().info("load_tables: batch %d: %d rows loaded", batch, rows_loaded)
    return rows_loaded


@task(**TASK_OPTIONS)
def match_stories(con: duckdb.DuckDBPyConnection, batch: int) -> tuple[dict[str, list[dict]], list[StageFailure]]:
    """Put every document not yet in a story into one: a story of its days it is linked to, or a new one.

    A document whose fingerprint a rule fails on is matched by its ingestion day alone (a story of its own).
    """
    waiting = warehouse_articles.documents_without_story(con)
    new, failures = contained(
        "stories",
        waiting.items(),
        lambda item: item[0],
        lambda item: stories.fingerprint(
            item[0], item[1].published, item[1].ingested, item[1].body, item[1].lead_entities
        ),
    )
    failed = {failure.key for failure in failures}
    new += [stories.fingerprint(doc_id, None, w.ingested, [], []) for doc_id, w in waiting.items() if doc_id in failed]
    candidates = warehouse_articles.candidate_pairs(con, waiting, {f.doc_id: f.day for f in new})
    known, known_story, known_thread = warehouse_articles.known_fingerprints(
        con, sorted({b for _, b in candidates if b not in waiting})
    )
    assigned, merged = stories.assign_stories(new, known, known_story, candidates)
    threads, rethreaded = stories.assign_threads(new, known, known_thread, candidates)
    get_run_logger().info(
        "match_stories: batch %d: %d documents, %d candidate pairs, %d stories (%d earlier merged), %d threads",
        batch,
        len(assigned),
        len(candidates),
        len(set(assigned.values())),
        len(merged),
        len(set(threads.values())),
    )
    return {
        "_document_fingerprints": [f.row() for f in new],
        "_story_features": [{"doc_id": d, "feature": f} for d, w in waiting.items() for f in sorted(w.features)],
        "document_stories": [
            {"doc_id": d, "story_id": s, "thread_id": threads[d]} for d, s in sorted(assigned.items())
        ],
        "story_relabels": [{"old_story": o, "new_story": n} for o, n in sorted(merged.items())],
        "thread_relabels": [{"old_thread": o, "new_thread": n} for o, n in sorted(rethreaded.items())],
    }, failures


@task(**TASK_OPTIONS)
def find_batch_quotations(
    con: duckdb.DuckDBPyConnection, batch: int
) -> tuple[dict[str, list[dict]], list[StageFailure]]:
    """The quotations of the batch's new documents, their speakers linked to the people tagged in them; a document
    the rules fail on loads without quotations."""
    found, failures = contained(
        "quotations",
        warehouse_articles.batch_documents_with_people(con),
        lambda document: document[0],
        lambda document: document_quotations(*document),
    )
    rows = [row for quotations, _ in found for row in quotations]
    links = [link for _, linked in found for link in linked]
    get_run_logger().info(
        "find_batch_quotations: batch %d: %d quotations (%d direct), %d with a known speaker",
        batch,
        len(rows),
        sum(r["is_direct"] for r in rows),
        sum(r["speaker_entity_id"] is not None for r in rows),
    )
    return {"quotations": rows, "quotation_sentences": links}, failures


@task(**IO_TASK_OPTIONS)
def note_derived_failures(
    con: duckdb.DuckDBPyConnection, run: Run, batch: int, source_files: list[dict], failures: list[StageFailure]
) -> None:
    """Add what story matching or quotations failed on to the batch's `source_files` rows, staged and loaded."""
    notes = {}
    for failure in failures:
        get_run_logger().warning("%s: document %s: %s", failure.stage, failure.key, failure.reason)
        consequence = "a story of its own" if failure.stage == "stories" else "loaded without quotations"
        notes.setdefault(failure.key, []).append(f"{failure.reason}; {consequence}")
    noted = with_notes(source_files, notes)
    run.stage({"source_files": noted}, batch)
    changed = [row for row, old in zip(noted, source_files) if row["reason"] != old["reason"]]
    loader.note_reasons(con, run.stamped("source_files", changed))


@task(**IO_TASK_OPTIONS)
def load_derived_tables(con: duckdb.DuckDBPyConnection, run: Run, batch: int, tables: dict[str, list[dict]]) -> int:
    """Stage what was derived from the batch beside it in the lake and load it; return the rows added."""
    return loader.load_derived(con, run.stage(tables, batch))


@task(**TASK_OPTIONS)
def validate_loaded(con: duckdb.DuckDBPyConnection, context, run: Run, batch: int) -> list[ExpectationResult]:
    """Validate what the batch added; return the results of the run's earlier batches and this one.

    A failed critical expectation fails the run: it is recorded in the lake with every result so far.
    """
    logger = get_run_logger()
    with progress.stage("validate", unit="suites") as validating:
        results = validate_batch(con, context, run.run_id, batch, validating)
    failures = [r for r in results if not r.success]
    logger.info("validate_loaded: batch %d: %d expectations, %d failed", batch, len(results), len(failures))
    for failure in failures:
        logger.warning("%s expectation failed: %s: %s", failure.severity, failure.table_name, failure.expectation)
    results = [*run.results, *results]
    try:
        raise_on_critical(results)
    except ValidationFailed as error:
        build_docs(context, run.run_id)
        run.record_failed(str(error), {"validation_results": result_rows(results)})
        write_quality_page(run.paths)
        raise
    return results


@task(**TASK_OPTIONS)
def publish_run(con: duckdb.DuckDBPyConnection, context, run: Run) -> None:
    """Record the run and its results, swap the candidate in, and move the run's batches into the lake."""
    build_docs(context, run.run_id)
    staged = run.stage_completed({"validation_results": result_rows(run.results)})
    loader.record_runs(con, run.paths, staged)
    Warehouse.of(run.paths).publish(con, run.run_id)
    lake.publish_staged_run(run.paths, run.run_id)
    write_quality_page(run.paths)
    get_run_logger().info("publish_run: %s published; report %s", Warehouse.of(run.paths).name, run.paths.docs_index)


@task(**TASK_OPTIONS)
def record_quiet_night(run: Run, source_files: list[dict]) -> None:
    """A night that adds nothing: its files (all unchanged) and its run, recorded without copying the warehouse."""
    how = night.record_quiet_night(run, source_files)
    get_run_logger().info(
        "record_quiet_night: %d unchanged files recorded in %s (%s)",
        len(source_files),
        Warehouse.of(run.paths).name,
        how,
    )


def _publish_summary_artifact(summary: RunSummary) -> None:
    lines = [*summary.lines(), ("duration", f"{summary.duration_s} s")]
    table = "\n".join(f"| {label} | {text} |" for label, text in lines)
    create_markdown_artifact(
        key="nightly-ingest-summary",
        description=f"vnews run {summary.run_id}",
        markdown=f"## nightly-ingest\n\n| | |\n|---|---|\n{table}\n",
    )


# ---------- Flow ----------


@dataclass(frozen=True)
class Ingestion:
    """What every batch of a night reads with and loads into."""

    folder: night.InputFolder
    known: loader.KnownState  # what the warehouse holds of the input files; each batch adds what it read
    max_bytes: int
    fields: str | None
    con: duckdb.DuckDBPyConnection  # the candidate warehouse
    context: object  # the Great Expectations project
    taggers: TaskRunner


def _ingest_batch(run: Run, ingestion: Ingestion, batch: int, files: list[Path]) -> None:
    """One batch of files through every stage into the candidate, matched against all loaded before it; the run
    counts what the batch staged and loaded, and keeps its expectation results.

    A stage that fails on one article sets it aside (quarantined) or loads it without what the stage adds; the
    reason is in its `source_files` row, and the batch goes on.
    """
    con, folder = ingestion.con, ingestion.folder
    # quote(): batches are plain data; Prefect need not walk them looking for futures.
    with progress.stage("read", len(files), "files"):
        # Extract
        ingest = read_sources(quote(files), quote(ingestion.known), ingestion.max_bytes, folder, ingestion.fields)
        # Transform
        documents, document_sentences, sentences, unsplit = split_and_deduplicate(con, quote(ingest.documents))
        ingest = set_aside(ingest, unsplit)
        ingestion.known.remember(ingest.source_files)
        quarantine = quarantine_files(run.paths, quote(ingest))
        publications, source_files = describe_publications(
            con, folder, quote(ingest.source_files), quote(documents), quote(ingest.metadata)
        )
        sentences, bands, relabels = group_near_duplicates(con, quote(sentences))
    mentions, entities, aliases, untagged = tag_entities(ingestion.taggers, sentences)
    relinks = link_people(con, quote(entities))
    amounts, unmeasured = amount_rows(sentences)
    source_files = with_notes(source_files, sentence_notes(document_sentences, [*untagged, *unmeasured]))
    sentences = with_extractor_version(sentences, untagged)
    # Load
    tables = {
        "source_files": source_files,
        "quarantine": quarantine,
        "documents": documents,
        "publications": publications,
        "amounts": amounts,
        "document_sentences": document_sentences,
        "sentences": sentences,
        "entities": entities,
        "entity_mentions": mentions,
        "entity_aliases": aliases,
        "entity_relinks": relinks,
        "_near_dup_bands": bands,
        "near_dup_relabels": relabels,
    }
    staged = stage_tables(run, batch, quote(tables))
    run.count(tables)
    with progress.stage("load", unit="rows") as loading:
        rows_loaded = load_tables(con, staged, batch)
        loading.advance(rows_loaded)
        (story_tables, story_failures), (quotation_tables, quotation_failures) = (
            match_stories(con, batch),
            find_batch_quotations(con, batch),
        )
        derived = load_derived_tables(con, run, batch, quote({**story_tables, **quotation_tables}))
        loading.advance(derived)
        if derived_failures := [*story_failures, *quotation_failures]:
            note_derived_failures(con, run, batch, source_files, derived_failures)
    run.rows_loaded += rows_loaded + derived
    run.results = validate_loaded(con, ingestion.context, run, batch)


def _load_batches(
    run: Run,
    folder: night.InputFolder,
    batches: list[list[Path]],
    bytes_to_read: int,
    known: loader.KnownState | None,
    max_bytes: int,
    task_runner: str,
    dask_address: str | None,
    retry_quarantined: bool,
    fields: str | None = None,
) -> None:
    """Every batch into a candidate copy of the warehouse, validated, then swapped in (all or nothing).

    `known` is what the published warehouse holds of the input files; None when it must first be
    created or migrated, and then it is read from the candidate.
    """
    with ExitStack() as opened:
        with progress.stage("prepare"):  # Great Expectations, the tagging workers, the candidate copy
            context = open_context(run.paths.gx, run.paths.gx_docs)
            taggers = opened.enter_context(started_taggers(task_runner, dask_address, bytes_to_read))
            con = opened.enter_context(Warehouse.of(run.paths).candidate())
        known = known or loader.read_known_state(con, retry_quarantined)
        ingestion = Ingestion(folder, known, max_bytes, fields, con, context, taggers)
        for batch, batch_files in enumerate(batches):
            _ingest_batch(run, ingestion, batch, batch_files)
        with progress.stage("publish"):
            publish_run(con, context, run)


@flow(name=FLOW_NAME, flow_run_name="nightly-ingest {data_dir}", log_prints=False)
def nightly_ingest(
    input_dir: str | None = None,
    data_dir: str = str(DEFAULT_DATA_DIR),
    glob: str = DEFAULT_GLOB,
    max_bytes: int = DEFAULT_MAX_BYTES,
    files_per_batch: int = DEFAULT_FILES_PER_BATCH,
    task_runner: str = DEFAULT_TASK_RUNNER,
    dask_address: str | None = None,
    warehouse: str = DUCKDB_FILE,
    data_path: str | None = None,
    follow_symlinks: bool = False,
    retry_quarantined: bool = False,
    fields: str | None = None,
) -> RunSummary:
    """Ingest → sentences → dedup → entities → Parquet → validate → load, batch by batch, all or nothing.

    `input_dir` None reads the bundled sample articles. `warehouse` is "duckdb" (the file in `data_dir`) or a
    DuckLake catalog, "ducklake:sqlite:PATH" or "ducklake:postgres:CONNINFO", its data files in `data_path`.
    Symlinks out of the input folder are read only with `follow_symlinks`; files an earlier run quarantined are
    read again only with `retry_quarantined` (or once they change). `fields` names the fields of crawler export
    records (`title=headline,body=article`: transforms.records.parse_fields).
    """
    parse_fields(fields)  # a wrong mapping fails the run before anything is read
    run = Run.start(DataPaths.of(data_dir, warehouse, data_path), str(flow_run.id))
    with recorded_run(run):
        folder = night.InputFolder.of(Path(input_dir or bundled_sample()), follow_symlinks)
        files = discover_files(folder.root, glob)
        run.files_seen = len(files)
        # None: no warehouse yet, or one that needs migrating
        known = loader.published_known_state(run.paths, retry_quarantined)
        batches, bytes_to_read = night.plan_batches(files, known, files_per_batch, max_bytes)
        if known and not bytes_to_read:
            with progress.stage("read", len(files), "files"):
                ingest = read_sources(quote(files), quote(known), max_bytes, folder, fields)
            run.count({"source_files": ingest.source_files})
            record_quiet_night(run, quote(ingest.source_files))
        else:
            _load_batches(
                run,
                folder,
                batches,
                bytes_to_read,
                known,
                max_bytes,
                task_runner,
                dask_address,
                retry_quarantined,
                fields,
            )
    summary = run.summary()
    _publish_summary_artifact(summary)
    return summary


if __name__ == "__main__":
    print(nightly_ingest())
