"""Defaults of a run, shared by the flow's parameters and the command's options (which must not import Prefect)."""

from functools import cache
from pathlib import Path

DEFAULT_DATA_DIR = Path("vnews-data")
# Article files and crawler exports (comma-separated patterns: a file any of them matches is read)
DEFAULT_GLOB = "**/*.txt,**/*.json,**/*.jsonl,**/*.ndjson,**/*.json.gz,**/*.jsonl.gz,**/*.ndjson.gz"
# A run reads, transforms and loads its input files this many at a time: its memory grows with one batch.
DEFAULT_FILES_PER_BATCH = 2_000


@cache
def bundled_sample() -> Path:
    """The five sample articles: inside the package of an installed wheel, in data/sample of a checkout."""
    package = Path(__file__).resolve().parent
    return next(p for p in (package / "sample", package.parent / "data" / "sample") if p.is_dir())
