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
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
from rensa import RMinHash

MIN_TOKENS = 6
MAX_DIFF_TOKENS = 3
NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs with word-bigram Jaccard 0.6 become candidates with p ≈ 0.89, 0.7 with p ≈ 0.99
ROWS = NUM_PERM // BANDS
SEED = 20260101
LEADING_MARKERS = ("truoc do", "theo do", "sau do", "ben canh do", "ngoai ra", "dong thoi", "trong khi do",
                   "cung theo", "tuy nhien", "do do", "vi vay")
_TOKEN = re.compile(r"\w+(?:[/.,:-]\w+)*")
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)


@dataclass(frozen=True)
class Token:
    folded: str  # lowercase, no tone or vowel marks, đ -> d
    is_name: bool  # capitalized; at the start of a sentence this may be a name or not, so it counts as one
    has_digit: bool


def _fold_table() -> dict[int, str]:
    """Each Latin letter with marks -> its bare letter (one character for one, so offsets keep)."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if len(bare) == 1 and bare != chr(code):
            table[code] = bare.lower()
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lowercase, without tone or vowel marks: "Ngoại" and "ngoai" fold alike."""
    return text.translate(_FOLD).lower()


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> tuple[Token, ...]:
    """Word tokens without a leading discourse marker; numbers like 22/6 and 1.550 stay whole."""
    words = _TOKEN.findall(text)
    folded = fold(" ".join(words)).split(" ")
    start = 0
    for marker in LEADING_MARKERS:
        n = marker.count(" ") + 1
        if " ".join(folded[:n]) == marker:
            start = n
            break
    return tuple(Token(folded[i], words[i][0].isupper(), any(c.isdigit() for c in words[i]))
                 for i in range(start, len(words)))


@lru_cache(maxsize=1 << 17)
def _profile(text: str) -> tuple[Counter, frozenset[str], frozenset[str], int]:
    """(folded word counts, distinct words, words that carry facts: names and numbers, word count)."""
    words = tokens(text)
    counts = Counter(t.folded for t in words)
    return counts, frozenset(counts), frozenset(t.folded for t in words if t.is_name or t.has_digit), len(words)


def is_near_duplicate(a: str, b: str) -> bool:
    """Verify a candidate pair by the rules in the module docstring."""
    counts_a, distinct_a, facts_a, length_a = _profile(a)
    counts_b, distinct_b, facts_b, length_b = _profile(b)
    if min(length_a, length_b) < MIN_TOKENS or abs(length_a - length_b) > MAX_DIFF_TOKENS:
        return False
    if len(distinct_a ^ distinct_b) > MAX_DIFF_TOKENS:  # a cheap lower bound of the difference below
        return False
    only_a, only_b = counts_a - counts_b, counts_b - counts_a
    if sum(only_a.values()) + sum(only_b.values()) > MAX_DIFF_TOKENS:
        return False
    return not (facts_a & only_a.keys() or facts_b & only_b.keys())


def band_keys(texts: list[str]) -> np.ndarray:
    """LSH band keys, shape (len(texts), BANDS): equal keys in any band make a candidate pair."""
    signatures = np.zeros((len(texts), NUM_PERM), dtype=np.uint64)
    for i, text in enumerate(texts):
        words = [t.folded for t in tokens(text)]
        minhash = RMinHash(num_perm=NUM_PERM, seed=SEED)
        minhash.update([f"{x} {y}" for x, y in zip(words, words[1:])] or words)
        signatures[i] = minhash.digest()
    with np.errstate(over="ignore"):
        return (signatures.reshape(len(texts), BANDS, ROWS) * _MIX[:ROWS]).sum(axis=2, dtype=np.uint64)


def eligible(text: str) -> bool:
    return len(tokens(text)) >= MIN_TOKENS


def candidate_buckets(ids: list[str], keys: np.ndarray) -> list[list[str]]:
    """Groups of ids sharing a band key: every pair inside one is a candidate pair."""
    buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
    for sentence_id, band_row in zip(ids, keys.tolist()):
        for band, key in enumerate(band_row):
            buckets[(band, key)].append(sentence_id)
    return [bucket for bucket in buckets.values() if len(bucket) > 1]


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the root is always the smallest id


def assign_groups(new_ids: list[str], buckets: list[list[str]], text_of: dict[str, str],
                  old_groups: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Verify the candidate pairs of each bucket and join them into groups.

    `buckets` hold new sentences, and old ones they share a band key with; `text_of` has
    every sentence in them; `old_groups` maps each old sentence to its current group id
    (the smallest id of its group). A pair already in one group is not verified again,
    nor a pair that already failed: neither can change the groups, which are the
    connected components of the verified pairs whatever the order of checks.
    Returns (new sentence -> group id, old group id -> its new group id, where changed).
    """
    union = UnionFind()
    for sentence_id in new_ids:
        union.find(sentence_id)
    failed: set[tuple[str, str]] = set()
    for bucket in buckets:
        for a, b in combinations(bucket, 2):
            if union.find(old_groups.get(a, a)) == union.find(old_groups.get(b, b)) or (a, b) in failed:
                continue
            if is_near_duplicate(text_of[a], text_of[b]):
                union.union(old_groups.get(a, a), old_groups.get(b, b))
            else:
                failed.add((a, b))
                failed.add((b, a))
    groups = {sentence_id: union.find(sentence_id) for sentence_id in new_ids}
    relabels = {g: union.find(g) for g in set(old_groups.values()) if union.find(g) != g}
    return groups, relabels
