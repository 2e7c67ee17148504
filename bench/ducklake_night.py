"""A +1% night on a big warehouse, on the DuckDB file and on DuckLake, in the same run: bytes written and wall time.

Usage: uv run python -m bench.ducklake_night [N_ARTICLES] [sqlite|postgres]   (default 100,000 and sqlite)
postgres starts a throw-away PostgreSQL server on 127.0.0.1 for the catalog (tests/postgres.py; Debian's
postgresql package, `make postgres`).

Articles come from tests/corpus.py, as for bench.nightly_cost, with the CRF swapped for a no-op (the
rules still run). Each backend gets a full load of N articles, then a night adding N/100, each run a
fresh process. The warehouse's size is the DuckDB file, or DuckLake's data files plus a SQLite catalog
(before the night). The night's writes to the warehouse are the new file it swaps in, or DuckLake's new
data and delete files and the catalog's growth; all the night's writes are what its process sent to
storage (/proc/self/io: the warehouse, the Parquet lake and staging, GX results and Data Docs; not the
Prefect server's own database).
"""

import shutil
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


def _two_nights(tmp: Path, folder: Path, extra: list[Path], name: str, warehouse: str) -> dict:
    """The full load, then the +1% night, of one backend; what each cost."""
    data_dir = tmp / name
    warehouse = warehouse.replace("CATALOG", str(tmp / f"{name}.sqlite"))
    child = ("-m", "bench.end_to_end", "--vnews", str(folder), str(data_dir), "thread", "rules-only", warehouse)
    full, full_wall = run_child(*child)
    for path in extra:
        shutil.copy(path, folder / path.name)
    before = _warehouse_files(data_dir, warehouse)
    night, night_wall = run_child(*child)
    after = _warehouse_files(data_dir, warehouse)
    for path in extra:
        (folder / path.name).unlink()
    return {"full": (full, full_wall), "night": (night, night_wall), "size": sum(before.values()),
            "warehouse_written": _written_to_warehouse(before, after, warehouse)}


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    catalog = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    with ExitStack() as stack:
        lake = ("ducklake:sqlite:CATALOG" if catalog == "sqlite"
                else "ducklake:postgres:" + stack.enter_context(postgres_server()))
        _compare(n_articles, lake)


def _compare(n_articles: int, lake: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder, extra_dir = tmp / "input", tmp / "extra"
        write_corpus(generate(n_articles + max(1, n_articles // 100)), folder)
        extra_dir.mkdir()
        for path in sorted(folder.glob("*.txt"))[n_articles:]:
            shutil.move(path, extra_dir / path.name)
        extra = sorted(extra_dir.glob("*.txt"))
        results = {"DuckDB file": _two_nights(tmp, folder, extra, "file", "duckdb"),
                   "DuckLake": _two_nights(tmp, folder, extra, "lake", lake)}
    print(f"\n{n_articles:,} articles, then {len(extra):,} more (rules-only tagger; DuckLake catalog "
          f"{lake.split(':')[1]})\n")
    print("| backend | full load s | warehouse MB | +1% night s | night's writes to the warehouse MB (/ size) "
          "| all the night's writes MB (/ size) |\n|---|---|---|---|---|---|")
    for name, r in results.items():
        (full, full_wall), (night, night_wall) = r["full"], r["night"]
        print(f"| {name} | {full_wall:.1f} | {r['size'] / 1e6:.0f} | {night_wall:.1f} "
              f"| {r['warehouse_written'] / 1e6:.1f} ({r['warehouse_written'] / r['size']:.3f}) "
              f"| {night['written_bytes'] / 1e6:.1f} ({night['written_bytes'] / r['size']:.3f}) |")
    file_night, lake_night = results["DuckDB file"]["night"][1], results["DuckLake"]["night"][1]
    print(f"\n+1% night, DuckLake / file: wall {lake_night / file_night:.2f}")
    for name, r in results.items():
        print(f"\n{name} night stages (s): " + ", ".join(f"{k} {v}" for k, v in r["night"][0]["stage_seconds"].items()))


if __name__ == "__main__":
    main()
