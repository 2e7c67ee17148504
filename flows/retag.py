"""retag-entities: re-tag the sentences an older entity extractor tagged, through the same gate, all or nothing."""

from dataclasses import dataclass

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from expectations.gate import open_context
from flows.nightly_ingest import load_tables, publish_run, stage_tables, validate_loaded
from flows.tagging import link_people, started_taggers, tag_entities
from transforms.entities import EXTRACTOR_VERSION
from vnews.defaults import DEFAULT_DATA_DIR, DEFAULT_SENTENCES_PER_BATCH, DEFAULT_TASK_RUNNER
from vnews.paths import DUCKDB_FILE, DataPaths
from vnews.run import Run
from warehouse import loader
from warehouse.backends import Warehouse
from warehouse.runs import recorded_run

FLOW_NAME = "retag-entities"
_BYTES_PER_SENTENCE = 200  # to tell the task runner how much text there is to tag


@dataclass
class RetagSummary:
    run_id: str
    extractor_version: str
    sentences_retagged: int
    batches: int
    mentions_before: int
    mentions_after: int
    duration_s: float
    warehouse: str


@flow(name=FLOW_NAME, flow_run_name="retag-entities {data_dir}", log_prints=False)
def retag_entities(
    data_dir: str = str(DEFAULT_DATA_DIR),
    sentences_per_batch: int = DEFAULT_SENTENCES_PER_BATCH,
    task_runner: str = DEFAULT_TASK_RUNNER,
    dask_address: str | None = None,
    warehouse: str = DUCKDB_FILE,
    data_path: str | None = None,
) -> RetagSummary:
    """Sentences whose mentions an older extractor produced, re-tagged batch by batch into a candidate
    warehouse, validated by the same suites as a nightly run, and swapped in at the end."""
    paths = DataPaths.of(data_dir, warehouse, data_path)
    warehouse = Warehouse.of(paths)
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse.name}; run `vnews run` first")
    run = Run.start(paths, str(flow_run.id))
    with recorded_run(run):
        behind = loader.count_sentences_behind(paths, EXTRACTOR_VERSION)
        get_run_logger().info(
            "retag: %d sentences tagged by an older extractor than version %s", behind, EXTRACTOR_VERSION
        )
        mentions_before, batches = (
            _retag(run, behind, sentences_per_batch, task_runner, dask_address) if behind else (0, 0)
        )
    with warehouse.reading() as con:
        mentions_after = con.execute("select count(*) from entity_mentions").fetchone()[0]
    return RetagSummary(
        run.run_id,
        EXTRACTOR_VERSION,
        behind,
        batches,
        mentions_before or mentions_after,
        mentions_after,
        run.duration_s,
        warehouse.name,
    )


def _retag(
    run: Run, behind: int, sentences_per_batch: int, task_runner: str, dask_address: str | None
) -> tuple[int, int]:
    """Re-tag every sentence behind, a batch at a time, in a candidate that is published at the end.

    Returns the mentions the warehouse held before, and the number of batches.
    """
    logger = get_run_logger()
    context = open_context(run.paths.gx, run.paths.gx_docs)
    batch = 0
    with (
        started_taggers(task_runner, dask_address, behind * _BYTES_PER_SENTENCE) as taggers,
        Warehouse.of(run.paths).candidate() as con,
    ):
        mentions_before = con.execute("select count(*) from entity_mentions").fetchone()[0]
        after = ""  # a sentence the tagger fails on keeps its old mentions and stays behind; the next batch goes on
        while sentences := loader.sentences_behind(con, EXTRACTOR_VERSION, sentences_per_batch, after):
            after = sentences[-1]["first_doc_id"]
            mentions, entities, aliases, failures = tag_entities(taggers, sentences)
            relinks = link_people(con, quote(entities))
            failed = {failure.key for failure in failures}
            retagged = [
                {"sentence_id": s["sentence_id"], "extractor_version": EXTRACTOR_VERSION}
                for s in sentences
                if s["sentence_id"] not in failed
            ]
            staged = stage_tables(
                run,
                batch,
                quote(
                    {
                        "entity_mentions": mentions,
                        "entities": entities,
                        "entity_aliases": aliases,
                        "entity_relinks": relinks,
                        "retagged_sentences": retagged,
                    }
                ),
            )
            run.rows_loaded += load_tables(con, staged, batch)
            run.results = validate_loaded(con, context, run, batch)
            logger.info("retag: batch %d: %d sentences, %d mentions", batch, len(sentences), len(mentions))
            batch += 1
        publish_run(con, context, run)
    return mentions_before, batch
