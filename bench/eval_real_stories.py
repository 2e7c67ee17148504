"""Stories on real headlines: `vnews run`'s story_id against labelled pairs of records, per half.

Usage: uv run python -m bench.eval_real_stories [tuning|heldout|both]   (default both; one `vnews run` either way)
       uv run python -m bench.eval_real_stories tuning --errors   (the tuning half's wrong pairs, titles printed)

Gold: data/eval/real_story_pairs.tsv (conventions in data/eval/STORIES.md): 440 pairs of records of the RSS
aggregator github mnngoisaoxanh/tintuchangngay, from 30 development days (ten days in ten months, each with the day
before and after), labelled same_event, same_thread or unrelated, split in halves by a hash of the pair's ids
before labelling. The file holds ids only (day, index in the day's JSON array, a short sha1 of the record's link).
Each day the gold names is rebuilt from the mirror's history (`bench.headlines_year.day_export`, days up to
2026-08-16 only; the files at the mirror's head are never opened) into a temporary input folder, and loaded by one
`vnews run --input TMP --data-dir TMP2` (a fresh process on a fresh data directory, as users run it; a `.json`
export's record becomes source path `<export path>#<index from 0>`). Each gold record is mapped to its doc_id
(source_files) and story_id (document_stories).

Per half: pairwise precision / recall / F1 of "one story" against same_event (precision over the gold pairs only,
whose mix was drawn to make every label frequent: it is not the precision over all pairs of a day), the share of
same_thread pairs merged into one story (a recap alone never merges two stories: 0 is right), and the unrelated
pairs merged. Then same_event recall by outlets and days apart. Then threads: pairwise precision / recall / F1 of
"one thread" against same_event or same_thread (a story is in its thread), with the unrelated pairs threaded. Tune
on the tuning half only.
"""

import csv
import hashlib
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.eval_canonical import run_vnews
from bench.headlines_year import LAST_DAY, MIRROR, day_export

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "data" / "eval" / "real_story_pairs.tsv"
SPLITS = ("tuning", "heldout")
LABELS = ("same_event", "same_thread", "unrelated")
COLUMNS = (
    "split",
    "day_a",
    "index_a",
    "link_sha_a",
    "day_b",
    "index_b",
    "link_sha_b",
    "outlets",
    "gap_days",
    "drawn",
    "label",
    "hard",
)


def read_gold(path: Path = GOLD) -> list[dict]:
    """The gold pairs, one dict per row (indices and gap_days as int)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        for key in ("index_a", "index_b", "gap_days", "hard"):
            row[key] = int(row[key])
    return rows


def link_sha(link: str) -> str:
    return hashlib.sha1(link.encode("utf-8")).hexdigest()[:12]


def write_days(rows: list[dict], folder: Path) -> dict[str, list[dict]]:
    """Each day the gold names, as last written in the mirror's history, into `folder` as `<day>.json`; the parsed
    records per day. Stops if a gold record is not the one the gold's link hash names."""
    days = sorted({row["day_a"] for row in rows} | {row["day_b"] for row in rows})
    if days[-1] > LAST_DAY:
        raise SystemExit(f"the gold names {days[-1]}, after {LAST_DAY}: those days are kept for outside checks")
    records = {}
    for day in days:
        raw = day_export(day)
        (folder / f"{day}.json").write_bytes(raw)
        records[day] = json.loads(raw)
    for row in rows:
        for side in "ab":
            day, index = row[f"day_{side}"], row[f"index_{side}"]
            if index >= len(records[day]) or link_sha(records[day][index].get("link", "")) != row[f"link_sha_{side}"]:
                raise SystemExit(f"{day} #{index} is not the record the gold names (its link hash differs)")
    return records


def stories_of_records(data_dir: Path) -> tuple[dict[tuple[str, int], tuple[str, str | None]], bool]:
    """{(day, index): (doc_id, story_id)} for every record the run loaded, and whether document_stories has a
    thread_id yet (then story_id is (story_id, thread_id))."""
    import duckdb

    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    columns = {row[0] for row in con.execute("describe document_stories").fetchall()}
    threads = "thread_id" in columns
    rows = con.execute(f"""
        select sf.source_path, sf.doc_id, ds.story_id{", ds.thread_id" if threads else ""}
        from source_files as sf left join document_stories as ds using (doc_id)
        where sf.doc_id is not null""").fetchall()
    con.close()
    found = {}
    for source_path, doc_id, story_id, *thread in rows:
        name, _, number = source_path.rpartition("#")
        if not number.isdigit() or not name.endswith(".json"):
            continue
        day = Path(name).stem
        found[(day, int(number))] = (doc_id, (story_id, thread[0]) if threads else story_id)
    return found, threads


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "–"


def score(rows: list[dict], found: dict, threads: bool) -> dict:
    """Counts and scores of one half."""
    counts = Counter()
    recall_cells = Counter()
    wrong = []
    for row in rows:
        a, b = found.get((row["day_a"], row["index_a"])), found.get((row["day_b"], row["index_b"]))
        if a is None or b is None or a[1] is None or b[1] is None:
            counts["missing"] += 1
            continue
        story_a, story_b = (a[1][0], b[1][0]) if threads else (a[1], b[1])
        merged = story_a == story_b
        label = row["label"]
        counts[label] += 1
        counts[f"{label} merged"] += merged
        counts[f"{label} same doc"] += a[0] == b[0]
        if threads:
            counts[f"{label} same thread"] += a[1][1] is not None and a[1][1] == b[1][1]
        if label == "same_event":
            cell = (row["outlets"], row["gap_days"])
            recall_cells[cell] += 1
            recall_cells[(*cell, "merged")] += merged
        if merged != (label == "same_event"):
            wrong.append(row)
    return {"counts": counts, "cells": recall_cells, **_scores(counts, "merged", ("same_event",)), "wrong": wrong}


