"""What a night that adds nothing costs, cron-style: `vnews run` processes, nothing configured.

Usage: uv run python -m bench.quiet_night [N_ARTICLES]   (default 1,000)
1. N generated articles (tests/corpus.py, seed 7): `vnews run` on them into an empty data dir,
   then `vnews run` again on the unchanged folder; each a fresh process with no PREFECT_API_URL
   (so each starts Prefect's temporary server). Reports both wall times and their ratio.
2. The bundled sample, run once, then quiet nights in children that time each step: three as
   `vnews run` does them without a Prefect server (no server started), and three through the
   Prefect flow with a temporary server (as before 0.4.0; a configured server skips the start).
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


def timed_cli_quiet_night(data_dir: str) -> None:
    """A child doing what `vnews run` does on a quiet night with no Prefect server.

    Prints a time stamp after each step."""
    started = time.time()
    stamps = {"python start": time.time()}
    import vnews.cli  # noqa: F401

    stamps["vnews import"] = time.time()
    from vnews.night import InputFolder, record_if_quiet
    from vnews.prefect_api import prefect_api_configured

    assert not prefect_api_configured()
    stamps["Prefect settings import (is a server configured?)"] = time.time()
    assert record_if_quiet(
        InputFolder.of(vnews.cli.bundled_sample()), Path(data_dir), vnews.cli.DEFAULT_GLOB, vnews.cli.DEFAULT_MAX_BYTES
    )
    stamps["record the night (no server)"] = time.time()
    print(json.dumps({"launched": started, **stamps}), flush=True)


def timed_flow_quiet_night(data_dir: str) -> None:
    """The same night through the Prefect flow and a temporary server (as with `vnews serve` or before 0.4)."""
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


def breakdown(child: str, data_dir: str) -> dict[str, float]:
    """One quiet night's steps in seconds; 'exit' is from the last step to the process's end."""
    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-c", f"from bench.quiet_night import {child}; {child}({data_dir!r})"],
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    ended = time.time()
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    stamps.pop("launched")
    steps, previous = {}, launched
    for name, stamp in stamps.items():
        steps[name] = stamp - previous
        previous = stamp
    steps["exit"] = ended - previous
    steps["total"] = ended - launched
    return steps


def main() -> None:
    from tests.corpus import generate, write_corpus  # not in the timed child

    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder, data_dir = Path(tmp) / "input", Path(tmp) / "data"
        write_corpus(generate(n_articles), folder)
        full = wall(VNEWS, "run", "--input", str(folder), "--data-dir", str(data_dir))
        quiet = wall(VNEWS, "run", "--input", str(folder), "--data-dir", str(data_dir))
        sample = Path(tmp) / "sample"
        sample_full = wall(VNEWS, "run", "--data-dir", str(sample))
        nights = {
            child: [breakdown(child, str(sample)) for _ in range(3)]
            for child in ("timed_cli_quiet_night", "timed_flow_quiet_night")
        }
    print(f"\n{n_articles:,} articles, `vnews run` twice (fresh processes, temporary Prefect server each)\n")
    print(
        f"| run | wall s |\n|---|---|\n| full | {full:.1f} |\n| unchanged | {quiet:.1f} |\n"
        f"| **ratio** | **{quiet / full:.3f}** |"
    )
    print(f"\nBundled sample: full run {sample_full:.1f} s; quiet nights, three of each (s)")
    for child, runs in nights.items():
        print(
            f"\n{child}\n\n| step | "
            + " | ".join(f"run {i + 1}" for i in range(len(runs)))
            + " |\n|---|"
            + "---|" * len(runs)
        )
        for step in runs[0]:
            print(f"| {step} | " + " | ".join(f"{night[step]:.2f}" for night in runs) + " |")


if __name__ == "__main__":
    main()
