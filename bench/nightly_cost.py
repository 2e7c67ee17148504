"""What a nightly run costs on a big warehouse: a full load of N articles, then a night adding 1% more.

Usage: uv run python -m bench.nightly_cost [N_ARTICLES]   (default 100,000)
Articles come from tests/corpus.py (seed 7, ~30% repeated sentence occurrences). The CRF is
swapped for a no-op here (the date and name rules still run): tagging cost is linear in new
sentences and measured by bench.end_to_end and bench.ner_throughput; this measures ingest,
dedup, near-dup matching against the history, load and validation. Beside the full load, in the
same run, the naive baseline on the same N articles with `ner()` swapped for whitespace tokens.
Each run is a fresh process.
"""

import shutil
import sys
import tempfile
from pathlib import Path

from bench.end_to_end import run_child
from tests.corpus import generate, write_corpus


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n_new = max(1, n_articles // 100)
    with tempfile.TemporaryDirectory() as tmp:
        folder, extra, data_dir = Path(tmp) / "input", Path(tmp) / "extra", Path(tmp) / "data"
        write_corpus(generate(n_articles + n_new), folder)
        extra.mkdir()
        for path in sorted(folder.glob("*.txt"))[n_articles:]:
            shutil.move(path, extra / path.name)
        baseline, baseline_wall = run_child(
            "-m", "bench.naive_baseline", str(folder), str(Path(tmp) / "naive.parquet"), "trivial"
        )
        child = ("-m", "bench.end_to_end", "--vnews", str(folder), str(data_dir), "thread", "rules-only")
        full, full_wall = run_child(*child)
        for path in extra.glob("*.txt"):
            shutil.move(path, folder / path.name)
        night, night_wall = run_child(*child)
        size_mb = (data_dir / "warehouse.duckdb").stat().st_size / 1e6
    print(
        "\n| run (rules-only tagger) | new articles | sentence occurrences | new distinct | wall s | flow s "
        "| peak RSS MB |\n|---|---|---|---|---|---|---|"
    )
    print(
        f"| naive baseline (whitespace tokens for `ner()`) | {baseline['files']:,} | {baseline['sentences']:,} | – "
        f"| {baseline_wall:.1f} | – | {baseline['peak_rss_mb']:.0f} |"
    )
    for label, result, wall in (("full load", full, full_wall), ("nightly +1%", night, night_wall)):
        print(
            f"| {label} | {result['new_documents']:,} | {result['sentences']:,} | {result['distinct']:,} | {wall:.1f} "
            f"| {result['flow_seconds']:.1f} | {result['peak_rss_mb']:.0f} |"
        )
    print(
        f"\nfull load / baseline: wall {full_wall / baseline_wall:.2f}; baseline stages (s): "
        + ", ".join(f"{k} {v:.1f}" for k, v in baseline["stage_seconds"].items())
    )
    print(
        f"nightly / full: wall {night_wall / full_wall:.3f}, flow {night['flow_seconds'] / full['flow_seconds']:.3f}; "
        f"warehouse file {size_mb:.0f} MB"
    )
    for label, result in (("full load", full), ("nightly +1%", night)):
        print(f"\n{label} stages (s): " + ", ".join(f"{k} {v}" for k, v in result["stage_seconds"].items()))


if __name__ == "__main__":
    main()
