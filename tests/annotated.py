"""The annotated evaluation sets in data/eval/ and tests/data/: readers and scores, shared by the tests
(quality floors) and the bench (reports)."""

import hashlib
import os
import re
import subprocess
import time
import unicodedata
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
        raise ValueError(
            f"{path} is not annotated under conventions {conventions_version()} (first line: "
            f"'# conventions: {conventions_version()}')"
        )
    examples = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, cursor = [], set(), 0
        length = 0
        for match in _MARK.finditer(line):
            before = line[cursor : match.start()]
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
        table[group] = {
            "precision": precision,
            "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "gold": t + n,
        }
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
    for sentence, annotations in (line.split("\t") for line in lines[half == "heldout" :: 2]):
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
    return {
        "amounts": gold,
        "value_and_unit_recall": right / gold,
        "value_and_unit_precision": right / max(found, 1),
        "with_kind_recall": right_kind / gold,
    }


QUOTATIONS = EVAL_DIR / "quotations.tsv"


def read_quotations(half: str, path: Path = QUOTATIONS) -> list[tuple[str, list[tuple[str, str, str, bool]]]]:
    """(paragraph, [(text, speaker, cue, is_direct)]) per line of the `half` ('tuning': even lines, 'heldout': odd)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    examples = []
    for paragraph, annotations in (line.split("\t") for line in lines[half == "heldout" :: 2]):
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
    return {
        "quotations": gold,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "speaker_accuracy": speakers / max(right, 1),
    }


REAL_MENTIONS = EVAL_DIR / "real_mentions.tsv"
REAL_MENTIONS_MORE = EVAL_DIR / "real_mentions_more.tsv"  # a second tuning set, annotated after the first was tuned on
# A bare git mirror of github magizbox/scraper; the real articles are read from it, never stored here.
SCRAPER_MIRROR = Path(os.environ.get("VNEWS_SCRAPER_MIRROR", "/work/.mirror/magizbox+scraper/repo/.git"))
REAL_SPLITS = ("tuning", "heldout")


def real_split(file_id: int) -> str:
    """The half an article belongs to, fixed before anything was tuned: odd sha256 of its id is held out."""
    return "heldout" if int(hashlib.sha256(str(file_id).encode()).hexdigest(), 16) % 2 else "tuning"


def read_real_table(
    path: Path = REAL_MENTIONS,
) -> tuple[list[tuple[int, str, str, int, int]], list[tuple[int, int, int, str]]]:
    """The sentence rows (file_id, category, split, start, end) and mention rows (file_id, start, end, type) of
    data/eval/real_mentions.tsv, as stored (offsets into the article's NFC text); no article text is needed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    named = _VERSION.search(lines[0]) if lines else None
    if not named or named.group(1) != conventions_version():
        raise ValueError(f"{path} is not annotated under conventions {conventions_version()}")
    sentences, mentions = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, *fields = line.split("\t")
        if kind == "sentence" and len(fields) == 5:
            file_id, category, split, start, end = fields
            sentences.append((int(file_id), category, split, int(start), int(end)))
        elif kind == "mention" and len(fields) == 4:
            file_id, start, end, type_ = fields
            mentions.append((int(file_id), int(start), int(end), type_))
        else:
            raise ValueError(f"{path}:{number}: not a sentence or mention row: {line!r}")
    return sentences, mentions


def real_articles(file_ids, mirror: Path = SCRAPER_MIRROR) -> dict[int, str]:
    """{file_id: NFC text} of vn_news/data/<id>.txt at HEAD of the mirror (one `git cat-file --batch`)."""
    if not mirror.exists():
        raise FileNotFoundError(
            f"the scraper mirror {mirror} is absent: the real articles are read from it at run time "
            "(set VNEWS_SCRAPER_MIRROR to a bare clone of github magizbox/scraper)"
        )
    file_ids = sorted(set(file_ids))
    request = "".join(f"HEAD:vn_news/data/{i}.txt\n" for i in file_ids).encode()
    out = subprocess.run(
        ["git", f"--git-dir={mirror}", "cat-file", "--batch"], input=request, capture_output=True, check=True
    ).stdout
    texts, cursor = {}, 0
    for file_id in file_ids:
        newline = out.index(b"\n", cursor)
        header = out[cursor:newline].split()
        if header[-1] == b"missing":
            raise FileNotFoundError(f"vn_news/data/{file_id}.txt is not in {mirror}")
        size = int(header[2])
        texts[file_id] = unicodedata.normalize("NFC", out[newline + 1 : newline + 1 + size].decode("utf-8"))
        cursor = newline + 1 + size + 1
    return texts


def read_real_mentions(
    split: str | None = None, path: Path = REAL_MENTIONS, mirror: Path = SCRAPER_MIRROR
) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(sentence text, {(start, end, type)} relative to the sentence) per listed sentence of `split` (or all),
    the text read from the mirror; the same shape as `read_gold`, for `scores`."""
    sentences, mentions = read_real_table(path)
    sentences = [s for s in sentences if split in (None, s[2])]
    texts = real_articles({s[0] for s in sentences}, mirror)
    by_article = {}
    for file_id, start, end, type_ in mentions:
        by_article.setdefault(file_id, []).append((start, end, type_))
    examples = []
    for file_id, _, _, a, b in sentences:
        spans = {(s - a, e - a, t) for s, e, t in by_article.get(file_id, ()) if a <= s and e <= b}
        examples.append((texts[file_id][a:b], spans))
    return examples
