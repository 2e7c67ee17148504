"""nightly-ingest: raw Vietnamese article files to a validated DuckDB warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from expectations.gate import (
    ExpectationResult, ValidationFailed, build_docs, open_context, raise_on_critical, result_rows, validate_batch,
)
from flows import TASK_OPTIONS
from flows.tagging import started_taggers, tag_entities
from transforms import near_dup
from transforms.decode import DEFAULT_MAX_BYTES
from transforms.dedup import deduplicate, document_rows, sentence_occurrences
from transforms.entities import EXTRACTOR_VERSION
from transforms.gc_pause import paused_gc
from transforms.ingest import Document, IngestResult
from vnews import night
from vnews.contract import DUPLICATE, LOADED, UNCHANGED
from vnews.defaults import DEFAULT_DATA_DIR, DEFAULT_FILES_PER_BATCH, DEFAULT_GLOB, bundled_sample
from vnews.paths import DataPaths
from warehouse import lake, loader
from warehouse.runs import recorded_run, utc_now

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

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
IO_TASK_OPTIONS = {**TASK_OPTIONS, "retries": 2, "retry_delay_seconds": [1, 5], "retry_condition_fn": _is_transient_io_error}


# ---------- Extract ----------

@task(**IO_TASK_OPTIONS)
def discover_files(input_dir: Path, pattern: str) -> list[Path]:
    """Input paths matching the glob, sorted; hidden files and editor backups are skipped."""
    files = night.find_input_files(input_dir, pattern)
    get_run_logger().info("discover_files: %d files in %s matching %r", len(files), input_dir, pattern)
    return files


@task(**TASK_OPTIONS)
def read_sources(files: list[Path], known: loader.KnownState, max_bytes: int) -> IngestResult:
    """Read and decode each new or changed file; decide loaded / duplicate / unchanged / quarantined."""
    result = night.read_sources(files, known, max_bytes)
    statuses = [row["status"] for row in result.source_files]
    get_run_logger().info(
        "read_sources: %d files -> %s", len(files), {s: statuses.count(s) for s in sorted(set(statuses))}
    )
    return result


@task(**IO_TASK_OPTIONS)
def quarantine_files(paths: DataPaths, ingest: IngestResult, run_id: str) -> list[dict]:
    """Copy each rejected file byte for byte into the quarantine folder, named by its content hash."""
    now = utc_now()
    rows = []
    for row, file in ingest.quarantined:
        target = None
        if file.raw is not None:
            target = paths.quarantined_file(row["content_sha256"], Path(file.source_path).name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.raw)
        rows.append({**row, "run_id": run_id, "detected_at": now, "quarantine_path": str(target) if target else None})
    if rows:
        get_run_logger().warning("quarantine_files: %d files set aside in %s", len(rows), paths.quarantine)
    return rows


# ---------- Transform ----------

@task(**TASK_OPTIONS)
def split_and_deduplicate(con: duckdb.DuckDBPyConnection, documents: list[Document],
                          run_id: str) -> tuple[list[dict], pa.Table, list[dict]]:
    """Sentences of the new documents, deduplicated against each other and the (candidate) warehouse."""
    with paused_gc():
        occurrences = [occ for doc in documents for occ in sentence_occurrences(doc)]
        known = loader.known_sentence_ids(con, sorted({occ.sentence_id for occ in occurrences}))
        document_sentences, new_sentences = deduplicate(occurrences, known)
    get_run_logger().info(
        "split_and_deduplicate: %d documents -> %d sentence occurrences, %d new distinct sentences",
        len(documents), len(occurrences), len(new_sentences),
    )
    return (document_rows(documents, occurrences, utc_now(), run_id), document_sentences,
            [{**sentence, "run_id": run_id} for sentence in new_sentences])


@task(**TASK_OPTIONS)
def group_near_duplicates(con: duckdb.DuckDBPyConnection, sentences: list[dict], run_id: str) -> tuple[list[dict], pa.Table, list[dict]]:
    """Give new sentences their near_dup_group, matching them against each other and the whole warehouse."""
    with paused_gc():
        texts = {s["sentence_id"]: s["text"] for s in sentences}
        ids, keys, folded = near_dup.eligible_band_keys(texts)
        bands = near_dup.band_table(ids, keys)
        history = loader.near_dup_candidates(con, bands)
        groups, relabels = near_dup.group_with_history(texts, ids, keys, folded, history)
    get_run_logger().info("group_near_duplicates: %d eligible sentences, %d warehouse candidates, %d old groups merged",
                          len(ids), len(history), len(relabels))
    grouped = [{**s, "near_dup_group": groups[s["sentence_id"]]} for s in sentences]
    return grouped, bands, [{"run_id": run_id, "old_group": old, "new_group": new} for old, new in sorted(relabels.items())]


# ---------- Load ----------

@task(**IO_TASK_OPTIONS)
def stage_tables(paths: DataPaths, run_id: str, batch: int, tables: dict[str, list[dict] | pa.Table]) -> dict[str, Path]:
    staged = lake.stage_batch(paths, run_id, tables, batch)
    get_run_logger().info("stage_tables: batch %d: %s in %s", batch, {t: len(r) for t, r in tables.items()},
                          paths.staged_run(run_id))
    return staged


@task(**TASK_OPTIONS)
def load_and_validate(con: duckdb.DuckDBPyConnection, context, paths: DataPaths, staged: dict[str, Path], run: dict,
                      batch: int, earlier: list[ExpectationResult]) -> tuple[int, list[ExpectationResult]]:
    """Load one batch into the candidate warehouse and validate what it added.

    Returns (rows added, the results of the earlier batches and this one). A failed critical
    expectation fails the run: it is recorded in the lake with every result so far.
    """
    logger = get_run_logger()
    rows_loaded = loader.load_batch(con, staged)
    results = validate_batch(con, context, run["run_id"], batch)
    failures = [r for r in results if not r.success]
    logger.info("load_and_validate: batch %d: %d rows loaded, %d expectations, %d failed",
                batch, rows_loaded, len(results), len(failures))
    for failure in failures:
        logger.warning("%s expectation failed: %s: %s", failure.severity, failure.table_name, failure.expectation)
    results = [*earlier, *results]
    try:
        raise_on_critical(results)
    except ValidationFailed as error:
        build_docs(context)
        lake.write_failed_run(paths, {**run, "status": "failed", "message": str(error), "finished_at": utc_now()},
                              {"validation_results": result_rows(results, run["run_id"])})
        raise
    return rows_loaded, results


@task(**TASK_OPTIONS)
def publish_run(con: duckdb.DuckDBPyConnection, context, paths: DataPaths, run: dict,
                results: list[ExpectationResult]) -> None:
    """Record the run and its results, swap the candidate in, and move the run's batches into the lake."""
    build_docs(context)
    run = {**run, "status": "completed", "finished_at": utc_now()}
    staged = lake.stage_batch(paths, run["run_id"], {"validation_results": result_rows(results, run["run_id"]),
                                                     "runs": [run]})
    loader.record_runs(con, paths, staged)
    loader.publish_candidate(con, paths)
    lake.publish_staged_run(paths, run["run_id"])
    get_run_logger().info("publish_run: %s swapped in; report %s", paths.warehouse, paths.docs_index)


