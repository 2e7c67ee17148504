"""Sentence dedup benchmark: exact-dedup correctness, near-duplicate precision/recall, time and memory.

Usage: uv run python -m bench.near_dup [N_OCCURRENCES]   (default 1,000,000; quality is measured on the first 30,000)
The timed part starts from raw sentence texts: normalization keys and ids, exact dedup, near-dup groups.
Runs vnews's own dedup functions (transforms/dedup.py, transforms/near_dup.py) on a
corpus from tests/corpus.py, on one core, in one process. A child process generates the
corpus, scores quality and writes the texts to an Arrow file; the timed part reads them
from it 50,000 at a time (as the flow reads files in batches), so the peak memory
reported is that of the dedup, its input and its output.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from math import comb
from pathlib import Path

import pyarrow as pa

from tests.corpus import generate
from transforms import near_dup
from transforms.dedup import Occurrence, deduplicate, sentence_id
from transforms.gc_pause import paused_gc
from transforms.normalize import sentence_key

QUALITY_OCCURRENCES = 30_000


def corpus_texts(n_occurrences: int, seed: int = 7) -> tuple[list[tuple[str, int, str]], list]:
    """((document id, position, text) for about n_occurrences sentences, the truth of each)."""
    articles = generate(n_occurrences // 11 + 1, seed=seed, hard_negative_rate=0.1)  # 12 sentences each on average
    texts = [(f"doc{d}", p, item.text) for d, article in enumerate(articles) for p, item in enumerate(article)]
    truth = [item for article in articles for item in article]
    return texts[:n_occurrences], truth[:n_occurrences]


def write_corpus_file(n_occurrences: int, path: str) -> dict:
    """Write the corpus texts as an Arrow file (doc_id, position, text).

    Returns the quality scores on its first occurrences."""
    texts, truth = corpus_texts(n_occurrences)
    scores = quality(
        list(occurrences_of(texts[:QUALITY_OCCURRENCES])),
        [(item.base, item.kind) for item in truth[:QUALITY_OCCURRENCES]],
    )
    doc_ids, positions, sentences = zip(*texts)
    table = pa.table({"doc_id": doc_ids, "position": positions, "text": sentences})
    with pa.ipc.new_file(path, table.schema) as writer:
        writer.write_table(table, max_chunksize=50_000)
    return scores


def corpus_rows(path: Path) -> Iterator[tuple]:
    """The rows of the corpus file as tuples, read and converted a batch of 50,000 at a time."""
    with pa.OSFile(str(path)) as file:
        reader = pa.ipc.open_file(file)
        for i in range(reader.num_record_batches):
            yield from zip(*(column.to_pylist() for column in reader.get_batch(i).columns))


def occurrences_of(rows: Iterable[tuple[str, int, str]]) -> Iterator[Occurrence]:
    """vnews occurrences of (doc_id, position, text) rows.

    Keyed the way the flow keys them (normalization + hashed id)."""
    for doc_id, position, text in rows:
        key = sentence_key(text)
        yield Occurrence(doc_id, position, sentence_id(key), 0, len(text), text, key)


def group_sentences(sentences: list[dict]) -> dict[str, str]:
    """One batch through the same steps as the flow's group_near_duplicates task (no history)."""
    texts = {s["sentence_id"]: s["text"] for s in sentences}
    ids, keys, folded = near_dup.eligible_band_keys(texts)
    buckets = near_dup.candidate_buckets(ids, keys)
    groups, _ = near_dup.assign_groups([s["sentence_id"] for s in sentences], buckets, texts, {}, folded)
    return groups


def pairwise_scores(truth_of: dict[str, str], kind_of: dict[str, str], group_of: dict[str, str]) -> dict[str, float]:
    together = Counter((truth_of[s], group_of[s]) for s in group_of)
    true_pairs = sum(comb(n, 2) for n in Counter(truth_of[s] for s in group_of).values())
    predicted_pairs = sum(comb(n, 2) for n in Counter(group_of.values()).values())
    correct = sum(comb(n, 2) for n in together.values())
    members: dict[str, list[str]] = {}
    for s, g in group_of.items():
        members.setdefault(g, []).append(s)
    hard_negatives_grouped = sum(
        1
        for group in members.values()
        for s in group
        if kind_of[s] == "hard_negative" and any(truth_of[o] != truth_of[s] for o in group)
    )
    return {
        "precision": correct / predicted_pairs if predicted_pairs else 1.0,
        "recall": correct / true_pairs if true_pairs else 1.0,
        "true_pairs": true_pairs,
        "hard_negatives_grouped": hard_negatives_grouped,
        "hard_negatives": sum(k == "hard_negative" for k in kind_of.values()),
    }


def quality(occurrences, truth: list[tuple[str, str]]) -> dict[str, float]:
    """Exact-dedup correctness and pairwise near-dup scores; truth is (base, kind) of each occurrence."""
    document_sentences, sentences = deduplicate(occurrences, known_sentence_ids=set())
    by_key = {}
    for occ, item in zip(occurrences, truth):
        by_key.setdefault(occ.sentence_id, item)
    exact_ok = (
        len(sentences) == len({o.normalized_text for o in occurrences})
        and len(document_sentences) == len(occurrences)
        and document_sentences.column("sentence_id").to_pylist() == [o.sentence_id for o in occurrences]
    )
    groups = group_sentences(sentences)
    scores = pairwise_scores({s: by_key[s][0] for s in groups}, {s: by_key[s][1] for s in groups}, groups)
    return {**scores, "exact_dedup_correct": exact_ok, "distinct": len(sentences)}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.arrow"
        child = [sys.executable, "-m", "bench.near_dup", "--write-corpus", str(n), str(path)]
        q = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        input_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # imports
        start = time.perf_counter()
        with paused_gc():  # as the flow's dedup and near-dup tasks do
            document_sentences, sentences = deduplicate(occurrences_of(corpus_rows(path)), known_sentence_ids=set())
            exact_seconds = time.perf_counter() - start
            groups = group_sentences(sentences)
        total_seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"\nquality on the first {QUALITY_OCCURRENCES:,} occurrences ({q['distinct']:,} distinct sentences, "
        f"{q['true_pairs']:,} true near-duplicate pairs, {q['hard_negatives']:,} hard negatives)\n"
    )
    print("| exact dedup correct | near-dup precision | near-dup recall | hard negatives grouped |\n|---|---|---|---|")
    print(f"| {q['exact_dedup_correct']} | {q['precision']:.4f} | {q['recall']:.4f} | {q['hard_negatives_grouped']} |")
    print(
        f"\nscale: {len(document_sentences):,} occurrences -> {len(sentences):,} distinct, "
        f"{len(set(groups.values())):,} near-dup groups\n"
    )
    print(
        "| occurrences | distinct | exact dedup s (incl. normalize + hash) | exact + near-dup s "
        "| peak RSS MB | of which imports |\n|---|---|---|---|---|---|"
    )
    print(
        f"| {len(document_sentences):,} | {len(sentences):,} | {exact_seconds:.1f} | {total_seconds:.1f} "
        f"| {peak_mb:.0f} | {input_mb:.0f} |"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-corpus"]:
        print(json.dumps(write_corpus_file(int(sys.argv[2]), sys.argv[3])))
    else:
        main()
