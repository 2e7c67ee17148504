"""A +1% night on a big warehouse, on the DuckDB file and on DuckLake, in the same run: bytes written and wall time.

Usage: uv run python -m bench.ducklake_night [N_ARTICLES] [sqlite|postgres] [NIGHTS]
(default 100,000, sqlite, 3). postgres starts a throw-away PostgreSQL server on 127.0.0.1 for the catalog
(tests/postgres.py; Debian's postgresql package, `make postgres`).

Articles come from tests/corpus.py, as for bench.nightly_cost, with the CRF swapped for a no-op (the
rules still run). Each backend gets a full load of N articles, then a night adding N/100, each run a
fresh process. The night runs NIGHTS times per backend, alternating backends, each time on the warehouse
as the full load left it (restored from a copy); wall times are the medians, as the machine is noisy. The
warehouse's size is the DuckDB file, or DuckLake's data files plus a SQLite catalog (before the night).
The night's writes to the warehouse are the new file it swaps in, or DuckLake's new data and delete files
and the catalog's growth; all the night's writes are what its process sent to storage (/proc/self/io: the
warehouse, the Parquet lake and staging, GX results and Data Docs; not the Prefect server's own database).
"""

import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.end_to_end import run_child
from tests.corpus import generate, write_corpus
from tests.postgres import postgres_server


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def _warehouse_files(data_dir: Path, warehouse: str) -> dict[Path, int]:
    """The warehouse's files and their sizes: the DuckDB file, or DuckLake's data files and a SQLite catalog."""
    if warehouse == "duckdb":
        return {data_dir / "warehouse.duckdb": _size(data_dir / "warehouse.duckdb")}
    catalog = Path(warehouse.removeprefix("ducklake:sqlite:"))
    files = {f: f.stat().st_size for f in (data_dir / "lake" / "ducklake").rglob("*") if f.is_file()}
    return files | ({catalog: catalog.stat().st_size} if warehouse.startswith("ducklake:sqlite:") else {})


def _written_to_warehouse(before: dict[Path, int], after: dict[Path, int], warehouse: str) -> int:
    """Bytes a night wrote to the warehouse: the whole new file (a copy), or DuckLake's new files and the
    catalog's growth."""
    if warehouse == "duckdb":
        return sum(after.values())
    return sum(size - before.get(f, 0) if f in before else size for f, size in after.items() if size > before.get(f, 0))


class Backend:
    """One backend's data directory (and SQLite catalog) in `tmp`, its full load, and copies to restore it from."""

    def __init__(self, tmp: Path, folder: Path, name: str, warehouse: str):
        self.data_dir, self.catalog = tmp / name, tmp / f"{name}.sqlite"
        self.warehouse = warehouse.replace("CATALOG", str(self.catalog))
        self.child = (
            "-m",
            "bench.end_to_end",
            "--vnews",
            str(folder),
            str(self.data_dir),
            "thread",
            "rules-only",
            self.warehouse,
        )
        self.saved = tmp / f"{name}.saved"
        self.full, self.full_wall = run_child(*self.child)
        self.before = _warehouse_files(self.data_dir, self.warehouse)
        self.saved.mkdir()
        for path in (self.data_dir, self.catalog):
            if path.exists():
                subprocess.run(["cp", "-a", str(path), str(self.saved)], check=True)
        self.nights: list[tuple[dict, float]] = []

    def night(self, folder: Path, extra: list[Path]) -> None:
        """The +1% night on the warehouse as the full load left it; the first one measures its writes."""
        if self.nights:
            for path in (self.data_dir, self.catalog):
                shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
                if (self.saved / path.name).exists():
                    subprocess.run(["cp", "-a", str(self.saved / path.name), str(path)], check=True)
        for path in extra:
            shutil.copy(path, folder / path.name)
        try:
            self.nights.append(run_child(*self.child))
        finally:
            for path in extra:
                (folder / path.name).unlink()
        if len(self.nights) == 1:
            self.warehouse_written = _written_to_warehouse(
                self.before, _warehouse_files(self.data_dir, self.warehouse), self.warehouse
            )

    @property
    def night_wall(self) -> float:
        return statistics.median(wall for _, wall in self.nights)

    def stage_seconds(self) -> dict[str, float]:
        stages = self.nights[0][0]["stage_seconds"]
        return {k: round(statistics.median(night["stage_seconds"][k] for night, _ in self.nights), 1) for k in stages}


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    catalog = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    nights = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with ExitStack() as stack:
        lake = (
            "ducklake:sqlite:CATALOG"
            if catalog == "sqlite"
            else "ducklake:postgres:" + stack.enter_context(postgres_server())
        )
        _compare(n_articles, lake, nights)


def _compare(n_articles: int, lake: str, nights: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder, extra_dir = tmp / "input", tmp / "extra"
        write_corpus(generate(n_articles + max(1, n_articles // 100)), folder)
        extra_dir.mkdir()
        for path in sorted(folder.glob("*.txt"))[n_articles:]:
            shutil.move(path, extra_dir / path.name)
        extra = sorted(extra_dir.glob("*.txt"))
        results = {
            "DuckDB file": Backend(tmp, folder, "file", "duckdb"),
            "DuckLake": Backend(tmp, folder, "lake", lake),
        }
        for i in range(nights):  # alternating, so that a slow minute of the machine falls on both
            for backend in results.values() if i % 2 == 0 else reversed(results.values()):
                backend.night(folder, extra)
    print(
        f"\n{n_articles:,} articles, then {len(extra):,} more (rules-only tagger; DuckLake catalog "
        f"{lake.split(':')[1]}; median of {nights} nights)\n"
    )
    print(
        "| backend | full load s | warehouse MB | +1% night s | night's writes to the warehouse MB (/ size) "
        "| all the night's writes MB (/ size) |\n|---|---|---|---|---|---|"
    )
    for name, b in results.items():
        size, written = sum(b.before.values()), b.nights[0][0]["written_bytes"]
        print(
            f"| {name} | {b.full_wall:.1f} | {size / 1e6:.0f} | {b.night_wall:.1f} "
            f"| {b.warehouse_written / 1e6:.1f} ({b.warehouse_written / size:.3f}) "
            f"| {written / 1e6:.1f} ({written / size:.3f}) |"
        )
    file, lake = results["DuckDB file"], results["DuckLake"]
    print(
        f"\n+1% night, DuckLake / file: wall {lake.night_wall / file.night_wall:.2f} (nights, s: file "
        f"{', '.join(f'{w:.1f}' for _, w in file.nights)}; DuckLake {', '.join(f'{w:.1f}' for _, w in lake.nights)})"
    )
    for name, b in results.items():
        print(f"\n{name} night stages, medians (s): " + ", ".join(f"{k} {v}" for k, v in b.stage_seconds().items()))


if __name__ == "__main__":
    main()
