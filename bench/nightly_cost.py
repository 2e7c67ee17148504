"""What a nightly run costs on a big warehouse: a full load of N articles, then a night adding 1% more.

Usage: uv run python -m bench.nightly_cost [N_ARTICLES]   (default 100,000)
Articles are shuffles of the sample's sentences (see bench/skip_unchanged.py), so
tagging is nearly free here and the numbers measure ingest, dedup, load and validation.
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.skip_unchanged import write_articles
from flows.nightly_ingest import nightly_ingest


def timed_run(folder: Path, data_dir: Path):
    start = time.perf_counter()
    summary = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    return time.perf_counter() - start, summary


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n_new = max(1, n_articles // 100)
    with tempfile.TemporaryDirectory() as tmp:
        folder, extra, data_dir = Path(tmp) / "input", Path(tmp) / "extra", Path(tmp) / "data"
        folder.mkdir()
        extra.mkdir()
        write_articles(folder, n_articles + n_new)
        for path in sorted(folder.glob("*.txt"))[n_articles:]:
            shutil.move(path, extra / path.name)
        full_seconds, full = timed_run(folder, data_dir)
        for path in extra.glob("*.txt"):
            shutil.move(path, folder / path.name)
        night_seconds, night = timed_run(folder, data_dir)
        size_mb = (data_dir / "warehouse.duckdb").stat().st_size / 1e6
    print("\n| run | articles new | sentence occurrences | wall s | flow s |\n|---|---|---|---|---|")
    print(f"| full load | {full.documents_new:,} | {full.sentence_occurrences:,} | {full_seconds:.1f} | {full.seconds:.1f} |")
    print(f"| nightly +1% | {night.documents_new:,} | {night.sentence_occurrences:,} | {night_seconds:.1f} | {night.seconds:.1f} |")
    print(f"\nnightly / full = {night_seconds / full_seconds:.3f}; warehouse file {size_mb:.0f} MB")


if __name__ == "__main__":
    main()
