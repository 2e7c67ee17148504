"""Entities on outside news: PhoNER_COVID19 (human-labelled Vietnamese COVID-19 news), raw `ner()` beside vnews.

Usage: uv run python -m bench.eval_phoner PHONER_DIR [dev|train] [--limit N] [--errors K]
PHONER_DIR holds `<split>_syllable.json` (the repository VinAIResearch/PhoNER_COVID19,
folder data/syllable, read in place). Its licence allows research use and forbids
redistribution: nothing of it is stored in this repository. The test split is refused:
it is kept for an outside check.

PhoNER's NAME / LOCATION / ORGANIZATION are scored as PER / LOC / ORG (its other labels, and
vnews's MISC and DATE, are left out). Sentences are given to the taggers with PhoNER's word
spacing undone around punctuation ("Hà Nội , ngày" -> "Hà Nội, ngày") and in NFC, as vnews reads
every file (a few of its sentences are not). Scores: exact spans,
and overlap (a predicted span counts if it overlaps a gold span of the same type, and the
reverse for recall).
"""

import json
import sys
from collections import Counter
from pathlib import Path

from bench.eval_ner import raw_underthesea
from transforms.entities import EntityTagger
from transforms.normalize import nfc

LABELS = {"NAME": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
TYPES = ("PER", "LOC", "ORG")
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "%", "…"}
_NO_SPACE_AFTER = {"("}

Span = tuple[int, int, str]


def read_split(folder: Path, split: str) -> list[tuple[str, set[Span]]]:
    """(sentence text, gold spans) for each sentence of a PhoNER split."""
    if split not in ("dev", "train"):
        raise SystemExit(
            f"split {split!r} refused: only dev and train are used here (test is kept for an outside check)"
        )
    examples = []
    for line in (folder / f"{split}_syllable.json").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        examples.append(_detokenized(record["words"], record["tags"]))
    return examples


def _detokenized(words: list[str], tags: list[str]) -> tuple[str, set[Span]]:
    """The sentence as a news file would give it (NFC, as vnews reads every file) and its gold spans."""
    text, offsets, words = "", [], [nfc(word) for word in words]
    for i, word in enumerate(words):
        if text and word not in _NO_SPACE_BEFORE and words[i - 1] not in _NO_SPACE_AFTER:
            text += " "
        offsets.append((len(text), len(text) + len(word)))
        text += word
    spans, current = set(), None
    for (start, end), tag in zip(offsets, tags):
        label = LABELS.get(tag[2:])
        if tag.startswith("I-") and current and label == current[2]:
            current = (current[0], end, label)
            continue
        if current:
            spans.add(current)
        current = (start, end, label) if label and tag.startswith("B-") else None
    if current:
        spans.add(current)
    return text, spans


def _overlaps(span: Span, others: set[Span]) -> bool:
    return any(span[2] == o[2] and span[0] < o[1] and o[0] < span[1] for o in others)


def score(examples: list[tuple[str, set[Span]]], predictions: list[set[Span]]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per type and for the three together, exact and overlap."""
    counts = {mode: {k: Counter() for k in ("tp_p", "tp_r", "pred", "gold")} for mode in ("exact", "overlap")}
    for (_, gold), predicted in zip(examples, predictions):
        predicted = {p for p in predicted if p[2] in TYPES}
        for mode, c in counts.items():
            for span in predicted:
                c["pred"][span[2]] += 1
                c["tp_p"][span[2]] += span in gold if mode == "exact" else _overlaps(span, gold)
            for span in gold:
                c["gold"][span[2]] += 1
                c["tp_r"][span[2]] += span in predicted if mode == "exact" else _overlaps(span, predicted)
    table = {}
    for mode, c in counts.items():
        for group in (*TYPES, "all three"):
            types = TYPES if group == "all three" else (group,)
            tp_p, tp_r, pred, gold = (sum(c[k][t] for t in types) for k in ("tp_p", "tp_r", "pred", "gold"))
            precision, recall = tp_p / pred if pred else 0.0, tp_r / gold if gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            table[(group, mode)] = {"precision": precision, "recall": recall, "f1": f1, "gold": gold}
    return table


def print_errors(examples, predictions, limit: int) -> None:
    """The first `limit` sentences where vnews differs from the gold (for tuning on train only)."""
    shown = 0
    for (text, gold), predicted in zip(examples, predictions):
        predicted = {p for p in predicted if p[2] in TYPES}
        if predicted != gold and shown < limit:
            shown += 1
            print(
                f"\n{text}\n  missed: {sorted((text[a:b], t) for a, b, t in gold - predicted)}"
                f"\n  wrong:  {sorted((text[a:b], t) for a, b, t in predicted - gold)}"
            )


def main() -> None:
    args = sys.argv[1:]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    errors = int(args[args.index("--errors") + 1]) if "--errors" in args else 0
    positional = [
        a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or not args[i - 1].startswith("--"))
    ]
    folder, split = Path(positional[0]), positional[1] if len(positional) > 1 else "dev"
    examples = read_split(folder, split)[:limit]
    tagger = EntityTagger()
    vnews = [{(m.char_start, m.char_end, m.type) for m in tagger.tag(text)} for text, _ in examples]
    raw = [raw_underthesea(text) for text, _ in examples]
    tables = {"raw ner()": score(examples, raw), "vnews": score(examples, vnews)}
    print(f"PhoNER_COVID19 {split}: {len(examples)} sentences\n")
    print(
        "| type | gold | raw ner() exact P / R / F1 | raw overlap F1 "
        "| vnews exact P / R / F1 | vnews overlap P / R / F1 |"
    )
    print("|---|---|---|---|---|---|")
    for group in (*TYPES, "all three"):
        r_e, r_o = tables["raw ner()"][(group, "exact")], tables["raw ner()"][(group, "overlap")]
        v_e, v_o = tables["vnews"][(group, "exact")], tables["vnews"][(group, "overlap")]
        print(
            f"| {group} | {r_e['gold']} | {r_e['precision']:.2f} / {r_e['recall']:.2f} / {r_e['f1']:.2f} "
            f"| {r_o['f1']:.2f} | {v_e['precision']:.2f} / {v_e['recall']:.2f} / **{v_e['f1']:.2f}** "
            f"| {v_o['precision']:.2f} / {v_o['recall']:.2f} / **{v_o['f1']:.2f}** |"
        )
    if errors:
        if split != "train":
            raise SystemExit("--errors shows sentences: use it on the train split only")
        print_errors(examples, vnews, errors)


if __name__ == "__main__":
    main()
