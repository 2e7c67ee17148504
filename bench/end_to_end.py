"""End to end: vnews beside the naive baseline, on the same generated corpus, in the same run.

Usage: uv run python -m bench.end_to_end [N_ARTICLES] [TASK_RUNNER]   (default 1,000 articles, thread)
Writes N articles from tests/corpus.py (seed 7; about 30% of sentence occurrences repeat an
earlier one exactly, 10% are near-duplicate edits), then runs, each in a fresh process:
the naive baseline (bench/naive_baseline.py) and `nightly-ingest` into an empty data dir.
Reports wall time, articles/s, sentences/s, peak RSS and time per stage. Without
PREFECT_API_URL the vnews process starts a temporary Prefect server (included in its wall time).
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.corpus import generate, write_corpus


def run_child(*args: str) -> tuple[dict, float]:
    """Run `python *args` in a fresh process; its last output line is a JSON report.

    A failure shows the child's error."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), time.perf_counter() - start


def vnews_child(input_dir: str, data_dir: str, runner: str, tagger: str = "crf", warehouse: str = "duckdb") -> dict:
    """Run the flow once and report it. tagger "rules-only" swaps underthesea's CRF for a no-op (benchmarks only).

    `written_bytes` is what the process sent to storage (/proc/self/io), the warehouse and lake included."""
    import transforms.entities
    from flows.nightly_ingest import nightly_ingest

    if tagger == "rules-only":
        transforms.entities.CrfChain = lambda: lambda text: []
    summary = nightly_ingest(input_dir=input_dir, data_dir=data_dir, task_runner=runner, warehouse=warehouse)
    return {
        "files": summary.files_seen,
        "new_documents": summary.documents_new,
        "sentences": summary.sentence_occurrences,
        "distinct": summary.sentences_new,
        "mentions": summary.mentions_new,
        "flow_seconds": summary.duration_s,
        "stage_seconds": stage_seconds(summary.run_id),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "written_bytes": _written_bytes(),
    }


def _written_bytes() -> int:
    fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    return int(fields["write_bytes"]) - int(fields["cancelled_write_bytes"])


def stage_seconds(flow_run_id: str) -> dict[str, float]:
    """Wall time during which each task of a flow run was running, read back from Prefect."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    task_runs, page_size = [], 200  # the API returns at most 200 per call
    with get_client(sync_client=True) as client:
        while True:
            page = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                limit=page_size,
                offset=len(task_runs),
            )
            task_runs += page
            if len(page) < page_size:
                break
    intervals: dict[str, list[tuple]] = {}
    for task_run in task_runs:
        if task_run.start_time and task_run.end_time:
            intervals.setdefault(task_run.name.rsplit("-", 1)[0], []).append((task_run.start_time, task_run.end_time))
    return {name: round(_covered_seconds(spans), 1) for name, spans in intervals.items()}


def _covered_seconds(spans: list[tuple]) -> float:
    """Seconds covered by the union of (start, end) spans: parallel runs of a task count once."""
    covered, reach = 0.0, None
    for start, end in sorted(spans):
        if reach is None or start > reach:
            covered += (end - start).total_seconds()
            reach = end
        elif end > reach:
            covered += (end - reach).total_seconds()
            reach = end
    return covered


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runner = sys.argv[2] if len(sys.argv) > 2 else "thread"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "input"
        write_corpus(generate(n_articles), folder)
        baseline, baseline_wall = run_child("-m", "bench.naive_baseline", str(folder), str(Path(tmp) / "naive.parquet"))
        vnews, vnews_wall = run_child("-m", "bench.end_to_end", "--vnews", str(folder), str(Path(tmp) / "data"), runner)
    rows = [("naive baseline", baseline, baseline_wall), (f"vnews ({runner} runner)", vnews, vnews_wall)]
    print(
        f"\n{n_articles:,} articles, {vnews['sentences']:,} sentence occurrences, {vnews['distinct']:,} distinct "
        f"(vnews tags those), baseline splits {baseline['sentences']:,} sentences\n"
    )
    print(
        "| pipeline | wall s | articles/s | sentences/s | peak RSS MB | ratio to baseline |\n|---|---|---|---|---|---|"
    )
    for label, result, wall in rows:
        print(
            f"| {label} | {wall:.1f} | {n_articles / wall:.1f} | {result['sentences'] / wall:.0f} "
            f"| {result['peak_rss_mb']:.0f} | {wall / baseline_wall:.2f} |"
        )
    for label, result, _ in rows:
        stages = ", ".join(f"{name} {s:.1f}" for name, s in result["stage_seconds"].items())
        print(f"\n{label} stages (s): {stages}")
    print(
        f"\nvnews flow time {vnews['flow_seconds']:.1f} s; "
        f"worker processes' peak RSS {vnews['workers_peak_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--vnews"]:
        print(json.dumps(vnews_child(*sys.argv[2:7])))
    else:
        main()