def _scores(counts: Counter, outcome: str, positive: tuple[str, ...]) -> dict:
    """Pairwise precision, recall and F1 of `outcome` ("merged", "same thread") against the `positive` labels."""
    true_positive = sum(counts[f"{label} {outcome}"] for label in positive)
    predicted = sum(counts[f"{label} {outcome}"] for label in LABELS)
    gold = sum(counts[label] for label in positive)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f1": f1}


def print_errors(wrong: list[dict], records: dict[str, list[dict]]) -> None:
    """The half's wrong pairs, one a block: label, ids, and the two titles read from the mirror (printed, never
    written to the repository)."""
    for row in wrong:
        print(f"\n{row['label']} (hard={row['hard']}) {row['outlets']} gap {row['gap_days']}:")
        for side in "ab":
            record = records[row[f"day_{side}"]][row[f"index_{side}"]]
            print(f"  {row[f'day_{side}']}#{row[f'index_{side}']} [{record.get('source')}] {record.get('title')}")


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--errors"]
    which = args[0] if args else "both"
    if which not in (*SPLITS, "both"):
        raise SystemExit(f"usage: python -m bench.eval_real_stories [tuning|heldout|both] [--errors] (not {which!r})")
    if "--errors" in sys.argv and which != "tuning":
        raise SystemExit("--errors lists the tuning half only: python -m bench.eval_real_stories tuning --errors")
    if not MIRROR.exists():
        raise SystemExit(
            f"the aggregator mirror {MIRROR} is absent: data/eval/real_story_pairs.tsv holds ids only and the records "
            "are read from it (set VNEWS_HEADLINES_MIRROR to a bare clone of github mnngoisaoxanh/tintuchangngay)"
        )
    rows = read_gold()
    with tempfile.TemporaryDirectory(prefix="vnews-real-stories-") as tmp:
        feeds = Path(tmp) / "feeds"
        feeds.mkdir()
        records = write_days(rows, feeds)
        n_records = sum(len(day) for day in records.values())
        print(f"vnews run --input <{len(records)} days, {n_records} records>, one run for both halves: ", end="")
        sys.stdout.flush()
        seconds = run_vnews(str(feeds), str(Path(tmp) / "data"))
        print(f"{seconds:.0f} s")
        found, threads = stories_of_records(Path(tmp) / "data")
    results = {split: score([r for r in rows if r["split"] == split], found, threads) for split in SPLITS}
    shown = SPLITS if which == "both" else (which,)
    print(
        "\n| half | pairs scored | same_event pairs | merged (all labels) | precision | recall | F1 "
        "| same_thread merged | unrelated merged | records not found |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for split in shown:
        s, c = results[split], results[split]["counts"]
        merged = sum(c[f"{label} merged"] for label in LABELS)
        print(
            f"| {split} | {sum(c[label] for label in LABELS)} | {c['same_event']} | {merged} | {s['p']:.3f} "
            f"| {s['r']:.3f} | {s['f1']:.3f} | {c['same_thread merged']} / {c['same_thread']} "
            f"({ratio(c['same_thread merged'], c['same_thread'])}) | {c['unrelated merged']} / {c['unrelated']} "
            f"({ratio(c['unrelated merged'], c['unrelated'])}) | {c['missing']} |"
        )
    print("\nsame_event recall by outlets and days apart (merged / pairs):\n")
    print("| half | outlets | gap 0 | gap 1 | gap 2 |\n|---|---|---|---|---|")
    for split in shown:
        cells = results[split]["cells"]
        for outlets in ("same", "across"):
            print(
                f"| {split} | {outlets} | "
                + " | ".join(f"{cells[(outlets, gap, 'merged')]} / {cells[(outlets, gap)]}" for gap in (0, 1, 2))
                + " |"
            )
    if threads:
        print(
            "\nthreads: one thread_id against same_event or same_thread:\n\n| half | threaded (all labels) | precision "
            "| recall | F1 | same_event threaded | same_thread threaded | unrelated threaded |\n"
            "|---|---|---|---|---|---|---|---|"
        )
        for split in shown:
            c = results[split]["counts"]
            t = _scores(c, "same thread", ("same_event", "same_thread"))
            print(
                f"| {split} | {sum(c[f'{label} same thread'] for label in LABELS)} | {t['p']:.3f} | {t['r']:.3f} "
                f"| {t['f1']:.3f} | "
                + " | ".join(
                    f"{c[f'{label} same thread']} / {c[label]} ({ratio(c[f'{label} same thread'], c[label])})"
                    for label in LABELS
                )
                + " |"
            )
    for split in shown:
        c = results[split]["counts"]
        same_doc = ", ".join(f"{label} {c[f'{label} same doc']}" for label in LABELS)
        print(f"\n{split}: pairs whose two records are one document (same body text): {same_doc}")
    if "--errors" in sys.argv:
        print_errors(results["tuning"]["wrong"], records)


if __name__ == "__main__":
    main()
