"""The entity-tagging stage: batches of new sentences as Prefect tasks on a thread, process or Dask runner.

Kept apart from the flow module so that process and Dask workers, which import the task's module,
load only Prefect and the tagger (about 1.5 s), not Great Expectations and the warehouse code.
"""

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from prefect import get_run_logger, task
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows import TASK_OPTIONS
from transforms.canonical import preferred_spelling, resolve_batch
from vnews import progress
from vnews.defaults import TASK_RUNNERS

NER_BATCH_SIZE = 2000  # sentences per tagging task: about 5 s of work, to amortize a task's overhead
# `auto` starts a worker process per core from this much new input (about 1,000 sentences):
# below it, spawning the workers and loading the models in each costs more than it saves.
AUTO_PROCESS_MIN_BYTES = 256 * 1024
# The process pool's queues hold named semaphores, /dev/shm/sem.loky-<pid of the run>-<random> (joblib's loky,
# imported with underthesea, names multiprocessing's semaphores so).
SEMAPHORES = Path("/dev/shm")


def exit_with_the_run() -> None:
    """Started in each worker process: exit as soon as the run that spawned it is gone (a killed run
    leaves no orphans)."""
    run_process = multiprocessing.parent_process()

    def watch() -> None:
        while os.getppid() == run_process.pid:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-the-run", daemon=True).start()


def release_semaphores_of_killed_runs() -> None:
    """Unlink the worker semaphores of runs that are gone.

    A run's resource tracker unlinks them when the run ends, even by kill -9; a kill of the whole process
    group (systemd's final SIGKILL) kills the tracker too and leaves them. The name carries the pid of the
    process that made them: only those of a pid with no live process are unlinked (a process that still has
    one open keeps it; only its name goes).
    """
    for semaphore in SEMAPHORES.glob("sem.loky-*-*"):
        pid = semaphore.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            with suppress(OSError):  # another user's (/dev/shm is sticky), or unlinked meanwhile
                semaphore.unlink()


@task(**TASK_OPTIONS)
def load_tagger() -> None:
    """Load underthesea's models in the worker that runs this (once per process; later calls are free)."""
    from transforms.entities import EntityTagger

    EntityTagger().tag("Hà Nội")


def choose_task_runner(kind: str, bytes_to_read: int) -> str:
    """`auto`: a worker process per core when the night has enough to tag, else this process."""
    if kind != "auto":
        return kind
    return "process" if bytes_to_read >= AUTO_PROCESS_MIN_BYTES and (os.cpu_count() or 1) > 1 else "thread"


@contextmanager
def started_taggers(kind: str, dask_address: str | None, bytes_to_read: int) -> Iterator[TaskRunner]:
    """The task runner for the tagging batches, its workers started and loading the models.

    Entered before a run reads its first files, so that process and Dask workers spawn and load
    underthesea (about 4 s) on the idle cores while the parent reads and deduplicates. A night
    with nothing to read starts nothing. Semaphores left by killed runs are released first.
    """
    kind = choose_task_runner(kind, bytes_to_read)
    release_semaphores_of_killed_runs()
    if bytes_to_read:
        get_run_logger().info("tagging on the %s task runner (%d bytes to read)", kind, bytes_to_read)
    with _workers_share_this_api(), make_task_runner(kind, dask_address) as runner:
        loading = [runner.submit(load_tagger, {}) for _ in range(os.cpu_count() if bytes_to_read else 0)]
        yield runner
        for future in loading:
            future.result()  # a worker that failed to load the models fails the run


@task(**TASK_OPTIONS)
def tag_sentence_batch(sentences: list[dict]) -> tuple[list[dict], list[dict], list[dict], list]:
    """Tag one batch of new distinct sentences (underthesea loads once per worker process)."""
    from transforms.entities import EntityTagger, mention_rows

    return mention_rows(sentences, EntityTagger())


