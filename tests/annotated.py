"""The annotated evaluation sets in data/eval/ and tests/data/: readers and scores, shared by the tests
(quality floors) and the bench (reports)."""

import re
import time
from collections import Counter
from pathlib import Path

from underthesea import sent_tokenize

from transforms.sentences import split_sentences
from vnews.contract import ENTITY_TYPES

EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "eval"
GOLD = EVAL_DIR / "ner_gold.txt"
_MARK = re.compile(r"\[(PER|LOC|ORG|MISC|DATE) ([^\]]+)\]")
_VERSION = re.compile(r"conventions(?:,|:)? (?:version )?(\d+)")


def conventions_version() -> str:
    """The version of data/eval/CONVENTIONS.md, which the rules follow and the gold files name."""
    return _VERSION.search((EVAL_DIR / "CONVENTIONS.md").read_text(encoding="utf-8").splitlines()[0]).group(1)


def read_gold(path: Path = GOLD) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(plain sentence, {(start, end, type)}) per annotated line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    named = _VERSION.search(lines[0]) if lines else None
    if not named or named.group(1) != conventions_version():
        raise ValueError(f"{path} is not annotated under conventions {conventions_version()} (first line: "
                         f"'# conventions: {conventions_version()}')")
    examples = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, cursor = [], set(), 0
        length = 0
        for match in _MARK.finditer(line):
            before = line[cursor:match.start()]
            text.append(before)
            length += len(before)
            spans.add((length, length + len(match.group(2)), match.group(1)))
            text.append(match.group(2))
            length += len(match.group(2))
            cursor = match.end()
        text.append(line[cursor:])
        examples.append(("".join(text), spans))
    return examples


def scores(examples, predict) -> tuple[dict[str, dict[str, float]], float]:
    tp, fp, fn = Counter(), Counter(), Counter()
    start = time.perf_counter()
    for text, gold in examples:
        predicted = predict(text)
        for span in predicted:
            (tp if span in gold else fp)[span[2]] += 1
        for span in gold - predicted:
            fn[span[2]] += 1
    speed = len(examples) / (time.perf_counter() - start)
    table = {}
    for group in (*ENTITY_TYPES, "PER+LOC+ORG", "all"):
        types = {"PER+LOC+ORG": ("PER", "LOC", "ORG"), "all": ENTITY_TYPES}.get(group, (group,))
        t, p, n = (sum(c[x] for x in types) for c in (tp, fp, fn))
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        table[group] = {"precision": precision, "recall": recall,
                        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0, "gold": t + n}
    return table, speed


ANNOTATED = Path(__file__).resolve().parent / "data" / "sentence_boundaries.txt"
MARK = " ‖ "


def read_annotated(path: Path = ANNOTATED) -> list[tuple[str, set[int]]]:
    """(paragraph text, true boundary offsets): a boundary is where a sentence that is not the last one ends."""
    paragraphs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sentences = line.split(MARK)
        boundaries, offset = set(), 0
        for sentence in sentences[:-1]:
            offset += len(sentence)
            boundaries.add(offset)
            offset += 1  # the space the mark replaced
        paragraphs.append((" ".join(sentences), boundaries))
    return paragraphs


def sent_tokenize_boundaries(text: str) -> set[int]:
    ends, cursor = [], 0
    for piece in sent_tokenize(text):
        cursor = text.find(piece, cursor) + len(piece)
        ends.append(cursor)
    return set(ends[:-1])


def vnews_boundaries(text: str) -> set[int]:
    return {s.char_end for s in split_sentences(text)[:-1]}


def score(splitter, paragraphs) -> dict[str, float]:
    true_positives = predicted = actual = 0
    for text, truth in paragraphs:
        found = splitter(text)
        true_positives += len(found & truth)
        predicted += len(found)
        actual += len(truth)
    precision = true_positives / predicted if predicted else 1.0
    recall = true_positives / actual if actual else 1.0
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall or 1)}


AMOUNTS = EVAL_DIR / "amounts.tsv"


def read_amounts(half: str, path: Path = AMOUNTS) -> list[tuple[str, list[tuple[float, str | None, str]]]]:
    """(sentence, [(value, unit, kind)]) per line of the `half` ('tuning': even lines, 'heldout': odd ones)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    examples = []
    for sentence, annotations in (line.split("\t") for line in lines[half == "heldout"::2]):
        gold = []
        for item in annotations.split(" ;; "):
            _, value, unit, kind = item.split("|")
            gold.append((float(value), None if unit == "None" else unit, kind))
        examples.append((sentence, gold))
    return examples


def amount_scores(examples, find) -> dict[str, float]:
    """Precision and recall of (value, unit) pairs, and of (value, unit, kind), over the examples."""
    found = gold = right = right_kind = 0
    for sentence, expected in examples:
        predicted = [(a.value, a.unit, a.kind) for a in find(sentence)]
        found, gold = found + len(predicted), gold + len(expected)
        pairs = Counter((v, u) for v, u, _ in predicted) & Counter((v, u) for v, u, _ in expected)
        right += sum(pairs.values())
        right_kind += sum((Counter(predicted) & Counter(expected)).values())
    return {"amounts": gold, "value_and_unit_recall": right / gold, "value_and_unit_precision": right / max(found, 1),
            "with_kind_recall": right_kind / gold}


QUOTATIONS = EVAL_DIR / "quotations.tsv"


def read_quotations(half: str, path: Path = QUOTATIONS) -> list[tuple[str, list[tuple[str, str, str, bool]]]]:
    """(paragraph, [(text, speaker, cue, is_direct)]) per line of the `half` ('tuning': even lines, 'heldout': odd)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    examples = []
    for paragraph, annotations in (line.split("\t") for line in lines[half == "heldout"::2]):
        gold = [] if annotations == "-" else [tuple(item.split("|")) for item in annotations.split(" ;; ")]
        examples.append((paragraph, [(text, speaker, cue, direct == "1") for text, speaker, cue, direct in gold]))
    return examples


def quotation_scores(examples, find) -> dict[str, float]:
    """Exact-span precision, recall and F1 of the quotation texts; speaker accuracy on the matched ones."""
    found = gold = right = speakers = 0
    for paragraph, expected in examples:
        predicted = {q.text: q for q in find(paragraph)}
        found, gold = found + len(predicted), gold + len(expected)
        for text, speaker, _, _ in expected:
            if text in predicted:
                right += 1
                speakers += (predicted[text].speaker or "").casefold() == speaker.casefold()
    precision, recall = right / max(found, 1), right / max(gold, 1)
    return {"quotations": gold, "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / max(precision + recall, 1e-9), "speaker_accuracy": speakers / max(right, 1)}