@task(**TASK_OPTIONS)
def record_quiet_night(paths: DataPaths, run: dict, source_files: list[dict]) -> None:
    """A night that adds nothing: its files (all unchanged) and its run, recorded without copying the warehouse."""
    how = night.record_quiet_night(paths, run, source_files)
    get_run_logger().info("record_quiet_night: %d unchanged files recorded in %s (%s)",
                          len(source_files), paths.warehouse, how)


def _publish_summary_artifact(summary: night.RunSummary) -> None:
    lines = [*summary.lines(), ("duration", f"{summary.duration_s} s")]
    table = "\n".join(f"| {label} | {text} |" for label, text in lines)
    create_markdown_artifact(key="nightly-ingest-summary", description=f"vnews run {summary.run_id}",
                             markdown=f"## nightly-ingest\n\n| | |\n|---|---|\n{table}\n")


# ---------- Flow ----------

@dataclass
class Tally:
    """What a run's batches did, added up."""
    statuses: list[str] = field(default_factory=list)  # of the source files
    results: list[ExpectationResult] = field(default_factory=list)
    documents: int = 0
    occurrences: int = 0
    sentences: int = 0
    mentions: int = 0
    quarantined: int = 0
    rows_loaded: int = 0

    def __add__(self, batch: Tally) -> Tally:
        return Tally(self.statuses + batch.statuses, batch.results, *(
            getattr(self, name) + getattr(batch, name)
            for name in ("documents", "occurrences", "sentences", "mentions", "quarantined", "rows_loaded")))

    @property
    def files_new(self) -> int:
        return self.statuses.count(LOADED) + self.statuses.count(DUPLICATE)


