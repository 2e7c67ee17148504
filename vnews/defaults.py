"""Defaults of a run, shared by the flow's parameters and the command's options (which must not import Prefect).

prefect.yaml cannot import them: it repeats DEFAULT_CRON and NEWSROOM_TIMEZONE (tests/test_cli.py checks they agree).
"""

from functools import cache
from pathlib import Path

DEFAULT_DATA_DIR = Path("vnews-data")
# Article files and crawler exports (comma-separated patterns: a file any of them matches is read)
DEFAULT_GLOB = "**/*.txt,**/*.json,**/*.jsonl,**/*.ndjson,**/*.json.gz,**/*.jsonl.gz,**/*.ndjson.gz"
# A run reads, transforms and loads its input files this many at a time: its memory grows with one batch.
DEFAULT_FILES_PER_BATCH = 2_000
# `vnews retag` re-tags, validates and loads this many sentences at a time.
DEFAULT_SENTENCES_PER_BATCH = 20_000
# Where the entity-tagging batches run (flows/tagging.py): in the run's process, one process per core, or on Dask;
# auto picks the first or the second by the amount of new text.
TASK_RUNNERS = ("auto", "thread", "process", "dask")
DEFAULT_TASK_RUNNER = "auto"
# The newsroom's time zone: a published date or time without an offset is Vietnam's, a publication's day is the
# day in Vietnam, readers see time-zoned values in it, and the nightly schedule is read in it.
NEWSROOM_TIMEZONE = "Asia/Ho_Chi_Minh"
# When the served deployment runs (cron, in NEWSROOM_TIMEZONE).
DEFAULT_CRON = "0 2 * * *"


@cache
def bundled_sample() -> Path:
    """The five sample articles: inside the package of an installed wheel, in data/sample of a checkout."""
    package = Path(__file__).resolve().parent
    return next(p for p in (package / "sample", package.parent / "data" / "sample") if p.is_dir())
