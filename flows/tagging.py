"""The entity-tagging stage: batches of new sentences as Prefect tasks on a thread, process or Dask runner.

Kept apart from the flow module so that process and Dask workers, which import the task's module,
load only Prefect and the tagger (about 1.5 s), not Great Expectations and the warehouse code.
"""

import os
from contextlib import nullcontext

from prefect import get_run_logger, task
from prefect.client.orchestration import get_client
from prefect.futures import PrefectFuture
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from flows import TASK_OPTIONS
from transforms.entities import EntityTagger, mention_rows

NER_BATCH_SIZE = 2000  # sentences per tagging task: about 5 s of work, to amortize a task's overhead
TASK_RUNNERS = ("thread", "process", "dask")


@task(**TASK_OPTIONS)
def load_tagger() -> None:
    """Load underthesea's models in the worker that runs this (once per process; later calls are free)."""
    EntityTagger().tag("Hà Nội")


def start_taggers() -> list[PrefectFuture]:
    """Start the task runner's workers and load the models in each, without waiting.

    Submitted before a run reads its first files, so that process and Dask workers spawn and load
    underthesea (about 4 s) on the idle cores while the parent reads and deduplicates.
    """
    with _workers_share_this_api():
        return [load_tagger.submit() for _ in range(os.cpu_count())]


@task(**TASK_OPTIONS)
def tag_sentence_batch(sentences: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Tag one batch of new distinct sentences (underthesea loads once per worker process)."""
    return mention_rows(sentences, EntityTagger())


def tag_entities(sentences: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Tag each new distinct sentence once, in batches spread over the flow's task runner.

    Sentences already in the warehouse keep their tags and are never tagged again.
    """
    logger = get_run_logger()
    batches = [sentences[i:i + NER_BATCH_SIZE] for i in range(0, len(sentences), NER_BATCH_SIZE)]
    with _workers_share_this_api():
        futures = [tag_sentence_batch.submit(batch) for batch in batches]
    mentions, entities, aliases = [], {}, {}
    for done, future in enumerate(futures, start=1):
        batch_mentions, batch_entities, batch_aliases = future.result()
        mentions += batch_mentions
        entities.update((e["entity_id"], e) for e in batch_entities)
        aliases.update(((a["alias"], a["entity_id"]), a) for a in batch_aliases)
        if len(batches) > 1:
            logger.info("tag_entities: %d of %d batches tagged", done, len(batches))
    logger.info("tag_entities: %d new sentences -> %d mentions", len(sentences), len(mentions))
    return mentions, list(entities.values()), list(aliases.values())


def _workers_share_this_api():
    """Without PREFECT_API_URL the run talks to a temporary local server; point spawned workers at it.

    Otherwise each worker process would start (and migrate) a temporary server of its own.
    """
    if PREFECT_API_URL.value():
        return nullcontext()
    return temporary_settings(updates={PREFECT_API_URL: str(get_client().api_url)})


def make_task_runner(kind: str = "thread", dask_address: str | None = None):
    """The task runner for the tagging batches.

    thread: in this process, one batch at a time (the CRF holds the GIL, so threads would not help);
    process: one worker process per core; dask: a Dask cluster at dask_address, or a local one
    with one single-threaded worker process per core.
    """
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=1)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=os.cpu_count())
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": os.cpu_count(), "threads_per_worker": 1, "processes": True})
    raise ValueError(f"unknown task runner {kind!r}; use one of {', '.join(TASK_RUNNERS)}")
