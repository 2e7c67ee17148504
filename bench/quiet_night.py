"""What a night that adds nothing costs, cron-style: `vnews run` processes, nothing configured.

Usage: uv run python -m bench.quiet_night [N_ARTICLES]   (default 1,000)
1. N generated articles (bench/corpus.py, seed 7): `vnews run` on them into an empty data dir,
   then `vnews run` again on the unchanged folder; each a fresh process with no PREFECT_API_URL
   (so each starts Prefect's temporary server). Reports both wall times and their ratio.
2. The bundled sample, run once, then a quiet night three times in a child that times each step
   of the `vnews run` command: Python start, Prefect import, flow import (while the temporary
   server starts), waiting for the server, the flow, and exit.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
VNEWS = str(Path(sys.executable).with_name("vnews"))


def wall(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def timed_quiet_night(data_dir: str) -> dict[str, float]:
    """A child doing what `vnews run` does, with a time stamp after each step (seconds since its start)."""
    started = time.time()
    stamps = {"python start": time.time()}
    from vnews.prefect_api import prefect_api

    with prefect_api() as server:
        stamps["Prefect import"] = time.time()
        from flows.nightly_ingest import nightly_ingest

        stamps["flow import (server starting)"] = time.time()
        server.wait_until_ready()
        stamps["wait for the server"] = time.time()
        nightly_ingest(data_dir=data_dir)
        stamps["flow"] = time.time()
    print(json.dumps({"launched": started, **stamps}), flush=True)
    return stamps


def breakdown(data_dir: str) -> dict[str, float]:
    """One quiet night's steps in seconds; 'exit' is from the flow's end to the process's end."""
    launched = time.time()
    done = subprocess.run([sys.executable, "-c", f"from bench.quiet_night import timed_quiet_night; "
                           f"timed_quiet_night({data_dir!r})"], env=ENV, check=True, capture_output=True, text=True)
    ended = time.time()
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    stamps.pop("launched")
    steps, previous = {}, launched
    for name, stamp in stamps.items():
        steps[name] = stamp - previous
        previous = stamp
    steps["exit (drain logs, stop server)"] = ended - previous
    steps["total"] = ended - launched
    return steps


def main() -> None:
    from bench.corpus import generate, write_corpus  # not in the timed child

    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder, data_dir = Path(tmp) / "input", Path(tmp) / "data"
        write_corpus(generate(n_articles), folder)
        full = wall(VNEWS, "run", "--input", str(folder), "--data-dir", str(data_dir))
        quiet = wall(VNEWS, "run", "--input", str(folder), "--data-dir", str(data_dir))
        sample = Path(tmp) / "sample"
        sample_full = wall(VNEWS, "run", "--data-dir", str(sample))
        nights = [breakdown(str(sample)) for _ in range(3)]
    print(f"\n{n_articles:,} articles, `vnews run` twice (fresh processes, temporary Prefect server each)\n")
    print(f"| run | wall s |\n|---|---|\n| full | {full:.1f} |\n| unchanged | {quiet:.1f} |\n"
          f"| **ratio** | **{quiet / full:.3f}** |")
    print(f"\nBundled sample: full run {sample_full:.1f} s; quiet night, three runs (s):\n")
    print("| step | " + " | ".join(f"run {i + 1}" for i in range(len(nights))) + " |\n|---|" + "---|" * len(nights))
    for step in nights[0]:
        print(f"| {step} | " + " | ".join(f"{night[step]:.2f}" for night in nights) + " |")


if __name__ == "__main__":
    main()
