"""Titles, publication dates and stories on a generated corpus with known truth (tests/news_events.py).

Usage: uv run python -m bench.articles [N_EVENTS] [SEED] [NIGHTS]      (defaults 1000, 11, 4)

The articles arrive over NIGHTS nights in order of publication day (each night a fresh `vnews run`
process), so stories are matched incrementally; one more run loads everything at once into
another data directory, and the two must give the same stories. Scored against the truth:
titles where the text has a headline line, publication days per place the date came from,
story pairs (precision, recall) and the hard negatives merged (events of the same kind told apart
only by a day, a place or a figure).
"""

import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb

from tests.news_events import Truth, generate, write_corpus


def _run(input_dir: Path, data_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "vnews"), "run", "--input", str(input_dir), "--data-dir", str(data_dir)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _arrive_by_night(truth: Truth, corpus: Path, input_dir: Path, data_dir: Path, nights: int) -> list[float]:
    """Move the articles (and sidecars) into the input folder night by night, in order of publication."""
    order = sorted(truth.articles, key=lambda a: (a.published, a.path))
    walls = []
    for night in range(nights):
        for article in order[night * len(order) // nights : (night + 1) * len(order) // nights]:
            for source in (corpus / article.path, (corpus / article.path).with_suffix(".meta.json")):
                if source.exists():
                    target = input_dir / source.relative_to(corpus)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
        walls.append(_run(input_dir, data_dir))
    return walls


def _rows(data_dir: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def score(truth: Truth, input_dir: Path, data_dir: Path) -> dict[str, str]:
    publications = {
        Path(path).relative_to(input_dir).as_posix(): (doc_id, title, day, source)
        for path, doc_id, title, day, source in _rows(
            data_dir,
            """
        select source_path, doc_id, title, published_day, published_at_source from publications""",
        )
    }
    story_of = dict(_rows(data_dir, "select doc_id, story_id from document_stories"))
    titled = [a for a in truth.articles if a.title]
    title_ok = sum(publications[a.path][1] == a.title for a in titled)
    out = {"titles from a headline line, exact": f"{title_ok / len(titled):.3f} ({title_ok}/{len(titled)})"}
    for way in ("sidecar", "path", "text", "none"):
        those = [a for a in truth.articles if a.date_from == way]
        right = sum(publications[a.path][2] == (a.published if way != "none" else None) for a in those)
        out[f"publication day, given by {way}"] = f"{right / len(those):.3f} ({right}/{len(those)})"
    event_of = {publications[a.path][0]: a.event_id for a in truth.articles}
    tp = fp = fn = merged_negatives = 0
    for a, b in itertools.combinations(sorted(event_of), 2):
        same_story, same_event = story_of[a] == story_of[b], event_of[a] == event_of[b]
        tp, fp, fn = (
            tp + (same_story and same_event),
            fp + (same_story and not same_event),
            fn + (same_event and not same_story),
        )
        merged_negatives += same_story and tuple(sorted((event_of[a], event_of[b]))) in truth.hard_negative_pairs
    out["story pairs: precision"] = f"{tp / max(tp + fp, 1):.3f} ({tp}/{tp + fp})"
    out["story pairs: recall"] = f"{tp / max(tp + fn, 1):.3f} ({tp}/{tp + fn})"
    hard = sum(
        1
        for a, b in itertools.combinations(sorted(event_of), 2)
        if tuple(sorted((event_of[a], event_of[b]))) in truth.hard_negative_pairs
    )
    out["hard-negative pairs merged"] = f"{merged_negatives} of {hard}"
    by_event = defaultdict(set)
    for doc_id, event in event_of.items():
        by_event[event].add(story_of[doc_id])
    out["events / stories found"] = f"{len(by_event)} / {len(set(story_of.values()))}"
    return out


def main() -> None:
    n_events = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    nights = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    truth = generate(n_events, seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, nightly_input, once_input = Path(tmp) / "corpus", Path(tmp) / "nightly", Path(tmp) / "once"
        write_corpus(truth, corpus)
        walls = _arrive_by_night(truth, corpus, nightly_input, Path(tmp) / "nightly-data", nights)
        shutil.copytree(corpus, once_input)
        once_wall = _run(once_input, Path(tmp) / "once-data")
        same = sorted(_rows(Path(tmp) / "nightly-data", "select doc_id, story_id from document_stories")) == sorted(
            _rows(Path(tmp) / "once-data", "select doc_id, story_id from document_stories")
        )
        scores = score(truth, nightly_input, Path(tmp) / "nightly-data")
    print(f"\n{len(truth.articles):,} articles, {n_events:,} events (seed {seed}), {nights} nights\n")
    print("| measure | value |\n|---|---|")
    for name, value in scores.items():
        print(f"| {name} | {value} |")
    print(f"| stories by night = stories in one run | {same} |")
    print(f"| wall s per night | {', '.join(f'{w:.1f}' for w in walls)} (one run over all: {once_wall:.1f}) |")


if __name__ == "__main__":
    main()
