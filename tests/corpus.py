"""A deterministic synthetic news corpus with known duplicates, near duplicates and hard negatives.

The pool of real Vietnamese sentences is the bundled sample plus the VLSP-2013 test
file shipped inside the underthesea wheel. Each generated sentence occurrence is
one of: an original pool sentence, an exact repeat, a near-duplicate edit (slipped
tone mark, changed punctuation or case, a word inserted or dropped, a leading
"Trước đó,"), or a hard negative (the same sentence with a number, date or name
changed, i.e. a different fact). The truth is the base each text derives from:
texts with the same base (originals, repeats, edits) belong in one group. Repeats and
edits draw on the last NEWS_CYCLE occurrences, as wire copy repeats within a news cycle.

The pool holds about 2,000 sentences; once the generator has used them all, each new
original is derived (`derive_sentence`): a VLSP sentence, whose words come with
part-of-speech tags, with every noun, verb, adjective, name and number replaced by
another word of the same tag from the VLSP vocabulary, kept only if no earlier
sentence folds to the same text. Such sentences keep Vietnamese news syntax (function
words, punctuation) with nonsense meaning: distinct texts for the tagger that share
little more than unrelated sentences do. So large corpora keep the chosen share of
distinct sentences.
"""

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import underthesea

from transforms.normalize import clean_document_text, fold
from transforms.sentences import split_sentences
from vnews.defaults import bundled_sample

VLSP_TEST = Path(underthesea.__file__).parent / "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
LEADS = ("Trước đó, ", "Theo đó, ")
FILLERS = ("cũng", "đã", "vẫn", "còn", "đều")
NAMES = ("Nga", "Mỹ", "Trung Quốc", "Nhật Bản", "Pháp", "Đức", "Hà Nội", "Washington", "Moskva", "NATO", "EU")
_NO_SPACE_BEFORE = re.compile(r"\s+([,.;:!?…)\]”])")
_NO_SPACE_AFTER = re.compile(r"([(\[“])\s+")
_NUMBER = re.compile(r"\d+")
NEWS_CYCLE = 50_000  # sentence occurrences (about 4,000 articles) a repeat or an edit may draw on
SUBSTITUTED_TAGS = ("N", "V", "A", "Np", "M")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _detokenize(words: list[str]) -> str:
    text = " ".join(words)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def sample_sentences() -> list[str]:
    """The sentences of the bundled sample articles, in order."""
    return [
        s.text
        for p in sorted(bundled_sample().glob("*.txt"))
        for s in split_sentences(clean_document_text(p.read_text(encoding="utf-8")))
    ]


@cache
def real_sentences() -> tuple[str, ...]:
    """Distinct real sentences of at least 8 words: the sample's and VLSP-2013's test set's."""
    pool = sample_sentences() + [_detokenize([word for word, _ in s]) for s in _vlsp_tagged()]
    # VLSP holds near-identical sentences; keep one per opening so the originals are distinct facts.
    by_opening = {}
    for sentence in pool:
        if len(sentence.split()) >= 8 and sentence[0].isupper():
            by_opening.setdefault(tuple(fold(sentence).split()[:8]), sentence)
    return tuple(by_opening.values())


def slip_tone_mark(text: str, rng: random.Random) -> str | None:
    positions = [i for i, c in enumerate(text) if any(m in unicodedata.normalize("NFD", c) for m in _TONE_MARKS)]
    if not positions:
        return None
    i = rng.choice(positions)
    bare = "".join(c for c in unicodedata.normalize("NFD", text[i]) if c not in _TONE_MARKS)
    return text[:i] + unicodedata.normalize("NFC", bare) + text[i + 1 :]


def change_punctuation(text: str, rng: random.Random) -> str | None:
    if "," in text and rng.random() < 0.5:
        return text.replace(",", ";", 1)
    return text.rstrip(".") + ("!" if text.endswith(".") else ".")


def change_case(text: str, rng: random.Random) -> str | None:
    return text[0].lower() + text[1:] if text[0].isupper() else None


def insert_word(text: str, rng: random.Random) -> str | None:
    words = text.split()
    i = rng.randrange(2, len(words))
    return " ".join(words[:i] + [rng.choice(FILLERS)] + words[i:])


def drop_word(text: str, rng: random.Random) -> str | None:
    words = text.split()
    droppable = [i for i in range(1, len(words) - 1) if words[i].islower() and words[i].isalpha()]
    if not droppable:
        return None
    i = rng.choice(droppable)
    return " ".join(words[:i] + words[i + 1 :])


def add_lead(text: str, rng: random.Random) -> str | None:
    return rng.choice(LEADS) + text[0].lower() + text[1:]


def change_number(text: str, rng: random.Random) -> tuple[str, str] | None:
    """(text with one number changed, the new fact)."""
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return None
    m = rng.choice(numbers)
    new = str(int(m.group()) + rng.randint(1, 9))
    return text[: m.start()] + new + text[m.end() :], f"number {m.group()}->{new}"


