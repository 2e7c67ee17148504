"""Real news end to end (issue 33, point 7): `vnews run` as a user runs it, beside the naive baseline.

Usage: uv run python -m bench.real_news INPUT_DIR [PAIRS]   (default 1 measured pair per condition)
INPUT_DIR is a folder of articles (for issue 33: the first 1,000 baomoi ids >= 22000000 of
github magizbox/scraper vn_news/data/, extracted to /tmp; never committed). Each measurement is a
fresh process: `vnews run --input INPUT_DIR --data-dir <fresh tmp>` with default flags, no
PREFECT_API_URL (vnews starts its own temporary server, as users get) and a warm PREFECT_HOME (one
throwaway `vnews run` on the bundled sample first), and `bench.naive_baseline` on the same folder.
Two conditions, PAIRS pairs each, the order inside a pair alternating: a quiet machine (as quiet as
it is), and one `while True: pass` process started before and killed after each pair. Reports the
ratios vnews/naive, the per-stage seconds of each vnews run read back from Prefect afterwards (the
same PREFECT_HOME), the time before the flow began, and how many Prefect servers the run started:
uvicorn processes seen among vnews's descendants (vnews's own is one) and "Starting temporary server"
lines in its stderr (Prefect's own ephemeral server, which no process should start).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.end_to_end import run_child

VNEWS = str(Path(sys.executable).with_name("vnews"))


def vnews_run(input_dir: str, data_dir: str, env: dict) -> dict:
    """`vnews run --input --data-dir` in a fresh process; wall time, run id, flow seconds and servers seen."""
    servers: set[int] = set()
    start = time.perf_counter()
    process = subprocess.Popen(
        [VNEWS, "run", "--input", input_dir, "--data-dir", data_dir],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            for child in watched.children(recursive=True):
                try:
                    if any("uvicorn" in part for part in child.cmdline()):
                        servers.add(child.pid)
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        time.sleep(0.25)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    if process.returncode:
        raise RuntimeError(f"vnews run failed:\n{stderr[-3000:]}")
    finished = re.search(r"vnews run (\S+) finished in ([\d.]+) s", stdout)
    return {
        "wall": wall,
        "run_id": finished.group(1),
        "flow_seconds": float(finished.group(2)),
        "uvicorn_processes": len(servers),
        "starting_temporary_server": stderr.count("Starting temporary server"),
        "summary": stdout.strip(),
    }


def naive_run(input_dir: str, out: str) -> dict:
    result, wall = run_child("-m", "bench.naive_baseline", input_dir, out)
    return {"wall": wall, **result}


def stages_child(run_ids: list[str]) -> None:
    """In a child with the bench's PREFECT_HOME: start a temporary server on that database, print stage seconds."""
    from vnews.prefect_api import prefect_api

    with prefect_api() as server:
        if server is not None:
            server.wait_until_ready()
        from bench.end_to_end import stage_seconds

        print(json.dumps({run_id: stage_seconds(run_id) for run_id in run_ids}))


def measured_pair(input_dir: str, tmp: Path, env: dict, label: str, vnews_first: bool) -> dict:
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"])] if label == "one core busy" else []
    try:
        order = ("vnews", "naive") if vnews_first else ("naive", "vnews")
        pair = {}
        for side in order:
            stamp = f"{label.replace(' ', '-')}-{time.monotonic_ns()}"
            if side == "vnews":
                pair["vnews"] = vnews_run(input_dir, str(tmp / f"data-{stamp}"), env)
            else:
                pair["naive"] = naive_run(input_dir, str(tmp / f"naive-{stamp}.parquet"))
            print(f"{label}: {side} {pair[side]['wall']:.1f} s", flush=True)
    finally:
        for process in busy:
            process.kill()
            process.wait()
    return {"condition": label, "order": order, **pair}


def main() -> None:
    input_dir = str(Path(sys.argv[1]).resolve())
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    n_files = len(list(Path(input_dir).glob("*.txt")))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env["PREFECT_HOME"] = str(tmp / "prefect-home")
        start = time.perf_counter()
        subprocess.run([VNEWS, "run", "--data-dir", str(tmp / "warm-up")], env=env, check=True, capture_output=True)
        print(f"warm-up (fresh PREFECT_HOME, bundled sample): {time.perf_counter() - start:.1f} s", flush=True)
        results, vnews_first = [], False
        for label in ("quiet", "one core busy"):
            for _ in range(pairs):
                results.append(measured_pair(input_dir, tmp, env, label, vnews_first))
                vnews_first = not vnews_first
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from bench.real_news import stages_child; stages_child(sys.argv[1:])",
                *(r["vnews"]["run_id"] for r in results),
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        stages = json.loads(done.stdout.strip().splitlines()[-1])
    report(results, stages, n_files, os.getloadavg())


def report(results: list[dict], stages: dict, n_files: int, load: tuple) -> None:
    print("\n" + "\n".join(f"raw: {json.dumps(r, default=str)}" for r in results))
    print(f"\nraw stages: {json.dumps(stages)}")
    print(
        f"\n{n_files:,} files; load average at the end {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} "
        f"on {os.cpu_count()} cores\n"
    )
    print(results[0]["vnews"]["summary"])
    print(
        "\n| condition | order | naive s | vnews s | **vnews / naive** | vnews before the flow s | flow s "
        "| uvicorn processes | 'Starting temporary server' |\n|---|---|---|---|---|---|---|---|---|"
    )
    for r in results:
        v, n = r["vnews"], r["naive"]
        print(
            f"| {r['condition']} | {' then '.join(r['order'])} | {n['wall']:.1f} | {v['wall']:.1f} "
            f"| **{v['wall'] / n['wall']:.2f}** | {v['wall'] - v['flow_seconds']:.1f} | {v['flow_seconds']:.1f} "
            f"| {v['uvicorn_processes']} | {v['starting_temporary_server']} |"
        )
    names = list(dict.fromkeys(name for r in results for name in reversed(stages[r["vnews"]["run_id"]])))
    print("\nvnews stages (s; wall time during which each task was running, parallel runs counted once)\n")
    print("| stage | " + " | ".join(r["condition"] for r in results) + " |\n|---|" + "---|" * len(results))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{stages[r['vnews']['run_id']].get(name, 0):.1f}" for r in results) + " |")
    print("\nnaive stages (s)\n")
    print("| stage | " + " | ".join(r["condition"] for r in results) + " |\n|---|" + "---|" * len(results))
    for name in results[0]["naive"]["stage_seconds"]:
        print(f"| {name} | " + " | ".join(f"{r['naive']['stage_seconds'][name]:.1f}" for r in results) + " |")


if __name__ == "__main__":
    main()
