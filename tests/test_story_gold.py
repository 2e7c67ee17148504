"""The story-pair gold (data/eval/real_story_pairs.tsv, issue 31) is well formed: ids only, labels, halves.

Fast, and needs no mirror: the records themselves are read by bench.eval_real_stories only.
"""

import hashlib
import re
from collections import Counter
from datetime import date

from bench.eval_real_stories import COLUMNS, GOLD, LABELS, SPLITS, read_gold
from bench.headlines_year import LAST_DAY


def test_gold_has_the_id_columns_and_no_text():
    header = GOLD.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert tuple(header) == COLUMNS
    assert not {"title", "summary", "link", "text", "excerpt", "note"} & set(header)
    for line in GOLD.read_text(encoding="utf-8").splitlines()[1:]:
        assert len(line.split("\t")) == len(COLUMNS), line
        assert not re.search(r"https?://|\s{2}", line), line


def test_gold_rows_are_well_formed():
    rows = read_gold()
    assert len(rows) >= 300
    for row in rows:
        assert row["split"] in SPLITS and row["label"] in LABELS, row
        assert row["outlets"] in ("same", "across") and row["drawn"] in ("overlap", "shared", "entity", "random")
        assert row["hard"] in (0, 1)
        day_a, day_b = date.fromisoformat(row["day_a"]), date.fromisoformat(row["day_b"])
        assert max(row["day_a"], row["day_b"]) <= LAST_DAY, row
        assert row["gap_days"] == (day_b - day_a).days and row["gap_days"] in (0, 1, 2), row
        assert (row["day_a"], row["index_a"]) < (row["day_b"], row["index_b"]), row
        assert row["index_a"] >= 0 and row["index_b"] >= 0
        assert re.fullmatch(r"[0-9a-f]{12}", row["link_sha_a"]) and re.fullmatch(r"[0-9a-f]{12}", row["link_sha_b"])
        assert row["link_sha_a"] != row["link_sha_b"], "one article paired with itself"


def test_no_pair_twice_and_halves_by_hash():
    rows = read_gold()
    pairs = [(r["day_a"], r["index_a"], r["day_b"], r["index_b"]) for r in rows]
    assert len(pairs) == len(set(pairs)), "a pair is listed twice"
    for row in rows:
        key = f"{row['day_a']}:{row['index_a']}|{row['day_b']}:{row['index_b']}"
        assert row["split"] == ("tuning" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "heldout"), key
    halves = Counter(r["split"] for r in rows)
    assert abs(halves["tuning"] - halves["heldout"]) <= 0.1 * len(rows), halves


def test_every_label_is_well_represented_in_both_halves():
    rows = read_gold()
    counts = Counter((r["split"], r["label"]) for r in rows)
    for split in SPLITS:
        assert counts[(split, "same_event")] >= 40 and counts[(split, "same_thread")] >= 20, counts
        assert counts[(split, "unrelated")] >= 80, counts
    assert Counter(r["outlets"] for r in rows).most_common()[-1][1] >= 100
    assert min(Counter(r["gap_days"] for r in rows).values()) >= 80


def test_the_second_annotators_labels_name_gold_pairs_and_agree_with_the_gold():
    second = GOLD.with_name("real_story_pairs_second.tsv").read_text(encoding="utf-8").splitlines()
    header, rows = second[0].split("\t"), [dict(zip(second[0].split("\t"), line.split("\t"))) for line in second[1:]]
    assert header == ["day_a", "index_a", "link_sha_a", "day_b", "index_b", "link_sha_b", "label", "hard"]
    gold = {
        (r["day_a"], r["index_a"], r["link_sha_a"], r["day_b"], r["index_b"], r["link_sha_b"]): r for r in read_gold()
    }
    pairs = [
        (r["day_a"], int(r["index_a"]), r["link_sha_a"], r["day_b"], int(r["index_b"]), r["link_sha_b"]) for r in rows
    ]
    assert len(rows) == len(set(pairs)) >= 100 and all(p in gold for p in pairs)
    assert all(r["label"] in LABELS and r["hard"] in ("0", "1") for r in rows)
    agreed = sum(gold[p]["label"] == r["label"] for p, r in zip(pairs, rows))
    assert agreed == 116, agreed  # the number STORIES.md states (of 120)
