"""Near-duplicate sentences: every kind of editorial noise groups, every changed fact does not."""

import random
import shutil

import duckdb
import pytest

from flows.nightly_ingest import nightly_ingest
from tests import corpus
from tests.warehouse_queries import query, snapshot
from transforms import near_dup
from transforms.normalize import LOWER_LETTERS, UPPER_LETTERS, fold
from vnews.defaults import bundled_sample
from vnews.paths import DataPaths
from warehouse.lake import lake_files
from warehouse.schema import create_base_macros

BASE = "Trước đó, Bộ Ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6."
NEAR_DUPLICATES = {
    "slipped tone mark": "Trước đó, Bộ Ngoai giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "typo": "Trước đó, Bộ Ngoại giao Nga cho biêt hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "punctuation": "Trước đó; Bộ Ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6!",
    "case": "trước đó, bộ ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "word inserted": "Trước đó, Bộ Ngoại giao Nga cho biết hai bên cũng đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "word dropped": "Trước đó, Bộ Ngoại giao Nga cho biết hai bên nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "lead dropped": "Bộ Ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "lead changed": "Theo đó, Bộ Ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
}
HARD_NEGATIVES = {
    "date": "Trước đó, Bộ Ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 23/6.",
    "number": "Trước đó, Bộ Ngoại giao Nga cho biết 2 bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "country": "Trước đó, Bộ Ngoại giao Mỹ cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6.",
    "place": "Trước đó, Bộ Ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Vienna ngày 22/6.",
    "year added": "Trước đó, Bộ Ngoại giao Nga cho biết hai bên đã nhất trí nối lại đối thoại về ổn định chiến lược tại Geneva ngày 22/6/2021.",
}


@pytest.mark.parametrize("edit", NEAR_DUPLICATES)
def test_editorial_noise_is_a_near_duplicate(edit):
    assert near_dup.is_near_duplicate(BASE, NEAR_DUPLICATES[edit])
    assert near_dup.is_near_duplicate(NEAR_DUPLICATES[edit], BASE)


@pytest.mark.parametrize("change", HARD_NEGATIVES)
def test_a_changed_fact_is_not_a_near_duplicate(change):
    assert not near_dup.is_near_duplicate(BASE, HARD_NEGATIVES[change])


def test_short_sentences_are_only_exact_matched():
    assert not near_dup.is_near_duplicate("Nga phản đối.", "Nga phản đối!")
    ids, _, _ = near_dup.eligible_band_keys({"short": "Hai bên đã nhất trí.", "long": BASE})
    assert ids == ["long"]


def test_lsh_proposes_every_edit_as_a_candidate():
    texts = [BASE, *NEAR_DUPLICATES.values()]
    ids, keys, _ = near_dup.eligible_band_keys({f"s{i:02d}": text for i, text in enumerate(texts)})
    buckets = list(near_dup.candidate_buckets(ids, keys))
    assert all(any({"s00", i} <= set(bucket) for bucket in buckets) for i in ids[1:])


def test_groups_are_the_smallest_id_and_merge_old_groups():
    # tonight's "b" is a near duplicate of old "x" (group "c") and old "y" (group "a"); "z" of nothing
    texts = {"b": BASE, "x": NEAR_DUPLICATES["typo"], "y": NEAR_DUPLICATES["case"], "z": HARD_NEGATIVES["date"]}
    buckets = [["b", "x"], ["b", "y"], ["b", "z"]]
    groups, relabels = near_dup.assign_groups(["b", "z"], buckets, texts, {"x": "c", "y": "a"})
    assert groups == {"b": "a", "z": "z"}
    assert relabels == {"c": "a"}


@pytest.mark.parametrize("edit", corpus.NEAR_DUPLICATE_EDITS, ids=lambda f: f.__name__)
def test_generator_edits_are_recognized(edit):
    rng = random.Random(3)
    grouped = 0
    for text in corpus.real_sentences()[:200]:
        edited = edit(text, rng)
        if edited and edited != text:
            grouped += near_dup.is_near_duplicate(text, edited)
    assert grouped >= 150


