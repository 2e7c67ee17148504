"""A year of real headlines, night by night: what a night costs as history grows, on the DuckDB file and DuckLake.

Usage: uv run python -m bench.headlines_year [--nights 1-12,121-130]   (default: every development day, ~3 hours)

Data: an RSS aggregator's JSON (github mnngoisaoxanh/tintuchangngay, `data/news/YYYY-MM-DD.json`: title, summary,
link, source, published), rebuilt from its git history: each day's last version before the aggregator rolled it
off. Only days up to 2026-08-16 are read (the files at its head are kept for outside checks and are not opened).
The mirror is read in place (VNEWS_HEADLINES_MIRROR, default /work/.mirror/mnngoisaoxanh+tintuchangngay/repo);
nothing of it is written outside a temporary folder.

Each night adds one day's export to the input folder, as a feed folder grows, and runs `vnews run` (a fresh
process, as cron would) on the DuckDB file and on DuckLake (SQLite catalog), alternating which goes first. The
earlier days' files are unchanged, so each night reads only its own. Per night: wall time, the bytes the night
wrote to the warehouse (the new file the DuckDB backend swaps in; DuckLake's new data files and the catalog's
growth) and the warehouse's size before it. `--nights` measures some nights only: the days before each range not
yet loaded go in at once, in one run per backend (timed, not a night).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ducklake_night import _size, _warehouse_files, _written_to_warehouse

MIRROR = Path(os.environ.get("VNEWS_HEADLINES_MIRROR", "/work/.mirror/mnngoisaoxanh+tintuchangngay/repo"))
LAST_DAY = "2026-08-16"  # later days are kept for outside checks
VNEWS = Path(sys.executable).with_name("vnews")


def _git(*args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={MIRROR}", *args], capture_output=True, check=True).stdout


def development_days() -> list[str]:
    """The days (YYYY-MM-DD) the aggregator's history holds, up to LAST_DAY."""
    added = _git("log", "--name-only", "--format=", "--diff-filter=A", "--", "data/news/").decode().split()
    days = {Path(name).stem for name in added if name.endswith(".json")}
    return sorted(day for day in days if day <= LAST_DAY)


def day_export(day: str) -> bytes:
    """The day's file as last written: at the last commit that touched it, or before it if that commit removed it."""
    path = f"data/news/{day}.json"
    commit = _git("log", "-1", "--format=%H", "--", path).decode().strip()
    present = subprocess.run(["git", f"--git-dir={MIRROR}", "cat-file", "-e", f"{commit}:{path}"], capture_output=True)
    return _git("show", f"{commit if present.returncode == 0 else commit + '^'}:{path}")


def run_night(feeds: Path, data_dir: Path, warehouse: str) -> tuple[float, int, int]:
    """(wall seconds, bytes written to the warehouse, warehouse bytes before) of one `vnews run`."""
    first = data_dir / "warehouse.duckdb" if warehouse == "duckdb" else Path(warehouse.removeprefix("ducklake:sqlite:"))
    before = _warehouse_files(data_dir, warehouse) if first.exists() else {}
    start = time.perf_counter()
    done = subprocess.run(
        [str(VNEWS), "run", "--input", str(feeds), "--data-dir", str(data_dir), "--warehouse", warehouse],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"vnews run failed on {warehouse}:\n{done.stderr[-3000:]}")
    after = _warehouse_files(data_dir, warehouse)
    return seconds, _written_to_warehouse(before, after, warehouse), sum(before.values())


def night_ranges(spec: str, last: int) -> list[range]:
    """ "1-12,121-130" -> the nights to measure, in order (1-based, inclusive); "" -> every night."""
    if not spec:
        return [range(1, last + 1)]
    ranges = [range(int(a), int(b or a) + 1) for a, _, b in (part.partition("-") for part in spec.split(","))]
    return [r for r in ranges if r.start <= last]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", default="", help='nights to measure, e.g. "1-12,121-130" (default: all)')
    args = parser.parse_args()
    days = development_days()
    ranges = night_ranges(args.nights, len(days))
    print(f"{len(days)} development days ({days[0]} … {days[-1]}); nights measured: {args.nights or 'all'}")
    with tempfile.TemporaryDirectory(prefix="vnews-headlines-") as tmp:
        tmp = Path(tmp)
        feeds = tmp / "feeds"
        feeds.mkdir()
        backends = {
            "file": (tmp / "file", "duckdb"),
            "ducklake": (tmp / "lake", f"ducklake:sqlite:{tmp / 'lake.sqlite'}"),
        }
        loaded = 0
        for nights in ranges:
            if nights.start - 1 > loaded:  # the days in between as history, in one run per backend
                for day in days[loaded : nights.start - 1]:
                    (feeds / f"{day}.json").write_bytes(day_export(day))
                for name, (data_dir, warehouse) in backends.items():
                    seconds, _, _ = run_night(feeds, data_dir, warehouse)
                    print(f"history: days {loaded + 1} … {nights.start - 1} in one run on {name}: {seconds:.0f} s")
            print("\n| night | day | records | backend | wall s | written to the warehouse MB | warehouse before MB |")
            print("|---|---|---|---|---|---|---|", flush=True)
            for night in nights:
                day = days[night - 1]
                export = day_export(day)
                (feeds / f"{day}.json").write_bytes(export)
                records = export.count(b'"title"')
                order = list(backends.items()) if night % 2 else list(backends.items())[::-1]
                for name, (data_dir, warehouse) in order:
                    seconds, written, before = run_night(feeds, data_dir, warehouse)
                    print(
                        f"| {night} | {day} | {records} | {name} | {seconds:.1f} "
                        f"| {written / 1e6:.2f} | {before / 1e6:.1f} |",
                        flush=True,
                    )
            loaded = nights.stop - 1
        print(f"input folder at the end: {_size(feeds) / 1e6:.1f} MB in {len(list(feeds.iterdir()))} files")


if __name__ == "__main__":
    main()