def tag_entities(runner: TaskRunner, sentences: list[dict]) -> tuple[list[dict], list[dict], list[dict], list]:
    """Tag each new distinct sentence once, in batches spread over the runner's workers, and link people's short
    forms within their articles; (mentions, entities, aliases, the StageFailure of each sentence the tagger failed on).

    Sentences already in the warehouse keep their tags and are never tagged again.
    """
    logger = get_run_logger()
    batches = [sentences[i : i + NER_BATCH_SIZE] for i in range(0, len(sentences), NER_BATCH_SIZE)]
    futures = [runner.submit(tag_sentence_batch, {"sentences": batch}) for batch in batches]
    mentions, entities, aliases, failures = [], {}, {}, []
    with progress.stage("tag", len(sentences), "sentences") as tagging:
        for done, (batch, future) in enumerate(zip(batches, futures), start=1):
            batch_mentions, batch_entities, batch_aliases, batch_failures = future.result()
            mentions += batch_mentions
            for entity in batch_entities:  # one name per entity, its preferred spelling, whatever the batches
                known = entities.setdefault(entity["entity_id"], entity)
                known["name"] = preferred_spelling(known["name"], entity["name"])
            aliases.update(((a["alias"], a["entity_id"]), a) for a in batch_aliases)
            failures += batch_failures
            tagging.advance(len(batch))
            if len(batches) > 1:
                logger.info("tag_entities: %d of %d batches tagged", done, len(batches))
    logger.info("tag_entities: %d new sentences -> %d mentions", len(sentences), len(mentions))
    for failure in failures:
        logger.warning("tag_entities: sentence %s left untagged: %s", failure.key, failure.reason)
    names = {entity_id: entity["name"] for entity_id, entity in entities.items()}
    document_of = {s["sentence_id"]: s.get("first_doc_id") for s in sentences}
    texts = {s["sentence_id"]: s["text"] for s in sentences}
    return (*resolve_batch(mentions, names, document_of, texts), failures)


@task(**TASK_OPTIONS)
def link_people(con, entities: list[dict]) -> list[dict]:
    """The entity_relinks rows of the short forms of people, tonight's and the warehouse's, that abbreviate exactly
    one person the warehouse names in full (`canonical.people_links`)."""
    from transforms.canonical import people_links
    from warehouse.loader import people

    known = {row[0]: row for row in people(con)}
    for e in entities:
        earlier = known.get(e["entity_id"])
        known[e["entity_id"]] = (
            e["entity_id"],
            e["name"],
            e["type"],
            e["n_documents"] + (earlier[3] if earlier else 0),
        )
    links = people_links(list(known.values()))
    get_run_logger().info("link_people: %d short forms joined to a full name", len(links))
    return [
        {
            "from_entity_id": short,
            "to_entity_id": full,
            "from_name": known[short][1],
            "to_name": known[full][1],
        }
        for short, full in sorted(links.items())
    ]


def _workers_share_this_api():
    """Without PREFECT_API_URL the run talks to a temporary local server; point spawned workers at it.

    Otherwise each worker process would start (and migrate) a temporary server of its own.
    """
    if PREFECT_API_URL.value():
        return nullcontext()
    return temporary_settings(updates={PREFECT_API_URL: str(get_client().api_url)})


def make_task_runner(kind: str = "thread", dask_address: str | None = None) -> TaskRunner:
    """The task runner for the tagging batches (`auto` is resolved by `choose_task_runner` first).

    thread: in this process, one batch at a time (the CRF holds the GIL, so threads would not help);
    process: one worker process per core; dask: a Dask cluster at dask_address, or a local one
    with one single-threaded worker process per core.
    """
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=1)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=os.cpu_count(), initializer=exit_with_the_run)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": os.cpu_count(), "threads_per_worker": 1, "processes": True})
    raise ValueError(f"unknown task runner {kind!r}; use one of {', '.join(TASK_RUNNERS)}")
