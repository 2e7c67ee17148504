"""`vnews run` as on a new machine, under CPU load: a fresh PREFECT_HOME each time, both cores kept busy.

Usage: uv run python -m bench.first_start [RUNS] [BUSY_PROCESSES]   (default 5 runs, 3 busy processes)
Each run's temporary Prefect server creates its database while starting. Reports, per run,
the exit code and wall time.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VNEWS = str(Path(sys.executable).with_name("vnews"))


def first_run(busy_processes: int) -> tuple[int, float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env["PREFECT_HOME"] = str(Path(tmp) / "prefect-home")
        busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy_processes)]
        try:
            start = time.perf_counter()
            done = subprocess.run(
                [VNEWS, "run", "--data-dir", str(Path(tmp) / "data")], env=env, capture_output=True, text=True
            )
            seconds = time.perf_counter() - start
        finally:
            for process in busy:
                process.kill()
                process.wait()
    last_error = done.stderr.strip().splitlines()[-1] if done.returncode and done.stderr.strip() else ""
    return done.returncode, seconds, last_error


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    busy_processes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    results = [first_run(busy_processes) for _ in range(runs)]
    print(f"\nfresh PREFECT_HOME, {busy_processes} busy processes on {os.cpu_count()} cores\n")
    print("| run | exit code | wall s | error |\n|---|---|---|---|")
    for i, (code, seconds, error) in enumerate(results, start=1):
        print(f"| {i} | {code} | {seconds:.1f} | {error} |")
    print(f"\n{sum(code == 0 for code, _, _ in results)} of {runs} succeeded")


if __name__ == "__main__":
    main()
