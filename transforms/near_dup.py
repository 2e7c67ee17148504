"""Near-duplicate sentences: MinHash/LSH candidates (rensa), verified by rules, joined into groups.

Two sentences are near duplicates when, compared without case, tone marks or
punctuation and without a leading "Trước đó," / "Theo đó,", they differ in at most
MAX_DIFF_TOKENS words, and none of those words is a number, a date or a name: a
changed figure or name states a different fact. Sentences shorter than
MIN_TOKENS words are only ever exact-matched.

A group's id is the smallest sentence_id in it, so grouping is order-free: two
nightly runs give the same groups as one run over both nights' files.
"""

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, combinations

import numpy as np
import pyarrow as pa
from rensa import RMinHash

from transforms.normalize import fold

MIN_TOKENS = 6
MAX_DIFF_TOKENS = 3
NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs with word-bigram Jaccard 0.6 become candidates with p ≈ 0.89, 0.7 with p ≈ 0.99
ROWS = NUM_PERM // BANDS
SEED = 20260101
LEADING_MARKERS = (
    "truoc do",
    "theo do",
    "sau do",
    "ben canh do",
    "ngoai ra",
    "dong thoi",
    "trong khi do",
    "cung theo",
    "tuy nhien",
    "do do",
    "vi vay",
)
_TOKEN = re.compile(r"\w+(?:[/.,:-]\w+)*")
_MARKERS = [marker.split(" ") for marker in LEADING_MARKERS]
_MARKER_FIRST_WORDS = {marker[0] for marker in _MARKERS}
_DIGEST_CHUNK = 20_000  # sentences per MinHash call: bounds the Python lists rensa returns
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)


_FOLDED: dict[str, str] = {}
_FOLD_CACHE_SIZE = 1 << 17


def folded_words(text: str) -> list[str]:
    """Folded word tokens without a leading discourse marker; numbers like 22/6 and 1.550 stay whole."""
    return _words(text)[1]


def _words(text: str) -> tuple[list[str], list[str]]:
    """(word tokens, the same folded), without a leading discourse marker."""
    words = _TOKEN.findall(text)
    folded = _fold_words(words)
    if folded and folded[0] in _MARKER_FIRST_WORDS:
        for marker in _MARKERS:
            if folded[: len(marker)] == marker:
                return words[len(marker) :], folded[len(marker) :]
    return words, folded


def _fold_words(words: list[str]) -> list[str]:
    """`fold` of each word, through a cache of the words seen so far (cleared when it grows past _FOLD_CACHE_SIZE)."""
    try:
        return [_FOLDED[word] for word in words]
    except KeyError:
        if len(_FOLDED) > _FOLD_CACHE_SIZE:
            _FOLDED.clear()
        for word in words:
            if word not in _FOLDED:
                _FOLDED[word] = fold(word)
        return [_FOLDED[word] for word in words]


def _states_a_fact(differing: Counter, folded: Sequence[str], words: list[str]) -> bool:
    """True when a differing word is a number or a name (capitalized, even where a sentence starts)."""
    return any(w[0].isupper() or any(c.isdigit() for c in w) for f, w in zip(folded, words) if f in differing)


def is_near_duplicate(a: str, b: str) -> bool:
    """Verify a candidate pair by the rules in the module docstring."""
    return _verify(a, b, folded_words(a), folded_words(b))


def _verify(a: str, b: str, folded_a: Sequence[str], folded_b: Sequence[str]) -> bool:
    """`is_near_duplicate` given both texts' folded words; the cheap tests come first."""
    if min(len(folded_a), len(folded_b)) < MIN_TOKENS or abs(len(folded_a) - len(folded_b)) > MAX_DIFF_TOKENS:
        return False
    if len(set(folded_a) ^ set(folded_b)) > MAX_DIFF_TOKENS:  # a lower bound of the difference below
        return False
    counts_a, counts_b = Counter(folded_a), Counter(folded_b)
    only_a, only_b = counts_a - counts_b, counts_b - counts_a
    if sum(only_a.values()) + sum(only_b.values()) > MAX_DIFF_TOKENS:
        return False
    return not (_states_a_fact(only_a, folded_a, _words(a)[0]) or _states_a_fact(only_b, folded_b, _words(b)[0]))


