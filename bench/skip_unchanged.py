"""How long a nightly run takes on a folder where nothing changed.

Usage: uv run python -m bench.skip_unchanged [N_FILES]
Builds N distinct articles (default 1,000) by shuffling the sample's sentences, runs
nightly-ingest twice on them, and reports both runs' flow time.
"""

import random
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import sample_sentences
from flows.nightly_ingest import nightly_ingest


def write_articles(folder: Path, n_files: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    pool = sample_sentences()
    for i in range(n_files):
        paragraphs = [" ".join(rng.sample(pool, 3)) for _ in range(rng.randint(3, 6))]
        (folder / f"article_{i:05d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def main() -> None:
    n_files = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder, data_dir = Path(tmp) / "input", Path(tmp) / "data"
        folder.mkdir()
        write_articles(folder, n_files)
        timings = []
        for label in ("first run (all new)", "second run (unchanged)"):
            start = time.perf_counter()
            summary = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
            timings.append((label, time.perf_counter() - start, summary))
    print(f"\n{n_files} files\n\n| run | wall s (flow call) | flow s | files unchanged | new sentences |\n|---|---|---|---|---|")
    for label, wall, s in timings:
        print(f"| {label} | {wall:.1f} | {s.seconds:.1f} | {s.files_unchanged} | {s.sentences_new} |")


if __name__ == "__main__":
    main()
