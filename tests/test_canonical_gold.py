"""The canonical-entity gold (data/eval/real_canonical.tsv, issue 30) parses and points inside its articles.

Fast: reads the gold's articles from the local mirror of github magizbox/scraper (never from this repository);
skipped when that mirror is absent.
"""

import re
from collections import defaultdict
from pathlib import Path

import pytest

from bench.eval_canonical import GOLD, MIRROR, article_text, read_gold

CHECK_SET = range(22189231, 22238391)  # a separate check set: never annotated here
OTHERS = range(23000000, 24000000)  # annotated elsewhere


def test_gold_header_names_its_conventions():
    first = GOLD.read_text(encoding="utf-8").splitlines()[0]
    assert re.match(r"# conventions: 2; canonical entities 1\b", first), first


def test_gold_is_large_and_well_formed():
    rows = read_gold()
    assert len(rows) >= 300
    ids = {row[0] for row in rows}
    assert len(ids) >= 100
    for file_id, start, end, kind, cluster in rows:
        assert file_id.isdigit() and int(file_id) >= 22000000, file_id
        assert int(file_id) not in CHECK_SET and int(file_id) not in OTHERS, file_id
        assert 0 <= start < end, (file_id, start, end)
        assert kind in ("PER", "LOC", "ORG", "MISC"), kind
        assert re.fullmatch(r"e\d{3,}", cluster), cluster
    assert len(rows) == len({row[:3] for row in rows}), "a mention is listed twice"
    types = defaultdict(set)
    for *_, kind, cluster in rows:
        types[cluster].add(kind)
    assert all(len(kinds) == 1 for kinds in types.values()), "one type per entity"
    by_file = defaultdict(list)
    for file_id, start, end, *_ in rows:
        by_file[file_id].append((start, end))
    for file_id, spans in by_file.items():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), f"overlapping mentions in {file_id}"


@pytest.mark.skipif(
    not Path(MIRROR).exists(),
    reason=f"mirror of magizbox/scraper absent ({MIRROR}); set VNEWS_SCRAPER_MIRROR to its git directory",
)
def test_gold_offsets_fall_on_words_inside_their_articles():
    by_file = defaultdict(list)
    for file_id, start, end, *_ in read_gold():
        by_file[file_id].append((start, end))
    for file_id, spans in by_file.items():
        text = article_text(file_id)
        for start, end in spans:
            assert end <= len(text), (file_id, start, end, len(text))
            surface = text[start:end]
            assert surface == surface.strip() and surface[0].isalnum(), (file_id, start, end)
            assert start == 0 or not text[start - 1].isalnum(), (file_id, start)
            assert end == len(text) or not text[end].isalnum(), (file_id, end)