def eligible_band_keys(texts: dict[str, str]) -> tuple[list[str], np.ndarray, dict[str, tuple[str, ...]]]:
    """(ids of the texts long enough to match, sorted; their LSH band keys, shape (n, BANDS); their folded words).

    Equal keys in any band make a candidate pair. Each text is tokenized once, a chunk at a time;
    the folded words are kept for verifying candidate pairs (`assign_groups`).
    """
    ids, folded, key_chunks = [], {}, []
    order = sorted(texts)
    for start in range(0, len(order), _DIGEST_CHUNK):
        chunk = [(i, tuple(folded_words(texts[i]))) for i in order[start : start + _DIGEST_CHUNK]]
        chunk = [(i, words) for i, words in chunk if len(words) >= MIN_TOKENS]
        ids += [i for i, _ in chunk]
        folded.update(chunk)
        key_chunks.append(_band_keys([words for _, words in chunk]))
    return ids, np.concatenate(key_chunks) if key_chunks else np.zeros((0, BANDS), np.uint64), folded


def _band_keys(word_lists: list[tuple[str, ...]]) -> np.ndarray:
    if not word_lists:
        return np.zeros((0, BANDS), np.uint64)
    shingles = [list(map(" ".join, zip(words, words[1:]))) for words in word_lists]  # word bigrams
    digests = RMinHash.digest_matrix_from_token_sets(shingles, NUM_PERM, SEED).to_rows()
    signatures = np.array(digests, dtype=np.uint64).reshape(len(word_lists), BANDS, ROWS)
    with np.errstate(over="ignore"):
        return (signatures * _MIX[:ROWS]).sum(axis=2, dtype=np.uint64)


def candidate_buckets(ids: list[str], keys: np.ndarray) -> Iterator[list[str]]:
    """Groups of ids sharing a band key: every pair inside one is a candidate pair."""
    for band in range(keys.shape[1] if len(ids) else 0):
        order = np.argsort(keys[:, band], kind="stable")
        column = keys[order, band]
        starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
        ends = np.r_[starts[1:], len(column)]
        for start, end in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist()):
            yield [ids[i] for i in order[start:end].tolist()]


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the root is always the smallest id


def assign_groups(
    new_ids: list[str],
    buckets: Iterable[list[str]],
    text_of: dict[str, str],
    old_groups: dict[str, str],
    folded: dict[str, tuple[str, ...]] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Verify the candidate pairs of each bucket and join them into groups.

    `buckets` hold new sentences, and old ones they share a band key with; `text_of` has
    every sentence in them; `old_groups` maps each old sentence to its current group id
    (the smallest id of its group); `folded` has the folded words of those already tokenized
    (from `eligible_band_keys`), and gets those of the others. A pair already in one group is not verified again,
    nor a pair that already failed: neither can change the groups, which are the
    connected components of the verified pairs whatever the order of checks.
    Returns (new sentence -> group id, old group id -> its new group id, where changed).
    """
    union = UnionFind()
    for sentence_id in new_ids:
        union.find(sentence_id)
    failed: set[tuple[str, str]] = set()
    folded = {} if folded is None else folded  # each text tokenized once, however many pairs it is in
    for bucket in buckets:
        for a, b in combinations(bucket, 2):
            if (a, b) in failed:
                continue
            group_a, group_b = union.find(old_groups.get(a, a)), union.find(old_groups.get(b, b))
            if group_a == group_b:
                continue
            for sentence_id in (a, b):
                if sentence_id not in folded:
                    folded[sentence_id] = tuple(folded_words(text_of[sentence_id]))
            if _verify(text_of[a], text_of[b], folded[a], folded[b]):
                union.union(group_a, group_b)
            else:
                failed.add((a, b))
                failed.add((b, a))
    groups = {sentence_id: union.find(sentence_id) for sentence_id in new_ids}
    relabels = {g: union.find(g) for g in set(old_groups.values()) if union.find(g) != g}
    return groups, relabels


def band_table(ids: list[str], keys: np.ndarray) -> pa.Table:
    """One row per eligible sentence and band (sentence_id, band, band_key), built from arrays: millions of
    rows at scale. It is the warehouse's band index for the sentences, and what they are matched on."""
    return pa.table(
        {
            "sentence_id": pa.array(ids, pa.string()).take(np.repeat(np.arange(len(ids)), BANDS)),
            "band": np.tile(np.arange(BANDS), len(ids)),
            "band_key": keys.ravel(),
        }
    )


def group_with_history(
    texts: dict[str, str],
    ids: list[str],
    keys: np.ndarray,
    folded: dict[str, tuple[str, ...]],
    history: list[tuple[str, str, str, str]],
) -> tuple[dict[str, str], dict[str, str]]:
    """Groups of new sentences (`texts`), matched against each other and against `history`, the
    (new id, old id, old text, old group) of earlier sentences that share a band key with one of them.

    Returns (group of every new sentence, old group -> the group it merged into).
    """
    old_groups = {old: group for _, old, _, group in history}
    buckets = chain(candidate_buckets(ids, keys), ([new, old] for new, old, _, _ in history))
    text_of = {**{old: text for _, old, text, _ in history}, **texts}
    return assign_groups(list(texts), buckets, text_of, old_groups, folded)