def change_name(text: str, rng: random.Random) -> tuple[str, str] | None:
    """(text with a capitalized word after the first, a name usually, replaced by another name, the new fact)."""
    words = text.split()
    names = [i for i in range(1, len(words)) if words[i][:1].isupper() and words[i].strip(",.").isalpha()]
    if not names:
        return None
    i = rng.choice(names)
    old = words[i].strip(",.")
    new = rng.choice([n for n in NAMES if n != old])
    words[i] = words[i].replace(old, new)
    return " ".join(words), f"name {old}->{new}"


@cache
def _vlsp_tagged() -> tuple[tuple[tuple[str, str], ...], ...]:
    """VLSP-2013 test sentences as (word, part-of-speech tag) pairs."""
    sentences, words = [], []
    for line in VLSP_TEST.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            word, tag = line.split("\t")[:2]
            words.append((word, tag.removeprefix("B-")))
        elif words:
            sentences.append(tuple(words))
            words = []
    return tuple(sentences)


@cache
def _templates_and_vocabulary() -> tuple[list[tuple[tuple[str, str], ...]], dict[str, list[str]]]:
    templates = [s for s in _vlsp_tagged() if len(s) >= 8 and s[0][0][:1].isupper()]
    vocabulary: dict[str, dict[str, None]] = {tag: {} for tag in SUBSTITUTED_TAGS}
    for sentence in _vlsp_tagged():
        for word, tag in sentence:
            if tag in vocabulary:
                vocabulary[tag][word] = None
    return templates, {tag: list(words) for tag, words in vocabulary.items()}


def derive_sentence(used: set[str], rng: random.Random) -> str:
    """A new distinct sentence: a VLSP sentence with every noun, verb, adjective, name and number
    swapped for another word of the same part of speech."""
    templates, vocabulary = _templates_and_vocabulary()
    while True:
        words = [rng.choice(vocabulary[tag]) if tag in vocabulary else word for word, tag in rng.choice(templates)]
        text = _detokenize(words)
        text = text[0].upper() + text[1:]
        if fold(text) not in used:
            used.add(fold(text))
            return text


NEAR_DUPLICATE_EDITS = (slip_tone_mark, change_punctuation, change_case, insert_word, drop_word, add_lead)
HARD_NEGATIVE_EDITS = (change_number, change_name)


def _recent(items: list, rng: random.Random):
    """One of the last NEWS_CYCLE items: repeats and rewrites draw on recent copy, not all of history."""
    return items[rng.randrange(max(0, len(items) - NEWS_CYCLE), len(items))]


@dataclass(frozen=True)
class Occurrence:
    text: str
    base: str  # the fact it states: the original text it derives from, plus any hard-negative changes
    kind: str  # original | repeat | near_duplicate | hard_negative


def generate(
    n_articles: int,
    seed: int = 7,
    repeat_rate: float = 0.3,
    near_dup_rate: float = 0.1,
    hard_negative_rate: float = 0.05,
    sentences_per_article: tuple[int, int] = (8, 16),
) -> list[list[Occurrence]]:
    """Articles as lists of sentence occurrences, with their truth."""
    rng = random.Random(seed)
    pool = list(real_sentences())
    rng.shuffle(pool)
    unused, used = list(pool), {fold(text) for text in pool}
    seen: list[Occurrence] = []
    unchanged: list[Occurrence] = []  # occurrences stating an original fact
    articles = []
    for _ in range(n_articles):
        article = []
        for _ in range(rng.randint(*sentences_per_article)):
            roll = rng.random()
            if seen and roll < repeat_rate:
                source = _recent(seen, rng)
                occurrence = Occurrence(source.text, source.base, "repeat")
            elif seen and roll < repeat_rate + near_dup_rate:
                source = _recent(seen, rng)
                edited = rng.choice(NEAR_DUPLICATE_EDITS)(source.text, rng)
                occurrence = Occurrence(edited, source.base, "near_duplicate") if edited else source
            elif unchanged and roll < repeat_rate + near_dup_rate + hard_negative_rate:
                source = _recent(unchanged, rng)  # one change of fact per sentence, so truth stays unambiguous
                edited = rng.choice(HARD_NEGATIVE_EDITS)(source.text, rng)
                # the same change made to two variants of one sentence states one (new) fact
                occurrence = (
                    Occurrence(edited[0], f"{source.base} | {edited[1]}", "hard_negative") if edited else source
                )
            else:
                text = unused.pop() if unused else derive_sentence(used, rng)
                occurrence = Occurrence(text, text, "original")
            seen.append(occurrence)
            if " | " not in occurrence.base:
                unchanged.append(occurrence)
            article.append(occurrence)
        articles.append(article)
    return articles


def write_corpus(articles: list[list[Occurrence]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, article in enumerate(articles):
        (folder / f"article_{i:06d}.txt").write_text("\n".join(o.text for o in article) + "\n", encoding="utf-8")