def _ingest_batch(con: duckdb.DuckDBPyConnection, context, taggers, paths: DataPaths, run: dict, batch: int,
                  files: list[Path], known: loader.KnownState, max_bytes: int, before: Tally) -> Tally:
    """One batch of files through every stage into the candidate, matched against all loaded before it;
    returns what it did (its expectation results: with the earlier batches')."""
    run_id = run["run_id"]
    # quote(): batches are plain data; Prefect need not walk them looking for futures.
    ingest = read_sources(quote(files), quote(known), max_bytes)
    known.remember(ingest.source_files)
    quarantine = quarantine_files(paths, quote(ingest), run_id)
    documents, document_sentences, sentences = split_and_deduplicate(con, quote(ingest.documents), run_id)
    sentences, bands, relabels = group_near_duplicates(con, quote(sentences), run_id)
    mentions, entities, aliases = tag_entities(taggers, sentences)
    sentences = [{**s, "extractor_version": EXTRACTOR_VERSION} for s in sentences]
    source_files = [{**row, "run_id": run_id} for row in ingest.source_files]
    staged = stage_tables(paths, run_id, batch, quote({
        "source_files": source_files, "quarantine": quarantine, "documents": documents,
        "document_sentences": document_sentences, "sentences": sentences,
        "entities": entities, "entity_mentions": mentions, "entity_aliases": aliases,
        "_near_dup_bands": bands, "near_dup_relabels": relabels,
    }))
    done = Tally([row["status"] for row in source_files], [], len(documents), len(document_sentences),
                 len(sentences), len(mentions), len(quarantine))
    so_far = before + done
    rows_loaded, results = load_and_validate(con, context, paths, staged, {
        **run, "files_new": so_far.files_new, "files_quarantined": so_far.quarantined}, batch, quote(before.results))
    return replace(done, results=results, rows_loaded=rows_loaded)


def _load_batches(paths: DataPaths, run: dict, batches: list[list[Path]], bytes_to_read: int,
                  known: loader.KnownState | None, max_bytes: int, task_runner: str, dask_address: str | None) -> Tally:
    """Every batch into a candidate copy of the warehouse, validated, then swapped in (all or nothing).

    `known` is what the published warehouse holds of the input files; None when it must first be
    created or migrated, and then it is read from the candidate.
    """
    tally = Tally()
    context = open_context(paths.gx, paths.docs)
    with started_taggers(task_runner, dask_address, bytes_to_read) as taggers, loader.candidate(paths) as con:
        known = known or loader.read_known_state(con)
        for batch, batch_files in enumerate(batches):
            tally += _ingest_batch(con, context, taggers, paths, run, batch, batch_files, known, max_bytes, tally)
        publish_run(con, context, paths, {**run, "files_new": tally.files_new, "files_quarantined": tally.quarantined,
                                          "rows_loaded": tally.rows_loaded}, quote(tally.results))
    return tally


@flow(name=FLOW_NAME, flow_run_name="nightly-ingest {data_dir}", log_prints=False)
def nightly_ingest(
    input_dir: str | None = None,
    data_dir: str = str(DEFAULT_DATA_DIR),
    glob: str = DEFAULT_GLOB,
    max_bytes: int = DEFAULT_MAX_BYTES,
    files_per_batch: int = DEFAULT_FILES_PER_BATCH,
    task_runner: str = "auto",
    dask_address: str | None = None,
) -> night.RunSummary:
    """Ingest → sentences → dedup → entities → Parquet → validate → load, batch by batch, all or nothing.

    `input_dir` None reads the bundled sample articles.
    """
    paths = DataPaths(Path(data_dir).resolve())
    run = {"run_id": str(flow_run.id), "started_at": utc_now(), "files_seen": 0, "files_new": 0,
           "files_quarantined": 0, "rows_loaded": 0}
    with recorded_run(paths, run):
        files = discover_files(Path(input_dir or bundled_sample()).resolve(), glob)
        run["files_seen"] = len(files)
        known = loader.published_known_state(paths)  # None: no warehouse yet, or one that needs migrating
        batches, bytes_to_read = night.plan_batches(files, known.stats if known else {}, files_per_batch)
        if known and not bytes_to_read:
            ingest = read_sources(quote(files), quote(known), max_bytes)
            record_quiet_night(paths, run, [{**row, "run_id": run["run_id"]} for row in ingest.source_files])
            tally = Tally(statuses=[row["status"] for row in ingest.source_files])
        else:
            tally = _load_batches(paths, run, batches, bytes_to_read, known, max_bytes, task_runner, dask_address)
    summary = _summary(run, tally, paths)
    _publish_summary_artifact(summary)
    return summary


def _summary(run: dict, tally: Tally, paths: DataPaths) -> night.RunSummary:
    statuses = tally.statuses
    return night.RunSummary(
        run_id=run["run_id"], files_seen=run["files_seen"], files_new=tally.files_new,
        files_loaded=statuses.count(LOADED),
        files_duplicate=statuses.count(DUPLICATE), files_unchanged=statuses.count(UNCHANGED),
        files_quarantined=tally.quarantined, documents_new=tally.documents,
        sentence_occurrences=tally.occurrences, sentences_new=tally.sentences,
        duplicate_occurrences=tally.occurrences - tally.sentences, mentions_new=tally.mentions,
        rows_loaded=tally.rows_loaded,
        warnings=list(dict.fromkeys(f"{r.table_name}: {r.expectation}" for r in tally.results if not r.success)),
        duration_s=round((utc_now() - run["started_at"]).total_seconds(), 1),
        warehouse=str(paths.warehouse), report=str(paths.docs_index),
        sentences_behind=loader.count_sentences_behind(paths, EXTRACTOR_VERSION),
    )


if __name__ == "__main__":
    print(nightly_ingest())