@pytest.mark.slow
def test_two_nights_group_like_one_night_over_both(tmp_path):
    articles = corpus.generate(
        24, seed=11, repeat_rate=0.2, near_dup_rate=0.35, hard_negative_rate=0.1, sentences_per_article=(6, 10)
    )
    first_night, both_nights = tmp_path / "night1", tmp_path / "all"
    corpus.write_corpus(articles[:12], first_night)
    corpus.write_corpus(articles, both_nights)

    incremental = tmp_path / "incremental"
    nightly_ingest(input_dir=str(first_night), data_dir=str(incremental))
    nightly_ingest(input_dir=str(both_nights), data_dir=str(incremental))
    at_once = tmp_path / "at_once"
    nightly_ingest(input_dir=str(both_nights), data_dir=str(at_once))

    groups = "select sentence_id, near_dup_group from sentences order by sentence_id"
    assert query(incremental, groups) == query(at_once, groups)
    [(cross_night,)] = query(
        incremental,
        """
        select count(*) from (select near_dup_group from sentences group by 1 having count(distinct run_id) > 1)""",
    )
    assert cross_night > 0, "the corpus should have near duplicates across the two nights"
    [(multi,)] = query(
        at_once, "select count(*) from (select near_dup_group from sentences group by 1 having count(*) > 1)"
    )
    assert multi > 5


@pytest.mark.slow
def test_a_run_in_batches_of_files_gives_the_same_warehouse_as_one_batch(tmp_path):
    """Each batch is matched against the ones loaded before it: files, sentences, groups and entities alike."""
    folder = tmp_path / "input"
    corpus.write_corpus(
        corpus.generate(
            24, seed=11, repeat_rate=0.2, near_dup_rate=0.35, hard_negative_rate=0.1, sentences_per_article=(6, 10)
        ),
        folder,
    )
    for article in sorted(bundled_sample().glob("*.txt")):
        shutil.copy(article, folder / f"sample_{article.name}")
    shutil.copy(sorted(folder.glob("sample_*"))[0], folder / "zz_same_article_again.txt")

    one_batch, batches = tmp_path / "one", tmp_path / "batches"
    nightly_ingest(input_dir=str(folder), data_dir=str(one_batch))
    summary = nightly_ingest(input_dir=str(folder), data_dir=str(batches), files_per_batch=4)

    assert snapshot(batches, drop=("run_id", "ingested_at")) == snapshot(one_batch, drop=("run_id", "ingested_at"))
    assert summary.files_duplicate == 1 and summary.files_seen == 30
    [(n_batches,)] = query(batches, "select count(distinct batch) from validation_results")
    assert n_batches == 8
    assert len(lake_files(DataPaths(batches), "document_sentences")) == 8


def test_words_kept_from_the_band_keys_verify_like_words_tokenized_again():
    """assign_groups verifies with the numbered words eligible_band_keys kept, or tokenizes afresh: same groups."""
    texts = {
        f"s{i:05d}": o.text
        for i, o in enumerate(
            o for article in corpus.generate(400, seed=5, near_dup_rate=0.3, hard_negative_rate=0.1) for o in article
        )
    }
    ids, keys, folded = near_dup.eligible_band_keys(texts)
    kept, _ = near_dup.assign_groups(list(texts), near_dup.candidate_buckets(ids, keys), texts, {}, folded)
    fresh, _ = near_dup.assign_groups(list(texts), near_dup.candidate_buckets(ids, keys), texts, {})
    assert kept == fresh
    assert len(set(kept.values())) < len(kept) - 100, "the corpus should have near duplicates"


def test_the_python_fold_and_the_sql_fold_macro_give_the_same_letters():
    """transforms.normalize.fold (near-duplicates, search snippets) and the fold() macro (search words) agree on
    every Vietnamese letter, either case, and on the sample's text."""
    ascii_ = "".join(chr(c) for c in range(0x20, 0x7F))
    letters = ascii_ + (UPPER_LETTERS + LOWER_LETTERS).replace("A-Z", "").replace("a-z", "")
    texts = [letters, BASE, *(path.read_text(encoding="utf-8") for path in sorted(bundled_sample().glob("*.txt")))]
    con = duckdb.connect()
    create_base_macros(con)
    assert [con.execute("select fold(?)", [text]).fetchone()[0] for text in texts] == [fold(text) for text in texts]
    assert fold("Đà Nẵng ĐƯỢC Ngoại") == "da nang duoc ngoai"
