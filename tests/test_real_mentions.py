"""data/eval/real_mentions.tsv (issue 30): the gold parses, its offsets and types are sound, its halves are disjoint by
article, and it refers only to real articles it may use. The text checks read the scraper mirror and skip without it."""

from collections import Counter, defaultdict

import pytest

from tests.annotated import REAL_MENTIONS_MORE, SCRAPER_MIRROR, read_real_table, real_articles, real_split
from vnews.contract import ENTITY_TYPES

SENTENCES, MENTIONS = read_real_table()
CATEGORIES = {
    "thoi-su",
    "the-gioi",
    "kinh-te",
    "xa-hoi",
    "phap-luat",
    "the-thao",
    "giai-tri",
    "van-hoa",
    "giao-duc",
    "suc-khoe",
    "cong-nghe",
    "xe",
}


def test_size_categories_and_types():
    assert len(SENTENCES) >= 400
    per_category = Counter(category for _, category, _, _, _ in SENTENCES)
    assert set(per_category) == CATEGORIES
    assert min(per_category.values()) >= 25, per_category
    assert {split for _, _, split, _, _ in SENTENCES} == {"tuning", "heldout"}
    assert {t for *_, t in MENTIONS} <= set(ENTITY_TYPES)
    assert all(0 <= start < end for _, _, _, start, end in SENTENCES)
    assert all(0 <= start < end for _, start, end, _ in MENTIONS)


def test_every_mention_lies_inside_one_listed_sentence_and_none_overlap():
    sentences = defaultdict(list)
    for file_id, _, _, start, end in SENTENCES:
        sentences[file_id].append((start, end))
    for spans in sentences.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "sentences of one article overlap"
    for file_id, start, end, _ in MENTIONS:
        assert sum(a <= start and end <= b for a, b in sentences[file_id]) == 1, (file_id, start, end)
    assert len(MENTIONS) == len({(f, s, e) for f, s, e, _ in MENTIONS}), "a span is listed twice"
    by_article = defaultdict(list)
    for file_id, start, end, _ in MENTIONS:
        by_article[file_id].append((start, end))
    for spans in by_article.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "mentions overlap"


def test_halves_are_disjoint_by_article_and_follow_the_hash():
    halves = defaultdict(set)
    categories = defaultdict(set)
    for file_id, category, split, _, _ in SENTENCES:
        halves[file_id].add(split)
        categories[file_id].add(category)
    assert all(len(s) == 1 for s in halves.values()), "an article is in both halves"
    assert all(len(c) == 1 for c in categories.values()), "an article has two categories"
    assert all(real_split(file_id) == split.pop() for file_id, split in halves.items())
    heldout = sum(split == "heldout" for _, _, split, _, _ in SENTENCES)
    assert 0.4 <= heldout / len(SENTENCES) <= 0.6


def test_only_ids_it_may_use():
    ids = {file_id for file_id, *_ in SENTENCES} | {file_id for file_id, *_ in MENTIONS}
    assert all(file_id >= 22000000 for file_id in ids), "ids below 22000000 are kept for outside checks"
    assert not any(22189231 <= file_id <= 22238390 for file_id in ids), "the /tmp/real1000 ids are a separate check"
    assert not any(23000000 <= file_id <= 23999999 for file_id in ids)


@pytest.mark.skipif(
    not SCRAPER_MIRROR.exists(),
    reason=f"the scraper mirror {SCRAPER_MIRROR} is absent: the real "
    "articles' text is read from it (set VNEWS_SCRAPER_MIRROR)",
)
def test_sentences_and_mentions_in_the_mirror_text():
    texts = real_articles({file_id for file_id, *_ in SENTENCES})
    for file_id, _, _, start, end in SENTENCES:
        sentence = texts[file_id][start:end]
        assert end <= len(texts[file_id]) and "\n" not in sentence, (file_id, start)
        assert sentence == sentence.strip() and sentence[-1] in ".!?…\"”'", (file_id, start)
    for file_id, start, end, _ in MENTIONS:
        mention = texts[file_id][start:end]
        assert mention == mention.strip() and mention[0] not in "“\"'(,." and mention[-1] not in "”\"',;:(", (
            file_id,
            start,
            mention,
        )


def test_the_second_tuning_set_is_sound_and_disjoint_from_the_first():
    sentences, mentions = read_real_table(REAL_MENTIONS_MORE)
    ids = {file_id for file_id, *_ in sentences}
    assert len(sentences) >= 200 and len(ids) >= 20 and len(mentions) >= 300
    assert all(split == "tuning" == real_split(file_id) for file_id, _, split, _, _ in sentences)
    assert all(category in CATEGORIES for _, category, _, _, _ in sentences)
    assert not ids & {file_id for file_id, *_ in SENTENCES}, "an article is in both sets"
    assert all(file_id >= 22000000 and not 22189231 <= file_id <= 22238390 for file_id in ids)
    assert not any(23000000 <= file_id <= 23999999 for file_id in ids)
    spans = defaultdict(list)
    for file_id, _, _, start, end in sentences:
        spans[file_id].append((start, end))
    for file_id, start, end, type_ in mentions:
        assert type_ in ENTITY_TYPES and sum(a <= start and end <= b for a, b in spans[file_id]) == 1
